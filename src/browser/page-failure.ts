import { BrowserError, PageFailedError, TemplateError, formatLocation } from '../errors.js'
import type { ResolvedDeck } from '../deck/types.js'
import type { SlideRenderer } from '../render/render-slides.js'

/** What a script of the page's own does to end up so, by how the page failed. */
const LIKELY = {
  timeout: 'a script that loops or waits (for (;;), a long synchronous loop, alert() or print())',
  crashed: 'a script that used up the memory or moved the page away (location, window.close())',
  changed: 'a script that replaced the document or moved the page away (document.write, location)',
} as const

/**
 * A page's failure told as the deck's: which deck, what talkdeck was doing, and where the scripts
 * of the deck's templates are — talkdeck's own pages have none, so one of them is the likely cause
 * and the failure is the template's (exit code 3). Any other error is returned as it is.
 */
export function explainPageFailure(error: unknown, deck: ResolvedDeck, renderer: SlideRenderer): unknown {
  if (!(error instanceof PageFailedError)) return error
  const scripts = renderer.findInTemplates(deck, /<script[\s>]/i)
  if (scripts.length === 0) return new BrowserError(`deck ${deck.id}: ${error.message}`, { cause: error })
  const where = scripts.map(formatLocation).join(', ')
  return new TemplateError(`deck ${deck.id}: ${error.message}; likely ${LIKELY[error.reason]} in ${where}`, { location: scripts[0], cause: error })
}
