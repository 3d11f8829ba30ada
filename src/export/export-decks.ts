import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { runBrowserBatch, type BatchContext, type BatchOptions } from '../browser/batch.js'
import { explainPageFailure } from '../browser/page-failure.js'
import { TalkdeckError, type DeckResult, type Problem } from '../errors.js'
import type { ResolvedDeck } from '../deck/types.js'
import type { HandoutPerPage, PaperSize } from '../render/pages.js'
import type { SlideRenderer } from '../render/render-slides.js'
import type { LayoutAt, OutputFormat } from './formats/format.js'
import { resolveFormats } from './formats/registry.js'

export interface ExportOptions extends BatchOptions {
  outDir: string
  /** Ids of the formats to write (see `outputFormats()`), each also a comma-separated list. @default ['pdf'] */
  formats?: string[]
  /** Print every fragment step as its own page. @default false */
  fragments?: boolean
  /** Slides a handout page holds. @default 1 */
  perPage?: HandoutPerPage
  /** @default 'a4' */
  paper?: PaperSize
  /** PNG: pixels per CSS pixel of the slide. @default 1 */
  scale?: number
  /** A PowerPoint template for every deck, over each deck's `pptx.template`. */
  pptxTemplate?: string
  /** Reads a deck again at another size, for a PowerPoint template of another shape; without it such a deck is scaled into the template. */
  layoutAt?: LayoutAt
  onProgress?: (event: ExportProgress) => void
}

export interface ExportedFile {
  /** The format's id. */
  format: string
  file: string
  pages: number
  bytes: number
  seconds: number
}

export type ExportProgress =
  /** The decks are read (`exportProject`): how many will be written, and what was found in them. */
  | { type: 'loaded'; decks: number; problems: Problem[] }
  | { type: 'browser'; executablePath: string; seconds: number }
  | { type: 'deck'; result: DeckResult<ExportedFile[]> }
  /** PNG: a deck's pictures as they are taken. */
  | { type: 'slides'; deck: string; done: number; total: number }

/**
 * Exports decks to every format asked for. Formats drawn by the browser share one browser for the
 * whole batch; when none is asked for, no browser is started. A deck that fails is reported and
 * the others are still written; on SIGINT/SIGTERM nothing partial is left and InterruptedError is
 * thrown after the browser is closed.
 */
export async function exportDecks(decks: ResolvedDeck[], renderer: SlideRenderer, options: ExportOptions): Promise<DeckResult<ExportedFile[]>[]> {
  const formats = resolveFormats(options.formats ?? [])
  const templateOf = (deck: ResolvedDeck) => options.pptxTemplate ?? deck.pptx.template
  if (formats.some((format) => format.id === 'pptx')) {
    // A bad template is the user's mistake for the whole run: refused before anything is written.
    const { readTemplate } = await import('./pptx/read-template.js')
    for (const template of new Set(decks.map(templateOf))) if (template) await readTemplate(template, {})
  }
  const exportDeck = async (deck: ResolvedDeck, browser: BatchContext | null): Promise<DeckResult<ExportedFile[]>> => {
    const files: ExportedFile[] = []
    const problems: Problem[] = []
    const formatOptions = {
      fragments: options.fragments ?? false,
      perPage: options.perPage ?? 1,
      paper: options.paper ?? 'a4',
      scale: options.scale ?? 1,
      pptxTemplate: templateOf(deck),
      allowNetwork: options.browser?.allowNetwork ?? false,
      layoutAt: options.layoutAt ?? null,
      onSlide: (done: number, total: number) => options.onProgress?.({ type: 'slides', deck: deck.id, done, total }),
    }
    try {
      for (const format of formats) {
        const started = performance.now()
        const job = { deck, renderer, file: path.join(options.outDir, format.fileName(deck.id)), options: formatOptions }
        const written = await writeFormat(format, job, browser)
        problems.push(...written.warnings)
        files.push({ format: format.id, file: job.file, pages: written.pages, bytes: written.bytes, seconds: (performance.now() - started) / 1000 })
      }
      return { deck: deck.id, ok: true, value: files, problems }
    } catch (caught) {
      // The browser layer reports what went wrong with the browser as BrowserErrors; a page that
      // failed is told as the deck's, naming the script of its templates that likely caused it.
      const error = explainPageFailure(caught, deck, renderer)
      if (error instanceof TalkdeckError) return { deck: deck.id, ok: false, error, problems }
      throw error
    }
  }
  const onResult = (result: DeckResult<ExportedFile[]>) => options.onProgress?.({ type: 'deck', result })
  if (!formats.some((format) => format.needsBrowser)) {
    const results: DeckResult<ExportedFile[]>[] = []
    for (const deck of decks) {
      results.push(await exportDeck(deck, null))
      onResult(results.at(-1) as DeckResult<ExportedFile[]>)
    }
    return results
  }
  const batch = { ...options, onBrowser: (executablePath: string, seconds: number) => options.onProgress?.({ type: 'browser', executablePath, seconds }) }
  return runBrowserBatch(decks, batch, exportDeck, onResult)
}

function writeFormat(format: OutputFormat, job: Parameters<OutputFormat['write']>[0], browser: BatchContext | null) {
  if (!format.needsBrowser) return format.write(job)
  // Only a batch without browser formats runs without a browser.
  if (!browser) throw new Error(`format ${format.id} needs the batch's browser`)
  return format.write(job, browser)
}
