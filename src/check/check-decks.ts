import { TemplateError, type Problem } from '../errors.js'
import { runBrowserBatch, type BatchOptions } from '../browser/batch.js'
import { measureSlides } from '../browser/measure.js'
import { openPrintPage, writePrintPage } from '../browser/print-page.js'
import type { ResolvedDeck } from '../deck/types.js'
import type { SlideRenderer } from '../render/render-slides.js'
import { blockedRequestWarnings, layoutFindings } from '../browser/layout-findings.js'
import { mayReadFile } from '../browser/network.js'
import { explainPageFailure } from '../browser/page-failure.js'

/**
 * Lays every deck out in one real browser at its slide size and reports what a person would see
 * wrong: text cut off or drawn over other text, slides showing nothing, text of low contrast.
 */
export async function checkLayout(decks: ResolvedDeck[], renderer: SlideRenderer, options: BatchOptions = {}): Promise<Problem[]> {
  const perDeck = await runBrowserBatch(decks, options, async (deck, { session, workDir, takeBlockedRequests }) => {
    const url = await writePrintPage(deck, renderer, workDir)
    try {
      return await session.withPage(async (page) => {
        await openPrintPage(page, url, deck)
        // A file a template names was reported by checkRendering already; these are the others (a theme's, a script's).
        const blocked = blockedRequestWarnings(deck, takeBlockedRequests(page), renderer).filter((problem) => problem.code !== 'file-blocked' || problem.file === deck.file)
        return [...layoutFindings(deck, await measureSlides(page, { contrast: true }), 'error'), ...blocked]
      }, deck.size)
    } catch (caught) {
      // A page that failed (a template's script) is that deck's finding; the other decks are still checked.
      const error = explainPageFailure(caught, deck, renderer)
      if (!(error instanceof TemplateError)) throw error
      return [{ severity: 'error' as const, code: 'page-script', deck: deck.id, ...(error.location ?? { file: deck.file }), message: error.detail }]
    }
  })
  return perDeck.flat()
}

/**
 * Renders every slide without a browser, so template mistakes are found by `check --no-browser`;
 * with them, the files outside the project a template names (`file:///etc/passwd`), which no page
 * of talkdeck's will read.
 */
export function checkRendering(decks: ResolvedDeck[], renderer: SlideRenderer): Problem[] {
  const reported = new Set<string>()
  return decks.flatMap((deck) => {
    try {
      const html = renderer.render(deck, { target: 'print', assetUrl: (file) => file }).join('\n')
      const urls = [...new Set(Array.from(html.matchAll(/file:\/\/[^\s"'<>)]+/gi), ([url]) => url))]
      return blockedRequestWarnings(deck, urls.filter((url) => !mayReadFile(url, deck.readableFolders)), renderer).filter((problem) => {
        const key = `${problem.file}:${problem.line}:${problem.message}`
        return !reported.has(key) && reported.add(key)
      })
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error
      return [{ severity: 'error' as const, code: 'template', deck: deck.id, ...(error.location ?? { file: deck.file }), message: error.detail }]
    }
  })
}
