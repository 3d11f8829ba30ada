import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { realPathOf } from '../data/read-file.js'
import type { ResolvedDeck } from '../deck/types.js'
import { CLIENT_FILES, PACKAGE_PATHS, assertClientBuilt } from '../package-paths.js'
import { renderHandoutPage, renderPrintPage, type HandoutPerPage, type PaperSize } from '../render/pages.js'
import { formulaStyles } from '../render/markdown-math.js'
import type { SlideRenderer } from '../render/render-slides.js'
import { isUrl } from '../urls.js'
import type { BrowserPage, ScriptRunner } from './page.js'

export const fileUrl = (file: string): string => (isUrl(file) ? file : pathToFileURL(file).href)

/** What a print page lays out: the slides one per page, or a handout. */
export type PrintLayout = { kind: 'slides' } | { kind: 'handout'; perPage: HandoutPerPage; paper: PaperSize }

/** Every slide of a deck as its print page shows it. */
export function renderPrintSlides(deck: ResolvedDeck, renderer: SlideRenderer): string[] {
  assertClientBuilt()
  return renderer.render(deck, { target: 'print', assetUrl: fileUrl })
}

/**
 * The page Chromium prints (or measures, or screenshots) of `slides` — a deck's, or some of them.
 * It refers to talkdeck's built CSS and fonts and to the deck's files in place: nothing is copied,
 * nothing is served, and no request needs to leave the machine.
 *
 * When only some of a deck's slides are printed (a part), `anchors` names the anchors of the
 * printed slides (`own`) and of the others (`elsewhere`). Chromium writes a link to `#id` only if
 * the page has an element `id`, so each of the others gets a hidden stand-in and the link points
 * at the name; and it defines a name only for an element some link of the page points at, so a
 * hidden link points at each of the part's own. Put together, the names of all parts resolve.
 */
export function renderPrintHtml(deck: ResolvedDeck, slides: string[], layout: PrintLayout = { kind: 'slides' }, anchors?: { own: string[]; elsewhere: string[] }): string {
  const scripted = slides.some((slide) => /<script[\s>]/i.test(slide))
  const assets = { styles: [CLIENT_FILES.css, ...formulaStyles(slides)].map((file) => fileUrl(path.join(PACKAGE_PATHS.client, file))), theme: fileUrl(deck.theme.file), head: scripted ? NO_PAGE_PRINTS : '' }
  if (layout.kind === 'handout') return renderHandoutPage(deck, slides, assets, layout.perPage, layout.paper)
  const links = anchors ? [...anchors.own.map((id) => `<a href="#${id}"></a>`), ...anchors.elsewhere.map((id) => `<i id="${id}"></i>`)] : []
  // First, not last: the last slide must stay the last child (no page break after it).
  const standIns = links.length ? [`<div style="display:none !important">${links.join('')}</div>`] : []
  return renderPrintPage(deck, [...standIns, ...slides], assets)
}

/**
 * Before a template's script runs: talkdeck prints the page, the page does not print itself. A
 * `window.print()` of its own held Chromium's printing of the tab ("Page is already being printed").
 */
const NO_PAGE_PRINTS = '<script>window.print = () => undefined</script>'

/** The `id`s a slide's markup links to (`href="#id"`), as written (escaped). */
export const linkTargetsOf = (slide: string): string[] => Array.from(slide.matchAll(/\shref="#([^"]+)"/g), (match) => match[1] as string)

/** The `id`s a slide's markup defines, as written (escaped). */
export const anchorsOf = (slide: string): string[] => Array.from(slide.matchAll(/\sid="([^"]*)"/g), (match) => match[1] as string)

/** Writes a page into `directory` as `name`.html and returns its file URL. */
export async function writePage(directory: string, name: string, html: string): Promise<string> {
  const file = path.join(directory, `${name}.html`)
  await writeFile(file, html)
  return pathToFileURL(file).href
}

/** Writes the print page of a whole deck into `directory`, to be opened with `openPrintPage`, and returns its file URL. */
export async function writePrintPage(deck: ResolvedDeck, renderer: SlideRenderer, directory: string, layout: PrintLayout = { kind: 'slides' }): Promise<string> {
  const html = renderPrintHtml(deck, renderPrintSlides(deck, renderer), layout)
  return writePage(directory, `${deck.id}.${layout.kind === 'handout' ? `handout-${layout.perPage}` : 'slides'}`, html)
}

/** Opens a print page written by `writePrintPage`, once its fonts have loaded, so measurements are final. */
export async function openPrintPage(page: BrowserPage, url: string, deck: ResolvedDeck): Promise<void> {
  // The page's own folder too: a print page written elsewhere than the run's folder (a test's).
  page.readableFolders = [...deck.readableFolders, realPathOf(path.dirname(fileURLToPath(url)))]
  await page.goto(url)
  await waitForFonts(page)
}

/** Shows a print page of `deck` in `page` (no file, no navigation) and waits until its fonts are ready. */
export async function showPrintPage(page: BrowserPage, html: string, deck: ResolvedDeck): Promise<void> {
  page.readableFolders = deck.readableFolders
  await page.setContent(html)
  await waitForFonts(page)
}

/**
 * Resolves once the web fonts the page's text is drawn in have loaded. Chromium asks for a face
 * only when it lays out text in it: the page is laid out first, so that `document.fonts.ready`
 * waits for every face the text needs, and again after they came, for a face that text falling
 * through to a later family of its stack needs.
 *
 * A hold that loaded the faces before the first layout (fonts-first.ts, CSS font matching redone
 * in the page) saved 3 % of an export and raced with the page's stylesheets; see issue 25.
 */
export function waitForFonts(page: ScriptRunner): Promise<void> {
  return page.evaluate(async () => {
    const slidesGone = () => !document.querySelector('.slides')
    for (;;) {
      document.documentElement.getBoundingClientRect()
      if (document.fonts.status !== 'loading' || slidesGone()) return
      // A script that empties the document (document.open) can leave a face loading for good:
      // the wait ends with the slides, and the print finds them gone and says so.
      let timer: ReturnType<typeof setInterval> | undefined
      const emptied = new Promise<void>((resolve) => {
        timer = setInterval(() => slidesGone() && resolve(), 100)
      })
      await Promise.race([document.fonts.ready, emptied])
      clearInterval(timer)
    }
  })
}
