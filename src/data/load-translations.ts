/**
 * Reads a dataset's translations (`i18n/<lang>/<kind>.yaml`, and `topic.yaml` for its title,
 * summary and badge words) and checks each entry against what it translates: an unknown item or
 * key, a field the item does not have, a translation made from an earlier original (its hash
 * differs) or one marked for review — each said at the translation's line.
 */
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import type { Problem, SourceLocation } from '../errors.js'
import { suggest } from '../suggest.js'
import { loadYamlFile, type YamlDocument } from './load-yaml.js'
import type { Project } from './project.js'
import { ITEMS, ITEM_KINDS, type Item, type ItemKind } from './schema.js'
import { fieldTranslationSchema, LINE_FOR_LINE_FIELDS, translationEntrySchema, type FieldTranslation, type TranslatableField, type TranslationEntry } from './translation-schema.js'
import { fieldText, hashText, type FieldText } from './translations.js'
import { problemAt, quoteValue, validateDocument } from './validate.js'

/** The folder of a dataset that holds its translations, one folder per language. */
export const TRANSLATIONS_FOLDER = 'i18n'

/** A dataset's translations into one language. */
export interface DatasetTranslation {
  language: string
  /** Per item kind, the file its translations go in, as messages name it (written or not). */
  files: Record<ItemKind, string>
  /** Item id → its translated fields (those with text; a stale one too, which check reports). */
  items: Map<string, Map<TranslatableField, FieldText>>
  /** Item id → where its translation is: what a translated slide says is found there. */
  locations: Map<string, SourceLocation>
  /** The file the topic's texts go in, as messages name it (written or not). */
  topicFile: string
  /** Key of topic.yaml's texts (`title`, `words.status.merged`) → its translation. */
  topic: Map<string, string>
  /** Ids whose translation has errors (reported): a deck showing the item gets no second warning for it. */
  broken: Set<string>
}

/** The file of a language's translations of topic.yaml. */
export const TOPIC_TRANSLATION_FILE = 'topic.yaml'

/** The folder of one language's translations, as messages name it. */
export const translationFile = (project: Project, directory: string, language: string, kind: ItemKind): string =>
  project.displayPath(path.join(directory, TRANSLATIONS_FOLDER, language, ITEMS[kind].file))

/** A language tag as a folder name: "es", "de-CH", "zh-Hans". */
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/

/** The original text as a message quotes it: a list's lines joined. */
const quoteText = (text: FieldText) => quoteValue(Array.isArray(text) ? text.join(' · ') : text, 200)

async function listLanguages(folder: string): Promise<string[]> {
  const names = await readdir(folder).catch(() => [] as string[])
  const languages: string[] = []
  for (const name of names.sort()) if ((await stat(path.join(folder, name)).catch(() => undefined))?.isDirectory()) languages.push(name)
  return languages
}

export async function loadTranslations(
  project: Project,
  directory: string,
  items: ReadonlyMap<string, { kind: ItemKind; item: Item }>,
  topicTexts: ReadonlyMap<string, string>,
): Promise<{ translations: Map<string, DatasetTranslation>; problems: Problem[] }> {
  const problems: Problem[] = []
  const translations = new Map<string, DatasetTranslation>()
  const folder = path.join(directory, TRANSLATIONS_FOLDER)
  for (const language of await listLanguages(folder)) {
    if (!LANGUAGE_TAG.test(language)) {
      problems.push({ severity: 'warning', code: 'translation-language', file: project.displayPath(path.join(folder, language)), message: `${quoteValue(language)} is not a language tag such as "es", "de-CH" or "zh-Hans": no deck reads its translations` })
      continue
    }
    const files = Object.fromEntries(ITEM_KINDS.map((kind) => [kind, translationFile(project, directory, language, kind)])) as Record<ItemKind, string>
    const topicFile = project.displayPath(path.join(folder, language, TOPIC_TRANSLATION_FILE))
    const translation: DatasetTranslation = { language, files, items: new Map(), locations: new Map(), broken: new Set(), topicFile, topic: new Map() }
    translations.set(language, translation)
    const topicDocument = await readMapping(project, path.join(folder, language, TOPIC_TRANSLATION_FILE), topicFile, 'a mapping of keys of topic.yaml (title, summary, words.status.merged …) to their translations', problems)
    if (topicDocument) problems.push(...checkTopic(topicDocument, topicTexts, translation))
    for (const kind of ITEM_KINDS) {
      const document = await readMapping(project, path.join(folder, language, ITEMS[kind].file), files[kind], 'a mapping of item ids to their translated fields ("item-id:" lines)', problems)
      if (!document) continue
      for (const id of Object.keys(document.value as object)) {
        const validated = validateDocument(document, translationEntrySchema, [id])
        problems.push(...validated.problems)
        if (validated.ok) problems.push(...checkEntry(document, id, validated.value, kind, items, translation))
        else translation.broken.add(id)
      }
    }
  }
  return { translations, problems }
}

/** A translation file, when it is there and holds a mapping (else its problems are added). */
async function readMapping(project: Project, file: string, display: string, expected: string, problems: Problem[]): Promise<YamlDocument | undefined> {
  if (!(await stat(file).catch(() => undefined))) return undefined
  const loaded = await loadYamlFile(file, display, { allowed: project.allowed })
  problems.push(...loaded.problems)
  if (!loaded.ok) return undefined
  const document = loaded.value
  if (document.value && typeof document.value === 'object' && !Array.isArray(document.value)) return document
  problems.push(problemAt(document, [], `expected ${expected}`, 'schema'))
  return undefined
}

/** Checks the translations of topic.yaml's texts, and keeps those that have text. */
function checkTopic(document: YamlDocument, texts: ReadonlyMap<string, string>, translation: DatasetTranslation): Problem[] {
  const problems: Problem[] = []
  for (const key of Object.keys(document.value as object)) {
    const original = texts.get(key)
    if (original === undefined) {
      problems.push(problemAt(document, [key], `topic.yaml has no text ${quoteValue(key)}${suggest(key, texts.keys())} to translate: expected one of ${[...texts.keys()].join(', ')}`, 'translation-field', 'warning'))
      continue
    }
    const validated = validateDocument(document, fieldTranslationSchema, [key])
    problems.push(...validated.problems)
    if (!validated.ok) continue
    const checked = checkField(document, [key], validated.value, original, `topic's ${key}`, translation.language)
    problems.push(...checked.problems)
    if (typeof checked.text === 'string') translation.topic.set(key, checked.text)
  }
  return problems
}

/**
 * One translated text against its original: the kind (one text or a list) must match, and a hash
 * of an earlier original or an original left beside it is a warning. Returns the text to use.
 */
function checkField(document: YamlDocument, at: (string | number)[], translated: FieldTranslation, original: FieldText, what: string, language: string, lineForLine = false): { text?: FieldText; problems: Problem[] } {
  const { text } = translated
  if (text === null || text === undefined) return { problems: [] }
  if (Array.isArray(text) !== Array.isArray(original)) {
    return { problems: [problemAt(document, [...at, 'text'], Array.isArray(original) ? `expected a list, line for line as the original's ${at.at(-1)}` : `expected one text, as the original's ${at.at(-1)}`, 'schema')] }
  }
  if (Array.isArray(text) && Array.isArray(original) && lineForLine && text.length !== original.length) {
    return { problems: [problemAt(document, [...at, 'text'], `expected ${original.length} lines, one for each of the original's ${at.at(-1)} (${quoteText(original)}); got ${text.length}`, 'schema')] }
  }
  const warn = (path: (string | number)[], message: string, code: string) => [problemAt(document, path, message, code, 'warning')]
  if (translated.hash !== hashText(original)) {
    return { text, problems: warn(at, `stale translation: the ${what} changed after it was translated; it now reads ${quoteText(original)} (talkdeck translate ${language} puts it beside the translation for review)`, 'stale-translation') }
  }
  if (translated.original !== undefined) {
    return { text, problems: warn([...at, 'original'], `translation to review: check the ${what} against the original beside it, ${quoteText(original)}, then delete the line "original:"`, 'translation-review') }
  }
  return { text, problems: [] }
}

/** Checks one item's translation against the item, and keeps the fields that have text. */
function checkEntry(document: YamlDocument, id: string, entry: TranslationEntry, kind: ItemKind, items: ReadonlyMap<string, { kind: ItemKind; item: Item }>, translation: DatasetTranslation): Problem[] {
  const warn = (at: (string | number)[], message: string, code: string) => problemAt(document, at, message, code, 'warning')
  const located = items.get(id)
  if (!located) return [warn([id], `no item ${quoteValue(id)}${suggest(id, items.keys())} in the dataset: translate an item of ${ITEMS[kind].file}, or delete this translation of a removed one`, 'unknown-item')]
  if (located.kind !== kind) return [warn([id], `${quoteValue(id)} is one of ${located.kind} (${ITEMS[located.kind].file}): move its translation to ${translation.files[located.kind]}`, 'translation-kind')]
  const problems: Problem[] = []
  const fields = new Map<TranslatableField, FieldText>()
  for (const [field, translated] of Object.entries(entry) as [TranslatableField, NonNullable<TranslationEntry[TranslatableField]>][]) {
    const original = fieldText(located.item, field)
    if (original === undefined) {
      problems.push(warn([id, field], `item ${quoteValue(id)} has no ${field}: nothing to translate; delete this field`, 'translation-field'))
      continue
    }
    const checked = checkField(document, [id, field], translated, original, `${field} of ${quoteValue(id)}`, translation.language, LINE_FOR_LINE_FIELDS.includes(field))
    problems.push(...checked.problems)
    if (checked.text !== undefined) fields.set(field, checked.text)
  }
  if (fields.size) {
    translation.items.set(id, fields)
    translation.locations.set(id, { file: document.file, ...document.locate([id]) })
  }
  return problems
}
