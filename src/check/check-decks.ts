import { readFile } from 'node:fs/promises'
import { TemplateError, type Problem } from '../errors.js'
import { runBrowserBatch, type BatchOptions } from '../browser/batch.js'
import { measureSlides, readTheme } from '../browser/measure.js'
import { openPrintPage, writePrintPage } from '../browser/print-page.js'
import type { ResolvedDeck } from '../deck/types.js'
import type { Templates } from '../data/load-templates.js'
import { createHandlebars, precompileStrict } from '../render/handlebars.js'
import type { SlideRenderer } from '../render/render-slides.js'
import { blockedRequestWarnings, layoutFindings } from '../browser/layout-findings.js'
import { mayReadFile } from '../browser/network.js'
import { explainPageFailure } from '../browser/page-failure.js'
import { gatherThemeContrast, readThemeDeclarations, themeContrastFindings, themeFamilies, unavailableFontFindings, type ThemeContrast } from './theme-findings.js'

/**
 * Lays every deck out in one real browser at its slide size and reports what a person would see
 * wrong: text cut off or drawn over other text, slides showing nothing, text of low contrast; and
 * of a deck's own theme, the fonts it names that the browser does not have and the colours that
 * give text too little contrast, each once at the theme file.
 */
export async function checkLayout(decks: ResolvedDeck[], renderer: SlideRenderer, options: CheckLayoutOptions = {}): Promise<Problem[]> {
  const display = options.display ?? ((file: string) => file)
  const themeTexts = new Map<string, Promise<string>>()
  const byTheme = new Map<string, ThemeContrast>()
  const perDeck = await runBrowserBatch(decks, options, async (deck, { session, workDir, takeBlockedRequests }) => {
    const url = await writePrintPage(deck, renderer, workDir)
    // A built-in theme is tested on every layout (fonts bundled, contrast measured); a deck's own is read here.
    const own = deck.theme.builtIn ? undefined : readThemeDeclarations(await readCached(themeTexts, deck.theme.file))
    const families = own ? themeFamilies(own) : []
    try {
      return await session.withPage(async (page) => {
        await openPrintPage(page, url, deck)
        // A file a template names was reported by checkRendering already; these are the others (a theme's, a script's).
        const blocked = blockedRequestWarnings(deck, takeBlockedRequests(page), renderer).filter((problem) => problem.code !== 'file-blocked' || problem.file === deck.file)
        let measured = await measureSlides(page, { contrast: true })
        const fonts: Problem[] = []
        if (own) {
          const file = display(deck.theme.file)
          const reading = await readTheme(page, { colours: own.map((declaration) => declaration.value), families: families.map((named) => named.family) })
          measured = gatherThemeContrast(deck, file, measured, own, reading, byTheme)
          fonts.push(...unavailableFontFindings(deck, file, families, reading.available))
        }
        return [...layoutFindings(deck, measured, 'error'), ...blocked, ...fonts]
      }, deck.size)
    } catch (caught) {
      // A page that failed (a template's script) is that deck's finding; the other decks are still checked.
      const error = explainPageFailure(caught, deck, renderer)
      if (!(error instanceof TemplateError)) throw error
      return [{ severity: 'error' as const, code: 'page-script', deck: deck.id, ...(error.location ?? { file: deck.file }), message: error.detail }]
    }
  })
  // A theme several decks use is one file to fix: each of its findings once.
  const seen = new Set<string>()
  const once = perDeck.flat().filter((problem) => {
    if (problem.code !== 'font-unavailable') return true
    const key = `${problem.file}:${problem.line}:${problem.message}`
    return !seen.has(key) && seen.add(key)
  })
  return [...once, ...themeContrastFindings(byTheme.values())]
}

export interface CheckLayoutOptions extends BatchOptions {
  /** How a file is named in a finding (relative to the project). @default the path as given */
  display?: (file: string) => string
}

function readCached(cache: Map<string, Promise<string>>, file: string): Promise<string> {
  let text = cache.get(file)
  if (!text) {
    // A theme that cannot be read was reported when the deck was loaded; here it has nothing to say.
    text = readFile(file, 'utf8').catch(() => '')
    cache.set(file, text)
  }
  return text
}

/**
 * Renders every slide without a browser, so template mistakes are found by `check --no-browser`;
 * with them, the files outside the project a template names (`file:///etc/passwd`), which no page
 * of talkdeck's will read.
 */
export function checkRendering(decks: ResolvedDeck[], renderer: SlideRenderer): Problem[] {
  const reported = new Set<string>()
  return decks.flatMap((deck) => {
    try {
      const html = renderer.render(deck, { target: 'print', assetUrl: (file) => file }).join('\n')
      const urls = [...new Set(Array.from(html.matchAll(/file:\/\/[^\s"'<>)]+/gi), ([url]) => url))]
      return blockedRequestWarnings(deck, urls.filter((url) => !mayReadFile(url, deck.readableFolders)), renderer).filter((problem) => {
        const key = `${problem.file}:${problem.line}:${problem.message}`
        return !reported.has(key) && reported.add(key)
      })
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error
      return [{ severity: 'error' as const, code: 'template', deck: deck.id, ...(error.location ?? { file: deck.file }), message: error.detail }]
    }
  })
}

/**
 * The syntax of every layout and partial of the project's own, whatever the decks: a deck that
 * fails before it is rendered (its data, its fields) still has its templates checked in the same
 * run, and a layout no deck uses yet too.
 */
export function checkTemplateSyntax(templates: Pick<Templates, 'layouts' | 'partials'>): Problem[] {
  const hb = createHandlebars()
  return [...templates.layouts.values(), ...templates.partials.values()].flatMap((template) => {
    if (template.display.startsWith('talkdeck/')) return []
    try {
      precompileStrict(hb, template.source, template.display)
      return []
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error
      return [{ severity: 'error' as const, code: 'template', ...(error.location ?? { file: template.display }), message: error.detail }]
    }
  })
}
