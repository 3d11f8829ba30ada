import type { LocatedItem } from '../data/load-dataset.js'
import type { Where } from '../data/schema.js'
import type { DatasetWords } from '../data/words.js'

const asList = <T>(value: T | T[] | undefined): T[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value]

/** Every condition given must hold; a condition lists values of which one must match. */
export function matchesWhere({ item }: LocatedItem, where: Where): boolean {
  const fields = item as Partial<Record<string, unknown>>
  const tags = asList(where.tags)
  if (tags && !tags.some((tag) => item.tags?.includes(tag))) return false
  const audience = asList(where.audience)
  // An item without an audience list suits every audience.
  if (audience && item.audience && !audience.some((a) => item.audience?.includes(a))) return false
  const status = asList(where.status)
  if (status && !status.includes(fields.status as never)) return false
  const severity = asList(where.severity)
  if (severity && !severity.includes(fields.severity as never)) return false
  // "What changed since": dated or updated after the given month ("2026-05" keeps June onwards).
  if (where.since) {
    const changed = [fields.date, fields.updated].filter((value): value is string => typeof value === 'string')
    if (!changed.some((date) => date.slice(0, 7) > (where.since ?? ''))) return false
  }
  return true
}

/** Sorted by `sort`; status and severity follow the order in which the dataset declares its words. */
export function sortItems(items: LocatedItem[], sort: string, words: DatasetWords): LocatedItem[] {
  const ranks = { status: rankOf(words.status), severity: rankOf(words.severity) }
  const descending = sort.startsWith('-')
  const key = descending ? sort.slice(1) : sort
  const value = ({ item }: LocatedItem): string | number | undefined => {
    const raw = (item as Partial<Record<string, unknown>>)[key]
    if (raw === undefined) return undefined
    if (key === 'severity' || key === 'status') return ranks[key].get(String(raw)) ?? -1
    if (key === 'version') return String(raw).split(/[.-]/).map((part) => part.replace(/\D/g, '').padStart(4, '0')).join('.')
    return String(raw)
  }
  return [...items].sort((a, b) => {
    const left = value(a)
    const right = value(b)
    // Items without the field go last whatever the direction.
    if (left === undefined || right === undefined) return left === right ? 0 : left === undefined ? 1 : -1
    const order = left < right ? -1 : left > right ? 1 : 0
    return descending ? -order : order
  })
}

const rankOf = (words: Map<string, unknown>): Map<string, number> => new Map([...words.keys()].map((word, index) => [word, index]))
