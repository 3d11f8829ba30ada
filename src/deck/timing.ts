import type { LayoutRole } from '../data/load-templates.js'
import { primaryLanguage } from './localize-items.js'
import type { ResolvedDeck, ResolvedSection, ResolvedSlide } from './types.js'

/**
 * Even a slide with few words takes a moment to land; framing slides take less, and reference
 * slides (sources) are read, not presented.
 */
export const MINIMUM_SECONDS: Record<LayoutRole, number> = { content: 20, title: 8, agenda: 8, divider: 8, closing: 8, reference: 0 }

export function countWords(text: string | null): number {
  if (!text) return 0
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length
}

/** Chinese and Japanese are written without spaces between words: their pace is counted in characters. */
export const spokenInCharacters = (language: string): boolean => ['zh', 'ja'].includes(primaryLanguage(language))

const IDEOGRAPHIC = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu

/** What a speaker says, in the unit of the deck's pace: words, or characters (and the words of any Latin text among them). */
export function countSpoken(text: string | null, language: string): number {
  if (!text || !spokenInCharacters(language)) return countWords(text)
  return (text.match(IDEOGRAPHIC)?.length ?? 0) + countWords(text.replace(IDEOGRAPHIC, ' '))
}

/** Speaking time of one slide: its notes at the deck's pace, never below its role's minimum. */
function slideSeconds(slide: ResolvedSlide, wordsPerMinute: number, language: string): number {
  const spoken = (countSpoken(slide.notes, language) / wordsPerMinute) * 60
  return Math.round(Math.max(spoken, MINIMUM_SECONDS[slide.role]))
}

export interface DeckTiming {
  /** Seconds per slide, in deck order. */
  slides: number[]
  total: number
  sections: { section: ResolvedSection; seconds: number }[]
}

/** The one timing estimate: it feeds reveal.js's pacing timer and `check`'s comparison with the plan. */
export function estimateTiming(deck: Pick<ResolvedDeck, 'slides' | 'sections' | 'wordsPerMinute' | 'language'>): DeckTiming {
  const slides = deck.slides.map((slide) => slideSeconds(slide, deck.wordsPerMinute, deck.language))
  const sections = deck.sections.map((section, index) => {
    const end = deck.sections[index + 1]?.slideNumber ?? deck.slides.length + 1
    return { section, seconds: slides.slice(section.slideNumber - 1, end - 1).reduce((a, b) => a + b, 0) }
  })
  return { slides, total: slides.reduce((a, b) => a + b, 0), sections }
}
