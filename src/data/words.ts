/**
 * A dataset's own words: the values a use case's `status` and a challenge's `severity` may take,
 * declared once in `topic.yaml` with the text and tone of their badges. A dataset that declares
 * none keeps the words talkdeck started with (the Linux kernel's), so older datasets still work.
 */
import type { Topic, Tone, WordField } from './schema.js'

export interface Word {
  word: string
  /** The badge text. */
  label: string
  /** Which of the theme's badge colours it wears. */
  tone: Tone
}

/** Each field's words in the order declared: the order of `sort:` and of the badges' meaning. */
export type DatasetWords = Record<WordField, Map<string, Word>>

type Declaration = NonNullable<NonNullable<Topic['words']>[WordField]>

/** The words of a dataset that declares none (and what data/rust-in-linux/topic.yaml declares). */
export const DEFAULT_WORDS: Record<WordField, Declaration> = {
  status: { merged: 'positive', 'in-progress': 'neutral', 'out-of-tree': 'neutral', experimental: 'neutral' },
  severity: { low: { label: 'low risk', tone: 'neutral' }, medium: { label: 'medium risk', tone: 'caution' }, high: { label: 'high risk', tone: 'negative' } },
}

/** Where a word list comes from, for messages. */
export const WORD_ORIGIN: Record<WordField, string> = { status: 'words.status', severity: 'words.severity' }

export function resolveWords(declared: Topic['words']): DatasetWords {
  const resolve = (field: WordField): Map<string, Word> =>
    new Map(
      Object.entries(declared?.[field] ?? DEFAULT_WORDS[field]).map(([word, value]) => {
        const { label, tone } = typeof value === 'string' ? { label: undefined, tone: value } : value
        return [word, { word, label: label ?? word, tone: tone ?? 'neutral' }]
      }),
    )
  return { status: resolve('status'), severity: resolve('severity') }
}

/** Whether the dataset's topic declares this field's words (else talkdeck's defaults apply). */
export const declaresWords = (declared: Topic['words'], field: WordField): boolean => declared?.[field] !== undefined
