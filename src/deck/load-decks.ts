/**
 * load → validate → resolve, for a set of decks. Each dataset is read once however many decks use
 * it, and its problems are reported once, with the first deck that uses it.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { failure, hasErrors, ValidationError, type DeckResult, type Problem, type Result } from '../errors.js'
import { loadDataset, type Dataset, type LoadedDataset } from '../data/load-dataset.js'
import { checkThemeFile } from '../data/load-templates.js'
import { checkLinks } from '../data/links.js'
import { loadYamlFile } from '../data/load-yaml.js'
import { listDatasets } from '../data/project.js'
import { deckSchema, ITEM_KINDS, slideSchema, type DeckFile } from '../data/schema.js'
import { fileProblem } from '../data/read-file.js'
import { resolveWords } from '../data/words.js'
import { z } from 'zod'
import { problemAt, quoteValue, validateDocument } from '../data/validate.js'
import type { Workspace } from '../data/workspace.js'
import { suggest } from '../suggest.js'
import { deckIdProblem, type DeckRef } from './find-decks.js'
import { resolveDeck } from './resolve-deck.js'
import { resolveTheme } from './resolve-theme.js'
import type { ResolvedDeck, SlideSize } from './types.js'

export interface LoadedDecks {
  decks: DeckResult<ResolvedDeck>[]
  /** Every dataset the decks use, by name, as loaded (problems included). */
  datasets: Map<string, LoadedDataset>
}

export interface LoadDecksOptions {
  /** Lay every deck out at this slide size, whatever its `size:` says (a PowerPoint template's shape). */
  size?: SlideSize
}

export async function loadDecks(workspace: Workspace, refs: DeckRef[], options: LoadDecksOptions = {}): Promise<LoadedDecks> {
  const { project } = workspace
  const datasets = new Map<string, LoadedDataset>()
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
    const problems: Problem[] = tag([...loaded.problems, ...validated.problems, ...links])
    // What did validate is still resolved: a typo in one field hides no unknown layout, theme or id.
    const salvaged = validated.ok ? { deck: validated.value, skip: new Set<number>(), incomplete: new Set<number>() } : salvageDeck(document.value)
    if (!salvaged) {
      decks.push({ deck: ref.id, ...failure(problems) })
      continue
    }
    const { deck, skip, incomplete } = salvaged
    let dataset: Dataset = emptyDataset(deck.data ?? '', path.join(project.paths.data, deck.data ?? ''))
    let datasetOk = true
    if (deck.data !== undefined && !existsSync(path.join(project.paths.data, deck.data))) {
      const known = await listDatasets(project)
      problems.push(...tag([problemAt(document, ['data'], `unknown dataset ${quoteValue(deck.data)}${suggest(deck.data, known)}: expected a folder in ${project.displayPath(project.paths.data)}/ (${known.join(', ') || 'none yet'})`, 'unknown-dataset')]))
    } else if (deck.data !== undefined) {
      let loadedDataset = datasets.get(deck.data)
      if (!loadedDataset) {
        loadedDataset = await loadDataset(project, deck.data)
        datasets.set(deck.data, loadedDataset)
        problems.push(...tag(loadedDataset.problems))
      }
      dataset = loadedDataset.partial
      datasetOk = loadedDataset.ok
    }
    const resolved = resolveDeck({ id: ref.id, document, deck: { ...deck, ...(options.size ? { size: `${options.size.width}x${options.size.height}` } : {}), title: deck.title ?? '', data: dataset.name }, skipSlides: skip, incompleteSlides: incomplete, dataset, templates: workspace.templates, absoluteFile: ref.file, allowed: project.allowed, display: project.displayPath })
    problems.push(...resolved.problems)
    // The theme is checked whatever else is wrong with the deck: it is a file of its own.
    const theme = resolved.ok ? resolved.value.theme : resolveTheme(deck.theme, workspace.templates.themes, path.dirname(ref.file), () => {}, (file) => fileProblem(file, project.allowed))
    if (theme && !theme.builtIn) {
      const checked = themeProblems.get(theme.file)
      // Reported with the first deck that uses the theme; every deck that does fails.
      const found = await (checked ?? checkThemeFile(theme, project))
      themeProblems.set(theme.file, found)
      if (!checked) problems.push(...tag(found))
      if (hasErrors(found)) {
        decks.push({ deck: ref.id, ok: false, error: new ValidationError(found), problems })
        continue
      }
    }
    if (!resolved.ok || !validated.ok || !datasetOk || hasErrors(problems)) {
      decks.push({ deck: ref.id, ...failure(problems) })
      continue
    }
    decks.push({ deck: ref.id, ok: true, value: resolved.value, problems })
  }
  return { decks, datasets }
}

/** A deck's fields, as far as they validate. */
type SalvagedDeck = Omit<DeckFile, 'title' | 'data'> & Partial<Pick<DeckFile, 'title' | 'data'>>

/** Lenient for what a broken deck may lack: its slides are those that validated, maybe none. */
const salvagedDeckSchema = deckSchema.partial({ title: true, data: true }).extend({ slides: z.array(slideSchema) })

/** A slide's fields that decide what it selects: without a valid one, the slide is not resolved at all. */
const SELECTING_FIELDS: ReadonlySet<PropertyKey> = new Set(['layout', 'from', 'ids'])

/**
 * The fields of a deck that did not validate, without those in error: a broken top-level field or
 * slide field is left out (an unknown one too), and a slide whose layout or selection is broken is
 * skipped (`skip`, by index: the others keep their places, so their findings keep their lines).
 * Its problems were reported; this is only so that the rest of the deck is still checked.
 */
function salvageDeck(value: unknown): { deck: SalvagedDeck; skip: Set<number>; incomplete: Set<number> } | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined
  const deck: Record<string, unknown> = { ...(value as Record<string, unknown>) }
  const skip = new Set<number>()
  const incomplete = new Set<number>()
  const slides: Record<string, unknown>[] = Array.isArray(deck.slides)
    ? deck.slides.map((slide: unknown, index) => {
        if (slide && typeof slide === 'object' && !Array.isArray(slide)) return { ...slide }
        skip.add(index)
        return {}
      })
    : []
  for (const issue of deckSchema.safeParse(value).error?.issues ?? []) {
    const [key, index, field] = issue.path
    if (key === undefined) {
      if (issue.code === 'unrecognized_keys') for (const unknown of issue.keys) delete deck[unknown]
    } else if (key === 'slides' && typeof index === 'number') {
      const slide = slides[index]
      if (slide && issue.code === 'unrecognized_keys' && field === undefined) for (const unknown of issue.keys) delete slide[unknown]
      else if (slide && (typeof field === 'string' || typeof field === 'number') && !SELECTING_FIELDS.has(field)) {
        delete slide[field]
        incomplete.add(index)
      } else skip.add(index)
    } else if (typeof key === 'string') delete deck[key]
  }
  // A skipped slide keeps its place with a stand-in that passes the schema and is never resolved.
  const salvaged = salvagedDeckSchema.safeParse({ ...deck, slides: slides.map((slide, index) => (skip.has(index) ? { layout: 'skipped' } : slide)) })
  return salvaged.success ? { deck: salvaged.data, skip, incomplete } : undefined
}

/** The dataset of a deck whose `data:` is missing or unknown: nothing in it, and nothing said about its absence again. */
function emptyDataset(name: string, directory: string): Dataset {
  return {
    name,
    directory,
    topic: { title: name, summary: name },
    sources: new Map(),
    items: new Map(),
    itemsByKind: Object.fromEntries(ITEM_KINDS.map((kind) => [kind, []])) as unknown as Dataset['itemsByKind'],
    missingFiles: new Map(),
    sourcesFile: '',
    words: resolveWords(undefined),
    translations: new Map(),
    broken: { ids: new Set(), kinds: new Set(ITEM_KINDS), sources: true, topic: true },
  }
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
