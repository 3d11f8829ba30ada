import { writeFileAtomically } from '../../output/write-atomic.js'
import type { BrowserFormat } from './format.js'

/** The slides, a page each, as they are presented. */
export const pdfFormat: BrowserFormat = {
  id: 'pdf',
  summary: 'the slides, a page each (default)',
  fileName: (deck) => `${deck}.pdf`,
  unit: 'pages',
  indexLabel: { word: 'pdfFile' },
  mediaType: 'application/pdf',
  needsBrowser: true,
  async write({ deck, renderer, file, options }, browser) {
    const { printPdf } = await import('../pdf.js')
    const printed = await printPdf(deck, renderer, browser, { layout: { kind: 'slides' }, fragments: options.fragments, allowNetwork: options.allowNetwork })
    await writeFileAtomically(file, printed.bytes)
    return { pages: printed.pages, bytes: printed.bytes.length, warnings: printed.warnings }
  },
}
