/**
 * load → validate → resolve, for a set of decks. Each dataset is read once however many decks use
 * it, and its problems are reported once, with the first deck that uses it.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { failure, hasErrors, ValidationError, type DeckResult, type Problem, type Result } from '../errors.js'
import { loadDataset, type Dataset } from '../data/load-dataset.js'
import { checkThemeFile } from '../data/load-templates.js'
import { checkLinks } from '../data/links.js'
import { loadYamlFile } from '../data/load-yaml.js'
import { listDatasets } from '../data/project.js'
import { deckSchema } from '../data/schema.js'
import { problemAt, quoteValue, validateDocument } from '../data/validate.js'
import type { Workspace } from '../data/workspace.js'
import { suggest } from '../suggest.js'
import { deckIdProblem, type DeckRef } from './find-decks.js'
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
  /** A project's theme is read and its url()s checked once, however many decks use it. */
  const themeProblems = new Map<string, Problem[]>()
  /** Deck ids taken so far (lowercase: two decks must not share an output folder on any disk). */
  const ids = new Map<string, string>()
  for (const ref of refs) {
    const tag = (problems: Problem[]) => problems.map((problem) => ({ ...problem, deck: ref.id }))
    const display = project.displayPath(ref.file)
    const idProblem = deckIdProblem(ref.id)
    const sameId = ids.get(ref.id.toLowerCase())
    if (idProblem || sameId) {
      const message = idProblem ?? `the deck id ${quoteValue(ref.id)} is also the id of ${sameId}: two decks would write the same output; rename one file`
      // Named by its file: the id is what is wrong, or is another deck's.
      const deck = path.basename(ref.file)
      decks.push({ deck, ...failure([{ severity: 'error', code: 'deck-id', deck, file: display, message }]) })
      continue
    }
    ids.set(ref.id.toLowerCase(), display)
    // A deck named on the command line is read wherever it is; the project's decks must be inside it.
    const loaded = await loadYamlFile(ref.file, display, ref.explicit ? {} : { allowed: project.allowed })
    if (!loaded.ok) {
      decks.push({ deck: ref.id, ...failure(tag(loaded.problems)) })
      continue
    }
    const document = loaded.value
    const validated = validateDocument(document, deckSchema)
    const links = checkLinks(document)
    if (!validated.ok || hasErrors(links)) {
      decks.push({ deck: ref.id, ...failure(tag([...validated.problems, ...links])) })
      continue
    }
    const datasetName = validated.value.data
    if (!existsSync(path.join(project.paths.data, datasetName))) {
      const known = await listDatasets(project)
      const problem = problemAt(document, ['data'], `unknown dataset ${quoteValue(datasetName)}${suggest(datasetName, known)}: expected a folder in ${project.displayPath(project.paths.data)}/ (${known.join(', ') || 'none yet'})`, 'unknown-dataset')
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
    const resolved = resolveDeck({ id: ref.id, document, deck: validated.value, dataset: dataset.value, templates: workspace.templates, absoluteFile: ref.file, allowed: project.allowed, display: project.displayPath })
    if (resolved.ok && !resolved.value.theme.builtIn) {
      const { theme } = resolved.value
      const checked = themeProblems.get(theme.file)
      // Reported with the first deck that uses the theme; every deck that does fails.
      const found = await (checked ?? checkThemeFile(theme, project))
      themeProblems.set(theme.file, found)
      if (hasErrors(found)) {
        decks.push({ deck: ref.id, ok: false, error: new ValidationError(found), problems: [...problems, ...resolved.problems, ...(checked ? [] : tag(found))] })
        continue
      }
    }
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
