import { lstatSync } from 'node:fs'
import path from 'node:path'
import { failure, hasErrors, type Problem, type Result, type SourceLocation } from '../errors.js'
import { isUrl } from '../urls.js'
import type { Project } from './project.js'
import { checkLinks, findBodyImages } from './links.js'
import { mediaFilesOf } from './media-files.js'
import { loadYamlFile, type YamlDocument } from './load-yaml.js'
import { loadTranslations, type DatasetTranslation } from './load-translations.js'
import { topicTexts } from './translations.js'
import { describeFileProblem, fileProblem, PROBLEM_CODES } from './read-file.js'
import { ITEM_KINDS, ITEMS, sourceSchema, topicSchema, wordsSchema, type Item, type ItemKind, type Source, type Topic, type WordField } from './schema.js'
import { formatYamlPath } from './load-yaml.js'
import { problemAt, quoteValue, validateDocument, valueAt } from './validate.js'
import { checkChart } from './chart-checks.js'
import { declaresWords, resolveWords, WORD_ORIGIN, type DatasetWords } from './words.js'
import { suggest } from '../suggest.js'

export interface LocatedItem {
  kind: ItemKind
  item: Item
  location: SourceLocation
  /** Where the deck's translation of its texts is, when it shows them translated. */
  translatedAt?: SourceLocation
}

export interface LocatedSource {
  source: Source
  location: SourceLocation
}

/** A dataset after loading and validation. */
export interface Dataset {
  name: string
  directory: string
  topic: Topic
  sources: Map<string, LocatedSource>
  items: Map<string, LocatedItem>
  itemsByKind: Record<ItemKind, LocatedItem[]>
  /** Item kinds whose file the dataset does not have, with the path it would have. */
  missingFiles: Map<ItemKind, string>
  /** The file the sources are in. */
  sourcesFile: string
  /** The status and severity words of its items, declared in topic.yaml or talkdeck's defaults. */
  words: DatasetWords
  /** Its translations, by language (`i18n/<lang>/`). */
  translations: Map<string, DatasetTranslation>
  /**
   * What is written but did not validate: a deck referring to it gets no second error for it.
   * Empty for a dataset that loaded whole.
   */
  broken: BrokenParts
}

export interface BrokenParts {
  /** Ids of sources and items whose entries have errors. */
  ids: Set<string>
  /** Item kinds whose file could not be read as a list (its items are all unknown). */
  kinds: Set<ItemKind>
  /** sources.yaml could not be read as a list. */
  sources: boolean
  /** topic.yaml did not validate: its words are unknown, so no word is checked against them. */
  topic: boolean
}

/**
 * A dataset as loaded: whole, or failed with its problems — and either way what did validate
 * (`partial`), so that a deck using it still has its own fields and references checked in the same run.
 */
export type LoadedDataset = Result<Dataset> & { partial: Dataset }

/** Which item kind's entries carry which word field. */
const WORD_FIELD_OF: Partial<Record<ItemKind, WordField>> = { 'use-cases': 'status', challenges: 'severity' }

const DATASET_FILES = { topic: 'topic.yaml', sources: 'sources.yaml' } as const

/** Whether there is anything at `file`, a dangling link included: that is read, and said to be broken. */
function isPresent(file: string): boolean {
  try {
    lstatSync(file)
    return true
  } catch {
    return false
  }
}

/**
 * Loads `data/<name>/`, validates every file entry by entry and the references between them, and
 * reports all problems at once. One broken entry is one error: the others still load, and items
 * citing a source that exists but is broken get no second error for it.
 */
export async function loadDataset(project: Project, name: string): Promise<LoadedDataset> {
  const directory = path.join(project.paths.data, name)
  const problems: Problem[] = []
  const read = async (fileName: string): Promise<YamlDocument | undefined> => {
    const loaded = await loadYamlFile(path.join(directory, fileName), project.displayPath(path.join(directory, fileName)), { allowed: project.allowed })
    problems.push(...loaded.problems)
    if (!loaded.ok) return undefined
    problems.push(...checkLinks(loaded.value))
    return loaded.value
  }
  const sourcesFile = project.displayPath(path.join(directory, DATASET_FILES.sources))
  const required = async (fileName: string) => {
    if (isPresent(path.join(directory, fileName))) return read(fileName)
    problems.push({ severity: 'error', code: 'missing-file', file: project.displayPath(path.join(directory, fileName)), message: `missing file: the dataset "${name}" needs ${fileName}` })
    return undefined
  }

  const topicDocument = await required(DATASET_FILES.topic)
  const topicResult = topicDocument && validateDocument(topicDocument, topicSchema)
  if (topicResult) problems.push(...topicResult.problems)
  const topic = topicResult?.ok ? topicResult.value : undefined
  // The words are known when they validate, whatever else is wrong in topic.yaml (reported above).
  const wordsResult = topicDocument && !topic && valueAt(topicDocument.value, []) && typeof topicDocument.value === 'object' ? wordsSchema.optional().safeParse(valueAt(topicDocument.value, ['words'])) : undefined
  const declared = topic ? topic.words : wordsResult?.success ? wordsResult.data : undefined
  const words = resolveWords(declared)
  const broken: BrokenParts = { ids: new Set(), kinds: new Set(), sources: false, topic: !topic && !wordsResult?.success }

  const sources = new Map<string, LocatedSource>()
  /** Ids of sources that are written but invalid: citing them is not a second mistake. */
  const brokenSources = new Set<string>()
  const sourcesDocument = await required(DATASET_FILES.sources)
  if (!sourcesDocument || !Array.isArray(sourcesDocument.value)) broken.sources = true
  if (sourcesDocument) {
    forEachEntry(sourcesDocument, 'sources', problems, (index) => {
      const result = validateDocument(sourcesDocument, sourceSchema, [index])
      problems.push(...result.problems)
      if (!result.ok) {
        const id = entryId(sourcesDocument, index)
        if (id) brokenSources.add(id)
        if (id) broken.ids.add(id)
        return
      }
      const source = result.value
      const existing = sources.get(source.id)
      if (existing) {
        problems.push(problemAt(sourcesDocument, [index, 'id'], `duplicate source id ${quoteValue(source.id)} (first defined at line ${existing.location.line})`, 'duplicate-id'))
        return
      }
      sources.set(source.id, { source, location: { file: sourcesDocument.file, ...sourcesDocument.locate([index]) } })
    })
  }

  const items = new Map<string, LocatedItem>()
  const itemsByKind = Object.fromEntries(ITEM_KINDS.map((kind) => [kind, []])) as unknown as Record<ItemKind, LocatedItem[]>
  const missingFiles = new Map<ItemKind, string>()
  for (const kind of ITEM_KINDS) {
    const fileName = ITEMS[kind].file
    if (!isPresent(path.join(directory, fileName))) {
      missingFiles.set(kind, project.displayPath(path.join(directory, fileName)))
      continue
    }
    const document = await read(fileName)
    if (!document || !Array.isArray(document.value)) broken.kinds.add(kind)
    if (!document) continue
    const wordField = WORD_FIELD_OF[kind]
    forEachEntry(document, kind, problems, (index) => {
      const result = validateDocument(document, ITEMS[kind].schema.element, [index])
      // A word field is checked against the dataset's own words, with one message of its own.
      const wordPath = wordField && formatYamlPath([index, wordField])
      const wordProblems = wordField && !broken.topic ? checkWord(document, index, wordField, kind, words, declared) : []
      problems.push(...(wordField && !broken.topic ? result.problems.filter((problem) => problem.path !== wordPath) : result.problems), ...wordProblems)
      if (!result.ok || wordProblems.length) {
        const id = entryId(document, index)
        if (id) broken.ids.add(id)
        return
      }
      const item: Item = result.value
      // An item's image is relative to the dataset folder; it must be a file of the project.
      const pictures = [...mediaFilesOf(item).map((file) => ({ ...file, at: [index, ...file.at] })), ...findBodyImages(item.body ?? '').map(({ src }) => ({ src, what: 'image file', at: [index, 'body'] }))]
      for (const picture of pictures.filter(({ src }) => !isUrl(src))) {
        const file = path.resolve(directory, picture.src)
        const why = fileProblem(file, project.allowed)
        if (why) problems.push(problemAt(document, picture.at, describeFileProblem(picture.what, file, why, 'relative to the dataset folder'), PROBLEM_CODES[why.kind]))
      }
      if (item.chart && sourcesDocument) problems.push(...checkChart(document, [index, 'chart'], item.chart, new Set([...sources.keys(), ...brokenSources])))
      const existing = items.get(item.id)
      if (existing) {
        problems.push(problemAt(document, [index, 'id'], `duplicate item id ${quoteValue(item.id)} (also in ${existing.location.file}:${existing.location.line}); ids must be unique in the dataset`, 'duplicate-id'))
        return
      }
      item.sources.forEach((sourceId, sourceIndex) => {
        if (sourcesDocument && !sources.has(sourceId) && !brokenSources.has(sourceId)) {
          problems.push(problemAt(document, [index, 'sources', sourceIndex], `unknown source id ${quoteValue(sourceId)}${suggest(sourceId, sources.keys())}: expected an id from ${sourcesDocument.file}`, 'unknown-source'))
        }
      })
      const located = { kind, item, location: { file: document.file, ...document.locate([index]) } }
      items.set(item.id, located)
      itemsByKind[kind].push(located)
    })
  }

  const translated = await loadTranslations(project, directory, items, topic ? topicTexts(topic, words) : new Map())
  problems.push(...translated.problems)
  const dataset: Dataset = { name, directory, topic: topic ?? { title: name, summary: name }, sources, items, itemsByKind, missingFiles, sourcesFile, words, translations: translated.translations, broken }
  if (!topic || hasErrors(problems)) return { ...failure(problems), partial: dataset }
  return { ok: true, value: dataset, problems, partial: dataset }
}

/**
 * A use case's status or a challenge's severity must be one of the dataset's words: missing,
 * not a word, or a word not declared is one error at the field, listing the words and where they
 * are declared.
 */
function checkWord(document: YamlDocument, index: number, field: WordField, kind: ItemKind, words: DatasetWords, declared: Topic['words']): Problem[] {
  const entry = valueAt(document.value, [index])
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return []
  const value = (entry as Record<string, unknown>)[field]
  const known = [...words[field].keys()]
  const origin = declaresWords(declared, field) ? `the words topic.yaml declares under ${WORD_ORIGIN[field]}` : `talkdeck's default words; declare your own under ${WORD_ORIGIN[field]} in topic.yaml`
  const expected = `expected one of ${known.join(', ')} (${origin})`
  if (value === undefined) {
    return field === 'status' ? [problemAt(document, [index], `missing required field "${field}": ${expected}`, 'schema')] : []
  }
  if (typeof value !== 'string') return [problemAt(document, [index, field], `"${field}" must be one word, got ${Array.isArray(value) ? 'a list' : value === null ? 'an empty value' : typeof value}: ${expected}`, 'schema')]
  if (words[field].has(value)) return []
  return [problemAt(document, [index, field], `unknown ${field} ${quoteValue(value)}${suggest(value, known)} for ${kind}: ${expected}`, 'unknown-word')]
}

/** Calls `visit` for each entry of a file that must hold a list; anything else is one problem. */
function forEachEntry(document: YamlDocument, what: string, problems: Problem[], visit: (index: number) => void): void {
  if (!Array.isArray(document.value)) {
    problems.push(problemAt(document, [], `expected a list of ${what} (lines starting with "- "), got ${typeof document.value === 'object' ? 'a mapping' : typeof document.value}`, 'schema'))
    return
  }
  document.value.forEach((_entry, index) => visit(index))
}

function entryId(document: YamlDocument, index: number): string | undefined {
  const entry = (document.value as unknown[])[index]
  const id = entry && typeof entry === 'object' ? (entry as Record<string, unknown>).id : undefined
  return typeof id === 'string' ? id : undefined
}
