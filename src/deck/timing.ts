import type { ResolvedDeck, ResolvedSlide } from './types.js'

/**
 * Even a slide with few words takes a moment to land; title and section slides take less, and the
 * sources slides are reference material shown while people ask questions.
 */
export const MINIMUM_SECONDS = { content: 20, divider: 8, reference: 0 } as const
const DIVIDER_LAYOUTS = new Set(['title', 'section', 'closing'])
const REFERENCE_LAYOUTS = new Set(['sources'])

export function countWords(text: string | null): number {
  if (!text) return 0
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length
}

/** Speaking time of one slide: its notes at the deck's pace, never below the minimum. */
export function estimateSlideSeconds(slide: ResolvedSlide, wordsPerMinute: number): number {
  const spoken = (countWords(slide.notes) / wordsPerMinute) * 60
  const minimum = REFERENCE_LAYOUTS.has(slide.layout)
    ? MINIMUM_SECONDS.reference
    : DIVIDER_LAYOUTS.has(slide.layout)
      ? MINIMUM_SECONDS.divider
      : MINIMUM_SECONDS.content
  return Math.round(Math.max(spoken, minimum))
}

export function estimateDeckSeconds(deck: ResolvedDeck): number {
  return deck.slides.reduce((total, slide) => total + estimateSlideSeconds(slide, deck.wordsPerMinute), 0)
}
