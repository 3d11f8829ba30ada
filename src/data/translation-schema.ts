/**
 * Translations of a dataset's items, beside the data: `data/<name>/i18n/<lang>/<kind>.yaml`, keyed
 * by item id, each text field with the hash of the original it translates. Sources stay shared.
 * Types and the editors' JSON Schema come from these schemas, as for every other file.
 */
import { z } from 'zod'
import { id, text } from './schema.js'

/**
 * The fields of an item a translation may give, by YAML path; the list fields hold lists of text.
 * `chart.series` is the series' names, in order; a chart's categories are translated unless they
 * are numbers (years, a scatter chart's x values).
 */
export const TRANSLATABLE_FIELDS = [
  'title', 'summary', 'points', 'notes', 'mitigation', 'area', 'body', 'metric.label', 'quote.text', 'image.alt', 'diagram.alt', 'video.alt', 'table.caption', 'table.columns',
  'chart.categories', 'chart.series', 'chart.xTitle', 'chart.yTitle', 'chart.caption', 'chart.alt',
] as const
export type TranslatableField = (typeof TRANSLATABLE_FIELDS)[number]

/** List fields whose lines name things by position (a column, a category, a series): a translation has as many. */
export const LINE_FOR_LINE_FIELDS: readonly TranslatableField[] = ['table.columns', 'chart.categories', 'chart.series']

/** A short hash of an original field's text: 8 hex digits, written by `talkdeck translate`. */
export const HASH_PATTERN = /^[0-9a-f]{8}$/

/** A field's text, or the lines of a list field (points, table columns). */
const translatedText = z.union([text, z.array(text)])

export const fieldTranslationSchema = z.strictObject({
  text: translatedText.nullable().optional().describe('the translation; empty until someone writes it'),
  hash: z.string().regex(HASH_PATTERN, 'expected the 8 hex digits talkdeck translate writes').describe('which version of the original the text translates (written by talkdeck translate)'),
  original: translatedText.optional().describe('the original to translate or review, written by talkdeck translate: delete the line once text is done'),
})

/** One item's translated fields. */
export const translationEntrySchema = z.strictObject(
  Object.fromEntries(TRANSLATABLE_FIELDS.map((field) => [field, fieldTranslationSchema.optional()])) as Record<TranslatableField, z.ZodOptional<typeof fieldTranslationSchema>>,
)
export const translationFileSchema = z.record(id, translationEntrySchema).describe('item id → its translated fields')

export type TranslationEntry = z.infer<typeof translationEntrySchema>
export type FieldTranslation = z.infer<typeof fieldTranslationSchema>

/** `i18n/<lang>/topic.yaml`: topic.yaml's texts (title, subtitle, summary, each declared word's badge label) by key. */
export const topicTranslationFileSchema = z.record(z.string(), fieldTranslationSchema).describe('key of topic.yaml (title, subtitle, summary, words.status.merged …) → its translation')
