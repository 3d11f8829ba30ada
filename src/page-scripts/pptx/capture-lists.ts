/** Captures of the drawn lists: a timeline, the agenda, the sources in their columns. */
import type { Paragraph, Rect, Run } from '../../export/pptx/geometry.js'
import { hexOf } from '../colors.js'
import { isShown, lineHeightOf, px } from '../css.js'
import { fillOf } from './boxes.js'
import type { SlideCapture } from './capture.js'
import { fontOf } from './capture-text.js'
import { isBadge, paragraphOf, pillOf, runsOf } from './text.js'

/** The rail, a dot per stop, and each stop's text; a badge (the version) is a pill over a line of its height left empty. */
export function captureTimeline(list: Element, capture: SlideCapture): void {
  const rail = getComputedStyle(list, '::before')
  const host = capture.rectOf(list)
  if (rail.content !== 'none') {
    capture.blocks.push({ role: 'timeline-rail', rect: { x: host.x + px(rail.left), y: host.y + px(rail.top), w: host.w - px(rail.left) - px(rail.right), h: px(rail.height) }, shape: 'rect', ...fillOf(rail) })
  }
  for (const item of Array.from(list.querySelectorAll(':scope > li'))) {
    const at = capture.rectOf(item)
    const dot = getComputedStyle(item, '::before')
    if (dot.content !== 'none') {
      // The dot's ring in the slide colour (a box-shadow) becomes its outline.
      const ring = /(rgba?\([^)]*\))[^,]*?\s([\d.]+)px$/.exec(dot.boxShadow.trim())
      capture.blocks.push({
        role: 'timeline-dot', rect: { x: at.x + px(dot.left), y: at.y + px(dot.top), w: px(dot.width), h: px(dot.height) }, shape: 'ellipse', ...fillOf(dot),
        ...(ring ? { border: { color: hexOf(ring[1] ?? ''), width: px(ring[2] ?? '0') } } : {}),
      })
    }
    const style = getComputedStyle(item)
    const gap = px(style.rowGap)
    const paragraphs = Array.from(item.children).filter(isShown).map((child, i): Paragraph => {
      const spaced = i > 0 ? { spaceBefore: gap } : {}
      if (!isBadge(child)) return paragraphOf(child, capture, spaced)
      const pill = pillOf(child, capture)
      capture.pills.push(pill)
      return { runs: [{ text: ' ', size: px(getComputedStyle(child).fontSize), color: hexOf(getComputedStyle(child).color) }], lineHeight: pill.rect.h, ...spaced }
    })
    const top = px(style.paddingTop)
    capture.blocks.push({ role: 'timeline-entry', rect: { x: at.x, y: at.y + top, w: at.w, h: at.h - top }, paragraphs, font: fontOf(item) })
  }
}

/** Numbered entries linking to their section, each with a rule under it. */
export function captureAgenda(list: Element, capture: SlideCapture): void {
  Array.from(list.querySelectorAll(':scope > li')).forEach((item, i) => {
    const style = getComputedStyle(item)
    const number = getComputedStyle(item, '::before')
    const runs: Run[] = [
      { text: String(i + 1).padStart(2, '0'), size: px(number.fontSize), color: hexOf(number.color), bold: true },
      { text: '   ', size: px(style.fontSize), color: hexOf(style.color) },
      ...runsOf(item, capture),
    ]
    const rect = capture.rectOf(item)
    const border = px(style.borderBottomWidth)
    const inner = { ...rect, y: rect.y + px(style.paddingTop), h: rect.h - px(style.paddingTop) - px(style.paddingBottom) - border }
    capture.blocks.push({ role: 'agenda-entry', rect: inner, paragraphs: [{ runs, lineHeight: lineHeightOf(style) }], font: fontOf(item), valign: 'middle' })
    if (border > 0) capture.blocks.push({ role: 'agenda-rule', rect: { x: rect.x, y: rect.y + rect.h - border, w: rect.w, h: border }, shape: 'rect', fill: hexOf(style.borderBottomColor) })
  })
}

/**
 * The sources: a text box per column of entries, each entry a paragraph numbered by PowerPoint
 * (its number once), its title, publisher and date, and its address on a line of its own. An
 * entry is a list item holding its number and then a paragraph; a plain item is its own text.
 */
export function captureSources(list: Element, capture: SlideCapture): void {
  const listRect = capture.rectOf(list)
  const columns = new Map<number, { rect: Rect; paragraphs: Paragraph[] }>()
  for (const item of Array.from(list.querySelectorAll<HTMLLIElement>(':scope > li')).filter(isShown)) {
    const style = getComputedStyle(item)
    const text = item.querySelector(':scope > p')
    const number = text && text !== item.firstElementChild ? item.firstElementChild : null
    const at = capture.rectOf(item)
    const indent = text ? capture.rectOf(text).x - at.x : px(getComputedStyle(list).paddingLeft)
    const column = columns.get(Math.round(at.x)) ?? { rect: { x: at.x, y: at.y, w: at.w, h: 0 }, paragraphs: [] }
    const lineHeight = Math.max(lineHeightOf(style), ...Array.from(item.querySelectorAll('*')).map((element) => lineHeightOf(getComputedStyle(element))))
    column.paragraphs.push({
      runs: runsOf(text ?? item, capture), lineHeight, align: 'left', bullet: 'number', number: item.value, indent,
      bulletColor: hexOf(getComputedStyle(number ?? item, number ? null : '::marker').color),
      ...(column.paragraphs.length > 0 ? { spaceBefore: px(style.marginBottom) + px(getComputedStyle(list).rowGap) } : {}),
    })
    column.rect.h = at.y + at.h - column.rect.y
    columns.set(Math.round(at.x), column)
  }
  for (const { rect, paragraphs } of columns.values()) {
    // Text boxes start where the list does; PowerPoint draws the numbers in the indent.
    capture.blocks.push({ role: 'sources', rect: { ...rect, y: Math.min(rect.y, listRect.y) }, paragraphs, font: fontOf(list) })
  }
}
