/**
 * What would embarrass a speaker, found without a browser: timing against the plan, slides
 * without notes or sources, items shown twice, sources that are unused, duplicated or old, and a
 * dataset older than the talk allows.
 */
import { DEFAULTS } from '../defaults.js'
import type { Problem, SourceLocation } from '../errors.js'
import type { Dataset } from '../data/load-dataset.js'
import { estimateTiming, spokenInCharacters } from '../deck/timing.js'
import { describeSlide } from '../deck/describe.js'
import { chartSourceIds } from '../deck/resolve-chart.js'
import type { ResolvedDeck, ResolvedSlide } from '../deck/types.js'

const warning = (deck: string | undefined, location: SourceLocation, code: string, message: string): Problem => ({
  severity: 'warning',
  code,
  ...(deck ? { deck } : {}),
  file: location.file,
  ...(location.line !== undefined ? { line: location.line } : {}),
  message,
})

export function checkDeck(deck: ResolvedDeck, today: Date = new Date()): Problem[] {
  return [...checkContent(deck), ...checkTiming(deck), ...checkAge(deck, today)]
}

function checkContent(deck: ResolvedDeck): Problem[] {
  const problems: Problem[] = []
  // An overview slide followed by one slide per item is a pattern, not a repeat: items are
  // compared among single-item slides and among overview slides separately.
  const shown = { single: new Map<string, ResolvedSlide>(), overview: new Map<string, ResolvedSlide>() }
  for (const slide of deck.slides) {
    if (!slide.notes && slide.role !== 'reference') problems.push(warning(deck.id, slide.origin, 'missing-notes', `${describeSlide(slide)} has no speaker notes`))
    // A slide split in parts (k/n) is one entry: said once, at its first part.
    if (slide.role === 'content' && slide.sources.length === 0 && (slide.part?.index ?? 1) === 1) {
      problems.push(warning(deck.id, slide.origin, 'unsourced-slide', `${describeSlide(slide)} cites no source: add "sources:" to the slide`))
    }
    const seen = slide.item ? shown.single : shown.overview
    for (const item of slide.items) {
      const first = seen.get(item.id)
      // One entry split over several slides is not a repeat either.
      if (first && first.origin.line !== slide.origin.line) {
        problems.push(warning(deck.id, slide.origin, 'duplicate-item', `item "${item.id}" is shown twice: on slide ${first.number} and on ${describeSlide(slide)}`))
      } else if (!first) seen.set(item.id, slide)
    }
  }
  return problems
}

const minutes = (seconds: number) => `${(seconds / 60).toFixed(1)} min`

function checkTiming(deck: ResolvedDeck): Problem[] {
  const timing = estimateTiming(deck)
  const problems: Problem[] = []
  const compare = (label: string, seconds: number, planned: number | null, location: SourceLocation) => {
    if (planned === null) return
    const off = (seconds - planned) / planned
    if (Math.abs(off) <= DEFAULTS.timingTolerance) return
    const direction = off > 0 ? 'too long' : 'too short'
    problems.push(
      warning(deck.id, location, 'timing', `${label} is ${direction}: about ${minutes(seconds)} of speaker notes at ${deck.wordsPerMinute} ${spokenInCharacters(deck.language) ? 'characters' : 'words'} per minute for ${minutes(planned)} planned (${off > 0 ? '+' : ''}${Math.round(off * 100)}%)`),
    )
  }
  compare('the talk', timing.total, deck.duration === null ? null : deck.duration * 60, deck.durationOrigin ?? { file: deck.file })
  for (const { section, seconds } of timing.sections) {
    const origin = deck.slides[section.slideNumber - 1]?.origin ?? { file: deck.file }
    compare(`section "${section.title}"`, seconds, section.minutes === null ? null : section.minutes * 60, origin)
  }
  return problems
}

/** Whole months from `from` ("YYYY-MM" or "YYYY-MM-DD") to `to`. */
export function monthsBetween(from: string, to: Date): number {
  const [year = 0, month = 1] = from.split('-').map(Number)
  return (to.getUTCFullYear() - year) * 12 + (to.getUTCMonth() + 1 - month)
}

/** The date a deck is given on, for age checks: its `date` when it is one, else today. */
function talkDate(deck: ResolvedDeck, today: Date): Date {
  const match = deck.date ? /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(deck.date) : null
  return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3] ?? 1))) : today
}

/** A talk given long after its facts were reviewed may present old news as current. */
function checkAge(deck: ResolvedDeck, today: Date): Problem[] {
  if (!deck.topic.asOf) return []
  const age = monthsBetween(deck.topic.asOf, talkDate(deck, today))
  if (age <= deck.maxAgeMonths) return []
  return [warning(deck.id, { file: deck.file }, 'dataset-age', `the dataset "${deck.dataset}" was last reviewed ${deck.topic.asOf} (asOf), ${age} months before this talk; review it or raise "maxAge" (now ${deck.maxAgeMonths} months)`)]
}

/**
 * Dataset-wide: sources no item or slide cites, one URL listed under two ids, and sources never
 * checked or checked longer ago than `maxAgeMonths`.
 */
export function checkSources(dataset: Dataset, citedByDecks: Set<string>, options: { deck?: string; maxAgeMonths?: number; today?: Date } = {}): Problem[] {
  const cited = new Set(citedByDecks)
  for (const { item } of dataset.items.values()) for (const id of [...item.sources, ...chartSourceIds(item.chart)]) cited.add(id)
  const maxAge = options.maxAgeMonths ?? DEFAULTS.maxAgeMonths
  const today = options.today ?? new Date()
  const problems: Problem[] = []
  const byUrl = new Map<string, string>()
  for (const { source, location } of dataset.sources.values()) {
    const at = (code: string, message: string) => problems.push(warning(options.deck, location, code, message))
    if (!cited.has(source.id)) at('unused-source', `source "${source.id}" is not cited by any item or slide`)
    const normalized = source.url.replace(/\/+$/, '').replace(/^http:/i, 'https:').toLowerCase()
    const other = byUrl.get(normalized)
    if (other) at('duplicate-url', `source "${source.id}" has the same URL as "${other}": ${source.url}`)
    else byUrl.set(normalized, source.id)
    if (!source.accessed) at('source-age', `source "${source.id}" was never checked: add "accessed: YYYY-MM-DD" once you have read that it says what is cited`)
    else if (monthsBetween(source.accessed, today) > maxAge) at('source-age', `source "${source.id}" was last checked ${source.accessed}, over ${maxAge} months ago: read it again and update "accessed"`)
  }
  return problems
}
