/**
 * Reads the print page, laid out by Chromium at the deck's size, into `DeckGeometry`: where each
 * slide's title, text, cards, timeline, code, pictures and branding are, with their computed
 * fonts, sizes and colours. The PPTX writer places native shapes there, so a slide looks like the
 * deck and its text was already fitted by the same CSS that fits the PDF.
 *
 * What each element is for comes from the markup: a layout or partial marks it with `data-pptx`
 * (see MARKS); what is not marked is captured as what it is (generic.ts), and what shows but is
 * in no block is listed in the slide's `uncaptured`.
 */
import type { Block, DeckGeometry, SlideGeometry } from '../../export/pptx/geometry.js'
import { hexOf } from '../colors.js'
import { firstFamily } from '../css.js'
import { fillOf, pseudoBar } from './boxes.js'
import { captureCard, captureCode, captureLabel } from './capture-boxes.js'
import { captureChart } from './chart.js'
import { captureTable } from './table.js'
import { captureAgenda, captureSources, captureTimeline } from './capture-lists.js'
import { captureBadge, captureByline, captureCite, captureList, captureText, captureTitle } from './capture-text.js'
import { isTaken, markOf, type SlideCapture } from './capture.js'
import { capturePicturesAndCode, captureLooseText, findUncaptured } from './generic.js'
import { capturePicture } from './pictures.js'

export interface PptxMeasureOptions {
  /** Colour properties of the theme to read from `:root` (`--td-<name>`). */
  themeColors: string[]
  /** Pictures wider or taller than this are scaled down when converted to PNG. */
  maxSide: number
}

/** Marks whose element is one text box of that block role. */
const TEXT_MARKS = ['kicker', 'subtitle', 'lead', 'text', 'metric-value', 'metric-label', 'quote', 'quote-by', 'sources-asof', 'footer', 'slide-number'] as const

type Capture = (element: Element, capture: SlideCapture, maxSide: number) => void | Promise<void>

/**
 * What a `data-pptx` mark says an element is. `decoration` draws the element's own box and bars,
 * its content captured apart; `skip` leaves it out of the PowerPoint export on purpose.
 */
const MARKS: Record<string, Capture> = {
  ...Object.fromEntries(TEXT_MARKS.map((role) => [role, (element: Element, capture: SlideCapture) => captureText(role, element, capture)])),
  title: captureTitle,
  byline: captureByline,
  badge: captureBadge,
  list: captureList,
  cite: captureCite,
  card: (element, capture) => captureCard('card', element, capture),
  column: (element, capture) => captureCard('column', element, capture),
  code: captureCode,
  label: captureLabel,
  timeline: captureTimeline,
  agenda: captureAgenda,
  sources: captureSources,
  // A picture mark on a box (a diagram's figure, code that steps) takes the pictures and code in it.
  picture: (element, capture, maxSide) => (element instanceof HTMLImageElement ? capturePicture('image', element, capture, maxSide) : capturePicturesAndCode(element, capture, maxSide)),
  logo: (element, capture, maxSide) => (element instanceof HTMLImageElement ? capturePicture('logo', element, capture, maxSide) : undefined),
  chart: captureChart,
  table: captureTable,
  skip: () => undefined,
}

/** A decoration's own box (a filled band) and the bars CSS draws before and after it. */
function captureDecoration(element: Element, capture: SlideCapture): void {
  const fill = fillOf(getComputedStyle(element))
  if (fill.fill) capture.blocks.push({ role: 'rule', rect: capture.rectOf(element), shape: 'rect', ...fill })
  pseudoBar(element, '::before', 'top', capture)
  pseudoBar(element, '::after', 'bottom', capture)
}

async function measureSlide(section: HTMLElement, origin: DOMRect, maxSide: number): Promise<SlideGeometry> {
  const capture: SlideCapture = {
    blocks: [], pills: [], taken: new Set(), pictures: new Set(),
    rectOf: (element) => {
      const box = element.getBoundingClientRect()
      return { x: box.left - origin.left, y: box.top - origin.top, w: box.width, h: box.height }
    },
  }
  const marked = Array.from(section.querySelectorAll('[data-pptx]')).filter((element) => !element.closest('aside.notes'))
  for (const element of marked.filter((element) => markOf(element) === 'decoration')) captureDecoration(element, capture)
  // The title first, for the reading order; a layout that marks none has its first heading as the title.
  const body = section.querySelector('.td-body')
  const title = marked.find((element) => markOf(element) === 'title') ?? body?.querySelector('h1, h2')
  if (title) {
    captureTitle(title, capture)
    capture.taken.add(title)
  }
  for (const element of marked) {
    const captureMarked = MARKS[markOf(element) ?? '']
    if (!captureMarked || isTaken(capture, element) || getComputedStyle(element).display === 'none' || getComputedStyle(element).visibility === 'hidden') continue
    await captureMarked(element, capture, maxSide)
    capture.taken.add(element)
  }
  await capturePicturesAndCode(section, capture, maxSide)
  captureLooseText(section, capture)
  const blocks: Block[] = [...capture.blocks, ...capture.pills]
  return {
    id: section.id,
    layout: section.dataset.layout ?? '',
    ...(section.dataset.layoutFile ? { layoutFile: section.dataset.layoutFile } : {}),
    background: hexOf(getComputedStyle(body ?? section).backgroundColor),
    blocks,
    uncaptured: findUncaptured(section, capture),
  }
}

export async function measurePptx({ themeColors, maxSide }: PptxMeasureOptions): Promise<DeckGeometry> {
  const rootStyle = getComputedStyle(document.documentElement)
  const colors: Record<string, string> = {}
  for (const name of themeColors) {
    const value = rootStyle.getPropertyValue(`--td-${name}`).trim()
    if (value) colors[name] = hexOf(value)
  }
  const fonts = {
    heading: firstFamily(rootStyle.getPropertyValue('--td-font-heading')),
    body: firstFamily(rootStyle.getPropertyValue('--td-font-body')),
    mono: firstFamily(rootStyle.getPropertyValue('--td-font-mono')),
  }
  const sections = Array.from(document.querySelectorAll<HTMLElement>('.slides > section'))
  const first = sections[0]?.getBoundingClientRect()
  const slides: SlideGeometry[] = []
  for (const section of sections) slides.push(await measureSlide(section, section.getBoundingClientRect(), maxSide))
  return { width: first?.width ?? 0, height: first?.height ?? 0, theme: { colors, fonts }, slides }
}
