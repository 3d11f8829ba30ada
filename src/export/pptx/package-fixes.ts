/**
 * Edits to the package pptxgenjs wrote, for what its API cannot say and for XML it writes against
 * the schema (PowerPoint then offers to "repair" the file):
 * - a paragraph's `<a:pPr>` must be its first child; pptxgenjs writes one before every run
 *   (https://github.com/gitbrent/PptxGenJS/pull/1083);
 * - a background's `<p:bgPr>` needs an effect list (https://github.com/gitbrent/PptxGenJS/issues/1442);
 * - a title placeholder sits where the slide's title was measured (pptxgenjs puts it where the
 *   master's is);
 * - list bullets take the accent colour and the size of talkdeck's square;
 * - the theme's colour scheme comes from the deck's theme; keywords go into the core properties;
 * - text is marked in the deck's language (pptxgenjs writes en-US), so PowerPoint spell-checks it as
 *   such, and its paragraphs right to left in an Arabic or Hebrew deck.
 */
import type { Document, Element } from '@xmldom/xmldom'
import type JSZip from 'jszip'
import type { DeckGeometry, Rect } from './geometry.js'
import { NS, child, children, descendants, firstElementChild, numberedParts, readXml, writeXml } from './ooxml.js'
import { BULLET_CHAR } from './text-runs.js'
import { emu } from './units.js'

/**
 * Schema fixes for every slide, layout and master part. `monoFont` is marked fixed-pitch (49),
 * so that a recipient without it sees code in another monospace font, not a proportional one.
 */
export async function fixSchema(zip: JSZip, monoFont?: string): Promise<void> {
  const parts = [
    ...numberedParts(zip, 'ppt/slides', 'slide'),
    ...numberedParts(zip, 'ppt/slideLayouts', 'slideLayout'),
    ...numberedParts(zip, 'ppt/slideMasters', 'slideMaster'),
  ]
  for (const part of parts) {
    const document = await readXml(zip, part)
    if (!document) continue
    fixParagraphProperties(document)
    fixBackgroundEffects(document)
    if (monoFont) markFixedPitch(document, monoFont)
    writeXml(zip, part, document)
  }
}

/** A deck's language as Office names it, with a region: "es" → "es-ES", "zh" → "zh-CN"; "pt-BR" stays. */
export function officeLanguage(language: string): string {
  try {
    const locale = new Intl.Locale(language)
    return locale.region ? `${locale.language}-${locale.region}` : `${locale.language}-${locale.maximize().region ?? ''}`.replace(/-$/, '')
  } catch {
    return language
  }
}

/**
 * Marks every run of the slides, their notes and charts as text in `language` (BCP 47, e.g. "es"),
 * and each of their paragraphs right to left when `direction` is (the alignment stays as measured).
 */
export async function setTextLanguage(zip: JSZip, language: string, direction: 'ltr' | 'rtl'): Promise<void> {
  const lang = officeLanguage(language)
  const parts = [...numberedParts(zip, 'ppt/slides', 'slide'), ...numberedParts(zip, 'ppt/notesSlides', 'notesSlide'), ...numberedParts(zip, 'ppt/charts', 'chart')]
  for (const part of parts) {
    const document = await readXml(zip, part)
    if (!document) continue
    for (const name of ['rPr', 'endParaRPr', 'defRPr']) for (const properties of descendants(document, NS.a, name)) properties.setAttribute('lang', lang)
    if (direction === 'rtl') {
      for (const paragraph of descendants(document, NS.a, 'p')) {
        let properties = child(paragraph, NS.a, 'pPr')
        if (!properties) {
          properties = document.createElementNS(NS.a, 'a:pPr')
          paragraph.insertBefore(properties, paragraph.firstChild)
        }
        properties.setAttribute('rtl', '1')
      }
    }
    writeXml(zip, part, document)
  }
}

export function fixParagraphProperties(document: Document): void {
  for (const paragraph of descendants(document, NS.a, 'p')) {
    const properties = children(paragraph, NS.a, 'pPr')
    const first = properties[0]
    if (!first) continue
    for (const extra of properties.slice(1)) paragraph.removeChild(extra)
    if (firstElementChild(paragraph) !== first) {
      paragraph.removeChild(first)
      paragraph.insertBefore(first, paragraph.firstChild)
    }
  }
}

function markFixedPitch(document: Document, font: string): void {
  for (const latin of descendants(document, NS.a, 'latin')) {
    if (latin.getAttribute('typeface') === font) latin.setAttribute('pitchFamily', '49')
  }
}

function fixBackgroundEffects(document: Document): void {
  for (const properties of descendants(document, NS.p, 'bgPr')) {
    if (child(properties, NS.a, 'effectLst') || child(properties, NS.a, 'effectDag')) continue
    properties.appendChild(document.createElementNS(NS.a, 'a:effectLst'))
  }
}

/**
 * Places each slide's title and body placeholders at their measured rectangles (and removes an
 * empty body placeholder), writes what the deck shows after a slide number ("/ 19") beside its
 * field, and colours list bullets.
 */
export async function fixSlides(zip: JSZip, placed: { title?: Rect; body?: Rect; afterNumber?: string }[], bulletColor: { srgb?: string; scheme?: string }): Promise<void> {
  const slides = numberedParts(zip, 'ppt/slides', 'slide')
  for (const [index, part] of slides.entries()) {
    const document = await readXml(zip, part)
    if (!document) continue
    const { title, body, afterNumber } = placed[index] ?? {}
    if (title) setPlaceholderRect(document, ['title', 'ctrTitle'], title)
    if (body) setPlaceholderRect(document, ['body'], body)
    // pptxgenjs puts the master's body placeholder on every slide: an empty one would say "Click to add text".
    for (const shape of placeholderShapes(document, ['body'])) if (!descendants(shape, NS.a, 't').some((text) => text.textContent?.trim())) shape.parentNode?.removeChild(shape)
    if (afterNumber) for (const shape of placeholderShapes(document, ['sldNum'])) appendAfterField(document, shape, afterNumber)
    styleBullets(document, bulletColor)
    writeXml(zip, part, document)
  }
}

/** The `<p:sp>` shapes of a slide that are placeholders of one of `types`. */
export function placeholderShapes(document: Document, types: string[]): Element[] {
  return descendants(document, NS.p, 'sp').filter((shape) => {
    const ph = descendants(shape, NS.p, 'ph')[0]
    return ph !== undefined && types.includes(ph.getAttribute('type') ?? 'body')
  })
}

function setPlaceholderRect(document: Document, types: string[], rect: Rect): void {
  for (const shape of placeholderShapes(document, types)) {
    const transform = descendants(shape, NS.a, 'xfrm')[0]
    const offset = transform && child(transform, NS.a, 'off')
    const extent = transform && child(transform, NS.a, 'ext')
    if (!offset || !extent) continue
    offset.setAttribute('x', String(emu(rect.x)))
    offset.setAttribute('y', String(emu(rect.y)))
    extent.setAttribute('cx', String(emu(rect.w)))
    extent.setAttribute('cy', String(emu(rect.h)))
  }
}

/** Text after a slide's number field, in the field's format. */
function appendAfterField(document: Document, shape: Element, text: string): void {
  const field = descendants(shape, NS.a, 'fld')[0]
  if (!field?.parentNode) return
  const run = document.createElementNS(NS.a, 'a:r')
  const format = child(field, NS.a, 'rPr')
  if (format) run.appendChild(format.cloneNode(true))
  const value = document.createElementNS(NS.a, 'a:t')
  value.appendChild(document.createTextNode(text))
  run.appendChild(value)
  field.parentNode.insertBefore(run, field.nextSibling)
}

function styleBullets(document: Document, color: { srgb?: string; scheme?: string }): void {
  const square = String.fromCodePoint(parseInt(BULLET_CHAR, 16))
  for (const bullet of descendants(document, NS.a, 'buChar')) {
    if (bullet.getAttribute('char') !== square) continue
    const properties = bullet.parentNode as Element
    if (child(properties, NS.a, 'buClr')) continue
    const fill = document.createElementNS(NS.a, 'a:buClr')
    const value = color.srgb ? document.createElementNS(NS.a, 'a:srgbClr') : document.createElementNS(NS.a, 'a:schemeClr')
    value.setAttribute('val', color.srgb ?? color.scheme ?? 'accent1')
    fill.appendChild(value)
    // Schema order in a:pPr: … buClr, buSz*, buFont, buChar.
    let size = child(properties, NS.a, 'buSzPct')
    if (!size) {
      size = document.createElementNS(NS.a, 'a:buSzPct')
      properties.insertBefore(size, child(properties, NS.a, 'buFont') ?? bullet)
    }
    size.setAttribute('val', '60000')
    properties.insertBefore(fill, size)
  }
}

/**
 * The PPTX theme from the deck's theme: PowerPoint's text/background and accent slots take the
 * deck's colours, so text and shapes a user adds match the slides.
 */
export async function writeThemeColors(zip: JSZip, geometry: DeckGeometry, name: string): Promise<void> {
  const colors = geometry.theme.colors
  const scheme: Record<string, string | undefined> = {
    dk1: colors.fg,
    lt1: colors.bg,
    dk2: colors.heading,
    lt2: colors.surface,
    accent1: colors.accent,
    accent2: colors['accent-text'],
    accent3: colors.muted,
    accent4: colors.border,
    accent5: colors['code-keyword'],
    accent6: colors['code-function'],
    hlink: colors.link,
    folHlink: colors.link,
  }
  for (const part of Object.keys(zip.files).filter((file) => /^ppt\/theme\/theme\d+\.xml$/.test(file))) {
    const document = await readXml(zip, part)
    const colorScheme = document && descendants(document, NS.a, 'clrScheme')[0]
    if (!document || !colorScheme) continue
    // Only the slides' theme: a notes master's theme keeps black on white.
    if (!(await zip.file('ppt/slideMasters/_rels/slideMaster1.xml.rels')?.async('string'))?.includes(part.replace('ppt/', '../'))) continue
    colorScheme.setAttribute('name', `talkdeck ${name}`)
    for (const [slot, color] of Object.entries(scheme)) {
      const element = color ? child(colorScheme, NS.a, slot) : undefined
      if (!element || !color) continue
      while (element.firstChild) element.removeChild(element.firstChild)
      const value = document.createElementNS(NS.a, 'a:srgbClr')
      value.setAttribute('val', color)
      element.appendChild(value)
    }
    writeXml(zip, part, document)
  }
}

/** Keywords, which pptxgenjs has no property for. */
export async function writeKeywords(zip: JSZip, keywords: string[]): Promise<void> {
  if (keywords.length === 0) return
  const document = await readXml(zip, 'docProps/core.xml')
  if (!document?.documentElement) return
  const ns = 'http://schemas.openxmlformats.org/package/2006/metadata/core-properties'
  let element = descendants(document, ns, 'keywords')[0]
  if (!element) {
    element = document.createElementNS(ns, 'cp:keywords')
    document.documentElement.appendChild(element)
  }
  while (element.firstChild) element.removeChild(element.firstChild)
  element.appendChild(document.createTextNode(keywords.join(', ')))
  writeXml(zip, 'docProps/core.xml', document)
}
