/**
 * One measured block → one native PowerPoint shape: a text box, or a (rounded) rectangle or
 * ellipse with its text inside, in the block's colours or in colours a template's theme gives.
 */
import type * as Pptx from './pptxgen.js'
import type { Block, Rect } from './geometry.js'
import { textRuns, type RunStyle } from './text-runs.js'
import { inches, points } from './units.js'

export interface DrawOptions {
  style: RunStyle
  /** Font of the block's text; undefined leaves the theme's body font. */
  font?: string | undefined
  /** Colour of fills and lines: the measured `RRGGBB`, or a scheme colour for a template. */
  paint?: (color: string) => { color: string; transparency?: number }
}

export function drawBlock(slide: Pptx.Slide, block: Block, { style, font, paint }: DrawOptions): void {
  const text = block.paragraphs && block.paragraphs.length > 0 ? textRuns(block.paragraphs, style) : []
  const options: Pptx.TextPropsOptions = {
    ...position(block.rect),
    objectName: block.role,
    margin: 0,
    valign: block.valign ?? 'top',
    wrap: true,
  }
  if (font) options.fontFace = font
  // Shrink text on overflow: the safety net when a recipient's fallback font is wider. Not for a
  // column of sources: the deck splits them over slides so they fit at their size (12 pt or more
  // on paper), and a shrunk list is what that split replaced.
  if (text.length > 0 && block.role !== 'sources' && block.role !== 'badge') options.fit = 'shrink'
  // A badge is one line that never wraps nor shrinks: its pill is as tall as that line with its
  // padding, and a little wider than Chromium's, for a wider fallback font ("v6./8" wrapped before).
  if (block.role === 'badge') {
    options.wrap = false
    const grow = Math.max(6, block.rect.w * 0.12)
    block = { ...block, rect: { ...block.rect, x: block.rect.x - grow / 2, w: block.rect.w + grow } }
  }
  const colour = (value: string) => (paint ? paint(value) : { color: value })
  if (block.shape) {
    // talkdeck draws a box's border inside it (an inset shadow) and a dot's ring outside it (a
    // spread shadow); PowerPoint centres a line on the edge.
    const half = block.border ? block.border.width / 2 : 0
    const inner = block.shape === 'ellipse' ? shrink(block.rect, -half) : shrink(block.rect, half)
    Object.assign(options, position(inner))
    options.shape = block.shape === 'ellipse' ? 'ellipse' : block.radius && block.radius > 0.5 ? 'roundRect' : 'rect'
    if (options.shape === 'roundRect') options.rectRadius = inches(Math.min(block.radius ?? 0, Math.min(inner.w, inner.h) / 2))
    if (block.fill) {
      const fill = colour(block.fill)
      const transparency = block.fillAlpha !== undefined ? Math.round((1 - block.fillAlpha) * 100) : fill.transparency
      options.fill = { color: fill.color, ...(transparency !== undefined ? { transparency } : {}) }
    } else options.fill = { type: 'none' }
    if (block.border) {
      const line = colour(block.border.color)
      options.line = { color: line.color, width: points(block.border.width), ...(line.transparency !== undefined ? { transparency: line.transparency } : {}) }
    } else options.line = { type: 'none' }
    const inset = block.inset ?? { left: 0, top: 0, right: 0, bottom: 0 }
    const border = block.border ? block.border.width / 2 : 0
    const scale = style.scale ?? 1
    options.margin = [inset.left - border, inset.right - border, inset.bottom - border, inset.top - border].map((value) => points(Math.max(0, value) * scale)) as [number, number, number, number]
  } else {
    options.isTextBox = true
  }
  slide.addText(text.length > 0 ? text : '', options)
}

function shrink(rect: Rect, by: number): Rect {
  return { x: rect.x + by, y: rect.y + by, w: Math.max(1, rect.w - 2 * by), h: Math.max(1, rect.h - 2 * by) }
}

export function position(rect: Rect): { x: number; y: number; w: number; h: number } {
  return { x: inches(rect.x), y: inches(rect.y), w: inches(Math.max(rect.w, 1)), h: inches(Math.max(rect.h, 1)) }
}
