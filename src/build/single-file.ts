import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { forEachDeck, type DeckResult } from '../errors.js'
import type { ResolvedDeck } from '../deck/types.js'
import { writeFileAtomically } from '../output/write-atomic.js'
import { CLIENT_FILES, PACKAGE_PATHS, assertClientBuilt } from '../package-paths.js'
import { renderDeckPage } from '../render/pages.js'
import { formulaStyles } from '../render/markdown-math.js'
import type { SlideRenderer } from '../render/render-slides.js'
import { rewriteThemeUrls } from '../render/theme-css.js'
import { dataUrl } from './assets.js'
import { subsetClientFonts } from './fonts.js'

const fontDataUrl = (name: string, font: Uint8Array) => `data:font/${path.extname(name).slice(1)};base64,${Buffer.from(font).toString('base64')}`

/**
 * Writes `outDir/<deck-id>.html`: one file holding reveal.js with its speaker view, the CSS, the
 * theme, the fonts (cut down to the deck's glyphs) and every image, so it presents from a double
 * click, mailed or copied alone, with no network. Remote images stay remote.
 */
async function buildSingleFile(deck: ResolvedDeck, renderer: SlideRenderer, outDir: string): Promise<string> {
  const slides = renderer.render(deck, { target: 'reveal', assetUrl: dataUrl })
  const theme = rewriteThemeUrls(await readFile(deck.theme.file, 'utf8'), deck.theme.file, dataUrl)
  const styles = await Promise.all([CLIENT_FILES.css, ...formulaStyles(slides)].map(async (file) => (await subsetClientFonts([{ html: slides, css: [theme] }], fontDataUrl, file)).css))
  const client = (file: string) => readFile(path.join(PACKAGE_PATHS.client, file), 'utf8')
  const html = renderDeckPage(deck, slides, {
    styles: [],
    theme: '',
    scripts: [],
    head: '',
    inline: { styles: [await client(CLIENT_FILES.revealCss), ...styles], theme, scripts: [await client(CLIENT_FILES.script)] },
  })
  const file = path.join(outDir, `${deck.id}.html`)
  await writeFileAtomically(file, html)
  return file
}

/** A single file per deck; one deck failing does not stop the others. */
export async function buildSingleFiles(decks: ResolvedDeck[], renderer: SlideRenderer, outDir: string): Promise<DeckResult<string>[]> {
  assertClientBuilt()
  return forEachDeck(decks, (deck) => buildSingleFile(deck, renderer, outDir))
}
