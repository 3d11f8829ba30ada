import { readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import type { BatchContext } from '../browser/batch.js'
import { openPrintPage, writePrintPage } from '../browser/print-page.js'
import type { Problem } from '../errors.js'
import type { ResolvedDeck } from '../deck/types.js'
import { SLIDE_IMAGE, slideImageName } from '../output/slide-images.js'
import { ensureOutputFolder, writeFileAtomically } from '../output/write-atomic.js'
import type { SlideRenderer } from '../render/render-slides.js'
import { blockedRequestWarnings } from '../browser/layout-findings.js'
import { prepareSlides, remoteContentWarnings } from './pdf.js'

export interface PngOptions {
  /** Pixels per CSS pixel: 2 gives 2560×1440 pictures of a 1280×720 deck. */
  scale: number
  /** A picture for every fragment step, as the PDF has a page for each. */
  fragments: boolean
  allowNetwork: boolean
  /** Called as each picture is taken: pictures of a long deck at a high scale take a while. */
  onSlide?: (done: number, total: number) => void
}

export interface PrintedImages {
  images: Uint8Array[]
  warnings: Problem[]
}

/**
 * Each slide as a PNG of the deck's size times `scale`: the print page the PDF is printed from, in
 * print media, one screenshot per page-sized slide — the same pictures as the PDF's pages.
 */
export async function printPngs(deck: ResolvedDeck, renderer: SlideRenderer, { session, workDir, takeBlockedRequests }: BatchContext, options: PngOptions): Promise<PrintedImages> {
  const warnings: Problem[] = options.allowNetwork ? [] : remoteContentWarnings(deck)
  const url = await writePrintPage(deck, renderer, workDir)
  const images = await session.withPage(
    async (page) => {
      await page.emulateMedia('print')
      try {
        await openPrintPage(page, url, deck)
        warnings.push(...(await prepareSlides(page, deck, options.fragments)))
        const slides = await page.boxesOf('.slides > section')
        const images: Uint8Array[] = []
        for (const [index, slide] of slides.entries()) {
          images.push(await page.screenshot(slide, { type: 'png' }))
          options.onSlide?.(index + 1, slides.length)
        }
        warnings.push(...blockedRequestWarnings(deck, takeBlockedRequests(page), renderer))
        return images
      } finally {
        // The page is used again by the batch's next print.
        await page.emulateMedia()
      }
    },
    deck.size,
    options.scale,
  )
  return { images, warnings }
}

/**
 * Writes `folder/001.png` … each whole (atomically), then removes pictures of slides the deck no
 * longer has. The folder is the built deck's, which keeps them when it is rebuilt.
 */
export async function writeSlideImages(folder: string, images: Uint8Array[]): Promise<void> {
  await ensureOutputFolder(folder)
  for (const [index, image] of images.entries()) await writeFileAtomically(path.join(folder, slideImageName(index + 1)), image)
  const current = new Set(images.map((_, index) => slideImageName(index + 1)))
  const stale = (await readdir(folder)).filter((name) => SLIDE_IMAGE.test(name) && !current.has(name))
  for (const name of stale) await rm(path.join(folder, name), { force: true })
}
