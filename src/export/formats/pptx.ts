import { openPrintPage, writePrintPage } from '../../browser/print-page.js'
import { writeFileAtomically } from '../../output/write-atomic.js'
import type { BrowserFormat } from './format.js'

/**
 * Native PowerPoint shapes, editable: the deck laid out in the browser once, then written at those
 * places, on talkdeck's masters or the deck's template (`--pptx-template`).
 */
export const pptxFormat: BrowserFormat = {
  id: 'pptx',
  summary: 'editable PowerPoint, on a template with --pptx-template (laid out at its shape)',
  fileName: (deck) => `${deck}.pptx`,
  unit: 'slides',
  indexLabel: { word: 'powerPointFile' },
  mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  needsBrowser: true,
  async write({ deck: asWritten, renderer, file, options }, { session, workDir }) {
    // The PowerPoint writer is loaded only when asked for: a PDF export does not pay for it.
    const { measureSlides, readTemplate, renderPptx, templateShape } = await import('../pptx/index.js')
    // Read once: the shape decides the layout, the rest is drawn on.
    const template = options.pptxTemplate ? await readTemplate(options.pptxTemplate, asWritten.pptx.layouts) : null
    // On a template of another shape the deck is laid out at that shape, split and set for it as
    // the HTML deck would be, not drawn at its own and scaled into the template's slide.
    const shape = template && options.layoutAt ? templateShape(asWritten.size, template) : null
    const deck = shape && options.layoutAt ? await options.layoutAt(asWritten, shape) : asWritten
    const url = await writePrintPage(deck, renderer, workDir)
    const geometry = await session.withPage(async (page) => {
      await openPrintPage(page, url, deck)
      return measureSlides(page)
    }, deck.size)
    const pptx = await renderPptx(deck, { geometry, template })
    await writeFileAtomically(file, pptx.bytes)
    return { pages: pptx.slides, bytes: pptx.bytes.length, warnings: pptx.warnings }
  },
}
