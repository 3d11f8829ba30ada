/**
 * Reads a PowerPoint template (`.pptx` or `.potx`): its slide size and its slide layouts with
 * their placeholders. Which layout a slide uses is decided in `layout-choice.ts`.
 */
import { readFile } from 'node:fs/promises'
import type { Element } from '@xmldom/xmldom'
import JSZip from 'jszip'
import { fileProblem } from '../../data/read-file.js'
import { ConfigError } from '../../errors.js'
import type { Rect } from './geometry.js'
import type { LayoutRole } from '../../data/load-templates.js'
import { chooseLayout, describeLayoutChoices, type LayoutChoice, type LayoutChoiceRow, type LayoutRequest } from './layout-choice.js'
import { NS, REL_TYPES, child, descendants, numberedParts, readRelationships, readXml, relsPath, resolveTarget } from './ooxml.js'
import { EMU_PER_PX } from './units.js'
import { readBackdrop, readPalette, type Backdrop, type Palette } from './template-colors.js'

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
  /**
   * Where the layout and its master draw text, shapes and pictures of their own (CSS px): what
   * talkdeck's content must not cover. Backgrounds and washes (a fill at most half opaque, as
   * Lights' bubbles) are not marks: text over them reads against them (`backdrop`).
   */
  artwork: Rect[]
  /** Its master's theme colours, by slot (`tx1`, `accent1`…), as RRGGBB. */
  palette: Palette
  /** The colours the layout shows behind a rectangle (CSS px). */
  backdrop: Backdrop
}

export interface PptxTemplate {
  file: string
  bytes: Uint8Array
  /** Slide size in CSS px. */
  width: number
  height: number
  layouts: TemplateLayout[]
  /** Whether its masters or layouts show pictures of their own (a logo, a picture background): its branding, not the deck's. */
  pictured: boolean
  /** The template layout a slide uses. */
  layoutFor(request: LayoutRequest): TemplateLayout
  /** The template layout a slide uses, its group and why (`talkdeck list --pptx-template`). */
  chooseLayout(request: LayoutRequest): LayoutChoice<TemplateLayout>
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
  let pictured = false
  for (const part of numberedParts(zip, 'ppt/slideLayouts', 'slideLayout')) {
    const document = await readXml(zip, part)
    const root = document?.documentElement
    if (!document || !root) continue
    const masterRel = (await readRelationships(zip, relsPath(part))).find((rel) => rel.type === REL_TYPES.slideMaster)
    const masterPart = masterRel ? resolveTarget(part, masterRel.target) : undefined
    const master = masterPart ? await readXml(zip, masterPart) : undefined
    const inherited = master ? placeholdersOf(master) : []
    const placeholders = placeholdersOf(document).map((placeholder) => ({
      ...placeholder,
      rect: placeholder.rect ?? inherited.find((m) => sameKind(m.type, placeholder.type))?.rect,
    }))
    pictured ||= [document, master].some((shown) => shown && descendants(shown, NS.a, 'blip').length > 0)
    const cSld = child(root, NS.p, 'cSld')
    const showsMaster = root.getAttribute('showMasterSp') !== '0'
    const artwork = [...artworkOf(document), ...(master && showsMaster ? artworkOf(master) : [])].filter((rect) => rect.w * rect.h < width * height * 0.5)
    const palette = masterPart && master ? await readPalette(zip, masterPart, master) : await readPalette(zip, part, document)
    const backdrop = readBackdrop(document, master, showsMaster, palette, { width, height })
    layouts.push({ part, name: cSld?.getAttribute('name') ?? '', type: root.getAttribute('type') ?? 'cust', placeholders, artwork, palette, backdrop, ...(masterPart ? { master: masterPart } : {}) })
  }
  const usable = layouts.filter((layout) => layout.placeholders.some((p) => TITLE_TYPES.includes(p.type)))
  if (usable.length === 0) {
    const found = layouts.length ? `its layouts (${layoutNames(layouts)}) have no title placeholder` : 'it has no slide layouts'
    throw new ConfigError(`${file}: no usable slide layout: ${found}; talkdeck puts each slide's title in a layout's title placeholder`)
  }

  const byName = (name: string) => layouts.find((layout) => layout.name.toLowerCase() === name.toLowerCase())
  for (const [key, name] of Object.entries(names)) {
    const layout = byName(name)
    if (!layout) throw new ConfigError(`${file}: pptx.layouts.${key} names "${name}", which is not a layout of this template; its layouts are ${layoutNames(layouts)}`)
    if (!usable.includes(layout)) throw new ConfigError(`${file}: pptx.layouts.${key} names "${name}", which has no title placeholder`)
  }
  const cache = new Map<string, LayoutChoice<TemplateLayout>>()
  const choose = (request: LayoutRequest): LayoutChoice<TemplateLayout> => {
    const key = `${request.layout}\n${request.role}\n${request.drawn ? 1 : 0}`
    let choice = cache.get(key)
    if (!choice) {
      choice = chooseLayout(request, usable, names, byName)
      cache.set(key, choice)
    }
    return choice
  }
  return { file, bytes, width, height, layouts, pictured, chooseLayout: choose, layoutFor: (request) => choose(request).layout }
}

/** Each layout name once, quoted: a template with several masters repeats them. */
function layoutNames(layouts: TemplateLayout[]): string {
  return [...new Set(layouts.map((layout) => layout.name))].map((name) => `"${name}"`).join(', ')
}

/** `title`/`ctrTitle` and `body`/`obj`/`subTitle` inherit from a master's `title` and `body`. */
function sameKind(master: string, layout: string): boolean {
  if (TITLE_TYPES.includes(layout)) return master === 'title'
  if (BODY_TYPES.includes(layout)) return master === 'body'
  return master === layout
}

/** Rectangles of the shapes, pictures and groups in a layout or master that are not placeholders. */
function artworkOf(document: NonNullable<Awaited<ReturnType<typeof readXml>>>): Rect[] {
  const tree = descendants(document, NS.p, 'spTree')[0]
  if (!tree) return []
  const rects: Rect[] = []
  for (let node = tree.firstChild; node; node = node.nextSibling) {
    const element = node as unknown as NonNullable<ReturnType<typeof child>>
    if (node.nodeType !== 1 || !['sp', 'pic', 'grpSp', 'graphicFrame', 'cxnSp'].includes(element.localName ?? '')) continue
    if (descendants(element, NS.p, 'ph').length > 0 || isWash(element)) continue
    const transform = descendants(element, NS.a, 'xfrm')[0] ?? descendants(element, NS.p, 'xfrm')[0]
    const offset = transform && child(transform, NS.a, 'off')
    const extent = transform && child(transform, NS.a, 'ext')
    if (!offset || !extent) continue
    rects.push({ x: Number(offset.getAttribute('x')) / EMU_PER_PX, y: Number(offset.getAttribute('y')) / EMU_PER_PX, w: Number(extent.getAttribute('cx')) / EMU_PER_PX, h: Number(extent.getAttribute('cy')) / EMU_PER_PX })
  }
  return rects
}

/** A shape whose fill is at most half opaque, and that has no text or picture of its own. */
function isWash(shape: Element): boolean {
  const fill = child(child(shape, NS.p, 'spPr') ?? shape, NS.a, 'solidFill')
  const alpha = fill && descendants(fill, NS.a, 'alpha')[0]
  const text = descendants(shape, NS.a, 't').some((run) => (run.textContent ?? '').trim() !== '')
  return !!alpha && Number(alpha.getAttribute('val') ?? 100000) <= 50000 && !text && descendants(shape, NS.a, 'blip').length === 0
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

/** Which layout of a template each talkdeck layout uses, and why (`talkdeck list --pptx-template`). */
export async function describeTemplateLayouts(file: string, layouts: { name: string; role: LayoutRole }[]): Promise<LayoutChoiceRow[]> {
  const template = await readTemplate(file)
  return describeLayoutChoices(template.chooseLayout, layouts)
}
