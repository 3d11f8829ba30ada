/**
 * The deck's footer line as PowerPoint's footer placeholder: on each slide the text box talkdeck
 * drew becomes the slide's footer placeholder (same place, same text), and each talkdeck layout
 * gets one where its slides show the footer, so PowerPoint's Header & Footer dialog and a slide a
 * user adds on that layout find it. pptxgenjs has no footer placeholder; this edits its XML.
 */
import type { Document, Element } from '@xmldom/xmldom'
import type JSZip from 'jszip'
import type { DeckGeometry, Rect } from './geometry.js'
import { NS, child, descendants, numberedParts, parseXml, readXml, writeXml } from './ooxml.js'
import { emu } from './units.js'

/** The footer placeholder's index, past pptxgenjs's (title 100, body 101). */
const FOOTER_INDEX = '110'

export async function addFooterPlaceholders(zip: JSZip, geometry: DeckGeometry, layoutName: (layout: string) => string): Promise<void> {
  for (const part of numberedParts(zip, 'ppt/slides', 'slide')) {
    const document = await readXml(zip, part)
    const footer = document && descendants(document, NS.p, 'sp').find((shape) => descendants(shape, NS.p, 'cNvPr')[0]?.getAttribute('name') === 'footer' && descendants(shape, NS.p, 'ph').length === 0)
    if (!document || !footer) continue
    makePlaceholder(document, footer)
    writeXml(zip, part, document)
  }
  const footers = new Map<string, Rect>()
  for (const slide of geometry.slides) {
    const block = slide.blocks.find((candidate) => candidate.role === 'footer')
    if (block && !footers.has(layoutName(slide.layout))) footers.set(layoutName(slide.layout), block.rect)
  }
  for (const part of numberedParts(zip, 'ppt/slideLayouts', 'slideLayout')) {
    const document = await readXml(zip, part)
    const name = document && descendants(document, NS.p, 'cSld')[0]?.getAttribute('name')
    const rect = name ? footers.get(name) : undefined
    const tree = document && descendants(document, NS.p, 'spTree')[0]
    if (!document || !rect || !tree) continue
    const xml = `<p:sp xmlns:p="${NS.p}" xmlns:a="${NS.a}"><p:nvSpPr><p:cNvPr id="${FOOTER_INDEX}" name="Footer Placeholder"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="ftr" sz="quarter" idx="${FOOTER_INDEX}"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="${emu(rect.x)}" y="${emu(rect.y)}"/><a:ext cx="${emu(rect.w)}" cy="${emu(rect.h)}"/></a:xfrm></p:spPr><p:txBody><a:bodyPr lIns="0" tIns="0" rIns="0" bIns="0" wrap="none"/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>`
    tree.appendChild(document.importNode(parseXml(xml).documentElement as Element, true))
    writeXml(zip, part, document)
  }
}

/** A drawn text box → the slide's footer placeholder, keeping its place and text. */
function makePlaceholder(document: Document, shape: Element): void {
  const shapeProperties = descendants(shape, NS.p, 'cNvSpPr')[0]
  const properties = descendants(shape, NS.p, 'nvPr')[0]
  if (!shapeProperties || !properties) return
  shapeProperties.removeAttribute('txBox')
  if (!child(shapeProperties, NS.a, 'spLocks')) {
    const locks = document.createElementNS(NS.a, 'a:spLocks')
    locks.setAttribute('noGrp', '1')
    shapeProperties.appendChild(locks)
  }
  const ph = document.createElementNS(NS.p, 'p:ph')
  ph.setAttribute('type', 'ftr')
  ph.setAttribute('sz', 'quarter')
  ph.setAttribute('idx', FOOTER_INDEX)
  properties.insertBefore(ph, properties.firstChild)
}
