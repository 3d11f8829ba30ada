import { batchContext } from '../browser/batch.js'
import { explainPageFailure } from '../browser/page-failure.js'
import { startBrowser, type BrowserSession, type LaunchOptions } from '../browser/session.js'
import { BrowserError } from '../errors.js'
import type { ResolvedDeck } from '../deck/types.js'
import { printPdf, type PrintCache, type PrintedPdf } from '../export/pdf.js'
import type { SlideRenderer } from '../render/render-slides.js'

export interface DevPdf {
  /** The deck's PDF, as `talkdeck export` writes it. */
  print(deck: ResolvedDeck, renderer: SlideRenderer): Promise<PrintedPdf>
  /** A stylesheet, font or picture changed: parts printed before may look different now. */
  forgetPrintedParts(): void
  close(): Promise<void>
}

/**
 * The dev server's PDFs, printed by `printPdf` — the code `export` runs — in a browser started on
 * the first request and kept warm until the server closes. Parts of a deck whose slides did not
 * change since the last print are not printed again, so an edit reprints only its part.
 */
export function createDevPdf(launch: LaunchOptions = {}): DevPdf {
  let session: BrowserSession | undefined
  const cache: PrintCache = new Map()
  return {
    async print(deck, renderer) {
      // The server closes the browser itself (the signal ends the server first).
      session ??= startBrowser({ ...launch, handleSignals: false })
      const current = session
      try {
        return await printPdf(deck, renderer, batchContext(current), { layout: { kind: 'slides' }, fragments: false, allowNetwork: false, cache })
      } catch (error) {
        // A browser that failed (did not start, crashed) is not kept, nor one whose page stopped
        // answering (a template's script): the next request starts another.
        if (error instanceof BrowserError && session === current) {
          session = undefined
          await current.close()
        }
        throw explainPageFailure(error, deck, renderer)
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
