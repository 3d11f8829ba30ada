import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { ValidationError, forEachDeck, type DeckResult } from '../errors.js'
import { readTextFile } from '../data/read-file.js'
import type { ResolvedDeck } from '../deck/types.js'
import { writeFolderAtomically } from '../output/write-atomic.js'
import { SLIDE_IMAGE } from '../output/slide-images.js'
import { CLIENT_FILES, PACKAGE_PATHS, assertClientBuilt } from '../package-paths.js'
import { indexEntryOf, renderDeckPage } from '../render/pages.js'
import { formulaStyles } from '../render/markdown-math.js'
import type { SlideRenderer } from '../render/render-slides.js'
import { rewriteThemeUrls } from '../render/theme-css.js'
import { createAssetCollector } from './assets.js'
import { INDEX_ENTRY_FILE, findBuiltDecks } from './built-decks.js'
import { subsetClientFonts, type GlyphSource } from './fonts.js'

/**
 * The folder beside the decks holding what they share: reveal.js, talkdeck's CSS and runtime, and
 * the fonts cut down to the glyphs the decks use — one copy however many decks are built.
 */
export const SHARED_FOLDER = 'assets'

/** In a deck's folder: its theme, with the files it refers to in `assets/media/`. */
const THEME_FILE = path.join('assets', 'theme.css')

/** What a built deck folder shows, for the font subsets: its page (slides and notes) and its theme. */
async function glyphSourceOf(deckFolder: string): Promise<GlyphSource> {
  const read = (file: string) => readFile(path.join(deckFolder, file), 'utf8').catch(() => '')
  return { html: [await read('index.html')], css: [await read(THEME_FILE)] }
}

/**
 * Writes `outDir/assets/`: the client runtime with fonts subset to what the deck folders in
 * `outDir` show — those built now and those kept from before (a deck that failed this time, one not
 * named) — read from the folders themselves, so that no deck present loses a glyph.
 */
async function writeSharedFiles(outDir: string): Promise<void> {
  const sources = await Promise.all((await findBuiltDecks(outDir)).map((id) => glyphSourceOf(path.join(outDir, id))))
  // KaTeX's CSS and fonts only when a deck shows a formula: the others stay as light as before.
  const cssFiles = [CLIENT_FILES.css, ...formulaStyles(sources.flatMap((source) => source.html))]
  const subsets = await Promise.all(cssFiles.map((file) => subsetClientFonts(sources, (name) => `fonts/${name}`, file)))
  await writeFolderAtomically(path.join(outDir, SHARED_FOLDER), async (folder) => {
    for (const file of [CLIENT_FILES.revealCss, CLIENT_FILES.script]) await copyFile(path.join(PACKAGE_PATHS.client, file), path.join(folder, file))
    await mkdir(path.join(folder, 'fonts'))
    for (const [index, { css, fonts }] of subsets.entries()) {
      await writeFile(path.join(folder, cssFiles[index] as string), css)
      for (const [name, font] of fonts) await writeFile(path.join(folder, 'fonts', name), font)
    }
  })
}

/**
 * Writes `outDir/<deck-id>/index.html` with its theme and images; reveal.js, the CSS and the fonts
 * are in `outDir/assets/`, so the output folder opens from file://. The deck is written to a
 * temporary folder first and swapped in whole: a failure leaves the previous build untouched.
 */
async function buildDeck(deck: ResolvedDeck, renderer: SlideRenderer, outDir: string): Promise<string> {
  const assets = createAssetCollector('assets/media/')
  const slides = renderer.render(deck, { target: 'reveal', assetUrl: assets.assetUrl })
  // The theme sits in assets/, so its own files are one folder down from it.
  const themeAssets = createAssetCollector('media/')
  const css = await readTextFile(deck.theme.file, deck.theme.file)
  if (!css.ok) throw new ValidationError(css.problems)
  const theme = rewriteThemeUrls(css.value, deck.theme.file, themeAssets.assetUrl)
  for (const [name, source] of themeAssets.files) assets.files.set(name, source)
  const shared = `../${SHARED_FOLDER}/`
  const html = renderDeckPage(deck, slides, {
    styles: [CLIENT_FILES.revealCss, CLIENT_FILES.css, ...formulaStyles(slides)].map((file) => shared + file),
    theme: THEME_FILE,
    scripts: [shared + CLIENT_FILES.script],
    head: '',
  })
  const target = path.join(outDir, deck.id)
  // Slide pictures exported into the deck's folder (export --format png) are not the build's to drop.
  await writeFolderAtomically(
    target,
    async (folder) => {
      await mkdir(path.join(folder, 'assets'))
      await writeFile(path.join(folder, THEME_FILE), theme)
      await writeFile(path.join(folder, INDEX_ENTRY_FILE), `${JSON.stringify(indexEntryOf(deck))}\n`)
      if (assets.files.size) await mkdir(path.join(folder, 'assets', 'media'))
      for (const [name, source] of assets.files) await copyFile(source, path.join(folder, 'assets', 'media', name))
      await writeFile(path.join(folder, 'index.html'), html)
    },
    { keep: SLIDE_IMAGE },
  )
  return path.join(target, 'index.html')
}

/**
 * Builds each deck into `outDir/<deck-id>/` beside the files they share; one deck failing (a
 * template error, a full disk) does not stop the others, and keeps its previous build.
 */
export async function buildDecks(decks: ResolvedDeck[], renderer: SlideRenderer, outDir: string): Promise<DeckResult<string>[]> {
  assertClientBuilt()
  const built = await forEachDeck(decks, (deck) => buildDeck(deck, renderer, outDir))
  // Written after the decks, so that a build where none could be written leaves --out as it was.
  if (built.some((result) => result.ok)) await writeSharedFiles(outDir)
  return built
}
