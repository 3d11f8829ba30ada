import { createHash } from 'node:crypto'
import type { BatchContext } from '../browser/batch.js'
import { measureSlides, type SlideMeasurement } from '../browser/measure.js'
import type { BrowserPage } from '../browser/page.js'
import { anchorsOf, linkTargetsOf, renderPrintHtml, renderPrintSlides, showPrintPage, type PrintLayout } from '../browser/print-page.js'
import { blockedRequestWarnings, layoutFindings } from '../browser/layout-findings.js'
import { DEFAULTS } from '../defaults.js'
import { PageFailedError, type Problem } from '../errors.js'
import type { ResolvedDeck } from '../deck/types.js'
import { renderHandoutHeaderFooter } from '../render/pages.js'
import type { SlideRenderer } from '../render/render-slides.js'
import { isRemoteUrl } from '../urls.js'
import { assemblePdf } from './assemble-pdf.js'
import type { OutlineEntry } from './outline.js'

export interface PrintOptions {
  layout: PrintLayout
  /** Print every fragment step as its own page. */
  fragments: boolean
  allowNetwork: boolean
  /** Slides printed in one go. @default DEFAULTS.slidesPerPrint */
  slidesPerPrint?: number
  /**
   * Parts printed by earlier calls, kept by a caller that prints the same deck again (the dev
   * server): a part whose page has not changed is not printed again. Nothing else differs, so
   * the file is the one a fresh export writes.
   */
  cache?: PrintCache
}

export interface PrintedPdf {
  bytes: Uint8Array
  pages: number
  warnings: Problem[]
}

/** One part of a deck as Chromium printed it, with what was read from its page on the way. */
interface PrintedPart {
  pdf: Uint8Array
  /** Pages the part printed (more than its slides when fragments are expanded). */
  pages: number
  /** Per slide of the part: the page it starts on (in the part) and its heading. */
  headings: { page: number; heading: string }[]
  /** What the part's page says of its slides: their measurements and the requests it blocked. */
  measurements: SlideMeasurement[]
  blocked: string[]
}

/** Printed parts by deck, then by the digest of their page. */
export type PrintCache = Map<string, Map<string, PrintedPart>>

/**
 * Consecutive slide ranges of at most `size` slides, as even as can be. Fixed by the deck alone
 * (never by the machine), so that every run prints the same parts and writes the same file.
 */
export function partsOf(count: number, size: number): { start: number; end: number }[] {
  const parts = Math.max(1, Math.ceil(count / size))
  return Array.from({ length: parts }, (_, index) => ({ start: Math.round((index * count) / parts), end: Math.round(((index + 1) * count) / parts) }))
}

/**
 * Prints one deck (or its handout) to PDF bytes with the batch's browser. The slides are printed
 * in parts of at most `slidesPerPrint`, side by side in the batch's pages: each part's
 * static print page laid out at the deck's size, measured for overflow and printed; then the
 * parts are put together with the deck's metadata and an outline built from the deck. A handout
 * is printed in one part.
 */
export async function printPdf(deck: ResolvedDeck, renderer: SlideRenderer, context: BatchContext, options: PrintOptions): Promise<PrintedPdf> {
  const warnings: Problem[] = options.allowNetwork ? [] : remoteContentWarnings(deck)
  const slides = renderPrintSlides(deck, renderer)
  const handout = options.layout.kind === 'handout'
  const ranges = handout ? [{ start: 0, end: slides.length }] : partsOf(slides.length, options.slidesPerPrint ?? DEFAULTS.slidesPerPrint)
  const anchors = ranges.length > 1 ? slides.map(anchorsOf) : []
  const cached = options.cache?.get(deck.id)
  const used = new Map<string, PrintedPart>()
  const parts = await Promise.all(
    ranges.map(async (range) => {
      const inPart = (index: number) => index >= range.start && index < range.end
      // Only the anchors this part links to: an edit elsewhere (a retitled slide) leaves it as it was.
      const targets = new Set(slides.slice(range.start, range.end).flatMap(linkTargetsOf))
      const html = renderPrintHtml(deck, slides.slice(range.start, range.end), options.layout, {
        own: anchors.flatMap((ids, index) => (inPart(index) ? ids : [])),
        elsewhere: anchors.flatMap((ids, index) => (inPart(index) ? [] : ids.filter((id) => targets.has(id)))),
      })
      const key = createHash('sha256').update(`${options.fragments}\0${html}`).digest('hex')
      const part = cached?.get(key) ?? (await printPart(deck, html, range.end - range.start, context, options))
      used.set(key, part)
      return part
    }),
  )

  const outline: OutlineEntry[] = []
  let section: OutlineEntry | undefined
  let firstPage = 0
  parts.forEach((part, index) => {
    const range = ranges[index] as { start: number; end: number }
    // The bookmarks: a divider slide opens a section and the slides after it nest under it. Titles
    // are the headings' words as written (not as Chromium broke them into lines); each slide is
    // listed once, at its first page (fragment steps repeat a slide on later pages).
    part.headings.forEach((found, offset) => {
      const slide = deck.slides[range.start + offset]
      if (!slide) return
      const entry = { title: found.heading || slide.title || slide.layout, page: firstPage + found.page, children: [] }
      if (slide.role === 'divider') {
        section = entry
        outline.push(entry)
      } else if (section) section.children.push(entry)
      else outline.push(entry)
    })
    firstPage += part.pages
  })
  // Putting the parts together holds the event loop for 0.05–0.1 s: the next deck's page, waiting
  // for this one's, is sent on first, so that the browser lays it out meanwhile.
  await new Promise((resolve) => setImmediate(resolve))
  const { bytes, pages } = await assemblePdf(
    parts.map((part) => part.pdf),
    deck,
    outline,
  )
  parts.forEach(({ measurements, blocked }, index) => {
    const range = ranges[index] as { start: number; end: number }
    warnings.push(...layoutFindings(deck, measurements.map((measured) => ({ ...measured, index: measured.index + range.start })), 'warning'))
    warnings.push(...blockedRequestWarnings(deck, blocked, renderer))
  })
  // Only the parts of this version stay: an edited slide's old part is not needed again.
  options.cache?.set(deck.id, used)
  return { bytes, pages, warnings }
}

async function printPart(deck: ResolvedDeck, html: string, slides: number, { session, takeBlockedRequests }: BatchContext, options: PrintOptions): Promise<PrintedPart> {
  const handout = options.layout.kind === 'handout'
  // The page is free for the next part or deck once it has printed and been read, before its PDF arrives.
  const part = await session.withPage(async (page) => {
    await showPrintPage(page, html, deck)
    // Measured in front of the print (slides with fragment steps before the steps are expanded):
    // measuring after it, while the browser composes the PDF, saved no measurable time (issue 25).
    const measurements = handout ? [] : await measureAndExpand(page, options.fragments)
    const { pdf } = await page.startPdf({ ...(handout ? renderHandoutHeaderFooter(deck) : {}), pages: slides })
    const read = handout ? { headings: [], pages: 0 } : await readHeadings(page)
    // A script of the page's own can replace the document (document.write): its PDF is not the deck's.
    if (!handout && read.headings.length < slides) throw new PageFailedError('printing the PDF', 'changed', `the page held ${read.headings.length} of its ${slides} slides when it was printed`)
    return { pdf, ...read, measurements, blocked: takeBlockedRequests(page) }
  }, deck.size)
  return { ...part, pdf: await part.pdf }
}

/** The slides of an open print page measured, then their fragment steps expanded when asked. */
async function measureAndExpand(page: BrowserPage, fragments: boolean): Promise<SlideMeasurement[]> {
  const measurements = await measureSlides(page)
  if (fragments) await expandFragments(page)
  return measurements
}

/** The slides of an open print page as every export shows them: measured for what a person sees wrong, fragment steps expanded when asked. */
export async function prepareSlides(page: BrowserPage, deck: ResolvedDeck, fragments: boolean): Promise<Problem[]> {
  return layoutFindings(deck, await measureAndExpand(page, fragments), 'warning')
}


/** Each slide's first page and heading, and how many pages the print page has. */
function readHeadings(page: BrowserPage): Promise<{ headings: { page: number; heading: string }[]; pages: number }> {
  return page.evaluate(() => {
    const sections = Array.from(document.querySelectorAll<HTMLElement>('.slides > section'))
    return {
      headings: sections.flatMap((section, index) => (section.id ? [{ page: index, heading: (section.querySelector('.td-body h1, .td-body h2')?.textContent ?? '').replace(/\s+/g, ' ').trim() }] : [])),
      pages: sections.length,
    }
  })
}

/** Remote images are named by slide before the browser ever sees them. */
export function remoteContentWarnings(deck: ResolvedDeck): Problem[] {
  return deck.slides.flatMap((slide) => {
    const source = slide.image?.src
    if (!source || !isRemoteUrl(source)) return []
    return [{ severity: 'warning' as const, code: 'remote-blocked', deck: deck.id, file: slide.origin.file, ...(slide.origin.line ? { line: slide.origin.line } : {}), message: `slide ${slide.number} "${slide.title ?? slide.layout}": remote image ${source} is not loaded during export (use --allow-network)` }]
  })
}

/** Each fragment step becomes its own page: the slide is repeated, revealing one more step each time. */
async function expandFragments(page: BrowserPage): Promise<void> {
  await page.evaluate(() => {
    for (const section of Array.from(document.querySelectorAll<HTMLElement>('.slides > section'))) {
      const fragments = Array.from(section.querySelectorAll<HTMLElement>('.fragment'))
      if (fragments.length === 0) continue
      const steps = [...new Set(fragments.map((f, i) => Number(f.dataset.fragmentIndex ?? i)))].sort((a, b) => a - b)
      let previous: HTMLElement = section
      // The original, all steps hidden, keeps the anchor so links land on the slide's first page.
      steps.forEach((step) => {
        const copy = section.cloneNode(true) as HTMLElement
        copy.removeAttribute('id')
        copy.querySelectorAll<HTMLElement>('.fragment').forEach((f, i) => f.classList.toggle('td-fragment-pending', Number(f.dataset.fragmentIndex ?? i) > step))
        previous.after(copy)
        previous = copy
      })
      section.querySelectorAll<HTMLElement>('.fragment').forEach((f) => f.classList.add('td-fragment-pending'))
    }
  })
}
