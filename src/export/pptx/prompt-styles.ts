/**
 * The look of a template's placeholders where its master has no text styles: taken from their
 * prompt text, for the slides' placeholders (see `adoptPlaceholders` in apply-template.ts).
 */
import type { Document, Element } from '@xmldom/xmldom'
import type JSZip from 'jszip'
import { NS, REL_TYPES, child, descendants, readRelationships, readXml, relsPath, resolveTarget } from './ooxml.js'
import { BODY_TYPES, TITLE_TYPES } from './read-template.js'
import type { TemplateSlidePlan } from './template-slides.js'

/** List styles for a layout's title and body placeholders, taken from their prompt text. */
export interface PromptStyles {
  title?: Element
  body?: Element
}

/**
 * A template whose master has no text styles (`<p:txStyles>`; LibreOffice's own templates saved as
 * .potx are such) keeps its look only in its placeholders' prompt text ("Click to edit the title
 * text format" in white 33 pt on a dark background): PowerPoint and LibreOffice would set a slide's
 * title in black. For those layouts, each level's paragraph and run format of the prompt becomes
 * the slide placeholder's list style, so the slide looks as the template shows.
 */
export async function readPromptStyles(zip: JSZip, plans: TemplateSlidePlan[]): Promise<Map<string, PromptStyles>> {
  const styles = new Map<string, PromptStyles>()
  for (const layout of new Set(plans.map((plan) => plan.layout))) {
    const layoutXml = await readXml(zip, layout.part)
    const masterRel = (await readRelationships(zip, relsPath(layout.part))).find((rel) => rel.type === REL_TYPES.slideMaster)
    const masterXml = masterRel ? await readXml(zip, resolveTarget(layout.part, masterRel.target)) : undefined
    if (!layoutXml || !masterXml || descendants(masterXml, NS.p, 'txStyles').length > 0) continue
    const title = layout.placeholders.find((p) => TITLE_TYPES.includes(p.type))
    const body = layout.placeholders.find((p) => BODY_TYPES.includes(p.type))
    const find = (document: Document, match: (ph: Element) => boolean) => descendants(document, NS.p, 'sp').find((shape) => {
      const ph = descendants(shape, NS.p, 'ph')[0]
      return ph !== undefined && match(ph)
    })
    const typeOf = (ph: Element) => ph.getAttribute('type') ?? 'obj'
    // The layout's own prompt, else the master's.
    const styleOf = (...shapes: (Element | undefined)[]) => shapes.map((shape) => (shape ? promptListStyle(shape) : undefined)).find(Boolean)
    const titleStyle = title ? styleOf(find(layoutXml, (ph) => TITLE_TYPES.includes(typeOf(ph))), find(masterXml, (ph) => typeOf(ph) === 'title')) : undefined
    const bodyStyle = body ? styleOf(find(layoutXml, (ph) => typeOf(ph) === body.type && (ph.getAttribute('idx') || null) === body.idx), find(masterXml, (ph) => typeOf(ph) === 'body')) : undefined
    const entry: PromptStyles = {}
    if (titleStyle) entry.title = titleStyle
    if (bodyStyle) entry.body = bodyStyle
    styles.set(layout.part, entry)
  }
  return styles
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
