import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { TalkdeckError, ValidationError, forEachDeck, type DeckResult } from '../errors.js'
import { readTextFile } from '../data/read-file.js'
import type { ResolvedDeck } from '../deck/types.js'
import { writeFolderAtomically } from '../output/write-atomic.js'
import { SLIDE_IMAGE } from '../output/slide-images.js'
import { CLIENT_FILES, PACKAGE_PATHS, assertClientBuilt } from '../package-paths.js'
import { renderDeckPage } from '../render/pages.js'
import type { SlideRenderer } from '../render/render-slides.js'
import { rewriteThemeUrls } from '../render/theme-css.js'
import { createAssetCollector } from './assets.js'
import { subsetClientFonts, type GlyphSource } from './fonts.js'

/**
 * The folder beside the decks holding what they share: reveal.js, talkdeck's CSS and runtime, and
 * the fonts cut down to the glyphs the decks use — one copy however many decks are built.
 */
export const SHARED_FOLDER = 'assets'

/** What a deck shows, for the font subsets; a deck that does not render is reported by its own build. */
async function glyphSource(deck: ResolvedDeck, renderer: SlideRenderer): Promise<GlyphSource[]> {
  try {
    return [{ html: renderer.render(deck, { target: 'reveal', assetUrl: (file) => file }), css: [await readFile(deck.theme.file, 'utf8')] }]
  } catch (error) {
    if (error instanceof TalkdeckError) return []
    throw error
  }
}

/** Writes `outDir/assets/` for `decks`: the client runtime with fonts subset to what they show. */
async function writeSharedFiles(decks: ResolvedDeck[], renderer: SlideRenderer, outDir: string): Promise<void> {
  const sources = (await Promise.all(decks.map((deck) => glyphSource(deck, renderer)))).flat()
  const { css, fonts } = await subsetClientFonts(sources, (name) => `fonts/${name}`)
  await writeFolderAtomically(path.join(outDir, SHARED_FOLDER), async (folder) => {
    for (const file of [CLIENT_FILES.revealCss, CLIENT_FILES.script]) await copyFile(path.join(PACKAGE_PATHS.client, file), path.join(folder, file))
    await writeFile(path.join(folder, CLIENT_FILES.css), css)
    await mkdir(path.join(folder, 'fonts'))
    for (const [name, font] of fonts) await writeFile(path.join(folder, 'fonts', name), font)
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
    styles: [shared + CLIENT_FILES.revealCss, shared + CLIENT_FILES.css],
    theme: 'assets/theme.css',
    scripts: [shared + CLIENT_FILES.script],
    head: '',
  })
  const target = path.join(outDir, deck.id)
  // Slide pictures exported into the deck's folder (export --format png) are not the build's to drop.
  await writeFolderAtomically(
    target,
    async (folder) => {
      await mkdir(path.join(folder, 'assets'))
      await writeFile(path.join(folder, 'assets', 'theme.css'), theme)
      if (assets.files.size) await mkdir(path.join(folder, 'assets', 'media'))
      for (const [name, source] of assets.files) await copyFile(source, path.join(folder, 'assets', 'media', name))
      await writeFile(path.join(folder, 'index.html'), html)
    },
    { keep: SLIDE_IMAGE },
  )
  return path.join(target, 'index.html')
}

export interface BuildOptions {
  /**
   * Every deck whose folder may be in `outDir`: the shared fonts hold their glyphs too, so building
   * one deck leaves the others working. @default the decks being built
   */
  sharedWith?: ResolvedDeck[]
}

/**
 * Builds each deck into `outDir/<deck-id>/` beside the files they share; one deck failing (a
 * template error, a full disk) does not stop the others.
 */
export async function buildDecks(decks: ResolvedDeck[], renderer: SlideRenderer, outDir: string, options: BuildOptions = {}): Promise<DeckResult<string>[]> {
  assertClientBuilt()
  const sharing = new Map([...(options.sharedWith ?? []), ...decks].map((deck) => [deck.id, deck]))
  const built = await forEachDeck(decks, (deck) => buildDeck(deck, renderer, outDir))
  // Written after the decks, so that a build where none could be written leaves --out as it was.
  if (built.some((result) => result.ok)) await writeSharedFiles([...sharing.values()], renderer, outDir)
  return built
}
