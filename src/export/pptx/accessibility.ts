/**
 * What a screen reader and PowerPoint's accessibility checker read of the slides: the order of a
 * slide's shapes is its reading order, and a shape that only decorates (a rule, a timeline's rail
 * and dots, a card's empty box, a picture without alt text) is marked decorative so it is skipped.
 * The title then comes first: talkdeck's accent rule, drawn before it, no longer leads.
 */
import type { Document, Element } from '@xmldom/xmldom'
import type JSZip from 'jszip'
import { NS, child, children, descendants, numberedParts, readXml, writeXml } from './ooxml.js'

/** Office's "Mark as decorative" (an extension of `cNvPr`, Office 2019 and later). */
const DECORATIVE_EXT = '{C183D7F6-B498-43B3-948B-1728B52AA6E4}'
const DECORATIVE_NS = 'http://schemas.microsoft.com/office/drawing/2017/decorative'
const SHAPES = ['sp', 'pic', 'graphicFrame', 'grpSp', 'cxnSp']
const TITLE_TYPES = ['title', 'ctrTitle']

export async function fixReadingOrder(zip: JSZip): Promise<void> {
  for (const part of numberedParts(zip, 'ppt/slides', 'slide')) {
    const document = await readXml(zip, part)
    const tree = document && descendants(document, NS.p, 'spTree')[0]
    if (!document || !tree) continue
    const shapes = SHAPES.flatMap((name) => children(tree, NS.p, name))
    for (const shape of shapes) if (isDecorative(shape)) markDecorative(document, shape)
    const title = shapes.find((shape) => TITLE_TYPES.includes(descendants(shape, NS.p, 'ph')[0]?.getAttribute('type') ?? ''))
    // Before the first shape that is read, behind none it overlaps: decorations stay under it.
    const firstRead = Array.from(tree.childNodes).find((node): node is Element => node.nodeType === 1 && SHAPES.includes((node as Element).localName ?? '') && !hasDecorativeMark(node as Element))
    if (title && firstRead && firstRead !== title) tree.insertBefore(title, firstRead)
    writeXml(zip, part, document)
  }
}

/** A shape with no text and no alt text: a line, an empty box, a picture described as nothing. */
function isDecorative(shape: Element): boolean {
  if (descendants(shape, NS.p, 'ph').length > 0) return false
  if (shape.localName === 'graphicFrame') return false
  const properties = descendants(shape, NS.p, 'cNvPr')[0]
  if ((properties?.getAttribute('descr') ?? '').trim() !== '') return false
  return descendants(shape, NS.a, 't').every((text) => (text.textContent ?? '').trim() === '')
}

function hasDecorativeMark(shape: Element): boolean {
  return descendants(shape, DECORATIVE_NS, 'decorative').some((mark) => mark.getAttribute('val') === '1')
}

function markDecorative(document: Document, shape: Element): void {
  const properties = descendants(shape, NS.p, 'cNvPr')[0]
  if (!properties || hasDecorativeMark(shape)) return
  let extensions = child(properties, NS.a, 'extLst')
  if (!extensions) {
    extensions = document.createElementNS(NS.a, 'a:extLst')
    // cNvPr: hlinkClick, hlinkHover, then extLst.
    properties.appendChild(extensions)
  }
  const extension = document.createElementNS(NS.a, 'a:ext')
  extension.setAttribute('uri', DECORATIVE_EXT)
  const mark = document.createElementNS(DECORATIVE_NS, 'adec:decorative')
  mark.setAttribute('val', '1')
  extension.appendChild(mark)
  extensions.appendChild(extension)
}
