import { existsSync } from 'node:fs'
import path from 'node:path'
import type { DeckResult, Problem } from '../errors.js'
import { resolvedDecks } from '../deck/load-decks.js'
import type { Project } from '../data/project.js'
import { createSlideRenderer } from '../render/render-slides.js'
import { drawDiagrams } from '../browser/diagrams.js'
import type { LaunchOptions } from '../browser/session.js'
import { indexDownloads } from './downloads.js'
import { everyDeck, openProject, staticProblems, type WritingOptions } from './open-project.js'

export interface BuildOptions extends WritingOptions {
  /** One `<deck>.html` per deck with everything inside, instead of a folder per deck. @default false */
  singleFile?: boolean
  /** The browser that draws the decks' Mermaid diagrams (started only for a deck that has one). @default {} */
  browser?: LaunchOptions
}

export interface BuildReport {
  /** The project read: its folders, and `displayPath` for its files as a person names them. */
  project: Project
  /** Per deck: the file written (its index.html, or its single file), or why not. */
  decks: DeckResult<string>[]
  /** The deck index written, or null. */
  index: string | null
  /** What was found before writing: content, timing, sources. */
  problems: Problem[]
}

/**
 * Builds decks as `talkdeck build` does: each deck's folder (or single file), then the index of
 * every deck in the output folder. A deck that cannot be built is in `decks` with its error; the
 * others are written.
 */
export async function buildProject(root: string, options: BuildOptions = {}): Promise<BuildReport> {
  const opened = await openProject(root, options)
  const { workspace, outDir } = opened
  const problems = staticProblems(opened)
  const decks = resolvedDecks(opened.decks)
  problems.push(...(await drawDiagrams(decks, options.browser ?? {})))
  const renderer = createSlideRenderer(workspace.templates)
  const projectDecks = await everyDeck(opened, options.decks ?? [])
  const { buildDecks } = await import('../build/build-deck.js')
  const { buildSingleFiles } = await import('../build/single-file.js')
  const built = options.singleFile ? await buildSingleFiles(decks, renderer, outDir) : await buildDecks(decks, renderer, outDir)
  let index: string | null = null
  // Single files need no index; one already there links them.
  if (built.some((result) => result.ok) && (!options.singleFile || existsSync(path.join(outDir, 'index.html')))) {
    const { writeIndex } = await import('../build/write-index.js')
    index = await writeIndex(outDir, projectDecks, indexDownloads())
  }
  return { project: workspace.project, decks: [...opened.decks.filter((result) => !result.ok), ...built], index, problems }
}
