/**
 * A table for PowerPoint: one native table, each cell with its runs (inline code and links kept),
 * its fill and the rule under it as the theme draws them, the columns as wide as Chromium laid
 * them out. Its caption is a text box of its own.
 */
import type { TableCell } from '../../export/pptx/geometry.js'
import { colorOf, hexOf } from '../colors.js'
import { firstFamily, px } from '../css.js'
import { insetOf } from './boxes.js'
import type { SlideCapture } from './capture.js'
import { captureText } from './capture-text.js'
import { paragraphOf } from './text.js'

function cellOf(cell: HTMLTableCellElement, capture: SlideCapture): TableCell {
  const style = getComputedStyle(cell)
  // A row's fill (a striped body) shows through a cell with none of its own.
  const row = cell.parentElement ? getComputedStyle(cell.parentElement) : undefined
  const fill = [style.backgroundColor, row?.backgroundColor].map((css) => (css ? colorOf(css) : undefined)).find((color) => color && color.alpha > 0)
  const rule = px(style.borderBottomWidth)
  return {
    paragraphs: [paragraphOf(cell, capture)],
    ...(fill ? { fill: fill.hex } : {}),
    ...(rule > 0 && style.borderBottomStyle !== 'none' ? { border: { color: hexOf(style.borderBottomColor), width: rule } } : {}),
    inset: insetOf(style),
  }
}

export function captureTable(element: Element, capture: SlideCapture): void {
  if (!(element instanceof HTMLTableElement)) return
  const rows = Array.from(element.rows)
  const first = rows[0]
  if (!first) return
  const box = capture.rectOf(element)
  const caption = element.caption
  const captionHeight = caption ? caption.getBoundingClientRect().height : 0
  if (caption?.textContent?.trim()) {
    captureText('text', caption, capture)
    capture.taken.add(caption)
  }
  const rect = caption && getComputedStyle(caption).captionSide !== 'bottom' ? { ...box, y: box.y + captionHeight, h: box.h - captionHeight } : { ...box, h: box.h - captionHeight }
  capture.blocks.push({
    role: 'table',
    rect,
    table: {
      rows: rows.map((row) => Array.from(row.cells, (cell) => cellOf(cell, capture))),
      columnWidths: Array.from(first.cells, (cell) => cell.getBoundingClientRect().width),
      rowHeights: rows.map((row) => row.getBoundingClientRect().height),
      font: firstFamily(getComputedStyle(element).fontFamily),
    },
  })
}
