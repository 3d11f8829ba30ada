import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ResolvedDeck } from '../deck/types.js'
import { CLIENT_FILES, assertClientBuilt } from '../build/build-decks.js'
import { PACKAGE_PATHS } from '../package-paths.js'
import { renderPrintPage } from '../render/page-html.js'
import type { SlideRenderer } from '../render/render-slides.js'
import { renderHandoutPage } from './handout.js'
import { isUrl } from '../urls.js'

const fileUrl = (file: string) => (isUrl(file) ? file : pathToFileURL(file).href)

export type PrintFormat = 'pdf' | 'handout'

/**
 * Writes the page Chromium prints into `directory` and returns its file URL. It refers to
 * talkdeck's built CSS and fonts and to the deck's files in place: nothing is copied, nothing is
 * served, and no request needs to leave the machine.
 */
export async function writePrintPage(deck: ResolvedDeck, renderer: SlideRenderer, directory: string, format: PrintFormat): Promise<string> {
  assertClientBuilt()
  const slides = renderer.render(deck, { target: 'print', assetUrl: fileUrl })
  const assets = { styles: [fileUrl(path.join(PACKAGE_PATHS.client, CLIENT_FILES.css))], theme: fileUrl(deck.theme.file) }
  const html = format === 'handout' ? renderHandoutPage(deck, slides, assets) : renderPrintPage(deck, slides, assets)
  const file = path.join(directory, `${deck.id}.${format}.html`)
  await writeFile(file, html)
  return pathToFileURL(file).href
}
