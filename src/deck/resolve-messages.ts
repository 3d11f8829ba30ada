/**
 * A deck's words in its language: English under all, then the language's own catalog ("es" for
 * "es-MX" too), then the regional one; talkdeck's before the project's, so a project's word wins.
 */
import type { MessageCatalog, MessageKey, Messages } from '../data/messages.js'
import type { ItemKind, Topic, WordField } from '../data/schema.js'
import { declaresWords, type DatasetWords } from '../data/words.js'
import { languageName } from '../data/translations.js'
import { primaryLanguage } from './localize-items.js'

export interface ResolvedMessages {
  messages: Messages
  /** Whether some catalog is in the deck's language (else its words are English). */
  known: boolean
}

/** The catalogs a deck in `language` reads, in order: English under all, then "es" for "es-MX", then "es-MX". */
export const messageLanguages = (language: string): string[] => [...new Set(['en', primaryLanguage(language), language])]

/** talkdeck's English catalog gives every word (a test holds it to that), so the merge is complete. */
export function resolveMessages(catalogs: readonly MessageCatalog[], language: string): ResolvedMessages {
  const read = messageLanguages(language).flatMap((tag) => [...catalogs.filter((catalog) => catalog.language === tag && catalog.builtIn), ...catalogs.filter((catalog) => catalog.language === tag && !catalog.builtIn)])
  const messages = Object.assign({}, ...read.map((catalog) => catalog.messages)) as Messages
  return { messages, known: primaryLanguage(language) === 'en' || read.some((catalog) => catalog.language !== 'en') }
}

/** What a deck in a language without a catalog is told, at its `language:`. */
export const unknownLanguageMessage = (language: string): string =>
  `talkdeck has no words in ${languageName(language)} (${language}): its agenda, sources and other labels show in English; add templates/messages/${language}.yaml with them (see talkdeck's templates/messages/en.yaml)`

/** A message with its `{placeholders}` filled in. */
export const fillMessage = (text: string, values: Record<string, string>): string => text.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => values[name] ?? whole)

/** A selection's slide title, when the deck gives none: the kind's name. */
export const KIND_TITLES: Record<ItemKind, MessageKey> = { advances: 'advances', advantages: 'advantages', 'use-cases': 'useCases', challenges: 'challenges' }

/** talkdeck's own status and risk words (data/words.ts DEFAULT_WORDS), each a word of the catalogs. */
const DEFAULT_WORD_LABELS: Record<WordField, Record<string, MessageKey>> = {
  status: { merged: 'merged', 'in-progress': 'inProgress', 'out-of-tree': 'outOfTree', experimental: 'experimental' },
  severity: { low: 'lowRisk', medium: 'mediumRisk', high: 'highRisk' },
}

/** A dataset's words for a deck: its own as declared (translated by the dataset), talkdeck's defaults in the deck's language. */
export function localizeWords(words: DatasetWords, declared: Topic['words'], messages: Messages): DatasetWords {
  const localize = (field: WordField) => {
    if (declaresWords(declared, field)) return words[field]
    return new Map(
      [...words[field]].map(([word, entry]) => {
        const key = DEFAULT_WORD_LABELS[field][word]
        return [word, key ? { ...entry, label: messages[key] } : entry]
      }),
    )
  }
  return { status: localize('status'), severity: localize('severity') }
}

/** Right to left for Arabic, Hebrew, Persian, Urdu …, as the language's own data says (Intl's text info; `getTextInfo()` in newer engines). */
export function textDirection(language: string): 'ltr' | 'rtl' {
  try {
    const locale = new Intl.Locale(language) as Intl.Locale & { textInfo?: { direction?: string }; getTextInfo?: () => { direction?: string } }
    return (locale.getTextInfo?.() ?? locale.textInfo)?.direction === 'rtl' ? 'rtl' : 'ltr'
  } catch {
    return 'ltr'
  }
}
