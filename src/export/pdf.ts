import type { Page } from 'playwright-core'
import type { BatchContext } from '../browser/batch.js'
import { measureSlides } from '../browser/measure.js'
import { openPrintPage, writePrintPage, type PrintLayout } from '../browser/print-page.js'
import { layoutFindings } from '../browser/layout-findings.js'
import type { Problem } from '../errors.js'
import type { ResolvedDeck } from '../deck/types.js'
import { renderHandoutHeaderFooter } from '../render/pages.js'
import type { SlideRenderer } from '../render/render-slides.js'
import { isRemoteUrl } from '../urls.js'
import { writePdfMetadata } from './metadata.js'
import type { OutlineEntry } from './outline.js'

export interface PrintOptions {
  layout: PrintLayout
  /** Print every fragment step as its own page. */
  fragments: boolean
  allowNetwork: boolean
}

export interface PrintedPdf {
  bytes: Uint8Array
  pages: number
  warnings: Problem[]
}

/**
 * Prints one deck (or its handout) to PDF bytes in a page of the batch's browser: the static print
 * page laid out at the deck's size, measured for overflow, printed, then given its metadata and an
 * outline built from the deck.
 */
export async function printPdf(deck: ResolvedDeck, renderer: SlideRenderer, { session, workDir, takeBlockedRequests }: BatchContext, options: PrintOptions): Promise<PrintedPdf> {
  const warnings: Problem[] = options.allowNetwork ? [] : remoteContentWarnings(deck)
  const url = await writePrintPage(deck, renderer, workDir, options.layout)
  const handout = options.layout.kind === 'handout'
  const { pdf, outline } = await session.withPage(async (page) => {
    await openPrintPage(page, url)
    let outline: OutlineEntry[] = []
    if (!handout) {
      warnings.push(...(await prepareSlides(page, deck, options.fragments)))
      outline = await readOutline(page, deck)
    }
    warnings.push(...blockedRequestWarnings(deck, takeBlockedRequests(page)))
    const pdf = await page.pdf({
      printBackground: true,
      preferCSSPageSize: true,
      tagged: true,
      outline: false,
      ...(handout ? { displayHeaderFooter: true, ...renderHandoutHeaderFooter(deck) } : {}),
    })
    return { pdf, outline }
  }, deck.size)
  const { bytes, pages } = await writePdfMetadata(pdf, deck, outline)
  return { bytes, pages, warnings }
}

/** The slides of an open print page as every export shows them: measured for what a person sees wrong, fragment steps expanded when asked. */
export async function prepareSlides(page: Page, deck: ResolvedDeck, fragments: boolean): Promise<Problem[]> {
  const findings = layoutFindings(deck, await measureSlides(page), 'warning')
  if (fragments) await expandFragments(page)
  return findings
}

export function blockedRequestWarnings(deck: ResolvedDeck, urls: string[]): Problem[] {
  return urls.map((url) => ({ severity: 'warning', code: 'remote-blocked', deck: deck.id, file: deck.file, message: `blocked a request to ${url}: exports load nothing from the network (use --allow-network)` }))
}

/**
 * The bookmarks: a divider slide opens a section and the slides after it nest under it. Titles
 * are the headings' words as written (not as Chromium broke them into lines); each slide is listed
 * once, at its first page (fragment steps repeat a slide on later pages).
 */
async function readOutline(page: Page, deck: ResolvedDeck): Promise<OutlineEntry[]> {
  const headings = await page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.slides > section')).flatMap((section, index) =>
      section.id ? [{ page: index, heading: (section.querySelector('.td-body h1, .td-body h2')?.textContent ?? '').replace(/\s+/g, ' ').trim() }] : [],
    ),
  )
  const entries: OutlineEntry[] = []
  let section: OutlineEntry | undefined
  deck.slides.forEach((slide, index) => {
    const found = headings[index]
    if (!found) return
    const entry = { title: found.heading || slide.title || slide.layout, page: found.page, children: [] }
    if (slide.role === 'divider') {
      section = entry
      entries.push(entry)
    } else if (section) section.children.push(entry)
    else entries.push(entry)
  })
  return entries
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
async function expandFragments(page: Page): Promise<void> {
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
