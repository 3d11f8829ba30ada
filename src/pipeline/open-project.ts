/**
 * What check, build and export do first: open the project, read the decks asked for, and find the
 * problems every run reports — the decks' own, content, timing and sources.
 */
import { DEFAULTS } from '../defaults.js'
import type { Problem } from '../errors.js'
import { resolveOutDir } from '../data/project.js'
import { loadWorkspace, type Workspace } from '../data/workspace.js'
import { findDecks, selectDecks, type DeckRef } from '../deck/find-decks.js'
import { loadDecks, resolvedDecks, type LoadedDecks } from '../deck/load-decks.js'
import { messageLanguages } from '../deck/resolve-messages.js'
import type { ResolvedDeck } from '../deck/types.js'
import { checkDeck, checkSources } from '../check/static-checks.js'

/** What every project function takes. */
export interface ProjectOptions {
  /** Deck ids (decks/<id>.yaml) or paths to deck files; none: every deck of the project. @default [] */
  decks?: string[]
  /** Folders outside the project its files may come from, relative to the project folder. @default [] */
  allowPaths?: string[]
  /** Where relative paths given by a person are resolved (deck paths, `allowPaths`). @default process.cwd() */
  cwd?: string
}

/** Options of the functions that write. */
export interface WritingOptions extends ProjectOptions {
  /** Output folder, relative to the project folder. @default DEFAULTS.outDir ('dist') */
  outDir?: string
}

export interface OpenedProject extends LoadedDecks {
  workspace: Workspace
  /** The output folder, resolved against the project folder ('' for a run that writes nothing). */
  outDir: string
  /** The deck files read, in order. */
  refs: DeckRef[]
}

export async function openProject(root: string, options: WritingOptions, { writes = true } = {}): Promise<OpenedProject> {
  const cwd = options.cwd ?? process.cwd()
  const workspace = await loadWorkspace(root, cwd, { allowPaths: options.allowPaths })
  // Refused before any deck is read: an output folder that could replace the project.
  const outDir = writes ? resolveOutDir(workspace.project, options.outDir ?? DEFAULTS.outDir) : ''
  const refs = await selectDecks(workspace.project, options.decks ?? [], cwd)
  return { ...(await loadDecks(workspace, refs)), workspace, outDir, refs }
}

/** The problems every run reports before it writes: the decks' own, then content, timing, sources. */
export function staticProblems(opened: LoadedDecks & Pick<OpenedProject, 'workspace'>): Problem[] {
  const problems = opened.decks.flatMap((result) => result.problems)
  const decks = resolvedDecks(opened.decks)
  for (const deck of decks) problems.push(...checkDeck(deck))
  // Source findings are about a dataset: reported once, with the first deck that uses it.
  for (const [name, dataset] of opened.datasets) {
    const using = decks.filter((deck) => deck.dataset === name)
    if (!dataset.ok || !using[0]) continue
    const cited = new Set(using.flatMap((deck) => deck.sources.map((source) => source.id)))
    problems.push(...checkSources(dataset.value, cited, { deck: using[0].id, maxAgeMonths: using[0].maxAgeMonths }))
  }
  // A catalog of words is the project's: its mistakes are said once, with the first deck that reads it.
  for (const catalog of opened.workspace.templates.messages) {
    const reader = decks.find((deck) => messageLanguages(deck.language).includes(catalog.language))
    if (reader && !catalog.builtIn) problems.push(...catalog.problems.map((problem) => ({ ...problem, deck: reader.id })))
  }
  return problems
}

/** Every deck of the project, for the index: the decks already read when none were named. */
export async function everyDeck(opened: OpenedProject, named: readonly string[]): Promise<ResolvedDeck[]> {
  if (!named.length) return resolvedDecks(opened.decks)
  return resolvedDecks((await loadDecks(opened.workspace, await findDecks(opened.workspace.project))).decks)
}
