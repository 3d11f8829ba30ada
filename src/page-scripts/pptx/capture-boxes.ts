/** Captures of boxes with text inside: a card or comparison column, a code block, the branding label. */
import type { Block, Paragraph } from '../../export/pptx/geometry.js'
import { hexOf } from '../colors.js'
import { isShown, lineHeightOf, px } from '../css.js'
import { boxBlock } from './boxes.js'
import type { SlideCapture } from './capture.js'
import { fontOf } from './capture-text.js'
import { paragraphOf, runsOf } from './text.js'

/** A card (or a comparison column): a rounded box with a paragraph per child, list items as bullets. */
export function captureCard(role: 'card' | 'column', box: Element, capture: SlideCapture): void {
  const gap = px(getComputedStyle(box).rowGap)
  const paragraphs: Paragraph[] = []
  for (const child of Array.from(box.children).filter(isShown)) {
    if (child.matches('ul, ol')) {
      const listGap = px(getComputedStyle(child).rowGap)
      Array.from(child.children).forEach((item, i) => {
        paragraphs.push(paragraphOf(item, capture, {
          bullet: 'bullet', bulletColor: hexOf(getComputedStyle(item, '::marker').color), indent: px(getComputedStyle(child).paddingLeft),
          spaceBefore: i === 0 ? gap : listGap,
        }))
      })
    } else {
      paragraphs.push(paragraphOf(child, capture, paragraphs.length > 0 ? { spaceBefore: gap } : {}))
    }
  }
  capture.blocks.push(boxBlock(box, capture, { role, paragraphs, font: fontOf(box), valign: 'top' }))
}

/** Code: a box of monospace lines, each token in its highlight colour. */
export function captureCode(pre: Element, capture: SlideCapture): void {
  const lineHeight = lineHeightOf(getComputedStyle(pre))
  const paragraphs: Paragraph[] = [{ runs: [], lineHeight }]
  for (const run of runsOf(pre, capture, { pre: true })) {
    run.text.split('\n').forEach((line, i) => {
      if (i > 0) paragraphs.push({ runs: [], lineHeight })
      if (line) paragraphs.at(-1)?.runs.push({ ...run, text: line, mono: true })
    })
  }
  while (paragraphs.length > 1 && paragraphs.at(-1)?.runs.length === 0) paragraphs.pop()
  capture.blocks.push(boxBlock(pre, capture, { role: 'code', paragraphs, font: fontOf(pre), valign: 'top' }))
}

/** The confidentiality label: a filled box with its word in the middle. */
export function captureLabel(label: Element, capture: SlideCapture): void {
  const block: Block = boxBlock(label, capture, { role: 'label', paragraphs: [{ ...paragraphOf(label, capture), align: 'center' }], font: fontOf(label), valign: 'middle' })
  // The label is a filled box without a border of its own.
  delete block.border
  capture.blocks.push(block)
}
