/**
 * "Did you mean …" for names a person typed: ids, fields, layouts, themes, options.
 *
 * Bounded, since a project is untrusted and a check may ask for thousands of suggestions among
 * thousands of names: comparing each with each at full length took 68 s for 2,810 broken
 * references among 10,000 sources. Only names within the allowed distance by length are compared;
 * what a name shares at its start and end is skipped; the rest is compared only near the diagonal
 * and only while it can still be the closest; and one suggestion does at most `WORK_BUDGET` steps:
 * past that, the closest name so far is offered.
 */

/** A name longer than this is not a typo of one we know; nothing is suggested. */
const MAX_LENGTH = 100
/** A typo is at most this many edits away, however long the name. */
const MAX_DISTANCE = 8
/** What was typed must be this long for a name that starts with it to be offered. */
const MIN_PREFIX = 4
/** Characters compared and table cells computed for one suggestion (a few milliseconds). */
const WORK_BUDGET = 500_000

/** ` (did you mean "x"?)` for the closest known name, when one is close enough to be a typo. */
export function suggest(value: string, known: Iterable<string>): string {
  if (value.length > MAX_LENGTH) return ''
  let best: string | undefined
  // Only a name closer than the best so far is worth computing.
  let limit = Math.min(MAX_DISTANCE, Math.max(2, Math.floor(value.length / 4)))
  const table = createDistanceTable(value.length + MAX_DISTANCE)
  /** A name that starts with what was typed (an id written short, "garden-minutes" for "garden-minutes-2026"), offered when no typo is close. */
  let extension: string | undefined
  for (const candidate of known) {
    if (table.work > WORK_BUDGET || limit < 0) break
    table.work += 1
    if (extension === undefined && value.length >= MIN_PREFIX && candidate.length > value.length && candidate.startsWith(value)) extension = candidate
    if (Math.abs(candidate.length - value.length) > limit) continue
    const distance = table.distance(value, candidate, limit)
    if (distance <= limit) {
      best = candidate
      limit = distance - 1
    }
  }
  const offered = best ?? extension
  return offered === undefined ? '' : ` (did you mean "${offered}"?)`
}

/**
 * Edit distances between strings of at most `maxLength` characters, with two rows of cells kept
 * for every comparison. `work` counts the characters compared and the cells computed so far.
 */
function createDistanceTable(maxLength: number) {
  let previous = new Int32Array(maxLength + 2)
  let current = new Int32Array(maxLength + 2)
  const table = {
    work: 0,
    /**
     * The edit distance of `a` and `b` when it is at most `limit`, else `limit + 1`. A shared
     * start and end change nothing and are skipped; of the rest, only the cells within `limit` of
     * the diagonal can hold such a distance, and the rows stop once every cell of one is past it.
     */
    distance(a: string, b: string, limit: number): number {
      const beyond = limit + 1
      let start = 0
      while (start < a.length && start < b.length && a.charCodeAt(start) === b.charCodeAt(start)) start++
      let endA = a.length
      let endB = b.length
      while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
        endA--
        endB--
      }
      table.work += start + (a.length - endA) + 1
      const rows = endA - start
      const columns = endB - start
      if (Math.abs(rows - columns) > limit) return beyond
      for (let j = 0; j <= columns + 1; j++) previous[j] = j <= limit ? j : beyond
      for (let i = 1; i <= rows; i++) {
        const from = Math.max(1, i - limit)
        const to = Math.min(columns, i + limit)
        current[from - 1] = from === 1 ? Math.min(i, beyond) : beyond
        let rowBest = current[from - 1] ?? beyond
        const character = a.charCodeAt(start + i - 1)
        for (let j = from; j <= to; j++) {
          const substitution = (previous[j - 1] ?? beyond) + (character === b.charCodeAt(start + j - 1) ? 0 : 1)
          const cell = Math.min(beyond, (previous[j] ?? beyond) + 1, (current[j - 1] ?? beyond) + 1, substitution)
          current[j] = cell
          if (cell < rowBest) rowBest = cell
        }
        // The next row reads one cell past this row's band: it is out of reach.
        current[to + 1] = beyond
        table.work += to - from + 1
        if (rowBest > limit) return beyond
        const done = previous
        previous = current
        current = done
      }
      return Math.min(previous[columns] ?? beyond, beyond)
    },
  }
  return table
}
