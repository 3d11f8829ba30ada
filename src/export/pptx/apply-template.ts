/**
 * Moves the slides pptxgenjs wrote onto a company template: the result is the template's package
 * (its masters, layouts, theme, logo, footer) with its own example slides removed and talkdeck's
 * slides added, each tied to the template layout chosen for it, with its notes and pictures.
 *
 * pptx-automizer (https://github.com/singerla/pptx-automizer) was the first choice, but it copies
 * existing slides between files: it has no "new slide on layout X", its named-layout switch also
 * imports the source slide's master, and it assumes the template has a notes master. This does
 * the one transplant talkdeck needs with JSZip and xmldom.
 *
 * The slide's placeholders become the layout's: `<p:ph type="title"/>` (or `ctrTitle`), and the
 * body placeholder takes the layout's body, subtitle or content placeholder's type and index, with
 * no position or format of its own, so PowerPoint lays them out as the template says.
 */
import type { Document, Element } from '@xmldom/xmldom'
import JSZip from 'jszip'
import { escapeHtml } from '../../render/markdown.js'
import { NS, REL_TYPES, child, children, descendants, numberedParts, parseXml, readRelationships, readXml, relsPath, resolveTarget, writeXml } from './ooxml.js'
import { fixSlides } from './package-fixes.js'
import { readPlaceholderStyles, type PlaceholderStyles } from './placeholder-styles.js'
import { BODY_TYPES, TITLE_TYPES, type PptxTemplate, type TemplateLayout } from './read-template.js'
import type { TemplateSlidePlan } from './template-slides.js'
import type { Rect } from './geometry.js'
import { emu } from './units.js'

const CONTENT_TYPES = {
  presentation: 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
  slide: 'application/vnd.openxmlformats-officedocument.presentationml.slide+xml',
  notesSlide: 'application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml',
  notesMaster: 'application/vnd.openxmlformats-officedocument.presentationml.notesMaster+xml',
  theme: 'application/vnd.openxmlformats-officedocument.theme+xml',
  chart: 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
}
/** Parts by extension: pictures, and the workbook a chart keeps its numbers in. */
const IMAGE_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }
const CHART_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart'

export async function applyTemplate(generated: JSZip, template: PptxTemplate, plans: TemplateSlidePlan[]): Promise<JSZip> {
  const out = await JSZip.loadAsync(template.bytes)
  const types = (await readXml(out, '[Content_Types].xml')) as Document
  const presentation = (await readXml(out, 'ppt/presentation.xml')) as Document
  const presentationRels = (await readXml(out, 'ppt/_rels/presentation.xml.rels')) as Document

  setMainContentType(types)
  await removeTemplateSlides(out, types, presentation, presentationRels)
  const notesMaster = await ensureNotesMaster(out, generated, types, presentation, presentationRels)

  const placeholderStyles = await readPlaceholderStyles(out, plans)
  const slideList = ensureSlideList(presentation)
  let nextId = 256
  let nextRel = maxRelId(presentationRels) + 1
  const relRoot = presentationRels.documentElement as Element
  for (const [index, plan] of plans.entries()) {
    const number = index + 1
    const source = `ppt/slides/slide${number}.xml`
    const target = `ppt/slides/slide${number}.xml`
    const slideXml = await readXml(generated, source)
    if (!slideXml) throw new Error(`generated PPTX lacks ${source}`)
    adoptPlaceholders(slideXml, plan, placeholderStyles.get(plan.layout.part))
    writeXml(out, target, slideXml)

    const rels = (await readXml(generated, relsPath(source))) as Document
    for (const rel of descendants(rels, NS.rel, 'Relationship')) {
      const type = rel.getAttribute('Type')
      const relTarget = rel.getAttribute('Target') ?? ''
      if (type === REL_TYPES.slideLayout) {
        rel.setAttribute('Target', `../slideLayouts/${plan.layout.part.split('/').pop()}`)
      } else if (type === REL_TYPES.notesSlide) {
        const notesPart = resolveTarget(source, relTarget)
        const notesTarget = `ppt/notesSlides/notesSlide${number}.xml`
        await copyPart(generated, notesPart, out, notesTarget)
        const notesRels = (await readXml(generated, relsPath(notesPart))) as Document
        for (const notesRel of descendants(notesRels, NS.rel, 'Relationship')) {
          if (notesRel.getAttribute('Type') === REL_TYPES.slide) notesRel.setAttribute('Target', `../slides/slide${number}.xml`)
          if (notesRel.getAttribute('Type') === REL_TYPES.notesMaster) notesRel.setAttribute('Target', `../notesMasters/${notesMaster.split('/').pop()}`)
        }
        writeXml(out, relsPath(notesTarget), notesRels)
        rel.setAttribute('Target', `../notesSlides/notesSlide${number}.xml`)
        addOverride(types, notesTarget, CONTENT_TYPES.notesSlide)
      } else if (type === CHART_REL) {
        const name = `talkdeck-${number}-${relTarget.split('/').pop()}`
        await copyChart(generated, resolveTarget(source, relTarget), out, `ppt/charts/${name}`, types)
        rel.setAttribute('Target', `../charts/${name}`)
      } else if (rel.getAttribute('TargetMode') !== 'External' && relTarget.startsWith('../media/')) {
        const name = `talkdeck-${number}-${relTarget.split('/').pop()}`
        await copyPart(generated, resolveTarget(source, relTarget), out, `ppt/media/${name}`)
        rel.setAttribute('Target', `../media/${name}`)
        addDefault(types, name.split('.').pop() ?? 'png')
      }
    }
    writeXml(out, relsPath(target), rels)
    addOverride(types, target, CONTENT_TYPES.slide)

    const relId = `rId${nextRel++}`
    const relationship = presentationRels.createElementNS(NS.rel, 'Relationship')
    relationship.setAttribute('Id', relId)
    relationship.setAttribute('Type', REL_TYPES.slide)
    relationship.setAttribute('Target', `slides/slide${number}.xml`)
    relRoot.appendChild(relationship)
    const slideId = presentation.createElementNS(NS.p, 'p:sldId')
    slideId.setAttribute('id', String(nextId++))
    slideId.setAttributeNS(NS.r, 'r:id', relId)
    slideList.appendChild(slideId)
  }

  writeXml(out, '[Content_Types].xml', types)
  writeXml(out, 'ppt/presentation.xml', presentation)
  writeXml(out, 'ppt/_rels/presentation.xml.rels', presentationRels)
  // Title, author, subject and keywords are the deck's, not the template's.
  await copyPart(generated, 'docProps/core.xml', out, 'docProps/core.xml')
  await updateAppProperties(out, plans.length)
  await fixSlides(out, [], { scheme: 'accent1' })
  return out
}

/** A `.potx` is saved as a presentation. */
function setMainContentType(types: Document): void {
  for (const override of descendants(types, NS.ct, 'Override')) {
    if (override.getAttribute('PartName') === '/ppt/presentation.xml') override.setAttribute('ContentType', CONTENT_TYPES.presentation)
  }
}

/** Deletes the template's example slides, their notes and what only they used. */
async function removeTemplateSlides(zip: JSZip, types: Document, presentation: Document, presentationRels: Document): Promise<void> {
  const slideRels = descendants(presentationRels, NS.rel, 'Relationship').filter((rel) => rel.getAttribute('Type') === REL_TYPES.slide)
  for (const rel of slideRels) {
    const part = resolveTarget('ppt/presentation.xml', rel.getAttribute('Target') ?? '')
    for (const related of await readRelationships(zip, relsPath(part))) {
      if (related.type === REL_TYPES.notesSlide) {
        const notes = resolveTarget(part, related.target)
        removePart(zip, types, notes)
      }
    }
    removePart(zip, types, part)
    rel.parentNode?.removeChild(rel)
  }
  const list = descendants(presentation, NS.p, 'sldIdLst')[0]
  if (list) list.parentNode?.removeChild(list)
  // Custom shows and PowerPoint's sections name the removed slides.
  for (const shows of descendants(presentation, NS.p, 'custShowLst')) shows.parentNode?.removeChild(shows)
  for (const extension of descendants(presentation, NS.p, 'ext')) {
    if (extension.getAttribute('uri') === '{521415D9-36F7-43E2-AB2F-B90AF26B5E84}') extension.parentNode?.removeChild(extension)
  }
  // Pictures no part refers to any more.
  const referenced = new Set<string>()
  for (const name of Object.keys(zip.files).filter((file) => file.endsWith('.rels'))) {
    const owner = name.replace(/_rels\/([^/]+)\.rels$/, '$1')
    for (const rel of await readRelationships(zip, name)) if (!rel.external) referenced.add(resolveTarget(owner, rel.target))
  }
  for (const media of Object.keys(zip.files).filter((file) => file.startsWith('ppt/media/') && !zip.files[file]?.dir)) {
    if (!referenced.has(media)) zip.remove(media)
  }
}

function removePart(zip: JSZip, types: Document, part: string): void {
  zip.remove(part)
  zip.remove(relsPath(part))
  for (const override of descendants(types, NS.ct, 'Override')) {
    if (override.getAttribute('PartName') === `/${part}`) override.parentNode?.removeChild(override)
  }
}

/** The template's notes master, or pptxgenjs's (with its theme) when the template has none. */
async function ensureNotesMaster(out: JSZip, generated: JSZip, types: Document, presentation: Document, presentationRels: Document): Promise<string> {
  const existing = descendants(presentationRels, NS.rel, 'Relationship').find((rel) => rel.getAttribute('Type') === REL_TYPES.notesMaster)
  if (existing) return resolveTarget('ppt/presentation.xml', existing.getAttribute('Target') ?? '')
  const master = 'ppt/notesMasters/notesMaster1.xml'
  await copyPart(generated, master, out, master)
  const rels = (await readXml(generated, relsPath(master))) as Document
  const themes = numberedParts(out, 'ppt/theme', 'theme')
  const themeName = `theme${themes.length + 1}.xml`
  for (const rel of descendants(rels, NS.rel, 'Relationship')) {
    if (rel.getAttribute('Type') !== REL_TYPES.theme) continue
    await copyPart(generated, resolveTarget(master, rel.getAttribute('Target') ?? ''), out, `ppt/theme/${themeName}`)
    rel.setAttribute('Target', `../theme/${themeName}`)
  }
  writeXml(out, relsPath(master), rels)
  addOverride(types, master, CONTENT_TYPES.notesMaster)
  addOverride(types, `ppt/theme/${themeName}`, CONTENT_TYPES.theme)
  const relId = `rId${maxRelId(presentationRels) + 1}`
  const relationship = presentationRels.createElementNS(NS.rel, 'Relationship')
  relationship.setAttribute('Id', relId)
  relationship.setAttribute('Type', REL_TYPES.notesMaster)
  relationship.setAttribute('Target', 'notesMasters/notesMaster1.xml')
  presentationRels.documentElement?.appendChild(relationship)
  const root = presentation.documentElement as Element
  const list = presentation.createElementNS(NS.p, 'p:notesMasterIdLst')
  const id = presentation.createElementNS(NS.p, 'p:notesMasterId')
  id.setAttributeNS(NS.r, 'r:id', relId)
  list.appendChild(id)
  // Schema order: sldMasterIdLst, notesMasterIdLst, handoutMasterIdLst, sldIdLst, sldSz, …
  const masters = child(root, NS.p, 'sldMasterIdLst')
  root.insertBefore(list, masters ? masters.nextSibling : root.firstChild)
  return master
}

function ensureSlideList(presentation: Document): Element {
  const root = presentation.documentElement as Element
  const list = presentation.createElementNS(NS.p, 'p:sldIdLst')
  const after = child(root, NS.p, 'handoutMasterIdLst') ?? child(root, NS.p, 'notesMasterIdLst') ?? child(root, NS.p, 'sldMasterIdLst')
  root.insertBefore(list, after ? after.nextSibling : root.firstChild)
  return list
}

/**
 * The slide's placeholders take the layout's type and index and lose pptxgenjs's position and
 * format, so the layout places and styles them; footer and slide number placeholders are added
 * where the layout has them and the deck's branding asks for them.
 */
export function adoptPlaceholders(document: Document, plan: TemplateSlidePlan, styles: PlaceholderStyles = {}): void {
  const { layout } = plan
  const title = layout.placeholders.find((p) => TITLE_TYPES.includes(p.type))
  const body = layout.placeholders.find((p) => BODY_TYPES.includes(p.type))
  for (const shape of descendants(document, NS.p, 'sp')) {
    const ph = descendants(shape, NS.p, 'ph')[0]
    // A slide number pptxgenjs drew where the layout has no placeholder for it keeps its own box.
    if (!ph || ph.getAttribute('type') === 'sldNum') continue
    const kind = ph.getAttribute('type') === 'title' ? title : body
    if (!kind || (kind === body && !hasText(shape))) {
      shape.parentNode?.removeChild(shape)
      continue
    }
    for (const name of ['type', 'idx', 'hasCustomPrompt', 'sz', 'orient']) ph.removeAttribute(name)
    if (kind.type !== 'obj') ph.setAttribute('type', kind.type)
    if (kind.idx !== null) ph.setAttribute('idx', kind.idx)
    const properties = descendants(shape, NS.p, 'spPr')[0]
    if (properties) while (properties.firstChild) properties.removeChild(properties.firstChild)
    // The layout's place, unless the slide moved the body's edge (above its citation line).
    if (properties && kind === body && plan.bodyBox) properties.appendChild(transform(document, plan.bodyBox))
    const bodyProperties = descendants(shape, NS.a, 'bodyPr')[0]
    if (bodyProperties) {
      for (const attribute of Array.from(bodyProperties.attributes)) bodyProperties.removeAttribute(attribute.name)
      while (bodyProperties.firstChild) bodyProperties.removeChild(bodyProperties.firstChild)
      bodyProperties.appendChild(document.createElementNS(NS.a, 'a:normAutofit'))
    }
    const listStyle = descendants(shape, NS.a, 'lstStyle')[0]
    if (listStyle) {
      while (listStyle.firstChild) listStyle.removeChild(listStyle.firstChild)
      const style = styles[kind === title ? 'title' : 'body']
      for (let level = style?.firstChild; level; level = level.nextSibling) listStyle.appendChild(document.importNode(level, true))
    }
    inheritTextFormat(shape)
  }
  const tree = descendants(document, NS.p, 'spTree')[0]
  if (!tree) return
  const footer = layout.placeholders.find((p) => p.type === 'ftr')
  if (footer && plan.footer) tree.appendChild(placeholderShape(document, 9001, 'Footer', footer, `<a:r><a:rPr lang="en-US"/><a:t>${escapeHtml(plan.footer)}</a:t></a:r>`))
  // The date placeholder holds the label (a confidentiality mark) as plain text, not a date field.
  const date = layout.placeholders.find((p) => p.type === 'dt')
  if (date && plan.label) tree.appendChild(placeholderShape(document, 9003, 'Label', date, `<a:r><a:rPr lang="en-US"/><a:t>${escapeHtml(plan.label)}</a:t></a:r>`))
  const number = layout.placeholders.find((p) => p.type === 'sldNum')
  if (number && plan.number) {
    tree.appendChild(placeholderShape(document, 9002, 'Slide Number', number, '<a:fld id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" type="slidenum"><a:rPr lang="en-US"/><a:t>‹#›</a:t></a:fld>'))
  }
}

/**
 * Takes out what pptxgenjs writes on placeholder text that the deck never asked for, so the
 * template's text styles apply: the black fill of every run (its default colour) and, on every
 * paragraph that is not a numbered list item, `<a:buNone/>` with a zero indent (it cannot be told
 * to leave bullets to the placeholder). Bold, italic, the code font and links stay: they are the
 * text's own (see `textRuns` with `inherit`).
 */
export function inheritTextFormat(shape: Element): void {
  for (const properties of [...descendants(shape, NS.a, 'rPr'), ...descendants(shape, NS.a, 'endParaRPr')]) {
    for (const fill of ['solidFill', 'gradFill', 'noFill', 'pattFill']) for (const element of children(properties, NS.a, fill)) properties.removeChild(element)
  }
  for (const properties of descendants(shape, NS.a, 'pPr')) {
    if (child(properties, NS.a, 'buAutoNum')) continue
    for (const name of ['marL', 'indent', 'algn']) properties.removeAttribute(name)
    for (const element of children(properties, NS.a, 'buNone')) properties.removeChild(element)
  }
}

function hasText(shape: Element): boolean {
  return descendants(shape, NS.a, 't').some((text) => (text.textContent ?? '').trim().length > 0)
}

function placeholderShape(document: Document, id: number, name: string, placeholder: TemplateLayout['placeholders'][number], runs: string): Element {
  const index = placeholder.idx !== null ? ` idx="${placeholder.idx}"` : ''
  // One line: a footer placeholder is often narrower than the deck's footer, and LibreOffice then
  // breaks words ("ker/nel", "IN/TERNAL"); unwrapped, the line keeps the placeholder's alignment.
  const xml = `<p:sp xmlns:p="${NS.p}" xmlns:a="${NS.a}"><p:nvSpPr><p:cNvPr id="${id}" name="${name}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="${placeholder.type}"${index}/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr wrap="none"/><a:lstStyle/><a:p>${runs}</a:p></p:txBody></p:sp>`
  const parsed = parseXml(xml).documentElement as Element
  return document.importNode(parsed, true) as Element
}

/** A native chart's part, with the workbook holding its numbers, under names no template part has. */
async function copyChart(from: JSZip, part: string, to: JSZip, target: string, types: Document): Promise<void> {
  await copyPart(from, part, to, target)
  addOverride(types, target, CONTENT_TYPES.chart)
  const rels = await readXml(from, relsPath(part))
  if (!rels) return
  for (const rel of descendants(rels, NS.rel, 'Relationship')) {
    const workbook = resolveTarget(part, rel.getAttribute('Target') ?? '')
    const name = `${target.split('/').pop()?.replace(/\.xml$/, '')}-${workbook.split('/').pop()}`
    await copyPart(from, workbook, to, `ppt/embeddings/${name}`)
    rel.setAttribute('Target', `../embeddings/${name}`)
    addDefault(types, name.split('.').pop() ?? 'xlsx')
  }
  writeXml(to, relsPath(target), rels)
}

async function copyPart(from: JSZip, name: string, to: JSZip, target: string): Promise<void> {
  const file = from.file(name)
  if (!file) throw new Error(`generated PPTX lacks ${name}`)
  to.file(target, await file.async('uint8array'))
}

function addOverride(types: Document, part: string, contentType: string): void {
  const name = `/${part}`
  if (descendants(types, NS.ct, 'Override').some((o) => o.getAttribute('PartName') === name)) return
  const override = types.createElementNS(NS.ct, 'Override')
  override.setAttribute('PartName', name)
  override.setAttribute('ContentType', contentType)
  types.documentElement?.appendChild(override)
}

function addDefault(types: Document, extension: string): void {
  const lower = extension.toLowerCase()
  if (descendants(types, NS.ct, 'Default').some((d) => d.getAttribute('Extension')?.toLowerCase() === lower)) return
  const element = types.createElementNS(NS.ct, 'Default')
  element.setAttribute('Extension', lower)
  element.setAttribute('ContentType', IMAGE_TYPES[lower] ?? 'application/octet-stream')
  const root = types.documentElement as Element
  root.insertBefore(element, root.firstChild)
}

function maxRelId(rels: Document): number {
  return Math.max(0, ...descendants(rels, NS.rel, 'Relationship').map((rel) => Number(/^rId(\d+)$/.exec(rel.getAttribute('Id') ?? '')?.[1] ?? 0)))
}

/** The slide count in the extended properties, which PowerPoint shows in the file's details. */
async function updateAppProperties(zip: JSZip, slides: number): Promise<void> {
  const text = await zip.file('docProps/app.xml')?.async('string')
  if (!text) return
  zip.file('docProps/app.xml', text.replace(/<Slides>\d+<\/Slides>/, `<Slides>${slides}</Slides>`).replace(/<Notes>\d+<\/Notes>/, `<Notes>${slides}</Notes>`))
}

/** `<a:xfrm>` of a box in px. */
function transform(document: Document, box: Rect): Element {
  const xfrm = document.createElementNS(NS.a, 'a:xfrm')
  const off = document.createElementNS(NS.a, 'a:off')
  off.setAttribute('x', String(emu(box.x)))
  off.setAttribute('y', String(emu(box.y)))
  const ext = document.createElementNS(NS.a, 'a:ext')
  ext.setAttribute('cx', String(emu(box.w)))
  ext.setAttribute('cy', String(emu(box.h)))
  xfrm.appendChild(off)
  xfrm.appendChild(ext)
  return xfrm
}
