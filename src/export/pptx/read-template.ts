/**
 * Reads a PowerPoint template (`.pptx` or `.potx`): its slide size and its slide layouts with
 * their placeholders, and decides which layout each talkdeck layout uses.
 *
 * The mapping, first match wins:
 * 1. the deck's `pptx.layouts`, keyed by talkdeck layout name (`cards: "Title Only"`) or by group
 *    (`title`, `section`, `content`, `graphic`, `default`), naming a layout of the template;
 * 2. PowerPoint's layout type, which a template keeps whatever language its names are in
 *    (title → Title Slide, section → Section Header, bullets → Title and Content, cards → Title Only…);
 * 3. PowerPoint's English layout names;
 * 4. any layout with a title placeholder.
 */
import { readFile } from 'node:fs/promises'
import JSZip from 'jszip'
import { fileProblem } from '../../data/read-file.js'
import { ConfigError } from '../../errors.js'
import type { Rect } from './geometry.js'
import { NS, REL_TYPES, child, descendants, numberedParts, readRelationships, readXml, relsPath, resolveTarget } from './ooxml.js'
import { EMU_PER_PX } from './units.js'

export interface TemplatePlaceholder {
  /** `title`, `ctrTitle`, `body`, `subTitle`, `obj` (no type), `ftr`, `sldNum`, `dt`, `pic`… */
  type: string
  idx: string | null
  /** In CSS px, from the layout or else its master; unknown when neither places it. */
  rect: Rect | undefined
}

export interface TemplateLayout {
  /** `ppt/slideLayouts/slideLayout2.xml` */
  part: string
  name: string
  /** PowerPoint's layout type (`title`, `obj`, `secHead`, `titleOnly`, …) or `cust`. */
  type: string
  placeholders: TemplatePlaceholder[]
}

export interface PptxTemplate {
  file: string
  bytes: Uint8Array
  /** Slide size in CSS px. */
  width: number
  height: number
  layouts: TemplateLayout[]
  /** The template layout a talkdeck layout uses. */
  layoutFor(talkdeckLayout: string): TemplateLayout
}

/** Which group each built-in talkdeck layout is in, for the mapping and its defaults. */
const GROUPS: Record<string, 'title' | 'section' | 'content' | 'graphic'> = {
  title: 'title',
  closing: 'title',
  section: 'section',
  agenda: 'content',
  bullets: 'content',
  sources: 'content',
  cards: 'graphic',
  timeline: 'graphic',
  comparison: 'graphic',
  code: 'graphic',
  metric: 'graphic',
  quote: 'graphic',
}

/** PowerPoint's layout types and English names, in order of preference, per group. */
const PREFERRED: Record<'title' | 'section' | 'content' | 'graphic', { types: string[]; names: string[] }> = {
  title: { types: ['title', 'secHead', 'obj', 'titleOnly'], names: ['Title Slide', 'Section Header', 'Title and Content', 'Title Only'] },
  section: { types: ['secHead', 'title', 'titleOnly', 'obj'], names: ['Section Header', 'Title Slide', 'Title Only', 'Title and Content'] },
  content: { types: ['obj', 'tx', 'titleOnly'], names: ['Title and Content', 'Title and Text', 'Title Only'] },
  graphic: { types: ['titleOnly', 'obj', 'tx'], names: ['Title Only', 'Title and Content', 'Title and Text'] },
}

export const TITLE_TYPES = ['title', 'ctrTitle']
/** Placeholders that take body text: a layout's subtitle, text or content placeholder. */
export const BODY_TYPES = ['body', 'subTitle', 'obj']

const MAIN_TYPES = [
  'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
  'application/vnd.openxmlformats-officedocument.presentationml.template.main+xml',
  'application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml',
  'application/vnd.ms-powerpoint.template.macroEnabled.main+xml',
]

export async function readTemplate(file: string, names: Record<string, string> = {}): Promise<PptxTemplate> {
  const why = fileProblem(file)
  if (why) throw new ConfigError(why.kind === 'missing' ? `${file}: PowerPoint template not found` : `${file}: the PowerPoint template is ${why.message}`)
  const bytes = new Uint8Array(await readFile(file))
  let zip: JSZip
  try {
    zip = await JSZip.loadAsync(bytes)
  } catch (error) {
    throw new ConfigError(`${file}: not a PowerPoint template (.pptx or .potx): it is not a ZIP package`, { cause: error })
  }
  const contentTypes = await zip.file('[Content_Types].xml')?.async('string')
  if (!contentTypes || !zip.file('ppt/presentation.xml') || !MAIN_TYPES.some((type) => contentTypes.includes(type))) {
    throw new ConfigError(`${file}: not a PowerPoint template (.pptx or .potx): it has no presentation part`)
  }
  const presentation = await readXml(zip, 'ppt/presentation.xml')
  const size = presentation && descendants(presentation, NS.p, 'sldSz')[0]
  const width = Number(size?.getAttribute('cx') ?? 12192000) / EMU_PER_PX
  const height = Number(size?.getAttribute('cy') ?? 6858000) / EMU_PER_PX

  const layouts: TemplateLayout[] = []
  for (const part of numberedParts(zip, 'ppt/slideLayouts', 'slideLayout')) {
    const document = await readXml(zip, part)
    const root = document?.documentElement
    if (!document || !root) continue
    const masterRel = (await readRelationships(zip, relsPath(part))).find((rel) => rel.type === REL_TYPES.slideMaster)
    const master = masterRel ? await readXml(zip, resolveTarget(part, masterRel.target)) : undefined
    const inherited = master ? placeholdersOf(master) : []
    const placeholders = placeholdersOf(document).map((placeholder) => ({
      ...placeholder,
      rect: placeholder.rect ?? inherited.find((m) => sameKind(m.type, placeholder.type))?.rect,
    }))
    const cSld = child(root, NS.p, 'cSld')
    layouts.push({ part, name: cSld?.getAttribute('name') ?? '', type: root.getAttribute('type') ?? 'cust', placeholders })
  }
  const usable = layouts.filter((layout) => layout.placeholders.some((p) => TITLE_TYPES.includes(p.type)))
  if (usable.length === 0) {
    const found = layouts.length ? `its layouts (${layouts.map((l) => `"${l.name}"`).join(', ')}) have no title placeholder` : 'it has no slide layouts'
    throw new ConfigError(`${file}: no usable slide layout: ${found}; talkdeck puts each slide's title in a layout's title placeholder`)
  }

  const byName = (name: string) => layouts.find((layout) => layout.name.toLowerCase() === name.toLowerCase())
  for (const [key, name] of Object.entries(names)) {
    const layout = byName(name)
    if (!layout) throw new ConfigError(`${file}: pptx.layouts.${key} names "${name}", which is not a layout of this template; its layouts are ${layouts.map((l) => `"${l.name}"`).join(', ')}`)
    if (!usable.includes(layout)) throw new ConfigError(`${file}: pptx.layouts.${key} names "${name}", which has no title placeholder`)
  }
  const cache = new Map<string, TemplateLayout>()
  return {
    file,
    bytes,
    width,
    height,
    layouts,
    layoutFor(talkdeckLayout) {
      const cached = cache.get(talkdeckLayout)
      if (cached) return cached
      const group = GROUPS[talkdeckLayout] ?? 'content'
      const named = names[talkdeckLayout] ?? names[group] ?? names.default
      const preferred = PREFERRED[group]
      const layout =
        (named ? byName(named) : undefined) ??
        preferred.types.map((type) => usable.find((l) => l.type === type)).find(Boolean) ??
        preferred.names.map((name) => usable.find((l) => l.name.toLowerCase() === name.toLowerCase())).find(Boolean) ??
        (usable[0] as TemplateLayout)
      cache.set(talkdeckLayout, layout)
      return layout
    },
  }
}

/** `title`/`ctrTitle` and `body`/`obj`/`subTitle` inherit from a master's `title` and `body`. */
function sameKind(master: string, layout: string): boolean {
  if (TITLE_TYPES.includes(layout)) return master === 'title'
  if (BODY_TYPES.includes(layout)) return master === 'body'
  return master === layout
}

function placeholdersOf(document: NonNullable<Awaited<ReturnType<typeof readXml>>>): TemplatePlaceholder[] {
  return descendants(document, NS.p, 'sp').flatMap((shape) => {
    const ph = descendants(shape, NS.p, 'ph')[0]
    if (!ph) return []
    const transform = descendants(shape, NS.a, 'xfrm')[0]
    const offset = transform && child(transform, NS.a, 'off')
    const extent = transform && child(transform, NS.a, 'ext')
    const rect = offset && extent
      ? {
          x: Number(offset.getAttribute('x')) / EMU_PER_PX,
          y: Number(offset.getAttribute('y')) / EMU_PER_PX,
          w: Number(extent.getAttribute('cx')) / EMU_PER_PX,
          h: Number(extent.getAttribute('cy')) / EMU_PER_PX,
        }
      : undefined
    return [{ type: ph.getAttribute('type') ?? 'obj', idx: ph.getAttribute('idx'), rect }]
  })
}
