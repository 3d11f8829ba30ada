import { existsSync } from 'node:fs'
import path from 'node:path'
import { ValidationError, type Problem, type SourceLocation } from '../errors.js'
import type { Project } from '../project.js'
import { loadYamlFile, type YamlDocument } from './load-yaml.js'
import {
  ITEM_KINDS,
  itemFileSchemas,
  sourcesFileSchema,
  topicSchema,
  type Item,
  type ItemKind,
  type Source,
  type Topic,
} from './schema.js'
import { problemAt, validateDocument } from './validate.js'

export interface LocatedItem {
  kind: ItemKind
  item: Item
  location: SourceLocation
}

export interface LocatedSource {
  source: Source
  location: SourceLocation
}

/** A dataset after loading and validation: only well-formed items and sources are in it. */
export interface Dataset {
  name: string
  directory: string
  topic: Topic
  sources: Map<string, LocatedSource>
  items: Map<string, LocatedItem>
  itemsByKind: Record<ItemKind, LocatedItem[]>
}

export interface DatasetResult {
  dataset: Dataset | undefined
  problems: Problem[]
}

const ITEM_FILE_NAMES: Record<ItemKind, string> = {
  advances: 'advances.yaml',
  advantages: 'advantages.yaml',
  'use-cases': 'use-cases.yaml',
  challenges: 'challenges.yaml',
}

/**
 * Loads `data/<name>/`, validates every file and the references between them, and reports all
 * problems at once. The dataset is returned whenever its topic could be read, so that decks can
 * still be checked against what is valid.
 */
export async function loadDataset(project: Project, name: string): Promise<DatasetResult> {
  const directory = path.join(project.paths.data, name)
  const problems: Problem[] = []
  const read = async (fileName: string, required: boolean): Promise<YamlDocument | undefined> => {
    const absolute = path.join(directory, fileName)
    const display = project.displayPath(absolute)
    if (!existsSync(absolute)) {
      if (required) problems.push({ severity: 'error', code: 'missing-file', file: display, message: `missing file: the dataset "${name}" needs ${fileName}` })
      return undefined
    }
    try {
      return await loadYamlFile(absolute, display)
    } catch (error) {
      if (error instanceof ValidationError) {
        problems.push(...error.problems)
        return undefined
      }
      throw error
    }
  }

  const topicDocument = await read('topic.yaml', true)
  const topicResult = topicDocument && validateDocument(topicDocument, topicSchema)
  if (topicResult) problems.push(...topicResult.problems)

  const sources = new Map<string, LocatedSource>()
  const sourcesDocument = await read('sources.yaml', true)
  if (sourcesDocument) {
    const result = validateDocument(sourcesDocument, sourcesFileSchema)
    problems.push(...result.problems)
    if (result.ok) {
      result.value.forEach((source, index) => {
        const position = sourcesDocument.locate([index])
        const location = { file: sourcesDocument.file, ...position }
        const existing = sources.get(source.id)
        if (existing) {
          problems.push(problemAt(sourcesDocument, [index, 'id'], `duplicate source id "${source.id}" (first defined at line ${existing.location.line})`, 'duplicate-id'))
          return
        }
        sources.set(source.id, { source, location })
      })
    }
  }

  const items = new Map<string, LocatedItem>()
  const itemsByKind = Object.fromEntries(ITEM_KINDS.map((kind) => [kind, []])) as unknown as Record<ItemKind, LocatedItem[]>
  for (const kind of ITEM_KINDS) {
    const document = await read(ITEM_FILE_NAMES[kind], false)
    if (!document) continue
    const result = validateDocument(document, itemFileSchemas[kind])
    problems.push(...result.problems)
    if (!result.ok) continue
    result.value.forEach((item: Item, index: number) => {
      const location = { file: document.file, ...document.locate([index]) }
      const existing = items.get(item.id)
      if (existing) {
        problems.push(problemAt(document, [index, 'id'], `duplicate item id "${item.id}" (also in ${existing.location.file}:${existing.location.line}); ids must be unique in the dataset`, 'duplicate-id'))
        return
      }
      item.sources.forEach((sourceId, sourceIndex) => {
        if (sourcesDocument && !sources.has(sourceId)) {
          problems.push(problemAt(document, [index, 'sources', sourceIndex], `unknown source id "${sourceId}": expected an id from ${sourcesDocument.file}`, 'unknown-source'))
        }
      })
      const located = { kind, item, location }
      items.set(item.id, located)
      itemsByKind[kind].push(located)
    })
  }

  const dataset =
    topicResult?.ok === true
      ? { name, directory, topic: topicResult.value, sources, items, itemsByKind }
      : undefined
  return { dataset, problems }
}
