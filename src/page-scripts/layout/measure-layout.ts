/**
 * Measures every slide of a print page in one pass: text cut off by a box that clips it (a code
 * line at its block's edge), running out of the box drawn around it (a card's text over the next
 * card), drawn over other content, or past the slide; slides that show nothing; low contrast.
 */
import { describeElement, snippet } from '../css.js'
import { parseRgba } from '../colors.js'
import { readTextLines, type Box, type TextLine } from './text-lines.js'
import type { LayoutMeasureOptions, SlideMeasurement } from './types.js'

const drawsBox = (style: CSSStyleDeclaration) =>
  parseRgba(style.backgroundColor)[3] !== 0 || style.boxShadow !== 'none' || parseFloat(style.borderTopWidth) > 0 || parseFloat(style.borderBottomWidth) > 0

/** A box that clips its text or is drawn around it, inside its border. */
type Frame = { clips: boolean; ellipsis: boolean; inner: Box } | null

/** Frames read once per element, not once per line of text in it (a code block has dozens). */
function frameReader(): (element: Element) => Frame {
  const frames = new Map<Element, Frame>()
  return (element) => {
    if (frames.has(element)) return frames.get(element) ?? null
    const style = getComputedStyle(element)
    const clips = /hidden|clip|auto|scroll/.test(style.overflowX + style.overflowY)
    let frame: Frame = null
    if (clips || drawsBox(style)) {
      const rect = element.getBoundingClientRect()
      frame = {
        clips,
        ellipsis: clips && style.textOverflow === 'ellipsis',
        inner: {
          top: rect.top + parseFloat(style.borderTopWidth),
          bottom: rect.bottom - parseFloat(style.borderBottomWidth),
          left: rect.left + parseFloat(style.borderLeftWidth),
          right: rect.right - parseFloat(style.borderRightWidth),
        },
      }
    }
    frames.set(element, frame)
    return frame
  }
}

/** Text cut by a clipping box or running out of a drawn one; clipped lines keep only their visible part. */
function checkFrames(lines: TextLine[], body: Element, frameOf: (element: Element) => Frame, tolerance: number, result: SlideMeasurement): void {
  for (const line of lines) {
    for (let ancestor: Element | null = line.element; ancestor && ancestor !== body; ancestor = ancestor.parentElement) {
      const frame = frameOf(ancestor)
      if (!frame) continue
      const { clips, inner } = frame
      const { box } = line
      const out = Math.max(box.bottom - inner.bottom, inner.top - box.top, box.right - inner.right, inner.left - box.left)
      if (clips) {
        // What a clipping box hides is not drawn: only the visible part of the line counts below.
        line.box = { top: Math.max(box.top, inner.top), bottom: Math.min(box.bottom, inner.bottom), left: Math.max(box.left, inner.left), right: Math.min(box.right, inner.right) }
      }
      // An ellipsis is a cut the layout chose and shows ("…"): not a fault.
      if (out <= tolerance || frame.ellipsis) continue
      const finding = { px: Math.round(out), box: describeElement(ancestor) }
      if (clips) {
        if (!result.clipped || finding.px > result.clipped.px) result.clipped = finding
      } else if (!result.spill || finding.px > result.spill.px) result.spill = finding
    }
  }
}

const overlapArea = (a: Box, b: Box) => ({
  width: Math.min(a.right, b.right) - Math.max(a.left, b.left),
  height: Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top),
})

/** Text under a box drawn by another element (a card squeezed over the citation line), or text over text. */
function findOverlap(lines: TextLine[], body: Element, tolerance: number): SlideMeasurement['overlap'] {
  const drawn = Array.from(body.querySelectorAll('*')).filter((element) => {
    const style = getComputedStyle(element)
    return !style.display.startsWith('inline') && style.display !== 'none' && drawsBox(style)
  })
  for (const box of drawn) {
    const rect = box.getBoundingClientRect()
    const line = lines.find(({ box: line, element }) => {
      if (box.contains(element)) return false
      const { width, height } = overlapArea(line, rect)
      return width > tolerance && height > tolerance
    })
    if (line) return { first: snippet(line.text), second: describeElement(box) }
  }
  // Sorted by top, so each line is compared only with those that start above its bottom.
  const sorted = [...lines].sort((a, b) => a.box.top - b.box.top)
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i] as TextLine
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j] as TextLine
      if (b.box.top >= a.box.bottom - tolerance) break
      if (a.element === b.element || a.element.contains(b.element) || b.element.contains(a.element)) continue
      const { width, height } = overlapArea(a.box, b.box)
      if (width > tolerance && height > tolerance) return { first: snippet(a.text), second: snippet(b.text) }
    }
  }
  return null
}

function measureSlide(section: HTMLElement, index: number, { tolerance, contrast }: LayoutMeasureOptions): SlideMeasurement {
  const result: SlideMeasurement = { index, bottom: 0, right: 0, clipped: null, spill: null, overlap: null, blank: false, lowContrast: null }
  const body = section.querySelector<HTMLElement>('.td-body')
  if (!body) return result
  const bodyRect = body.getBoundingClientRect()
  const bodyStyle = getComputedStyle(body)
  const content = { bottom: bodyRect.bottom - parseFloat(bodyStyle.paddingBottom), right: bodyRect.right - parseFloat(bodyStyle.paddingRight) }
  const { lines, lowContrast } = readTextLines(section, body, contrast)
  result.lowContrast = lowContrast
  let visible = lines.length
  for (const media of Array.from(body.querySelectorAll('img, svg, video, canvas'))) {
    const rect = media.getBoundingClientRect()
    if (rect.width < 1 || rect.height < 1 || getComputedStyle(media).visibility !== 'visible') continue
    visible++
    result.bottom = Math.max(result.bottom, rect.bottom - content.bottom)
    result.right = Math.max(result.right, rect.right - content.right)
  }
  result.blank = visible === 0
  checkFrames(lines, body, frameReader(), tolerance, result)
  for (const line of lines) {
    result.bottom = Math.max(result.bottom, line.box.bottom - content.bottom)
    result.right = Math.max(result.right, line.box.right - content.right)
  }
  result.overlap = findOverlap(lines, body, tolerance)
  result.bottom = Math.round(Math.max(result.bottom, 0))
  result.right = Math.round(Math.max(result.right, 0))
  if (result.bottom <= tolerance) result.bottom = 0
  if (result.right <= tolerance) result.right = 0
  return result
}

export function measureLayout(options: LayoutMeasureOptions): SlideMeasurement[] {
  return Array.from(document.querySelectorAll<HTMLElement>('.slides > section')).map((section, index) => measureSlide(section, index, options))
}
