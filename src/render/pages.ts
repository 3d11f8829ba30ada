/**
 * Every page talkdeck writes or serves, rendered from `templates/pages/*.hbs`: the presented deck,
 * the print page Chromium turns into a PDF, the handout, the deck index, the theme gallery and the
 * dev server's own pages. The templates are talkdeck's, compiled once per process.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import Handlebars from 'handlebars'
import { PACKAGE_PATHS } from '../package-paths.js'
import { estimateTiming } from '../deck/timing.js'
import type { MessageKey, Messages } from '../data/messages.js'
import type { ResolvedDeck, ResolvedSlide, SlideSize } from '../deck/types.js'
import { fillMessage, textDirection } from '../deck/resolve-messages.js'
import { compileStrict, createHandlebars } from './handlebars.js'

const PAGES = path.join(PACKAGE_PATHS.templates, 'pages')
const hb = createHandlebars(new Map([['head', { display: path.join(PAGES, 'head.hbs'), source: readFileSync(path.join(PAGES, 'head.hbs'), 'utf8') }]]))
const compiled = new Map<string, Handlebars.TemplateDelegate>()

function renderPage(name: string, context: object): string {
  let template = compiled.get(name)
  if (!template) {
    const file = path.join(PAGES, `${name}.hbs`)
    template = compileStrict(hb, readFileSync(file, 'utf8'), file)
    compiled.set(name, template)
  }
  return template(context)
}

export interface PageAssets {
  /** Stylesheets shared by every theme: reveal.js, fonts, layouts. */
  styles: string[]
  theme: string
  /** Classic scripts (a module script does not run from file://). */
  scripts: string[]
  /** Extra markup for the head, e.g. Vite's client in dev. */
  head: string
  /** A single-file deck: the styles, theme and scripts themselves, in the page instead of linked. */
  inline?: { styles: string[]; theme: string; scripts: string[] }
}

/**
 * Text put inside <style> or <script> as it is: a closing tag in it would end the element early, and
 * `<!--` in a script changes how the HTML parser finds its end. Escaped they mean the same in CSS
 * strings and in JavaScript strings, templates and regular expressions, the only places they occur.
 */
const inlineStyle = (css: string) => css.replace(/<\/style/gi, '<\\/style')
const inlineScript = (js: string) => js.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--')

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
    totalTime: deck.duration ? deck.duration * 60 : estimateTiming(deck).total,
    pdfSeparateFragments: false,
  }
}

const pageContext = (deck: ResolvedDeck, assets: Omit<PageAssets, 'scripts'> & { scripts?: string[] }) => ({
  deck,
  assets: {
    scripts: [],
    ...assets,
    inline: assets.inline ? { styles: assets.inline.styles.map(inlineStyle), theme: inlineStyle(assets.inline.theme), scripts: assets.inline.scripts.map(inlineScript) } : null,
  },
  description: deck.subtitle ?? deck.topic.summary,
})

/** The deck as people present it: reveal.js with speaker notes. */
export function renderDeckPage(deck: ResolvedDeck, slides: string[], assets: PageAssets): string {
  // JSON in a script element: "<" escaped so that no text in it can close the element.
  const config = JSON.stringify(revealConfig(deck)).replace(/</g, '\\u003c')
  return renderPage('deck', { ...pageContext(deck, assets), slides: slides.join('\n'), config })
}

/**
 * The deck as Chromium prints it: the same slides and CSS, laid out one per page with no reveal.js
 * JavaScript. reveal's own print layout costs seconds on big decks and adds a margin around pages.
 */
export function renderPrintPage(deck: ResolvedDeck, slides: string[], assets: Omit<PageAssets, 'scripts'>): string {
  return renderPage('print', { ...pageContext(deck, assets), slides: slides.join('\n') })
}

/** Slides a handout page can hold: with notes, with lines to write on, or slides only. */
export const HANDOUT_PER_PAGE = [1, 2, 3, 6] as const
export type HandoutPerPage = (typeof HANDOUT_PER_PAGE)[number]
export const PAPER_SIZES = { a4: { name: 'A4', width: 210, height: 297 }, letter: { name: 'letter', width: 215.9, height: 279.4 } } as const
export type PaperSize = keyof typeof PAPER_SIZES

/** Page margins of a handout (see handout.hbs), in mm. */
const HANDOUT_MARGIN = { x: 16, top: 20, bottom: 18 }
const MM = 96 / 25.4

/** How far a slide is scaled on a handout page so that `perPage` of them fit on the paper. */
export function handoutZoom(deck: ResolvedDeck, perPage: HandoutPerPage, paper: PaperSize): number {
  const { width, height } = PAPER_SIZES[paper]
  const area = { width: (width - 2 * HANDOUT_MARGIN.x) * MM, height: (height - HANDOUT_MARGIN.top - HANDOUT_MARGIN.bottom) * MM }
  const ratio = deck.size.height / deck.size.width
  // Width a slide may take: the column share, then whatever the rows leave (label line and gaps included).
  const layouts: Record<HandoutPerPage, { columns: number; share: number; rows: number; rowExtra: number }> = {
    1: { columns: 1, share: 1, rows: 1, rowExtra: area.height * 0.45 },
    2: { columns: 1, share: 1, rows: 2, rowExtra: 16 * MM },
    // Wide enough to read, with a third of the width left for lines to write on.
    3: { columns: 1, share: 0.64, rows: 3, rowExtra: 16 * MM },
    6: { columns: 2, share: 1, rows: 3, rowExtra: 16 * MM },
  }
  const layout = layouts[perPage]
  const byWidth = (area.width * layout.share - (layout.columns - 1) * 6 * MM) / layout.columns
  const byHeight = ((area.height - layout.rows * layout.rowExtra) / layout.rows) / ratio
  // 4 px: the frame's border.
  return Math.floor((Math.min(byWidth, byHeight) - 4) / deck.size.width * 10000) / 10000
}

/**
 * The handout: slides on paper for people who read instead of listen — one a page with its notes,
 * three with lines to write beside them, or two or six slides only. Header and footer (deck title,
 * page numbers) come from Chromium's, see `renderHandoutHeaderFooter`.
 */
export function renderHandoutPage(deck: ResolvedDeck, slides: string[], assets: Omit<PageAssets, 'scripts'>, perPage: HandoutPerPage, paper: PaperSize): string {
  const entries = slides.map((html, index) => ({ html, number: index + 1, notes: deck.slides[index]?.notes ?? null }))
  const pages: (typeof entries)[] = []
  for (let i = 0; i < entries.length; i += perPage) pages.push(entries.slice(i, i + perPage))
  return renderPage('handout', {
    ...pageContext(deck, assets),
    pages,
    perPage,
    total: slides.length,
    paper: PAPER_SIZES[paper].name,
    zoom: handoutZoom(deck, perPage, paper),
  })
}

export function renderHandoutHeaderFooter(deck: ResolvedDeck): { headerTemplate: string; footerTemplate: string } {
  return {
    headerTemplate: renderPage('handout-header', { deck, asOf: deck.topic.asOf }),
    // Chromium fills these spans in with each page's number and the count.
    footerTemplate: renderPage('handout-footer', { deck, pageNumber: new Handlebars.SafeString('<span class="pageNumber"></span>'), totalPages: new Handlebars.SafeString('<span class="totalPages"></span>') }),
  }
}

export interface SlideWrapping {
  slide: ResolvedSlide
  deck: ResolvedDeck
  body: string
  seconds: number
  density: number
  longTitle: boolean
  logo: string | null
  /** The layout's file as messages name it: the PowerPoint export's warnings name it. */
  layoutFile: string
}

/** A slide's `<section>`: its layout's body, the branding line and the speaker notes. */
export function renderSlideSection(wrapping: SlideWrapping): string {
  const { deck, slide } = wrapping
  const number = deck.branding.slideNumbers && slide.number > 1
  const branded = Boolean(wrapping.logo || deck.branding.footer || deck.branding.confidentiality || number)
  return renderPage('slide', { ...wrapping, number, branded })
}

/** The page that lists built decks, each with a live thumbnail of its title slide and its files. */
/**
 * What the index shows of a deck. A build records it in the deck's folder, so that a deck kept from
 * an earlier build (one that failed this time, or was not named) is listed as it was built.
 */
export interface IndexEntry {
  id: string
  title: string
  subtitle: string | null
  size: SlideSize
  slides: number
  duration: number | null
  audience: string | null
  theme: string
  /** The deck's language, and what the index says of it in that language (absent from entries recorded before). */
  language: string
  facts?: string[]
}

export const indexEntryOf = (deck: ResolvedDeck): IndexEntry => ({
  id: deck.id,
  title: deck.title,
  subtitle: deck.subtitle,
  size: deck.size,
  slides: deck.slides.length,
  duration: deck.duration,
  audience: deck.audience,
  theme: deck.theme.name,
  language: deck.language,
  facts: [...deckLength(deck), deck.audience ?? '', fillMessage(deck.messages.themeNamed, { theme: deck.theme.name })].filter(Boolean),
})

/** How long a deck is, in its language: its slides, and its minutes when it says. */
export function deckLength(deck: ResolvedDeck): string[] {
  const number = (value: number) => new Intl.NumberFormat(deck.language).format(value)
  return [fillMessage(deck.messages.slideCount, { count: number(deck.slides.length) }), ...(deck.duration ? [fillMessage(deck.messages.minutes, { minutes: number(deck.duration) })] : [])]
}

/**
 * The text of a link to a deck's file: one of talkdeck's words, said in the page's language, or a
 * program's own text for a format it added.
 */
export type DownloadLabel = { word: MessageKey } | { text: string }

/** A file beside a deck the index links: `<deck id><suffix>`, when it is there. */
export interface IndexDownload {
  suffix: string
  label: DownloadLabel
}

const labelText = (label: DownloadLabel, words: PageWords) => ('word' in label ? words.messages[label.word] : label.text)

/** The built decks' index, in their language (`words`); each deck's entry in its own. */
export function renderIndexPage(decks: IndexEntry[], files: Set<string>, downloads: readonly IndexDownload[], words: PageWords): string {
  const entries = decks.map((deck) => ({
    deck,
    direction: textDirection(deck.language),
    href: `${encodeURIComponent(deck.id)}/index.html`,
    // An entry recorded before talkdeck recorded its facts says them as it did then, in English.
    facts: deck.facts ?? [`${deck.slides} slides`, deck.duration ? `${deck.duration} min` : '', deck.audience ?? '', `theme: ${deck.theme}`].filter(Boolean),
    downloads: downloads.flatMap(({ suffix, label }) => (files.has(`${deck.id}${suffix}`) ? [{ href: encodeURIComponent(`${deck.id}${suffix}`), label: labelText(label, words) }] : [])),
  }))
  return renderPage('index', { decks: entries, words })
}

export interface GalleryTheme {
  name: string
  description: string
  current: boolean
  images: { src: string; alt: string }[]
}

/** The theme gallery: every sampled layout (rows) in every theme (columns). */
export function renderGalleryPage(deck: ResolvedDeck, themes: GalleryTheme[]): string {
  const rows = deck.slides.map((slide, index) => ({ layout: slide.layout, images: themes.map((theme) => theme.images[index] ?? { src: '', alt: '' }) }))
  return renderPage('gallery', { deck, themes, rows })
}

/** talkdeck's words on a page of its own (`dev`'s), in a language, and which way they run. */
export interface PageWords {
  language: string
  direction: 'ltr' | 'rtl'
  messages: Messages
}

/** The dev server's first page: each deck, and its files in every format dev serves (`downloads`). */
export function renderDevIndex(decks: string[], downloads: readonly IndexDownload[], head: string, words: PageWords): string {
  const entries = decks.map((id) => ({ id, files: downloads.map(({ suffix, label }) => ({ href: encodeURIComponent(`${id}${suffix}`), label: labelText(label, words) })) }))
  return renderPage('dev-index', { decks: entries, head, words })
}

/** What dev shows in place of a deck with errors: the errors as `check` prints them, in its words. */
export function renderDevError(lines: string[], head: string, words: PageWords): string {
  return renderPage('dev-error', { lines, head, words })
}
