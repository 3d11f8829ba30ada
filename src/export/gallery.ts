import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { checkThemeFile, type Theme } from '../data/load-templates.js'
import type { Workspace } from '../data/workspace.js'
import { hasErrors, type Problem } from '../errors.js'
import { runBrowserBatch, type BatchOptions } from '../browser/batch.js'
import { openPrintPage, writePrintPage } from '../browser/print-page.js'
import type { ResolvedDeck } from '../deck/types.js'
import { writeFileAtomically } from '../output/write-atomic.js'
import { renderGalleryPage } from '../render/pages.js'
import type { SlideRenderer } from '../render/render-slides.js'
import { describeTheme } from '../render/theme-css.js'

/** The first slide of each layout a deck uses, in deck order: a deck of its own, numbered 1 to n. */
export function sampleLayouts(deck: ResolvedDeck): ResolvedDeck {
  const seen = new Set<string>()
  const slides = deck.slides.filter((slide) => !seen.has(slide.layout) && seen.add(slide.layout)).map((slide, index) => ({ ...slide, number: index + 1 }))
  return { ...deck, slides }
}

/**
 * The themes a gallery shows: the built-in ones and the project's own whose files pass the checks a
 * deck's theme passes (inside the project, url()s too); the others are left out with their problems.
 */
export async function usableThemes(deck: ResolvedDeck, workspace: Workspace): Promise<{ themes: Theme[]; problems: Problem[] }> {
  const themes: Theme[] = []
  const problems: Problem[] = []
  for (const theme of workspace.templates.themes.values()) {
    const found = theme.builtIn || theme.file === deck.theme.file ? [] : await checkThemeFile(theme, workspace.project)
    problems.push(...found)
    if (!hasErrors(found)) themes.push(theme)
  }
  return { themes, problems }
}

/** The deck that shows the most layouts: the best sample when none is named. */
export function pickGalleryDeck(decks: ResolvedDeck[]): ResolvedDeck | undefined {
  const layoutCount = (deck: ResolvedDeck) => new Set(deck.slides.map((slide) => slide.layout)).size
  return [...decks].sort((a, b) => layoutCount(b) - layoutCount(a))[0]
}

export interface GalleryOptions extends BatchOptions {
  /** Called as each theme's pictures are done: how many of how many, and which. */
  onTheme?: (done: number, total: number, theme: string) => void
}

export interface GalleryResult {
  file: string
  images: number
}

/**
 * Renders every layout of `deck` in every theme — the deck's own first — to images with one
 * browser, and writes an index page to pick a theme by looking. The images are what the PDF shows.
 */
export async function renderThemeGallery(deck: ResolvedDeck, themes: Theme[], renderer: SlideRenderer, outDir: string, options: GalleryOptions = {}): Promise<GalleryResult> {
  let done = 0
  const sample = sampleLayouts(deck)
  const ordered = [deck.theme, ...themes.filter((theme) => theme.file !== deck.theme.file)]
  const perTheme = await runBrowserBatch(ordered, options, async (theme, { session, workDir }) => {
    const themed = { ...sample, id: `${sample.id}-${theme.name}`, theme }
    const url = await writePrintPage(themed, renderer, workDir)
    const images = await session.withPage(async (page) => {
      await openPrintPage(page, url, deck)
      // Where each slide is on the print page, as the picture of it is taken.
      const boxes = await page.evaluate(() =>
        Array.from(document.querySelectorAll('.slides > section'), (section) => {
          const box = section.getBoundingClientRect()
          return { x: box.left + window.scrollX, y: box.top + window.scrollY, width: box.width, height: box.height }
        }),
      )
      const shots: { src: string; alt: string }[] = []
      for (let index = 0; index < sample.slides.length; index++) {
        const layout = sample.slides[index]?.layout ?? ''
        const box = boxes[index]
        if (!box) continue
        const src = `${theme.name}-${layout}.jpg`
        await writeFileAtomically(path.join(outDir, src), await page.screenshot(box, { type: 'jpeg', quality: 85 }))
        shots.push({ src, alt: `${layout} layout in the ${theme.name} theme` })
      }
      return shots
    }, deck.size)
    return { name: theme.name, description: describeTheme(await readFile(theme.file, 'utf8')), current: theme === deck.theme, images }
  }, (entry) => options.onTheme?.(++done, ordered.length, entry.name))
  const file = path.join(outDir, 'index.html')
  await writeFileAtomically(file, renderGalleryPage(sample, perTheme))
  return { file, images: perTheme.reduce((sum, entry) => sum + entry.images.length, 0) }
}
