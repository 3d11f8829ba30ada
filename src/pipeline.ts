/**
 * load → validate → resolve, for a set of decks. The only stage that reads the project's files;
 * everything after it (render, build, export, check) works on `ResolvedDeck`s.
 */
import { existsSync } from 'node:fs'
import { ValidationError, type Problem } from './errors.js'
import { checkDeck, checkSources } from './check/static-checks.js'
import { loadDataset, type DatasetResult } from './data/load-dataset.js'
import { loadYamlFile } from './data/load-yaml.js'
import { deckSchema } from './data/schema.js'
import { validateDocument, problemAt } from './data/validate.js'
import type { DeckRef } from './deck/find-decks.js'
import { resolveDeck } from './deck/resolve-deck.js'
import type { ResolvedDeck } from './deck/types.js'
import { createProject, listDatasets, type Project } from './project.js'
import { loadLayouts, loadPartials } from './render/layouts.js'
import { createSlideRenderer, type SlideRenderer, type TemplateSet } from './render/render-slides.js'
import { loadThemes, type Theme } from './themes/resolve-theme.js'

export interface Workspace {
  project: Project
  templates: TemplateSet
  themes: Map<string, Theme>
  renderer: SlideRenderer
}

export interface DeckResult {
  ref: DeckRef
  deck: ResolvedDeck | undefined
  /** The dataset the deck uses, once it was found and read (its problems are in `problems`). */
  dataset?: string
  problems: Problem[]
}

export async function openWorkspace(root: string): Promise<Workspace> {
  const project = createProject(root)
  const [layouts, partials, themes] = await Promise.all([loadLayouts(project), loadPartials(project), loadThemes(project)])
  const templates = { layouts, partials }
  return { project, templates, themes, renderer: createSlideRenderer(templates) }
}

/** Loads and resolves decks; each dataset is read once however many decks use it. */
export async function loadDecks(workspace: Workspace, refs: DeckRef[]): Promise<DeckResult[]> {
  const datasets = new Map<string, Promise<DatasetResult>>()
  const datasetFor = (name: string) => {
    let result = datasets.get(name)
    if (!result) {
      result = loadDataset(workspace.project, name)
      datasets.set(name, result)
    }
    return result
  }
  const reportedDatasets = new Set<string>()

  const results: DeckResult[] = []
  for (const ref of refs) {
    const problems: Problem[] = []
    const display = workspace.project.displayPath(ref.file)
    let document
    try {
      document = await loadYamlFile(ref.file, display)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      results.push({ ref, deck: undefined, problems: error.problems.map((p) => ({ ...p, deck: ref.id })) })
      continue
    }
    const validated = validateDocument(document, deckSchema)
    problems.push(...validated.problems.map((p) => ({ ...p, deck: ref.id })))
    if (!validated.ok) {
      results.push({ ref, deck: undefined, problems })
      continue
    }
    const datasetName = validated.value.data
    if (!existsSync(`${workspace.project.paths.data}/${datasetName}`)) {
      const known = (await listDatasets(workspace.project)).join(', ') || 'none'
      problems.push({ ...problemAt(document, ['data'], `unknown dataset "${datasetName}": expected a folder in data/ (${known})`, 'unknown-dataset'), deck: ref.id })
      results.push({ ref, deck: undefined, problems })
      continue
    }
    const { dataset, problems: datasetProblems } = await datasetFor(datasetName)
    // Problems of a shared dataset belong to whichever deck met them first, so they print once.
    if (!reportedDatasets.has(datasetName)) {
      reportedDatasets.add(datasetName)
      problems.push(...datasetProblems.map((p) => ({ ...p, deck: ref.id })))
    } else if (datasetProblems.some((p) => p.severity === 'error')) {
      problems.push({ severity: 'error', code: 'invalid-dataset', file: display, deck: ref.id, message: `dataset "${datasetName}" has errors (listed above)` })
    }
    if (!dataset || datasetProblems.some((p) => p.severity === 'error')) {
      results.push({ ref, deck: undefined, dataset: datasetName, problems })
      continue
    }
    const resolved = resolveDeck({
      id: ref.id,
      document,
      deck: validated.value,
      dataset,
      layouts: workspace.templates.layouts,
      themes: workspace.themes,
      absoluteFile: ref.file,
    })
    problems.push(...resolved.problems)
    if (resolved.deck) problems.push(...checkDeck(resolved.deck))
    results.push({ ref, deck: resolved.deck, dataset: datasetName, problems })
  }

  // Source findings are about a dataset, not a deck: reported once, with the first deck using it.
  for (const name of reportedDatasets) {
    const { dataset } = await datasetFor(name)
    const decks = results.filter((result) => result.deck?.dataset === name)
    if (!dataset || decks.length === 0) continue
    const cited = new Set(decks.flatMap((result) => result.deck?.slides.flatMap((slide) => slide.sources.map((s) => s.id)) ?? []))
    decks[0]?.problems.push(...checkSources(dataset, cited).map((p) => ({ ...p, deck: decks[0]?.ref.id })))
  }
  return results
}

/** The project's datasets other than `except` (those already read with their decks). */
export async function loadOtherDatasets(workspace: Workspace, except: Set<string>): Promise<Map<string, DatasetResult>> {
  const results = new Map<string, DatasetResult>()
  for (const name of await listDatasets(workspace.project)) {
    if (!except.has(name)) results.set(name, await loadDataset(workspace.project, name))
  }
  return results
}
