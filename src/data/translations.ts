/**
 * What a translation is measured against: an item's original text fields, read and replaced by
 * their YAML path (`metric.label`), and the short hash that says which version of a field a
 * translation was made from.
 */
import { createHash } from 'node:crypto'
import { WORD_FIELDS, type Item, type Topic } from './schema.js'
import { TRANSLATABLE_FIELDS, type TranslatableField } from './translation-schema.js'
import { declaresWords, type DatasetWords } from './words.js'

/** A field's text: one string, or the lines of a list field. */
export type FieldText = string | string[]

/** 8 hex digits of SHA-256: enough to tell versions of one field apart, short enough to read in the file. */
export function hashText(text: FieldText): string {
  return createHash('sha256').update(JSON.stringify(text)).digest('hex').slice(0, 8)
}

const isNumber = (text: string) => text.trim() !== '' && Number.isFinite(Number(text))

/** The original text of a field, when the item has it. */
export function fieldText(item: Item, field: TranslatableField): FieldText | undefined {
  if (field === 'chart.series') return item.chart?.series.map((series) => series.name)
  if (field === 'chart.categories' && item.chart?.categories.every(isNumber)) return undefined
  let value: unknown = item
  for (const key of field.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined
  if (typeof value === 'string' || (Array.isArray(value) && value.every((line) => typeof line === 'string'))) return value as FieldText
  return undefined
}

/** The fields of an item that hold text to translate, in the order of `TRANSLATABLE_FIELDS`. */
export const textFields = (item: Item): TranslatableField[] => TRANSLATABLE_FIELDS.filter((field) => fieldText(item, field) !== undefined)

/** The item with one field's text replaced (the objects on the way copied, never changed). */
export function withFieldText(item: Item, field: TranslatableField, text: FieldText): Item {
  const { chart } = item
  if (chart && Array.isArray(text) && (field === 'chart.series' || field === 'chart.categories')) {
    // The highlight names a category or a series: it is renamed with it.
    const before = field === 'chart.series' ? chart.series.map((series) => series.name) : chart.categories
    const renamed = (name: string, index: number) => text[index] ?? name
    const index = chart.highlight === undefined ? -1 : before.indexOf(chart.highlight)
    const highlight = index < 0 ? chart.highlight : renamed(chart.highlight ?? '', index)
    const translated = field === 'chart.series' ? { ...chart, series: chart.series.map((series, at) => ({ ...series, name: renamed(series.name, at) })) } : { ...chart, categories: chart.categories.map(renamed) }
    return { ...item, chart: { ...translated, ...(highlight === undefined ? {} : { highlight }) } }
  }
  const set = (target: Record<string, unknown>, [key, ...rest]: string[]): Record<string, unknown> =>
    key === undefined ? target : { ...target, [key]: rest.length ? set(target[key] as Record<string, unknown>, rest) : text }
  return set(item as unknown as Record<string, unknown>, field.split('.')) as unknown as Item
}

/**
 * The texts of a dataset's topic.yaml a deck may show, by translation key: its title, subtitle and
 * summary (the PDF's and the page's description), and the badge label of each word it declares
 * (`words.status.merged`); talkdeck's default words are translated by its message catalogs.
 */
export function topicTexts(topic: Topic, words: DatasetWords): Map<string, string> {
  const texts = new Map<string, string>([['title', topic.title]])
  if (topic.subtitle !== undefined) texts.set('subtitle', topic.subtitle)
  texts.set('summary', topic.summary)
  for (const field of WORD_FIELDS) {
    if (!declaresWords(topic.words, field)) continue
    for (const [word, { label }] of words[field]) texts.set(`words.${field}.${word}`, label)
  }
  return texts
}

/** "es" → "Spanish", for messages (in English, as every message is). */
export function languageName(language: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(language) ?? language
  } catch {
    return language
  }
}
