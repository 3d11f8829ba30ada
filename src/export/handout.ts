import type { ResolvedDeck } from '../deck/types.js'
import { renderPrintPage, type PageAssets } from '../render/page-html.js'
import { renderMarkdownBlock } from '../render/markdown.js'

/** A4 portrait with 16 mm side margins leaves 178 mm; the 1280 px slide is scaled to fit. */
const HANDOUT_CSS = `<style>
@page { size: A4 portrait; margin: 20mm 16mm 18mm; }
html.td-handout, html.td-handout body { background: #fff; }
.td-handout-page { break-after: page; display: flex; flex-direction: column; gap: 7mm; }
.td-handout-page:last-child { break-after: auto; }
.td-handout-frame { width: 1280px; height: 720px; zoom: 0.5245; border: 2px solid #c8c8c8; overflow: hidden; position: relative; }
.td-handout-frame .reveal, .td-handout-frame .slides { position: static; }
.td-handout-notes { font: 11pt/1.5 var(--td-font-body); color: #1a1a1a; }
.td-handout-notes p { margin: 0 0 0.6em; }
.td-handout-notes .td-handout-number { font-weight: 700; color: #555; margin-bottom: 2mm; }
</style>`

/**
 * The handout: each slide on its own A4 page with its speaker notes beneath, for people who read
 * instead of listen. The deck title and page numbers come from Chromium's header and footer.
 */
export function renderHandoutPage(deck: ResolvedDeck, slides: string[], assets: Omit<PageAssets, 'scripts'>): string {
  const pages = slides.map((section, index) => {
    const slide = deck.slides[index]
    const notes = slide?.notes ? renderMarkdownBlock(slide.notes) : '<p><em>No notes for this slide.</em></p>'
    return `<div class="td-handout-page"><div class="td-handout-frame"><div class="reveal"><div class="slides">${section}</div></div></div>
<div class="td-handout-notes"><p class="td-handout-number">Slide ${index + 1} of ${slides.length}</p>${notes}</div></div>`
  })
  return renderPrintPage(deck, slides, assets, { pageStyle: HANDOUT_CSS, htmlClass: 'td-handout', body: pages.join('\n') })
}
