import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Page } from 'playwright-core'
import type { ResolvedDeck } from '../deck/types.js'
import { CLIENT_FILES, PACKAGE_PATHS, assertClientBuilt } from '../package-paths.js'
import { renderHandoutPage, renderPrintPage, type HandoutPerPage, type PaperSize } from '../render/pages.js'
import type { SlideRenderer } from '../render/render-slides.js'
import { isUrl } from '../urls.js'

export const fileUrl = (file: string): string => (isUrl(file) ? file : pathToFileURL(file).href)

/** What a print page lays out: the slides one per page, or a handout. */
export type PrintLayout = { kind: 'slides' } | { kind: 'handout'; perPage: HandoutPerPage; paper: PaperSize }

/**
 * Writes the page Chromium prints (or measures, or screenshots) into `directory` and returns its
 * file URL. It refers to talkdeck's built CSS and fonts and to the deck's files in place: nothing
 * is copied, nothing is served, and no request needs to leave the machine.
 */
export async function writePrintPage(deck: ResolvedDeck, renderer: SlideRenderer, directory: string, layout: PrintLayout = { kind: 'slides' }): Promise<string> {
  assertClientBuilt()
  const slides = renderer.render(deck, { target: 'print', assetUrl: fileUrl })
  const assets = { styles: [fileUrl(path.join(PACKAGE_PATHS.client, CLIENT_FILES.css))], theme: fileUrl(deck.theme.file), head: '' }
  const html = layout.kind === 'handout' ? renderHandoutPage(deck, slides, assets, layout.perPage, layout.paper) : renderPrintPage(deck, slides, assets)
  const file = path.join(directory, `${deck.id}.${layout.kind === 'handout' ? `handout-${layout.perPage}` : 'slides'}.html`)
  await writeFile(file, html)
  return pathToFileURL(file).href
}

/** Opens a written print page and waits until its fonts are ready, so measurements are final. */
export async function openPrintPage(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'load' })
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
}
