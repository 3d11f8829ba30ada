/**
 * What a layout does not mark is captured as what it is: a picture (`<img>`, inline `<svg>`) as a
 * picture, preformatted text as code, any other visible text as a text box where it stands (a
 * project layout's `<p class="my-caption">`). What still shows on the slide but is in no block —
 * a CSS background picture, a `<canvas>`, a `<video>`, text a capture left out — is listed, so
 * the export names it in a warning instead of dropping it silently.
 */
import type { Uncaptured } from '../../export/pptx/geometry.js'
import { describeElement, snippet } from '../css.js'
import { captureCode } from './capture-boxes.js'
import { fontOf } from './capture-text.js'
import { isTaken, markOf, type SlideCapture } from './capture.js'
import { captureInlineSvg, capturePicture } from './pictures.js'
import { captureTable } from './table.js'
import { paragraphOf } from './text.js'

/** Left out of the PowerPoint export on purpose: speaker notes, and what a layout marks `skip`. */
const isLeftOut = (element: Element) => element.closest('aside.notes, [data-pptx="skip"]') !== null

const isInline = (element: Element) => getComputedStyle(element).display.startsWith('inline')

const showsSomething = (element: Element) => {
  const rect = element.getBoundingClientRect()
  return rect.width >= 1 && rect.height >= 1 && getComputedStyle(element).visibility === 'visible'
}

/** The visible text nodes of a section, each with the element that holds it. */
function visibleTexts(section: Element): { node: Text; parent: Element }[] {
  const texts: { node: Text; parent: Element }[] = []
  const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT)
  const range = document.createRange()
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const parent = node.parentElement
    if (!parent || !node.textContent?.trim() || isLeftOut(parent) || getComputedStyle(parent).visibility !== 'visible') continue
    range.selectNodeContents(node)
    if (Array.from(range.getClientRects()).some((rect) => rect.width >= 1 && rect.height >= 1)) texts.push({ node, parent })
  }
  return texts
}

/** Pictures anywhere on the slide (in a card too, drawn over it), and code blocks and tables no mark took. */
export async function capturePicturesAndCode(section: Element, capture: SlideCapture, maxSide: number): Promise<void> {
  for (const element of Array.from(section.querySelectorAll('img, svg, pre, table'))) {
    if (isLeftOut(element) || capture.pictures.has(element) || !showsSomething(element)) continue
    if (element instanceof HTMLImageElement) await capturePicture('image', element, capture, maxSide)
    else if (element instanceof SVGSVGElement && !element.parentElement?.closest('svg')) await captureInlineSvg(element, capture, maxSide)
    else if (element instanceof HTMLTableElement && !isTaken(capture, element)) {
      // A table a Markdown body wrote, which no layout marked.
      captureTable(element, capture)
      capture.taken.add(element)
    } else if (element instanceof HTMLPreElement && !isTaken(capture, element)) {
      captureCode(element, capture)
      capture.taken.add(element)
    }
  }
}

/**
 * Each visible text no block holds yet becomes a text box of the block element around it, in its
 * place; that element's own blocks inside (and what a mark takes) are left to their own boxes.
 */
export function captureLooseText(section: Element, capture: SlideCapture): void {
  const done = new Set<Element>()
  const ownBox = (element: Element) => !isInline(element) || markOf(element) !== null || isTaken(capture, element)
  for (const { parent } of visibleTexts(section)) {
    if (isTaken(capture, parent)) continue
    let container: Element = parent
    while (isInline(container) && container.parentElement && container.parentElement !== section) container = container.parentElement
    if (done.has(container)) continue
    done.add(container)
    const paragraph = paragraphOf(container, capture, {}, { skip: ownBox })
    if (paragraph.runs.length > 0) capture.blocks.push({ role: 'text', rect: capture.rectOf(container), paragraphs: [paragraph], font: fontOf(container) })
  }
}

/** Text and pictures the slide shows that no block holds. */
/** The SVG an SVG element is drawn in: the outermost, which the export draws to a picture. */
function outermostSvg(svg: SVGSVGElement): SVGSVGElement {
  const outer = svg.parentElement?.closest('svg')
  return outer ? outermostSvg(outer) : svg
}

export function findUncaptured(section: Element, capture: SlideCapture): Uncaptured[] {
  const squeeze = (text: string) => text.replace(/\s+/g, '').toLowerCase()
  // PowerPoint numbers a numbered paragraph itself: its number is not in a run.
  const paragraphs = [...capture.blocks, ...capture.pills].flatMap((block) => [...(block.paragraphs ?? []), ...(block.table?.rows.flat().flatMap((cell) => cell.paragraphs) ?? [])])
  const captured = squeeze(paragraphs.flatMap((paragraph) => [paragraph.number ?? '', ...paragraph.runs.map((run) => run.text)]).join(''))
  const missing: Uncaptured[] = []
  // Text drawn in an inline SVG (a chart's axes, a diagram's labels) is in the picture of it.
  const inCapturedPicture = (element: Element) => {
    const svg = element.closest('svg')
    return svg !== null && capture.pictures.has(outermostSvg(svg))
  }
  for (const { node, parent } of visibleTexts(section)) {
    if (inCapturedPicture(parent)) continue
    if (!captured.includes(squeeze(node.textContent ?? ''))) missing.push({ element: describeElement(parent), what: `the text ${snippet(node.textContent ?? '')}` })
  }
  for (const element of Array.from(section.querySelectorAll('*'))) {
    if (isLeftOut(element) || !showsSomething(element)) continue
    const tag = element.tagName.toLowerCase()
    if ((tag === 'img' || tag === 'svg') && !capture.pictures.has(element) && !element.parentElement?.closest('svg')) {
      missing.push({ element: describeElement(element), what: 'a picture' })
    } else if (['canvas', 'video', 'iframe', 'object', 'embed'].includes(tag)) {
      missing.push({ element: describeElement(element), what: `a <${tag}>`, why: 'the PowerPoint export cannot take one' })
    } else if (/url\(/.test(getComputedStyle(element).backgroundImage) && markOf(element) !== 'decoration') {
      missing.push({ element: describeElement(element), what: 'a CSS background picture', why: 'the PowerPoint export takes pictures shown as <img> or <svg>' })
    }
  }
  return missing
}
