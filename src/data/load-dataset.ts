import { lstatSync } from 'node:fs'
import path from 'node:path'
import { failure, hasErrors, type Problem, type Result, type SourceLocation } from '../errors.js'
import { isUrl } from '../urls.js'
import type { Project } from './project.js'
import { checkLinks } from './links.js'
import { loadYamlFile, type YamlDocument } from './load-yaml.js'
import { describeFileProblem, fileProblem, PROBLEM_CODES } from './read-file.js'
import { ITEM_KINDS, ITEMS, sourceSchema, topicSchema, type Item, type ItemKind, type Source, type Topic } from './schema.js'
import { problemAt, quoteValue, validateDocument } from './validate.js'
import { suggest } from '../suggest.js'

export interface LocatedItem {
  kind: ItemKind
  item: Item
  location: SourceLocation
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
}

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
export async function loadDataset(project: Project, name: string): Promise<Result<Dataset>> {
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

  const sources = new Map<string, LocatedSource>()
  /** Ids of sources that are written but invalid: citing them is not a second mistake. */
  const brokenSources = new Set<string>()
  const sourcesDocument = await required(DATASET_FILES.sources)
  if (sourcesDocument) {
    forEachEntry(sourcesDocument, 'sources', problems, (index) => {
      const result = validateDocument(sourcesDocument, sourceSchema, [index])
      problems.push(...result.problems)
      if (!result.ok) {
        const id = entryId(sourcesDocument, index)
        if (id) brokenSources.add(id)
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
    if (!document) continue
    forEachEntry(document, kind, problems, (index) => {
      const result = validateDocument(document, ITEMS[kind].schema.element, [index])
      problems.push(...result.problems)
      if (!result.ok) return
      const item: Item = result.value
      // An item's image is relative to the dataset folder; it must be a file of the project.
      if (item.image && !isUrl(item.image.src)) {
        const file = path.resolve(directory, item.image.src)
        const why = fileProblem(file, project.allowed)
        if (why) problems.push(problemAt(document, [index, 'image', 'src'], describeFileProblem('image file', file, why, 'relative to the dataset folder'), PROBLEM_CODES[why.kind]))
      }
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

  if (!topicResult?.ok || hasErrors(problems)) return failure(problems)
  return { ok: true, value: { name, directory, topic: topicResult.value, sources, items, itemsByKind, missingFiles, sourcesFile }, problems }
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
