/**
 * load → validate → resolve, for a set of decks. Each dataset is read once however many decks use
 * it, and its problems are reported once, with the first deck that uses it.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { failure, type DeckResult, type Problem, type Result } from '../errors.js'
import { loadDataset, type Dataset } from '../data/load-dataset.js'
import { loadYamlFile } from '../data/load-yaml.js'
import { listDatasets } from '../data/project.js'
import { deckSchema } from '../data/schema.js'
import { problemAt, validateDocument } from '../data/validate.js'
import type { Workspace } from '../data/workspace.js'
import { suggest } from '../suggest.js'
import type { DeckRef } from './find-decks.js'
import { resolveDeck } from './resolve-deck.js'
import type { ResolvedDeck } from './types.js'

export interface LoadedDecks {
  decks: DeckResult<ResolvedDeck>[]
  /** Every dataset the decks use, by name, as loaded (problems included). */
  datasets: Map<string, Result<Dataset>>
}

export async function loadDecks(workspace: Workspace, refs: DeckRef[]): Promise<LoadedDecks> {
  const { project } = workspace
  const datasets = new Map<string, Result<Dataset>>()
  const decks: DeckResult<ResolvedDeck>[] = []
  for (const ref of refs) {
    const tag = (problems: Problem[]) => problems.map((problem) => ({ ...problem, deck: ref.id }))
    const loaded = await loadYamlFile(ref.file, project.displayPath(ref.file))
    if (!loaded.ok) {
      decks.push({ deck: ref.id, ...failure(tag(loaded.problems)) })
      continue
    }
    const document = loaded.value
    const validated = validateDocument(document, deckSchema)
    if (!validated.ok) {
      decks.push({ deck: ref.id, ...failure(tag(validated.problems)) })
      continue
    }
    const datasetName = validated.value.data
    if (!existsSync(path.join(project.paths.data, datasetName))) {
      const known = await listDatasets(project)
      const problem = problemAt(document, ['data'], `unknown dataset "${datasetName}"${suggest(datasetName, known)}: expected a folder in ${project.displayPath(project.paths.data)}/ (${known.join(', ') || 'none yet'})`, 'unknown-dataset')
      decks.push({ deck: ref.id, ...failure(tag([problem])) })
      continue
    }
    let dataset = datasets.get(datasetName)
    const problems: Problem[] = []
    if (!dataset) {
      dataset = await loadDataset(project, datasetName)
      datasets.set(datasetName, dataset)
      problems.push(...tag(dataset.problems))
    }
    if (!dataset.ok) {
      decks.push({ deck: ref.id, ok: false, error: dataset.error, problems })
      continue
    }
    const resolved = resolveDeck({ id: ref.id, document, deck: validated.value, dataset: dataset.value, templates: workspace.templates, absoluteFile: ref.file, display: project.displayPath })
    decks.push({ deck: ref.id, ...resolved, problems: [...problems, ...resolved.problems] })
  }
  return { decks, datasets }
}

/** The project's datasets other than those already loaded, for `check` of the whole project. */
export async function loadOtherDatasets(workspace: Workspace, loaded: Map<string, Result<Dataset>>): Promise<Map<string, Result<Dataset>>> {
  const others = new Map<string, Result<Dataset>>()
  for (const name of await listDatasets(workspace.project)) {
    if (!loaded.has(name)) others.set(name, await loadDataset(workspace.project, name))
  }
  return others
}

/** The decks that resolved. */
export const resolvedDecks = (results: DeckResult<ResolvedDeck>[]): ResolvedDeck[] => results.flatMap((result) => (result.ok ? [result.value] : []))
