/**
 * What a slide shows that the PPTX does not hold (a CSS background picture, a `<canvas>`, text a
 * layout's capture left out), as warnings at the slide's deck line naming the layout's file: a
 * project's own layout must work in PowerPoint or say what it loses, never drop it silently.
 */
import type { ResolvedDeck } from '../../deck/types.js'
import type { Problem } from '../../errors.js'
import type { DeckGeometry } from './geometry.js'

export function uncapturedWarnings(deck: ResolvedDeck, geometry: DeckGeometry): Problem[] {
  return geometry.slides.flatMap((slide, index) => {
    const resolved = deck.slides[index]
    const layout = slide.layoutFile ? `layout ${slide.layout}, ${slide.layoutFile}` : `layout ${slide.layout}`
    return slide.uncaptured.map((missing): Problem => ({
      severity: 'warning',
      code: 'pptx-uncaptured',
      deck: deck.id,
      file: resolved?.origin.file ?? deck.file,
      ...(resolved?.origin.line !== undefined ? { line: resolved.origin.line } : {}),
      message: `slide ${index + 1} (${layout}): ${missing.element} shows ${missing.what}, which is not in the PPTX${missing.why ? ` (${missing.why})` : ''}; mark it data-pptx="skip" in the layout if the PowerPoint file need not show it`,
    }))
  })
}
