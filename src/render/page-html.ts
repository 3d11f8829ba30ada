import { estimateDeckSeconds } from '../deck/timing.js'
import type { ResolvedDeck } from '../deck/types.js'
import { escapeHtml } from './markdown.js'

export interface PageAssets {
  /** Stylesheets shared by every theme: reveal.js, fonts, layouts. */
  styles: string[]
  theme: string
  /** Classic scripts (a module script does not run from file://). */
  scripts: string[]
  /** Extra markup for the head, e.g. Vite's client in dev. */
  head?: string
}

/** reveal.js options; `margin: 0` makes the slide fill its box exactly as in the PDF. */
export function revealConfig(deck: ResolvedDeck): Record<string, unknown> {
  return {
    width: deck.size.width,
    height: deck.size.height,
    margin: 0,
    hash: true,
    center: false,
    controls: true,
    progress: true,
    slideNumber: false,
    transition: 'slide',
    totalTime: deck.duration ? deck.duration * 60 : estimateDeckSeconds(deck),
    pdfSeparateFragments: false,
  }
}

function head(deck: ResolvedDeck, assets: PageAssets, extra: string): string {
  const meta = [
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta name="generator" content="talkdeck">`,
    // No favicon request: nothing to serve, and a 404 would be the only console error.
    `<link rel="icon" href="data:,">`,
    `<title>${escapeHtml(deck.title)}</title>`,
    deck.author ? `<meta name="author" content="${escapeHtml(deck.author)}">` : '',
    `<meta name="description" content="${escapeHtml(deck.subtitle ?? deck.topic.summary)}">`,
    deck.keywords.length ? `<meta name="keywords" content="${escapeHtml(deck.keywords.join(', '))}">` : '',
    ...assets.styles.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`),
    `<link rel="stylesheet" href="${escapeHtml(assets.theme)}" data-talkdeck-theme>`,
    assets.head ?? '',
    extra,
  ]
  return meta.filter(Boolean).join('\n')
}

/** The deck as people present it: reveal.js with speaker notes. */
export function renderDeckPage(deck: ResolvedDeck, slides: string[], assets: PageAssets): string {
  const config = JSON.stringify(revealConfig(deck)).replace(/</g, '\\u003c')
  return `<!doctype html>
<html lang="${escapeHtml(deck.language)}" class="td-theme-${escapeHtml(deck.theme.name)}">
<head>
${head(deck, assets, '')}
</head>
<body>
<div class="reveal">
<div class="slides">
${slides.join('\n')}
</div>
</div>
<script type="application/json" id="talkdeck-config">${config}</script>
${assets.scripts.map((src) => `<script src="${escapeHtml(src)}"></script>`).join('\n')}
</body>
</html>
`
}

export interface PrintLayout {
  /** Replaces the default one-slide-per-page `@page` rule. */
  pageStyle?: string
  htmlClass?: string
  /** Replaces the default body: the slides one after another. */
  body?: string
}

/**
 * The deck as Chromium prints it: the same slides and CSS, laid out one per page with no reveal.js
 * JavaScript. reveal's own print layout costs seconds on big decks and adds a margin around pages.
 */
export function renderPrintPage(
  deck: ResolvedDeck,
  slides: string[],
  assets: Omit<PageAssets, 'scripts'>,
  layout: PrintLayout = {},
): string {
  const pageStyle = layout.pageStyle ?? `<style>@page { size: ${deck.size.width}px ${deck.size.height}px; margin: 0 }</style>`
  const body = layout.body ?? `<div class="reveal">\n<div class="slides">\n${slides.join('\n')}\n</div>\n</div>`
  return `<!doctype html>
<html lang="${escapeHtml(deck.language)}" class="td-print ${layout.htmlClass ?? ''} td-theme-${escapeHtml(deck.theme.name)}">
<head>
${head(deck, { ...assets, scripts: [] }, pageStyle)}
</head>
<body>
${body}
</body>
</html>
`
}
