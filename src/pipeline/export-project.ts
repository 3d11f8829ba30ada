import { existsSync } from 'node:fs'
import path from 'node:path'
import { DEFAULTS } from '../defaults.js'
import { ConfigError, type DeckResult, type Problem } from '../errors.js'
import { loadDecks, resolvedDecks } from '../deck/load-decks.js'
import { resolveTheme } from '../deck/resolve-theme.js'
import type { Project } from '../data/project.js'
import type { ResolvedDeck, SlideSize } from '../deck/types.js'
import { createSlideRenderer } from '../render/render-slides.js'
import type { ExportedFile, ExportOptions } from '../export/export-decks.js'
import { resolveFormats } from '../export/formats/registry.js'
import { drawDiagrams } from '../browser/diagrams.js'
import { indexDownloads } from './downloads.js'
import { everyDeck, openProject, staticProblems, type WritingOptions } from './open-project.js'

export interface ExportProjectOptions extends WritingOptions, Omit<ExportOptions, 'outDir'> {
  /** Print with another theme: a built-in name or a CSS file (relative to `cwd`). A handout alone prints with `DEFAULTS.printTheme` unless given. */
  theme?: string
}

export interface ExportReport {
  /** The project read: its folders, and `displayPath` for its files as a person names them. */
  project: Project
  /** Per deck: the files written, or why not; with what was found while writing. */
  decks: DeckResult<ExportedFile[]>[]
  /** What was found before writing: content, timing, sources. */
  problems: Problem[]
  /** The deck index refreshed with the new files, or null when there is none. */
  index: string | null
}

/**
 * Exports decks as `talkdeck export` does: every format asked for (PDF unless told), into the
 * output folder; a deck index already there is refreshed to link the new files. A deck that
 * fails is in `decks` with its error; the others are written.
 */
export async function exportProject(root: string, options: ExportProjectOptions = {}): Promise<ExportReport> {
  // An unknown format is refused before anything is read.
  const formats = resolveFormats(options.formats ?? [])
  const opened = await openProject(root, options)
  const { workspace, outDir } = opened
  const problems = staticProblems(opened)
  const themeName = options.theme ?? (formats.length === 1 && formats[0]?.id === 'handout' ? DEFAULTS.printTheme : undefined)
  const theme =
    themeName === undefined
      ? undefined
      : resolveTheme(themeName, workspace.templates.themes, options.cwd ?? process.cwd(), (message) => {
          throw new ConfigError(`--theme: ${message.replace('relative to the deck file', 'relative to the current folder')}`)
        })
  const decks = resolvedDecks(opened.decks).map((deck) => (theme ? { ...deck, theme } : deck))
  // Diagrams are drawn for the slides; an outline (md) keeps their source and starts no browser.
  if (formats.some((format) => format.needsBrowser)) problems.push(...(await drawDiagrams(decks, options.browser ?? {})))
  options.onProgress?.({ type: 'loaded', decks: decks.length, problems })
  // A deck drawn on a PowerPoint template of another shape is read again at that shape (its
  // diagrams, drawn above for the same theme and source, are not drawn again).
  const layoutAt = async (deck: ResolvedDeck, size: SlideSize): Promise<ResolvedDeck> => {
    const ref = opened.refs.find((candidate) => candidate.id === deck.id)
    const [again] = ref ? (await loadDecks(workspace, [ref], { size })).decks : []
    if (!again?.ok) return deck
    return theme ? { ...again.value, theme } : again.value
  }
  const { exportDecks } = await import('../export/export-decks.js')
  const exported = decks.length ? await exportDecks(decks, createSlideRenderer(workspace.templates), {
          ...options,
          formats: formats.map((format) => format.id),
          outDir,
          layoutAt,
          pptxTemplate: options.pptxTemplate === undefined ? undefined : path.resolve(options.cwd ?? process.cwd(), options.pptxTemplate),
        }) : []
  let index: string | null = null
  // A built deck index links the files beside it; refreshed when new ones arrive.
  if (exported.some((result) => result.ok) && existsSync(path.join(outDir, 'index.html'))) {
    const { writeIndex } = await import('../build/write-index.js')
    index = await writeIndex(outDir, await everyDeck(opened, options.decks ?? []), indexDownloads())
  }
  return { project: workspace.project, decks: [...opened.decks.filter((result) => !result.ok), ...exported], problems, index }
}
