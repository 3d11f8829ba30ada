/** Captures of text a layout marks: the title, a text box, the byline, a badge, a bullet list, the citation line. */
import type { Block, Paragraph, Run } from '../../export/pptx/geometry.js'
import { hexOf } from '../colors.js'
import { firstFamily, isShown, lineHeightOf, px } from '../css.js'
import { boxBlock, fillOf, pseudoBar, startBar } from './boxes.js'
import type { SlideCapture } from './capture.js'
import { alignOf, paragraphOf, pillOf, runsOf } from './text.js'

export const fontOf = (element: Element): string => firstFamily(getComputedStyle(element).fontFamily)

/** A text box of one paragraph, when the element shows any text. */
export function captureText(role: Block['role'], element: Element, capture: SlideCapture): void {
  const paragraph = paragraphOf(element, capture)
  if (paragraph.runs.length === 0) return
  const text = { role, paragraphs: [paragraph], font: fontOf(element) }
  // A callout (a mitigation under points): its box, then the bar at its start, drawn too.
  if (fillOf(getComputedStyle(element)).fill) {
    capture.blocks.push(boxBlock(element, capture, text))
    startBar(element, capture)
  } else capture.blocks.push({ ...text, rect: capture.rectOf(element) })
}

/** The slide's title, without the accent rule CSS draws under it (a shape of its own). */
export function captureTitle(heading: Element, capture: SlideCapture): void {
  const rule = pseudoBar(heading, '::after', 'bottom', capture)
  const rect = capture.rectOf(heading)
  capture.blocks.push({ role: 'title', rect: { ...rect, h: rect.h - rule }, paragraphs: [paragraphOf(heading, capture)], font: fontOf(heading) })
}

/** A line of parts (author, date) with a gap between them, in the first part's style. */
export function captureByline(byline: Element, capture: SlideCapture): void {
  const parts = Array.from(byline.children).filter(isShown)
  if (parts.length === 0) return
  const runs = parts.flatMap((part, i) => {
    const own = runsOf(part, capture)
    return i > 0 && own[0] ? [{ ...own[0], text: '    ' }, ...own] : own
  })
  capture.blocks.push({ role: 'byline', rect: capture.rectOf(byline), paragraphs: [{ runs, lineHeight: lineHeightOf(getComputedStyle(byline)) }], font: fontOf(byline) })
}

export function captureBadge(badge: Element, capture: SlideCapture): void {
  capture.blocks.push(pillOf(badge, capture))
}

/** A bullet list: one text box, a paragraph per item, the bullet in the colour CSS draws it. */
export function captureList(list: Element, capture: SlideCapture): void {
  const gap = px(getComputedStyle(list).rowGap)
  const items = Array.from(list.querySelectorAll(':scope > li')).filter(isShown)
  if (items.length === 0) return
  const paragraphs = items.map((item, i) => {
    const marker = getComputedStyle(item, '::before')
    const bulletColor = hexOf(marker.content !== 'none' ? marker.backgroundColor : getComputedStyle(item, '::marker').color)
    return paragraphOf(item, capture, { bullet: 'bullet', bulletColor, indent: px(getComputedStyle(item).paddingLeft), ...(i > 0 ? { spaceBefore: gap } : {}) })
  })
  capture.blocks.push({ role: 'points', rect: capture.rectOf(list), paragraphs, font: fontOf(list) })
}

/** The citation line: the label, then one link per source, with the gap CSS leaves between them. */
export function captureCite(cite: Element, capture: SlideCapture): void {
  const style = getComputedStyle(cite)
  const gap = ' '.repeat(Math.max(2, Math.round(px(style.columnGap) / (px(style.fontSize) * 0.3))))
  const runs: Run[] = []
  for (const child of Array.from(cite.children)) {
    if (runs.length) runs.push({ text: gap, size: px(style.fontSize), color: hexOf(style.color) })
    runs.push(...runsOf(child, capture))
  }
  const paragraph: Paragraph = { runs, lineHeight: lineHeightOf(style), align: alignOf(style) }
  capture.blocks.push({ role: 'cite', rect: capture.rectOf(cite), paragraphs: [paragraph], font: fontOf(cite) })
}
