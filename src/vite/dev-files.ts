import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { batchContext } from '../browser/batch.js'
import { explainPageFailure } from '../browser/page-failure.js'
import { startBrowser, type BrowserSession, type LaunchOptions } from '../browser/session.js'
import { BrowserError, type Problem } from '../errors.js'
import type { ResolvedDeck } from '../deck/types.js'
import type { FormatOptions, LayoutAt, OutputFormat } from '../export/formats/format.js'
import { printPdf, type PrintCache } from '../export/pdf.js'
import type { SlideRenderer } from '../render/render-slides.js'

export interface DevFile {
  bytes: Uint8Array
  warnings: Problem[]
}

export interface DevFiles {
  /** The deck in `format`, as `talkdeck export` writes it with its default options (`layoutAt` reads the deck again at another size). */
  write(format: OutputFormat, deck: ResolvedDeck, renderer: SlideRenderer, layoutAt: LayoutAt): Promise<DevFile>
  /** A stylesheet, font or picture changed: parts printed before may look different now. */
  forgetPrintedParts(): void
  close(): Promise<void>
}

/** What `talkdeck export` uses when given no options. */
const EXPORT_DEFAULTS: FormatOptions = { fragments: false, perPage: 1, paper: 'a4', scale: 1, pptxTemplate: null, allowNetwork: false, layoutAt: null, onSlide: () => {} }

/**
 * The dev server's exported files, written by the formats `export` runs, in a browser started on
 * the first request that needs one and kept warm until the server closes. The PDF is printed by
 * `printPdf` directly, keeping its parts: a part whose slides did not change since the last print
 * is not printed again, so an edit reprints only its part.
 */
export function createDevFiles(launch: LaunchOptions = {}): DevFiles {
  let session: BrowserSession | undefined
  const cache: PrintCache = new Map()
  const withBrowser = async <T>(deck: ResolvedDeck, renderer: SlideRenderer, work: (session: BrowserSession) => Promise<T>): Promise<T> => {
    // The server closes the browser itself (the signal ends the server first).
    session ??= startBrowser({ ...launch, handleSignals: false })
    const current = session
    try {
      return await work(current)
    } catch (error) {
      // A browser that failed (did not start, crashed) is not kept, nor one whose page stopped
      // answering (a template's script): the next request starts another.
      if (error instanceof BrowserError && session === current) {
        session = undefined
        await current.close()
      }
      throw explainPageFailure(error, deck, renderer)
    }
  }
  return {
    async write(format, deck, renderer, layoutAt) {
      if (format.id === 'pdf') {
        return withBrowser(deck, renderer, (current) => printPdf(deck, renderer, batchContext(current), { layout: { kind: 'slides' }, fragments: false, allowNetwork: false, cache }))
      }
      const folder = await mkdtemp(path.join(os.tmpdir(), 'talkdeck-dev-'))
      try {
        const job = { deck, renderer, file: path.join(folder, format.fileName(deck.id)), options: { ...EXPORT_DEFAULTS, pptxTemplate: deck.pptx.template, layoutAt } }
        const written = format.needsBrowser ? await withBrowser(deck, renderer, (current) => format.write(job, batchContext(current))) : await format.write(job)
        return { bytes: await readFile(job.file), warnings: written.warnings }
      } finally {
        await rm(folder, { recursive: true, force: true })
      }
    },
    forgetPrintedParts() {
      cache.clear()
    },
    async close() {
      const current = session
      session = undefined
      await current?.close()
    },
  }
}
