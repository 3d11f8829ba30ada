import type { BrowserFormat } from './format.js'

/** A picture per slide, 001.png …, in the deck's folder. */
export const pngFormat: BrowserFormat = {
  id: 'png',
  summary: 'a picture per slide in DIR/<deck>/ (--scale)',
  fileName: (deck) => deck,
  unit: 'pictures',
  needsBrowser: true,
  async write({ deck, renderer, file, options }, browser) {
    const { printPngs, writeSlideImages } = await import('../png.js')
    const printed = await printPngs(deck, renderer, browser, { scale: options.scale, fragments: options.fragments, allowNetwork: options.allowNetwork, onSlide: options.onSlide })
    await writeSlideImages(file, printed.images)
    return { pages: printed.images.length, bytes: printed.images.reduce((sum, image) => sum + image.length, 0), warnings: printed.warnings }
  },
}
