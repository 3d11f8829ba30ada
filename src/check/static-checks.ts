/**
 * What would embarrass a speaker, found without a browser: timing against the plan, slides
 * without notes or sources, items shown twice, and sources that are unused or duplicated.
 */
import type { Problem, SourceLocation } from '../errors.js'
import type { Dataset } from '../data/load-dataset.js'
import { estimateSlideSeconds } from '../deck/timing.js'
import type { ResolvedDeck, ResolvedSlide } from '../deck/types.js'

/** Over or under the plan by more than this share is worth a warning. */
export const TIMING_TOLERANCE = 0.1
/** Layouts that state facts, and so must cite a source and carry notes. */
const STRUCTURAL_LAYOUTS = new Set(['title', 'agenda', 'section', 'closing', 'sources'])

const warning = (deck: ResolvedDeck, location: SourceLocation, code: string, message: string): Problem => ({
  severity: 'warning',
  code,
  deck: deck.id,
  file: location.file,
  ...(location.line !== undefined ? { line: location.line } : {}),
  message,
})

const describeSlide = (slide: ResolvedSlide) => `slide ${slide.number} "${slide.title ?? slide.layout}"`

export function checkDeck(deck: ResolvedDeck): Problem[] {
  return [...checkContent(deck), ...checkTiming(deck)]
}

function checkContent(deck: ResolvedDeck): Problem[] {
  const problems: Problem[] = []
  // An overview slide followed by one slide per item is a pattern, not a repeat: items are
  // compared among single-item slides and among overview slides separately.
  const shown = { single: new Map<string, ResolvedSlide>(), overview: new Map<string, ResolvedSlide>() }
  for (const slide of deck.slides) {
    if (!slide.notes) problems.push(warning(deck, slide.origin, 'missing-notes', `${describeSlide(slide)} has no speaker notes`))
    const isContent = !STRUCTURAL_LAYOUTS.has(slide.layout)
    if (isContent && slide.sources.length === 0) {
      problems.push(warning(deck, slide.origin, 'unsourced-slide', `${describeSlide(slide)} cites no source: add "sources:" to the slide`))
    }
    const seen = slide.item ? shown.single : shown.overview
    for (const item of slide.items) {
      const first = seen.get(item.id)
      // One entry split over several slides is not a repeat either.
      if (first && first.origin.line !== slide.origin.line) {
        problems.push(warning(deck, slide.origin, 'duplicate-item', `item "${item.id}" is shown twice: on slide ${first.number} and on ${describeSlide(slide)}`))
      } else if (!first) seen.set(item.id, slide)
    }
  }
  return problems
}

export interface TimingReport {
  seconds: number
  plannedSeconds: number | null
  sections: { title: string; seconds: number; plannedSeconds: number | null; origin: SourceLocation }[]
}

export function estimateTiming(deck: ResolvedDeck): TimingReport {
  const perSlide = deck.slides.map((slide) => estimateSlideSeconds(slide, deck.wordsPerMinute))
  const sections = deck.sections.map((section, index) => {
    const end = deck.sections[index + 1]?.slideNumber ?? deck.slides.length + 1
    const seconds = perSlide.slice(section.slideNumber - 1, end - 1).reduce((a, b) => a + b, 0)
    const origin = deck.slides[section.slideNumber - 1]?.origin ?? { file: deck.file }
    return { title: section.title, seconds, plannedSeconds: section.minutes === null ? null : section.minutes * 60, origin }
  })
  return {
    seconds: perSlide.reduce((a, b) => a + b, 0),
    plannedSeconds: deck.duration === null ? null : deck.duration * 60,
    sections,
  }
}

const minutes = (seconds: number) => `${(seconds / 60).toFixed(1)} min`

function checkTiming(deck: ResolvedDeck): Problem[] {
  const report = estimateTiming(deck)
  const problems: Problem[] = []
  const compare = (label: string, seconds: number, planned: number | null, location: SourceLocation) => {
    if (planned === null) return
    const off = (seconds - planned) / planned
    if (Math.abs(off) <= TIMING_TOLERANCE) return
    const direction = off > 0 ? 'too long' : 'too short'
    problems.push(
      warning(deck, location, 'timing', `${label} is ${direction}: about ${minutes(seconds)} of speaker notes at ${deck.wordsPerMinute} words per minute for ${minutes(planned)} planned (${off > 0 ? '+' : ''}${Math.round(off * 100)}%)`),
    )
  }
  compare(`the talk`, report.seconds, report.plannedSeconds, deck.durationOrigin ?? { file: deck.file })
  for (const section of report.sections) compare(`section "${section.title}"`, section.seconds, section.plannedSeconds, section.origin)
  return problems
}

/** Dataset-wide: sources no item cites, and one URL listed under two ids. */
export function checkSources(dataset: Dataset, citedByDecks: Set<string>): Problem[] {
  const cited = new Set(citedByDecks)
  for (const { item } of dataset.items.values()) for (const id of item.sources) cited.add(id)
  const problems: Problem[] = []
  const byUrl = new Map<string, string>()
  for (const { source, location } of dataset.sources.values()) {
    const at = { severity: 'warning' as const, file: location.file, ...(location.line !== undefined ? { line: location.line } : {}) }
    if (!cited.has(source.id)) problems.push({ ...at, code: 'unused-source', message: `source "${source.id}" is not cited by any item or slide` })
    const normalized = source.url.replace(/\/+$/, '').replace(/^http:/i, 'https:').toLowerCase()
    const other = byUrl.get(normalized)
    if (other) problems.push({ ...at, code: 'duplicate-url', message: `source "${source.id}" has the same URL as "${other}": ${source.url}` })
    else byUrl.set(normalized, source.id)
  }
  return problems
}
