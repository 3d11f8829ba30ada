import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { copyFile, cp, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { OutputError, TalkdeckError } from '../errors.js'
import type { ResolvedDeck } from '../deck/types.js'
import { PACKAGE_PATHS } from '../package-paths.js'
import type { SlideRenderer } from '../render/render-slides.js'
import { renderDeckPage } from '../render/page-html.js'
import { renderIndexPage } from '../render/index-page.js'
import { rewriteThemeUrls } from '../themes/resolve-theme.js'
import { isUrl } from '../urls.js'

export const CLIENT_FILES = {
  revealCss: 'reveal.css',
  css: 'talkdeck.css',
  script: 'talkdeck.js',
} as const

export function assertClientBuilt(): void {
  if (!existsSync(path.join(PACKAGE_PATHS.client, CLIENT_FILES.script))) {
    throw new OutputError(`talkdeck's client runtime is not built (${PACKAGE_PATHS.client}); run "npm run compile" in the talkdeck folder`)
  }
}

/** Files a page refers to by URL, collected while rendering and copied next to the page. */
export interface AssetCollector {
  assetUrl(absolutePath: string): string
  files: Map<string, string>
}

export function createAssetCollector(prefix: string): AssetCollector {
  const files = new Map<string, string>()
  return {
    files,
    assetUrl(absolutePath) {
      if (isUrl(absolutePath)) return absolutePath
      const hash = createHash('sha1').update(absolutePath).digest('hex').slice(0, 8)
      const name = `${hash}-${path.basename(absolutePath)}`
      files.set(name, absolutePath)
      return `${prefix}${name}`
    },
  }
}

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
  const theme = rewriteThemeUrls(await readFile(deck.theme.file, 'utf8'), deck.theme.file, themeAssets.assetUrl)
  for (const [name, source] of themeAssets.files) assets.files.set(name, source)
  const html = renderDeckPage(deck, slides, {
    styles: [`assets/${CLIENT_FILES.revealCss}`, `assets/${CLIENT_FILES.css}`],
    theme: 'assets/theme.css',
    scripts: [`assets/${CLIENT_FILES.script}`],
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

export async function writeFolderAtomically(target: string, fill: (folder: string) => Promise<void>): Promise<void> {
  const parent = path.dirname(target)
  await mkdir(parent, { recursive: true })
  const temporary = `${target}.tmp-${process.pid}-${Date.now()}`
  try {
    await mkdir(temporary)
    await fill(temporary)
    const previous = `${target}.old-${process.pid}`
    const hadPrevious = existsSync(target)
    if (hadPrevious) await rename(target, previous)
    await rename(temporary, target)
    if (hadPrevious) await rm(previous, { recursive: true, force: true })
  } catch (error) {
    await rm(temporary, { recursive: true, force: true })
    throw new OutputError(`could not write ${target}: ${(error as Error).message}`, { cause: error })
  }
}

/** `outDir/index.html`: every deck found in the output folder, newest build included. */
export async function writeIndex(outDir: string, decks: ResolvedDeck[]): Promise<string> {
  const entries = await readdir(outDir, { withFileTypes: true })
  const built = new Set(entries.filter((e) => e.isDirectory()).map((e) => e.name))
  const pdfs = new Set(entries.filter((e) => e.isFile() && e.name.endsWith('.pdf')).map((e) => e.name))
  const listed = decks.filter((deck) => built.has(deck.id))
  const file = path.join(outDir, 'index.html')
  const temporary = `${file}.tmp-${process.pid}`
  await writeFile(temporary, renderIndexPage(listed, pdfs))
  await rename(temporary, file)
  return file
}

export interface BuildOutcome {
  deck: string
  file?: string
  error?: Error
}

/** Builds each resolved deck; one deck failing does not stop the others. */
export async function buildDecks(decks: ResolvedDeck[], renderer: SlideRenderer, outDir: string): Promise<BuildOutcome[]> {
  const outcomes: BuildOutcome[] = []
  for (const deck of decks) {
    try {
      outcomes.push({ deck: deck.id, file: await buildDeck(deck, renderer, outDir) })
    } catch (error) {
      if (!(error instanceof TalkdeckError)) throw error
      outcomes.push({ deck: deck.id, error })
    }
  }
  return outcomes
}
