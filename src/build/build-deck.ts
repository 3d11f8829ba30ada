import { copyFile, cp, mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { TalkdeckError, ValidationError, type DeckResult } from '../errors.js'
import { readTextFile } from '../data/read-file.js'
import type { ResolvedDeck } from '../deck/types.js'
import { writeFolderAtomically } from '../output/write-atomic.js'
import { CLIENT_FILES, PACKAGE_PATHS, assertClientBuilt } from '../package-paths.js'
import { renderDeckPage } from '../render/pages.js'
import type { SlideRenderer } from '../render/render-slides.js'
import { rewriteThemeUrls } from '../render/theme-css.js'
import { createAssetCollector } from './assets.js'

/**
 * Writes `outDir/<deck-id>/index.html` with everything it needs, so the folder can be copied or
 * opened from file://. The deck is written to a temporary folder first and swapped in whole: a
 * failure leaves the previous build untouched.
 */
export async function buildDeck(deck: ResolvedDeck, renderer: SlideRenderer, outDir: string): Promise<string> {
  assertClientBuilt()
  const assets = createAssetCollector('assets/media/')
  const slides = renderer.render(deck, { target: 'reveal', assetUrl: assets.assetUrl })
  // The theme sits in assets/, so its own files are one folder down from it.
  const themeAssets = createAssetCollector('media/')
  const css = await readTextFile(deck.theme.file, deck.theme.file)
  if (!css.ok) throw new ValidationError(css.problems)
  const theme = rewriteThemeUrls(css.value, deck.theme.file, themeAssets.assetUrl)
  for (const [name, source] of themeAssets.files) assets.files.set(name, source)
  const html = renderDeckPage(deck, slides, {
    styles: [`assets/${CLIENT_FILES.revealCss}`, `assets/${CLIENT_FILES.css}`],
    theme: 'assets/theme.css',
    scripts: [`assets/${CLIENT_FILES.script}`],
    head: '',
  })
  const target = path.join(outDir, deck.id)
  await writeFolderAtomically(target, async (folder) => {
    await cp(PACKAGE_PATHS.client, path.join(folder, 'assets'), { recursive: true })
    await writeFile(path.join(folder, 'assets', 'theme.css'), theme)
    if (assets.files.size) await mkdir(path.join(folder, 'assets', 'media'), { recursive: true })
    for (const [name, source] of assets.files) await copyFile(source, path.join(folder, 'assets', 'media', name))
    await writeFile(path.join(folder, 'index.html'), html)
  })
  return path.join(target, 'index.html')
}

/** Builds each deck; one deck failing (a template error, a full disk) does not stop the others. */
export async function buildDecks(decks: ResolvedDeck[], renderer: SlideRenderer, outDir: string): Promise<DeckResult<string>[]> {
  const results: DeckResult<string>[] = []
  for (const deck of decks) {
    try {
      results.push({ deck: deck.id, ok: true, value: await buildDeck(deck, renderer, outDir), problems: [] })
    } catch (error) {
      if (!(error instanceof TalkdeckError)) throw error
      results.push({ deck: deck.id, ok: false, error, problems: [] })
    }
  }
  return results
}
