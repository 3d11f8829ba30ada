/**
 * A chart for PowerPoint: its numbers from the `data-chart` the slide carries, its colours from
 * the theme (`--td-chart-1…6`, the text colour and the body font), so the writer draws a native
 * chart a manager can restyle or update instead of a picture of one.
 */
import type { ChartBlock } from '../../export/pptx/geometry.js'
import { hexOf } from '../colors.js'
import { firstFamily } from '../css.js'
import type { SlideCapture } from './capture.js'

/** As many series colours as the theme declares (layouts.css: --td-chart-1 … --td-chart-6). */
const SERIES_COLORS = 6

export function captureChart(element: Element, capture: SlideCapture): void {
  const written = element.getAttribute('data-chart')
  if (!written) return
  const numbers = JSON.parse(written) as Omit<ChartBlock, 'colors' | 'text' | 'font'>
  const style = getComputedStyle(element)
  const colors = Array.from({ length: SERIES_COLORS }, (_, index) => style.getPropertyValue(`--td-chart-${index + 1}`).trim()).filter(Boolean).map(hexOf)
  capture.blocks.push({ role: 'chart', rect: capture.rectOf(element), chart: { ...numbers, colors, text: hexOf(style.color), font: firstFamily(style.fontFamily) } })
  // The SVG is the same chart drawn for the screen: the native chart stands in its place.
  for (const svg of Array.from(element.querySelectorAll('svg'))) capture.pictures.add(svg)
}
