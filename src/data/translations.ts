/**
 * What a translation is measured against: an item's original text fields, read and replaced by
 * their YAML path (`metric.label`), and the short hash that says which version of a field a
 * translation was made from.
 */
import { createHash } from 'node:crypto'
import type { Item } from './schema.js'
import { TRANSLATABLE_FIELDS, type TranslatableField } from './translation-schema.js'

/** A field's text: one string, or the lines of a list field. */
export type FieldText = string | string[]

/** 8 hex digits of SHA-256: enough to tell versions of one field apart, short enough to read in the file. */
export function hashText(text: FieldText): string {
  return createHash('sha256').update(JSON.stringify(text)).digest('hex').slice(0, 8)
}

/** The original text of a field, when the item has it. */
export function fieldText(item: Item, field: TranslatableField): FieldText | undefined {
  let value: unknown = item
  for (const key of field.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined
  if (typeof value === 'string' || (Array.isArray(value) && value.every((line) => typeof line === 'string'))) return value as FieldText
  return undefined
}

/** The fields of an item that hold text to translate, in the order of `TRANSLATABLE_FIELDS`. */
export const textFields = (item: Item): TranslatableField[] => TRANSLATABLE_FIELDS.filter((field) => fieldText(item, field) !== undefined)

/** The item with one field's text replaced (the objects on the way copied, never changed). */
export function withFieldText(item: Item, field: TranslatableField, text: FieldText): Item {
  const set = (target: Record<string, unknown>, [key, ...rest]: string[]): Record<string, unknown> =>
    key === undefined ? target : { ...target, [key]: rest.length ? set(target[key] as Record<string, unknown>, rest) : text }
  return set(item as unknown as Record<string, unknown>, field.split('.')) as unknown as Item
}

/** "es" → "Spanish", for messages (in English, as every message is). */
export function languageName(language: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(language) ?? language
  } catch {
    return language
  }
}
