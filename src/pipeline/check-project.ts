import { performance } from 'node:perf_hooks'
import type { Problem } from '../errors.js'
import { loadOtherDatasets, resolvedDecks } from '../deck/load-decks.js'
import type { LaunchOptions } from '../browser/session.js'
import type { Project } from '../data/project.js'
import { drawDiagrams } from '../browser/diagrams.js'
import { createSlideRenderer } from '../render/render-slides.js'
import { openProject, staticProblems, type ProjectOptions } from './open-project.js'

export interface CheckOptions extends ProjectOptions {
  /** Lay the slides out in a browser and measure overflow and contrast. @default true */
  measureLayout?: boolean
  /** The browser to measure with. @default found, with the default timeout */
  browser?: LaunchOptions
  /** Also request every source URL (goes online). @default false */
  links?: boolean
}

export interface CheckReport {
  /** The project read: its folders, and `displayPath` for its files as a person names them. */
  project: Project
  /** The decks checked, by id. */
  decks: string[]
  /** Every finding, errors and warnings, each with its file and line. */
  problems: Problem[]
  seconds: number
}

/**
 * Checks a project as `talkdeck check` does: data and decks, every slide rendered, layout measured
 * in a browser, timing and sources — every problem of one run. Throws a ValidationError only for
 * what stops the check before it reads the decks (no decks, a deck that is not there).
 */
export async function checkProject(root: string, options: CheckOptions = {}): Promise<CheckReport> {
  const started = performance.now()
  const opened = await openProject(root, options, { writes: false })
  const problems = staticProblems(opened)
  if (!options.decks?.length) {
    // Datasets no deck uses are checked too; those the decks use were read and reported with them.
    for (const dataset of (await loadOtherDatasets(opened.workspace, opened.datasets)).values()) problems.push(...dataset.problems)
  }
  const decks = resolvedDecks(opened.decks)
  // Diagrams are drawn (and their syntax checked) in the browser: not with --no-browser.
  if (options.measureLayout !== false) problems.push(...(await drawDiagrams(decks, options.browser ?? {})))
  const renderer = createSlideRenderer(opened.workspace.templates)
  const { checkLayout, checkRendering, checkTemplateSyntax } = await import('../check/check-decks.js')
  const syntax = checkTemplateSyntax(opened.workspace.templates)
  const rendering = checkRendering(decks, renderer)
  // A syntax error a deck's rendering met is said once, as the rendering says it (naming the deck and slide).
  const at = (problem: Problem) => `${problem.file}:${problem.line}:${problem.column}`
  problems.push(...rendering, ...syntax.filter((found) => !rendering.some((problem) => at(found) === at(problem))))
  // A deck whose slides do not render cannot be laid out; the others still are.
  const renderable = decks.filter((deck) => !rendering.some((problem) => problem.deck === deck.id))
  const { checkGlyphs } = await import('../check/missing-glyphs.js')
  problems.push(...(await checkGlyphs(renderable, renderer, (file) => opened.workspace.project.displayPath(file))))
  if (options.measureLayout !== false && renderable.length) {
    const display = (file: string) => opened.workspace.project.displayPath(file)
    problems.push(...(await checkLayout(renderable, renderer, { browser: options.browser ?? {}, display })))
  }
  if (options.links) {
    const { checkLinks } = await import('../check/check-links.js')
    const datasets = [...opened.datasets.values()].flatMap((dataset) => (dataset.ok ? [dataset.value] : []))
    problems.push(...(await checkLinks(datasets)))
  }
  return { project: opened.workspace.project, decks: opened.decks.map((result) => result.deck), problems, seconds: (performance.now() - started) / 1000 }
}
