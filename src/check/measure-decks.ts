import type { Problem } from '../errors.js'
import type { ResolvedDeck } from '../deck/types.js'
import { openPrintPage, runBrowserBatch, type BatchOptions } from '../export/batch.js'
import { writePrintPage } from '../export/print-page.js'
import type { SlideRenderer } from '../render/render-slides.js'
import { measureOverflow, overflowProblems } from './overflow.js'

/**
 * Lays every deck out in one real browser at its slide size and reports each slide whose content
 * does not fit. For `check`, cut-off text is an error: the talk should not go ahead with it.
 */
export async function checkOverflow(decks: ResolvedDeck[], renderer: SlideRenderer, options: BatchOptions = {}): Promise<Problem[]> {
  const perDeck = await runBrowserBatch(decks, options, async (deck, { session, workDir }) => {
    const url = await writePrintPage(deck, renderer, workDir, 'pdf')
    return session.withPage(async (page) => {
      await openPrintPage(page, url)
      return overflowProblems(deck, await measureOverflow(page), 'error')
    })
  })
  return perDeck.flat()
}
