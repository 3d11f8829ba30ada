/**
 * Reads a dataset's translations (`i18n/<lang>/<kind>.yaml`) and checks each entry against the
 * item it translates: an unknown item, a field the item does not have, a translation made from an
 * earlier original (its hash differs) or one marked for review — each said at the translation's line.
 */
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import type { Problem } from '../errors.js'
import { suggest } from '../suggest.js'
import { loadYamlFile, type YamlDocument } from './load-yaml.js'
import type { Project } from './project.js'
import { ITEMS, ITEM_KINDS, type Item, type ItemKind } from './schema.js'
import { translationEntrySchema, type TranslatableField, type TranslationEntry } from './translation-schema.js'
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
  /** Ids whose translation has errors (reported): a deck showing the item gets no second warning for it. */
  broken: Set<string>
}

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
    const translation: DatasetTranslation = { language, files, items: new Map(), broken: new Set() }
    translations.set(language, translation)
    for (const kind of ITEM_KINDS) {
      const file = path.join(folder, language, ITEMS[kind].file)
      if (!(await stat(file).catch(() => undefined))) continue
      const loaded = await loadYamlFile(file, files[kind], { allowed: project.allowed })
      problems.push(...loaded.problems)
      if (!loaded.ok) continue
      const document = loaded.value
      if (!document.value || typeof document.value !== 'object' || Array.isArray(document.value)) {
        problems.push(problemAt(document, [], 'expected a mapping of item ids to their translated fields ("item-id:" lines)', 'schema'))
        continue
      }
      for (const id of Object.keys(document.value)) {
        const validated = validateDocument(document, translationEntrySchema, [id])
        problems.push(...validated.problems)
        if (validated.ok) problems.push(...checkEntry(document, id, validated.value, kind, items, translation))
        else translation.broken.add(id)
      }
    }
  }
  return { translations, problems }
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
    const { text } = translated
    if (text === null || text === undefined) continue
    if (Array.isArray(text) !== Array.isArray(original)) {
      problems.push(problemAt(document, [id, field, 'text'], Array.isArray(original) ? `expected a list, line for line as the original's ${field}` : `expected one text, as the original's ${field}`, 'schema'))
      continue
    }
    fields.set(field, text)
    if (translated.hash !== hashText(original)) {
      problems.push(warn([id, field], `stale translation: the ${field} of ${quoteValue(id)} changed after it was translated; it now reads ${quoteText(original)} (talkdeck translate ${translation.language} puts it beside the translation for review)`, 'stale-translation'))
    } else if (translated.original !== undefined) {
      problems.push(warn([id, field, 'original'], `translation to review: check the ${field} of ${quoteValue(id)} against the original beside it, ${quoteText(original)}, then delete the line "original:"`, 'translation-review'))
    }
  }
  if (fields.size) translation.items.set(id, fields)
  return problems
}
