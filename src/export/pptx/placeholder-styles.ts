/**
 * The list style a slide's title and body placeholders carry on a template (see
 * `adoptPlaceholders` in apply-template.ts): empty where the template's text styles apply and read,
 * else what makes the slide look as the template shows and keeps its text readable.
 */
import type { Document, Element } from '@xmldom/xmldom'
import type JSZip from 'jszip'
import { NS, REL_TYPES, child, descendants, readRelationships, readXml, relsPath, resolveTarget } from './ooxml.js'
import { BODY_TYPES, TITLE_TYPES, type TemplateLayout, type TemplatePlaceholder } from './read-template.js'
import { colorOf, readableColor, resolveColor } from './template-colors.js'
import type { TemplateSlidePlan } from './template-slides.js'

/** List styles for a layout's title and body placeholders. */
export interface PlaceholderStyles {
  title?: Element
  body?: Element
}

/** Levels whose colour is set when a placeholder's own does not read: talkdeck's points go two deep. */
const LEVELS = 5

/**
 * Two cases:
 * - A template whose master has no text styles (`<p:txStyles>`; LibreOffice's own templates saved
 *   as .potx are such) keeps its look only in its placeholders' prompt text ("Click to edit the
 *   title text format" in white 33 pt on a dark background): PowerPoint and LibreOffice would set a
 *   slide's title in black. Each level's paragraph and run format of the prompt becomes the slide
 *   placeholder's list style, so the slide looks as the template shows.
 * - Text whose colour, as the template sets it, does not read on what the layout shows behind the
 *   placeholder (Lights' body prompt is black on its dark gradient) takes the first theme colour
 *   that does, at 4.5:1: the template's look wins only where it can be read.
 */
export async function readPlaceholderStyles(zip: JSZip, plans: TemplateSlidePlan[]): Promise<Map<string, PlaceholderStyles>> {
  const styles = new Map<string, PlaceholderStyles>()
  for (const layout of new Set(plans.map((plan) => plan.layout))) {
    const layoutXml = await readXml(zip, layout.part)
    const masterRel = (await readRelationships(zip, relsPath(layout.part))).find((rel) => rel.type === REL_TYPES.slideMaster)
    const masterXml = masterRel ? await readXml(zip, resolveTarget(layout.part, masterRel.target)) : undefined
    if (!layoutXml || !masterXml) continue
    const textStyles = descendants(masterXml, NS.p, 'txStyles')[0]
    const entry: PlaceholderStyles = {}
    for (const kind of ['title', 'body'] as const) {
      const placeholder = layout.placeholders.find((p) => (kind === 'title' ? TITLE_TYPES : BODY_TYPES).includes(p.type))
      if (!placeholder) continue
      const shapes = [
        placeholderShape(layoutXml, (type, idx) => (kind === 'title' ? TITLE_TYPES.includes(type) : type === placeholder.type && idx === placeholder.idx)),
        placeholderShape(masterXml, (type) => type === kind),
      ]
      // The layout's own prompt, else the master's.
      const prompt = textStyles ? undefined : shapes.map((shape) => (shape ? promptListStyle(shape) : undefined)).find(Boolean)
      const masterStyle = textStyles && child(textStyles, NS.p, kind === 'title' ? 'titleStyle' : 'bodyStyle')
      const style = readable(prompt, [prompt, ...shapes.map((shape) => shape && descendants(shape, NS.a, 'lstStyle')[0]), masterStyle], placeholder, layout, layoutXml)
      if (style) entry[kind] = style
    }
    styles.set(layout.part, entry)
  }
  return styles
}

/** The first placeholder shape of a layout or master whose `<p:ph>` matches. */
function placeholderShape(document: Document, match: (type: string, idx: string | null) => boolean): Element | undefined {
  return descendants(document, NS.p, 'sp').find((shape) => {
    const ph = descendants(shape, NS.p, 'ph')[0]
    return ph !== undefined && match(ph.getAttribute('type') ?? 'obj', ph.getAttribute('idx') || null)
  })
}

/**
 * `style` (or a new list style) with the text colour made readable where the first colour the
 * `sources` set at level 1 (else the theme's text colour) does not read on the layout behind the
 * placeholder; undefined when there is nothing to write.
 */
function readable(style: Element | undefined, sources: (Element | undefined)[], placeholder: TemplatePlaceholder, layout: TemplateLayout, document: Document): Element | undefined {
  if (!placeholder.rect) return style
  const backdrop = layout.backdrop(placeholder.rect)
  const fill = sources.map((source) => source && levelFill(source, 1)).find(Boolean)
  const current = (fill && colorOf(fill, layout.palette)) ?? layout.palette.tx1
  const chosen = readableColor(current, backdrop, layout.palette)
  if (chosen === current) return style
  const list = style ?? document.createElementNS(NS.a, 'a:lstStyle')
  for (let level = 1; level <= LEVELS; level++) {
    let levelStyle = child(list, NS.a, `lvl${level}pPr`)
    if (!levelStyle) {
      levelStyle = document.createElementNS(NS.a, `a:lvl${level}pPr`)
      list.insertBefore(levelStyle, Array.from(list.childNodes).find((node) => node.nodeType === 1 && Number((node as Element).localName?.slice(3, -3)) > level) ?? null)
    }
    setRunColor(levelStyle, chosen === resolveColor(chosen, layout.palette) ? { srgb: chosen } : { scheme: chosen })
  }
  return list
}

/** The fill a list style gives runs at `level`. */
function levelFill(listStyle: Element, level: number): Element | undefined {
  const defaults = descendants(listStyle, NS.a, `lvl${level}pPr`).map((levelStyle) => child(levelStyle, NS.a, 'defRPr')).find(Boolean)
  return defaults && child(defaults, NS.a, 'solidFill')
}

/** Sets a level's run colour, in schema order (defRPr after the paragraph's spacing and bullets; its fill after `ln`). */
function setRunColor(levelStyle: Element, color: { srgb?: string; scheme?: string }): void {
  const document = levelStyle.ownerDocument as Document
  let defaults = child(levelStyle, NS.a, 'defRPr')
  if (!defaults) {
    defaults = document.createElementNS(NS.a, 'a:defRPr')
    levelStyle.insertBefore(defaults, child(levelStyle, NS.a, 'extLst') ?? null)
  }
  for (const name of ['solidFill', 'gradFill', 'noFill', 'pattFill', 'grpFill', 'blipFill']) for (const old of descendants(defaults, NS.a, name).filter((e) => e.parentNode === defaults)) defaults.removeChild(old)
  const fill = document.createElementNS(NS.a, 'a:solidFill')
  const value = document.createElementNS(NS.a, color.srgb ? 'a:srgbClr' : 'a:schemeClr')
  value.setAttribute('val', color.srgb ?? color.scheme ?? 'tx1')
  fill.appendChild(value)
  const line = child(defaults, NS.a, 'ln')
  defaults.insertBefore(fill, line ? line.nextSibling : defaults.firstChild)
}

/** `<a:lstStyle>` with a `lvlNpPr` per level of a placeholder's prompt paragraphs, or undefined when they carry no format. */
function promptListStyle(shape: Element): Element | undefined {
  const document = shape.ownerDocument as Document
  const listStyle = document.createElementNS(NS.a, 'a:lstStyle')
  const done = new Set<number>()
  for (const paragraph of descendants(shape, NS.a, 'p')) {
    const properties = child(paragraph, NS.a, 'pPr')
    const level = Math.min(8, Number(properties?.getAttribute('lvl') ?? 0) || 0)
    const run = descendants(paragraph, NS.a, 'rPr')[0] ?? child(paragraph, NS.a, 'endParaRPr')
    // Only a prompt that sets a colour says how text looks there.
    if (done.has(level) || !run || !child(run, NS.a, 'solidFill')) continue
    done.add(level)
    const levelStyle = document.createElementNS(NS.a, `a:lvl${level + 1}pPr`)
    if (properties) {
      for (const attribute of Array.from(properties.attributes)) if (attribute.name !== 'lvl') levelStyle.setAttribute(attribute.name, attribute.value)
      for (let node = properties.firstChild; node; node = node.nextSibling) if (node.nodeType === 1 && (node as Element).localName !== 'extLst') levelStyle.appendChild(node.cloneNode(true))
    }
    if (run) {
      const defaults = document.createElementNS(NS.a, 'a:defRPr')
      for (const attribute of Array.from(run.attributes)) if (!['lang', 'altLang', 'dirty', 'err'].includes(attribute.name)) defaults.setAttribute(attribute.name, attribute.value)
      for (let node = run.firstChild; node; node = node.nextSibling) if (node.nodeType === 1) defaults.appendChild(node.cloneNode(true))
      levelStyle.appendChild(defaults)
    }
    listStyle.appendChild(levelStyle)
  }
  return listStyle.firstChild ? listStyle : undefined
}
