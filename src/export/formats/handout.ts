import { writeFileAtomically } from '../../output/write-atomic.js'
import type { BrowserFormat } from './format.js'

/** Slides on paper for people who read: `--per-page`, `--paper`. */
export const handoutFormat: BrowserFormat = {
  id: 'handout',
  summary: 'slides on paper with notes or lines to write on (--per-page, --paper)',
  fileName: (deck) => `${deck}.handout.pdf`,
  unit: 'pages',
  indexLabel: { word: 'handoutFile' },
  mediaType: 'application/pdf',
  needsBrowser: true,
  async write({ deck, renderer, file, options }, browser) {
    const { printPdf } = await import('../pdf.js')
    const layout = { kind: 'handout', perPage: options.perPage, paper: options.paper } as const
    const printed = await printPdf(deck, renderer, browser, { layout, fragments: options.fragments, allowNetwork: options.allowNetwork })
    await writeFileAtomically(file, printed.bytes)
    return { pages: printed.pages, bytes: printed.bytes.length, warnings: printed.warnings }
  },
}
