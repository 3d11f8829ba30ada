import { readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { ResolvedDeck } from '../deck/types.js'
import { openPrintPage, runBrowserBatch, type BatchOptions } from '../export/batch.js'
import { writePrintPage } from '../export/print-page.js'
import { escapeHtml } from '../render/markdown.js'
import type { SlideRenderer } from '../render/render-slides.js'
import type { Theme } from './resolve-theme.js'

/** The first slide of each layout a deck uses, in deck order: one sample per layout. */
export function sampleLayouts(deck: ResolvedDeck): ResolvedDeck {
  const seen = new Set<string>()
  const slides = deck.slides.filter((slide) => !seen.has(slide.layout) && seen.add(slide.layout))
  return { ...deck, slides }
}

/** The first comment of a theme's CSS says what the theme is for. */
export function describeTheme(theme: Theme): string {
  const match = /\/\*\s*([^]*?)\*\//.exec(readFileSync(theme.file, 'utf8'))
  return match?.[1]?.replace(/\s+/g, ' ').trim() ?? ''
}

export interface GalleryResult {
  file: string
  images: number
}

/**
 * Renders every layout of `deck` in every theme to images with one browser, and writes an
 * index page to pick a theme by looking. The images are what the PDF would show.
 */
export async function renderThemeGallery(
  deck: ResolvedDeck,
  themes: Theme[],
  renderer: SlideRenderer,
  outDir: string,
  options: BatchOptions = {},
): Promise<GalleryResult> {
  const sample = sampleLayouts(deck)
  await mkdir(outDir, { recursive: true })
  const perTheme = await runBrowserBatch(themes, options, async (theme, { session, workDir }) => {
    const themed = { ...sample, id: `${sample.id}-${theme.name}`, theme }
    const url = await writePrintPage(themed, renderer, workDir, 'pdf')
    return session.withPage(async (page) => {
      await openPrintPage(page, url)
      const sections = page.locator('.slides > section')
      const images: string[] = []
      for (let index = 0; index < sample.slides.length; index++) {
        const name = `${theme.name}-${sample.slides[index]?.layout}.jpg`
        await sections.nth(index).screenshot({ path: path.join(outDir, name), type: 'jpeg', quality: 85 })
        images.push(name)
      }
      return { theme, images }
    })
  })
  const file = path.join(outDir, 'index.html')
  await writeFile(file, renderGalleryPage(sample, perTheme))
  return { file, images: perTheme.reduce((sum, entry) => sum + entry.images.length, 0) }
}

function renderGalleryPage(sample: ResolvedDeck, perTheme: { theme: Theme; images: string[] }[]): string {
  const columns = perTheme
    .map(({ theme }) => `<th scope="col"><code>theme: ${escapeHtml(theme.name)}</code><p>${escapeHtml(describeTheme(theme))}</p></th>`)
    .join('')
  const rows = sample.slides
    .map((slide, index) => {
      const cells = perTheme.map(({ theme, images }) => `<td><img src="${escapeHtml(images[index] ?? '')}" alt="${escapeHtml(`${slide.layout} layout in the ${theme.name} theme`)}" loading="lazy"></td>`).join('')
      return `<tr><th scope="row"><code>${escapeHtml(slide.layout)}</code></th>${cells}</tr>`
    })
    .join('\n')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>talkdeck themes</title>
<style>
  body { margin: 24px; font: 15px/1.45 system-ui, sans-serif; color: #1f2937; background: #f4f6f9; }
  table { border-collapse: separate; border-spacing: 12px; }
  thead th { vertical-align: top; text-align: left; font-weight: 600; width: 360px; }
  thead th p { margin: 6px 0 0; font-weight: 400; color: #4b5563; }
  tbody th { text-align: right; vertical-align: middle; color: #4b5563; }
  img { display: block; width: 360px; height: auto; border-radius: 6px; box-shadow: 0 1px 3px rgb(0 0 0 / 0.2); }
</style>
</head>
<body>
<h1>Themes</h1>
<p>Every layout of the deck “${escapeHtml(sample.title)}” in every theme. Set <code>theme:</code> in a deck to use one.</p>
<table>
<thead><tr><th></th>${columns}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`
}
