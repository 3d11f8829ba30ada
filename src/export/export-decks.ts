import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { runBrowserBatch, type BatchContext, type BatchOptions } from '../browser/batch.js'
import { explainPageFailure } from '../browser/page-failure.js'
import { openPrintPage, writePrintPage } from '../browser/print-page.js'
import { TalkdeckError, type DeckResult, type Problem } from '../errors.js'
import type { ResolvedDeck } from '../deck/types.js'
import { writeFileAtomically } from '../output/write-atomic.js'
import type { HandoutPerPage, PaperSize } from '../render/pages.js'
import type { SlideRenderer } from '../render/render-slides.js'
import { printPdf } from './pdf.js'
import { printPngs, writeSlideImages } from './png.js'

export const EXPORT_FORMATS = ['pdf', 'handout', 'pptx', 'png'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export interface ExportOptions extends BatchOptions {
  outDir: string
  /** @default ['pdf'] */
  formats?: ExportFormat[]
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
  onProgress?: (event: ExportProgress) => void
}

export interface ExportedFile {
  format: ExportFormat
  file: string
  pages: number
  bytes: number
  seconds: number
}

export type ExportProgress =
  | { type: 'browser'; executablePath: string; seconds: number }
  | { type: 'deck'; result: DeckResult<ExportedFile[]> }
  /** PNG: a deck's pictures as they are taken. */
  | { type: 'slides'; deck: string; done: number; total: number }

/** Where a format is written in the output folder; PNG writes a picture per slide into the deck's folder. */
export function outputFileName(deckId: string, format: ExportFormat): string {
  if (format === 'png') return deckId
  return format === 'handout' ? `${deckId}.handout.pdf` : `${deckId}.${format}`
}

/**
 * Exports decks to every format asked for, with one browser for the whole batch. A deck that
 * fails is reported and the others are still written; on SIGINT/SIGTERM nothing partial is left
 * and InterruptedError is thrown after the browser is closed.
 */
export async function exportDecks(decks: ResolvedDeck[], renderer: SlideRenderer, options: ExportOptions): Promise<DeckResult<ExportedFile[]>[]> {
  const formats = options.formats ?? ['pdf']
  const templateOf = (deck: ResolvedDeck) => options.pptxTemplate ?? deck.pptx.template
  if (formats.includes('pptx')) {
    // A bad template is the user's mistake for the whole run: refused before anything is written.
    // The PowerPoint writer is loaded only when asked for: a PDF export does not pay for it.
    const { readTemplate } = await import('./pptx/read-template.js')
    for (const template of new Set(decks.map(templateOf))) if (template) await readTemplate(template, {})
  }
  return runBrowserBatch(
    decks,
    { ...options, onBrowser: (executablePath, seconds) => options.onProgress?.({ type: 'browser', executablePath, seconds }) },
    async (deck, context): Promise<DeckResult<ExportedFile[]>> => {
      const files: ExportedFile[] = []
      const problems: Problem[] = []
      try {
        for (const format of formats) {
          const started = performance.now()
          const file = path.join(options.outDir, outputFileName(deck.id, format))
          const allowNetwork = options.browser?.allowNetwork ?? false
          if (format === 'png') {
            const printed = await printPngs(deck, renderer, context, {
              scale: options.scale ?? 1,
              fragments: options.fragments ?? false,
              allowNetwork,
              onSlide: (done, total) => options.onProgress?.({ type: 'slides', deck: deck.id, done, total }),
            })
            problems.push(...printed.warnings)
            await writeSlideImages(file, printed.images)
            const bytes = printed.images.reduce((sum, image) => sum + image.length, 0)
            files.push({ format, file, pages: printed.images.length, bytes, seconds: (performance.now() - started) / 1000 })
            continue
          }
          const printed =
            format === 'pptx'
              ? await makePptx(deck, renderer, context, templateOf(deck))
              : await printPdf(deck, renderer, context, {
                  layout: format === 'handout' ? { kind: 'handout', perPage: options.perPage ?? 1, paper: options.paper ?? 'a4' } : { kind: 'slides' },
                  fragments: options.fragments ?? false,
                  allowNetwork,
                })
          problems.push(...printed.warnings)
          await writeFileAtomically(file, printed.bytes)
          files.push({ format, file, pages: printed.pages, bytes: printed.bytes.length, seconds: (performance.now() - started) / 1000 })
        }
        return { deck: deck.id, ok: true, value: files, problems }
      } catch (caught) {
        // The browser layer reports what went wrong with the browser as BrowserErrors; a page that
        // failed is told as the deck's, naming the script of its templates that likely caused it.
        const error = explainPageFailure(caught, deck, renderer)
        if (error instanceof TalkdeckError) return { deck: deck.id, ok: false, error, problems }
        throw error
      }
    },
    (result) => options.onProgress?.({ type: 'deck', result }),
  )
}

/** The deck laid out in the browser once, then written as native PowerPoint shapes at those places. */
async function makePptx(deck: ResolvedDeck, renderer: SlideRenderer, { session, workDir }: BatchContext, template: string | null): Promise<{ bytes: Uint8Array; pages: number; warnings: Problem[] }> {
  const { measureSlides: measurePptxGeometry, renderPptx } = await import('./pptx/index.js')
  const url = await writePrintPage(deck, renderer, workDir)
  const geometry = await session.withPage(async (page) => {
    await openPrintPage(page, url, deck)
    return measurePptxGeometry(page)
  }, deck.size)
  const pptx = await renderPptx(deck, { geometry, template })
  return { bytes: pptx.bytes, pages: pptx.slides, warnings: pptx.warnings }
}
