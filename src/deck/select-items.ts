import type { Dataset, LocatedItem } from '../data/load-dataset.js'
import type { YamlPath } from '../data/load-yaml.js'
import { ITEMS, WORD_FIELDS, type ItemKind, type SlideEntry, type Where, type WordField } from '../data/schema.js'
import { quoteValue } from '../data/validate.js'
import { WORD_ORIGIN, type DatasetWords } from '../data/words.js'
import { suggest } from '../suggest.js'

export type Report = (yamlPath: YamlPath, message: string, code: string) => void

/** The items a deck entry selects (`ids`, `where`, `sort`, `limit`), reporting unknown ids and words at their lines. */
export function selectItems(entry: SlideEntry, kind: ItemKind, dataset: Dataset, report: Report): LocatedItem[] {
  let selected: LocatedItem[]
  if (entry.ids) {
    selected = []
    entry.ids.forEach((itemId, index) => {
      const located = dataset.items.get(itemId)
      if (!located && (dataset.broken.ids.has(itemId) || dataset.broken.kinds.has(kind))) return
      if (!located) report(['ids', index], `unknown item id ${quoteValue(itemId)}${suggest(itemId, dataset.itemsByKind[kind].map(({ item }) => item.id))} in ${ITEMS[kind].file} of dataset "${dataset.name}"`, 'unknown-item')
      else if (located.kind !== kind) report(['ids', index], `item ${quoteValue(itemId)} is in ${located.kind}, not in ${kind} (${located.location.file}:${located.location.line})`, 'unknown-item')
      else selected.push(located)
    })
  } else {
    selected = [...dataset.itemsByKind[kind]]
  }
  const { where, sort, limit } = entry
  if (where) {
    for (const field of WORD_FIELDS) checkWhereWords(where[field], field, dataset, report)
    selected = selected.filter((located) => matchesWhere(located, where))
  }
  if (sort) selected = sortItems(selected, sort, dataset.words)
  if (limit) selected = selected.slice(0, limit)
  return selected
}

/** `where: { status: … }` names words of the dataset: an undeclared one would match nothing, silently. */
function checkWhereWords(value: string | string[] | undefined, field: WordField, dataset: Dataset, report: Report): void {
  if (value === undefined || dataset.broken.topic) return
  const words = dataset.words[field]
  const list = Array.isArray(value) ? value : [value]
  list.forEach((word, index) => {
    if (words.has(word)) return
    const known = [...words.keys()]
    report(['where', field, ...(Array.isArray(value) ? [index] : [])], `unknown ${field} ${quoteValue(word)}${suggest(word, known)}: the dataset "${dataset.name}" has ${known.join(', ')} (${WORD_ORIGIN[field]} in topic.yaml)`, 'unknown-word')
  })
}

const asList = <T>(value: T | T[] | undefined): T[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value]

/** Every condition given must hold; a condition lists values of which one must match. */
function matchesWhere({ item }: LocatedItem, where: Where): boolean {
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
function sortItems(items: LocatedItem[], sort: string, words: DatasetWords): LocatedItem[] {
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
