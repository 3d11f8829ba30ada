import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Page } from 'playwright-core'
import { OutputError, TalkdeckError, type Problem } from '../errors.js'
import { measureOverflow, overflowProblems } from '../check/overflow.js'
import type { ResolvedDeck } from '../deck/types.js'
import type { SlideRenderer } from '../render/render-slides.js'
import { escapeHtml } from '../render/markdown.js'
import type { LaunchOptions } from './browser.js'
import { openPrintPage, runBrowserBatch, type BatchContext } from './batch.js'
import { writePdfMetadata } from './metadata.js'
import { writePrintPage, type PrintFormat } from './print-page.js'
import { isRemoteUrl } from '../urls.js'

export interface ExportOptions {
  outDir: string
  /** @default 'pdf' */
  format?: PrintFormat
  /** Print every fragment step as its own page. @default false */
  fragments?: boolean
  /** Decks printed at the same time, each in its own page of the one browser. @default 2 */
  concurrency?: number
  browser?: LaunchOptions
  onProgress?: (event: ExportProgress) => void
}

export type ExportProgress =
  | { type: 'browser'; executablePath: string; seconds: number }
  | { type: 'deck'; result: ExportResult }

export interface ExportResult {
  deck: string
  file?: string
  pages?: number
  bytes?: number
  seconds: number
  warnings: Problem[]
  error?: TalkdeckError
}

export function outputFileName(deckId: string, format: PrintFormat): string {
  return format === 'handout' ? `${deckId}.handout.pdf` : `${deckId}.pdf`
}

/**
 * Exports decks to PDF with one browser for the whole batch. A deck that fails is reported and
 * the others are still written; on SIGINT/SIGTERM nothing partial is left and InterruptedError is
 * thrown after the browser is closed.
 */
export async function exportDecks(decks: ResolvedDeck[], renderer: SlideRenderer, options: ExportOptions): Promise<ExportResult[]> {
  const format = options.format ?? 'pdf'
  return runBrowserBatch(
    decks,
    {
      ...(options.browser ? { browser: options.browser } : {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      onBrowser: (executablePath, seconds) => options.onProgress?.({ type: 'browser', executablePath, seconds }),
    },
    (deck, context) => exportOne(deck, renderer, context, { ...options, format }),
    (result) => options.onProgress?.({ type: 'deck', result }),
  )
}

async function exportOne(
  deck: ResolvedDeck,
  renderer: SlideRenderer,
  { session, workDir, takeBlockedRequests }: BatchContext,
  options: ExportOptions & { format: PrintFormat },
): Promise<ExportResult> {
  const started = performance.now()
  const warnings: Problem[] = options.browser?.allowNetwork ? [] : remoteContentWarnings(deck)
  try {
    const url = await writePrintPage(deck, renderer, workDir, options.format)
    const pdf = await session.withPage(async (page) => {
      await openPrintPage(page, url)
      if (options.format === 'pdf') {
        warnings.push(...overflowProblems(deck, await measureOverflow(page), 'warning'))
        if (options.fragments) await expandFragments(page)
      }
      for (const url of takeBlockedRequests(page)) {
        warnings.push({ severity: 'warning', code: 'remote-blocked', deck: deck.id, file: deck.file, message: `blocked a request to ${url}: exports load nothing from the network (use --allow-network)` })
      }
      return page.pdf({
        printBackground: true,
        preferCSSPageSize: true,
        outline: true,
        tagged: true,
        ...(options.format === 'handout' ? handoutHeaderFooter(deck) : {}),
      })
    })
    const { bytes, pages } = await writePdfMetadata(pdf, deck)
    const file = path.join(options.outDir, outputFileName(deck.id, options.format))
    await writeFileAtomically(file, bytes)
    return { deck: deck.id, file, pages, bytes: bytes.length, seconds: (performance.now() - started) / 1000, warnings }
  } catch (error) {
    const failure = error instanceof TalkdeckError ? error : new OutputError(`deck ${deck.id}: export failed: ${(error as Error).message.split('\n')[0]}`, { cause: error })
    return { deck: deck.id, seconds: (performance.now() - started) / 1000, warnings, error: failure }
  }
}

/** Remote images are named by slide before the browser ever sees them. */
function remoteContentWarnings(deck: ResolvedDeck): Problem[] {
  return deck.slides.flatMap((slide) => {
    const source = slide.image?.src
    if (!source || !isRemoteUrl(source)) return []
    return [{ severity: 'warning' as const, code: 'remote-blocked', deck: deck.id, file: slide.origin.file, line: slide.origin.line, message: `slide ${slide.number} "${slide.title ?? slide.layout}": remote image ${source} is not loaded during export (use --allow-network)` }]
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
        // Repeated pages stay out of the outline: it lists each slide once, at its first page.
        copy.querySelectorAll('h1, h2').forEach((heading) => heading.setAttribute('aria-hidden', 'true'))
        copy.querySelectorAll<HTMLElement>('.fragment').forEach((f, i) => f.classList.toggle('td-fragment-pending', Number(f.dataset.fragmentIndex ?? i) > step))
        previous.after(copy)
        previous = copy
      })
      section.querySelectorAll<HTMLElement>('.fragment').forEach((f) => f.classList.add('td-fragment-pending'))
    }
  })
}

function handoutHeaderFooter(deck: ResolvedDeck) {
  const style = 'font-family: sans-serif; font-size: 8pt; color: #555; width: 100%; margin: 0 16mm;'
  return {
    displayHeaderFooter: true,
    headerTemplate: `<div style="${style} display: flex; justify-content: space-between;"><span>${escapeHtml(deck.title)}</span><span>${escapeHtml(deck.author ?? '')}</span></div>`,
    footerTemplate: `<div style="${style} text-align: center;">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`,
  }
}

/** Written beside the target and renamed over it: a failure never leaves a truncated PDF. */
export async function writeFileAtomically(file: string, bytes: Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const temporary = `${file}.tmp-${process.pid}-${Date.now()}`
  try {
    await writeFile(temporary, bytes)
    await rename(temporary, file)
  } catch (error) {
    await rm(temporary, { force: true })
    throw new OutputError(`could not write ${file}: ${(error as Error).message}`, { cause: error })
  }
}
