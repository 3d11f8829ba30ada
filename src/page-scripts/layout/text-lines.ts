/**
 * A slide's text as drawn, line by line, and the first text below the contrast it needs. A line
 * box is never taken for more than its line height: a tight heading (line-height 1.1 with a font
 * whose ascent and descent add up to 1.2) is not a fault.
 */
import { snippet } from '../css.js'
import { blend, contrastRatio, parseRgba } from '../colors.js'
import type { ContrastMinimums, SlideMeasurement } from './types.js'

export interface Box {
  top: number
  bottom: number
  left: number
  right: number
}

export interface TextLine {
  box: Box
  element: Element
  text: string
}

/** The colour behind an element: its and its ancestors' backgrounds, blended down to the first opaque one. */
function backgroundOf(element: Element | null): number[] {
  const layers: number[][] = []
  for (let node = element; node; node = node.parentElement) {
    const layer = parseRgba(getComputedStyle(node).backgroundColor)
    if ((layer[3] ?? 0) > 0) layers.push(layer)
    if ((layer[3] ?? 0) >= 1) break
  }
  return layers.reverse().reduce((under, layer) => blend(layer, under), [255, 255, 255, 1])
}

/** A paint (`fill`) as a colour with its alpha, or none when it paints nothing or a pattern or gradient. */
function paintOf(paint: string, opacity: number): number[] | undefined {
  if (!paint.startsWith('rgb')) return undefined
  const color = parseRgba(paint)
  const alpha = (color[3] ?? 1) * opacity
  return alpha > 0 ? [color[0] ?? 0, color[1] ?? 0, color[2] ?? 0, alpha] : undefined
}

const SHAPES = 'rect, polygon, path, circle, ellipse'

/**
 * The colour behind text inside a diagram (an SVG): the last shape painted before it whose box
 * holds the text's middle — a node's box, an edge label's backing — over what is behind the SVG.
 * Diagram shapes are no CSS backgrounds: without this, a node's text was measured against the slide.
 */
function diagramBackground(element: Element, svg: SVGSVGElement): number[] {
  const box = element.getBoundingClientRect()
  const [x, y] = [(box.left + box.right) / 2, (box.top + box.bottom) / 2]
  let under: number[] | undefined
  for (const shape of Array.from(svg.querySelectorAll(SHAPES))) {
    // Document order is paint order: shapes after the text are drawn over it, not under.
    if (shape.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_PRECEDING) break
    const style = getComputedStyle(shape)
    const paint = paintOf(style.fill, Number(style.fillOpacity) * Number(style.opacity))
    const bounds = shape.getBoundingClientRect()
    if (paint && x >= bounds.left && x <= bounds.right && y >= bounds.top && y <= bounds.bottom) under = under ? blend(paint, under) : paint
  }
  const behind = backgroundOf(svg)
  return under ? blend(under, behind) : behind
}

/**
 * The text's colour and what it is drawn on: SVG text is painted with `fill`, HTML (a diagram's
 * labels too) with `color`. None for SVG text that is not filled (outlined, or a pattern).
 */
function textColours(element: Element, style: CSSStyleDeclaration): { foreground: number[]; background: number[] } | undefined {
  const svg = element.closest('svg')
  const painted = element instanceof SVGElement ? paintOf(style.fill, Number(style.fillOpacity)) : parseRgba(style.color)
  if (!painted) return undefined
  const background = svg ? diagramBackground(element, svg) : backgroundOf(element)
  return { foreground: blend(painted, background), background }
}

const hex = (rgb: number[]) => `#${rgb.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`

function contrastFault(element: Element, style: CSSStyleDeclaration, text: string, minimums: ContrastMinimums): SlideMeasurement['lowContrast'] {
  const colours = textColours(element, style)
  if (!colours) return null
  const { foreground, background } = colours
  const ratio = contrastRatio(foreground, background)
  const fontSize = parseFloat(style.fontSize)
  const large = fontSize >= 24 || (fontSize >= 18.66 && Number(style.fontWeight) >= 700)
  const required = large ? minimums.large : minimums.normal
  if (ratio >= required - 0.005) return null
  const within = !element.closest('svg') ? null : element.closest('.td-chart') ? 'chart' : 'diagram'
  return { ratio: Math.round(ratio * 100) / 100, required, text: snippet(text), foreground: hex(foreground), background: hex(background), within }
}

/** The lines of text in `body`; the whole section (the branding line too) is read for contrast. */
export function readTextLines(section: Element, body: Element, contrast: ContrastMinimums | null): { lines: TextLine[]; lowContrast: SlideMeasurement['lowContrast'] } {
  const lines: TextLine[] = []
  let lowContrast: SlideMeasurement['lowContrast'] = null
  const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT)
  const range = document.createRange()
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement
    const text = node.textContent ?? ''
    // An SVG's stylesheet and its title are text of the document, not drawn.
    if (!element || !text.trim() || element.closest('aside.notes, style, script, title, desc, defs, metadata')) continue
    const style = getComputedStyle(element)
    if (style.visibility !== 'visible' || Number(style.opacity) === 0) continue
    if (body.contains(element)) {
      range.selectNodeContents(node)
      const fontSize = parseFloat(style.fontSize)
      const lineHeight = style.lineHeight === 'normal' ? fontSize * 1.2 : parseFloat(style.lineHeight)
      for (const rect of Array.from(range.getClientRects())) {
        if (rect.width < 1 || rect.height < 1) continue
        // The line as drawn: never taller than the line height (the font's ascent and descent may be).
        const height = Math.min(rect.height, lineHeight)
        const middle = (rect.top + rect.bottom) / 2
        lines.push({ box: { top: middle - height / 2, bottom: middle + height / 2, left: rect.left, right: rect.right }, element, text })
      }
    }
    if (contrast && !lowContrast) lowContrast = contrastFault(element, style, text, contrast)
  }
  return { lines, lowContrast }
}
