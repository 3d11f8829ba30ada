/**
 * A dataset in the deck's language: each item's text fields, and topic.yaml's title, summary and
 * badge words, from the dataset's translation where there is one, otherwise the original — and a
 * warning naming what is missing and the file to add it to. Pure: the translations were read
 * with the dataset.
 */
import path from 'node:path'
import { DEFAULTS } from '../defaults.js'
import type { Dataset, LocatedItem } from '../data/load-dataset.js'
import type { YamlPath } from '../data/load-yaml.js'
import { TRANSLATIONS_FOLDER } from '../data/load-translations.js'
import type { Topic } from '../data/schema.js'
import { languageName, textFields, topicTexts, withFieldText } from '../data/translations.js'
import { quoteValue } from '../data/validate.js'
import type { DatasetWords } from '../data/words.js'

/** "es-MX" → "es": a deck in a regional variant reads the language's translations when it has none of its own. */
export const primaryLanguage = (language: string): string => language.split('-')[0] ?? language

type Report = (yamlPath: YamlPath, message: string, code: string) => void

/** A dataset's parts in one language. */
export interface Localizer {
  /** The item in the language, reporting each untranslated item once (at the deck entry that first shows it). */
  item: (located: LocatedItem, entryPath: YamlPath) => LocatedItem
  topic: Topic
  /** The dataset's declared words with their badge labels in the language. */
  words: DatasetWords
}

/**
 * The dataset in `language`. A dataset with no translation into the language is said once, at
 * `language:`; so are the texts of its topic.yaml that its translation lacks.
 */
export function createLocalizer(dataset: Dataset, language: string, display: (file: string) => string, report: Report): Localizer {
  const original = dataset.topic.language ?? DEFAULTS.language
  const unchanged: Localizer = { item: (located) => located, topic: dataset.topic, words: dataset.words }
  if (primaryLanguage(language) === primaryLanguage(original)) return unchanged
  const translation = dataset.translations.get(language) ?? dataset.translations.get(primaryLanguage(language))
  const name = `${languageName(language)} (${language})`
  const command = `talkdeck translate ${language} --dataset ${dataset.name}`
  if (!translation) {
    const folder = display(path.join(dataset.directory, TRANSLATIONS_FOLDER, language))
    report(['language'], `the dataset ${quoteValue(dataset.name)} has no ${name} translation: its items show in ${languageName(original)}; ${command} writes ${folder}/ for you to fill in`, 'missing-translation')
    return unchanged
  }
  const untranslated = [...topicTexts(dataset.topic, dataset.words).keys()].filter((key) => !translation.topic.has(key))
  if (untranslated.length) {
    report(['language'], `the topic of the dataset ${quoteValue(dataset.name)} has no ${name} translation of ${untranslated.join(', ')}: add ${untranslated.length === 1 ? 'it' : 'them'} to ${translation.topicFile} (${command} writes the originals there to translate); shown in ${languageName(original)} meanwhile`, 'missing-translation')
  }
  const text = (key: string, fallback: string) => translation.topic.get(key) ?? fallback
  const topic: Topic = { ...dataset.topic, title: text('title', dataset.topic.title), summary: text('summary', dataset.topic.summary) }
  if (dataset.topic.subtitle !== undefined) topic.subtitle = text('subtitle', dataset.topic.subtitle)
  const labelled = (field: keyof DatasetWords) => new Map([...dataset.words[field]].map(([word, entry]) => [word, { ...entry, label: text(`words.${field}.${word}`, entry.label) }]))
  const words: DatasetWords = { status: labelled('status'), severity: labelled('severity') }
  const reported = new Set<string>()
  const item = (located: LocatedItem, entryPath: YamlPath): LocatedItem => {
    const fields = translation.items.get(located.item.id)
    const missing = textFields(located.item).filter((field) => !fields?.has(field))
    if (missing.length && !reported.has(located.item.id) && !translation.broken.has(located.item.id)) {
      reported.add(located.item.id)
      report(entryPath, `item ${quoteValue(located.item.id)} has no ${name} translation of ${missing.join(', ')}: add ${missing.length === 1 ? 'it' : 'them'} to ${translation.files[located.kind]} (${command} writes the originals there to translate); shown in ${languageName(original)} meanwhile`, 'missing-translation')
    }
    if (!fields) return located
    let translated = located.item
    for (const [field, value] of fields) translated = withFieldText(translated, field, value)
    const translatedAt = translation.locations.get(located.item.id)
    return { ...located, item: translated, ...(translatedAt ? { translatedAt } : {}) }
  }
  return { item, topic, words }
}
