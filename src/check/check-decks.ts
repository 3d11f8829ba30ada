import { TemplateError, type Problem } from '../errors.js'
import { runBrowserBatch, type BatchOptions } from '../browser/batch.js'
import { measureSlides } from '../browser/measure.js'
import { openPrintPage, writePrintPage } from '../browser/print-page.js'
import type { ResolvedDeck } from '../deck/types.js'
import type { SlideRenderer } from '../render/render-slides.js'
import { layoutFindings } from '../browser/layout-findings.js'

/**
 * Lays every deck out in one real browser at its slide size and reports what a person would see
 * wrong: text cut off or drawn over other text, slides showing nothing, text of low contrast.
 */
export async function checkLayout(decks: ResolvedDeck[], renderer: SlideRenderer, options: BatchOptions = {}): Promise<Problem[]> {
  const perDeck = await runBrowserBatch(decks, options, async (deck, { session, workDir }) => {
    const url = await writePrintPage(deck, renderer, workDir)
    return session.withPage(async (page) => {
      await openPrintPage(page, url)
      return layoutFindings(deck, await measureSlides(page, { contrast: true }), 'error')
    }, deck.size)
  })
  return perDeck.flat()
}

/** Renders every slide without a browser, so template mistakes are found by `check --no-browser`. */
export function checkRendering(decks: ResolvedDeck[], renderer: SlideRenderer): Problem[] {
  return decks.flatMap((deck) => {
    try {
      renderer.render(deck, { target: 'print', assetUrl: (file) => file })
      return []
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error
      return [{ severity: 'error' as const, code: 'template', deck: deck.id, ...(error.location ?? { file: deck.file }), message: error.detail }]
    }
  })
}
