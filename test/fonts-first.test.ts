/**
 * A print page is laid out once, in its own fonts: the faces loaded before its first layout are
 * those Chromium loads by itself as it lays the page out — in every theme. Each side runs in a
 * fresh renderer: one that loaded a font before already has it. A face missed would be loaded
 * late (the page laid out twice, as before); a face too many costs its loading for nothing.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { holdForFonts, layOutWithFonts } from '../src/browser/fonts-first.js'
import type { BrowserPage } from '../src/browser/page.js'
import { renderPrintHtml, renderPrintSlides } from '../src/browser/print-page.js'
import { startBrowser } from '../src/browser/session.js'
import type { ResolvedDeck } from '../src/deck/types.js'
import { fixture, loadProjectDecks } from './helpers.js'

/** The faces of the page's document that have loaded, as `family style weight first-range`, sorted. */
const loadedFaces = (page: BrowserPage) =>
  page.evaluate(() => {
    const faces: string[] = []
    document.fonts.forEach((face) => {
      if (face.status === 'loaded') faces.push(`${face.family.replace(/^(["'])(.*)\1$/, '$2').toLowerCase()} ${face.style} ${face.weight} ${face.unicodeRange.split(',')[0]}`)
    })
    return faces.sort()
  })

/** The faces Chromium loads for a deck's print page by itself, and those loaded while it is held, each in a renderer of its own. */
async function facesOf(root: string, deckId: string, theme: string) {
  const { workspace, decks } = await loadProjectDecks(root)
  const deck = { ...decks.get(deckId), theme: workspace.themes.get(theme) } as ResolvedDeck
  expect(deck.theme).toBeDefined()
  const html = renderPrintHtml(deck, renderPrintSlides(deck, workspace.renderer))
  // Chromium's own choice is taken with the stylesheets inline: on a busy machine a page may be laid
  // out once before a linked theme has arrived, in the fonts of talkdeck's base stylesheet.
  const inline = html.replace(/<link rel="stylesheet" href="([^"]+)"[^>]*>/g, (_, href: string) => `<style>${readFileSync(fileURLToPath(href), 'utf8').replaceAll('url(./', `url(${new URL('.', href).href}`)}</style>`)
  expect(inline).not.toContain('rel="stylesheet"')
  // Two pages at once: each in a browser context, and so a renderer, of its own.
  await using session = startBrowser({ pages: 2 })
  return await session.withPage(async (unheld) => {
    await unheld.setContent(inline)
    // A face Chromium finds it needs only once another has loaded (a character the emoji font
    // turned out not to have) is asked for in a later layout: wait until no layout asks for more.
    await unheld.evaluate(async () => {
      do {
        await document.fonts.ready
        document.body.getBoundingClientRect()
        await new Promise(requestAnimationFrame)
      } while (document.fonts.status === 'loading')
    })
    const byChromium = await loadedFaces(unheld)
    return session.withPage(async (held) => {
      await held.setContent(holdForFonts(html))
      const first = (await layOutWithFonts(held)).sort()
      const shown = await held.evaluate(() => getComputedStyle(document.body).display !== 'none' && !document.querySelector('style[data-talkdeck-hold]'))
      return { byChromium, first, inTheEnd: await loadedFaces(held), shown }
    }, deck.size)
  }, deck.size)
}

describe('print pages held until their fonts have loaded', () => {
  // Twemoji has no unicode-range: whether it has a character is known only once it has loaded, so
  // the family after it (Noto Sans SC in every built-in theme) is loaded for what may fall through.
  const beyondTwemoji = (face: string) => face.startsWith('noto sans sc ')

  it.each(['corporate', 'kernel', 'paper', 'contrast'])('loads first the faces Chromium loads for a plain deck, in the %s theme', async (theme) => {
    const { byChromium, first, inTheEnd, shown } = await facesOf(fixture('plain-project'), 'heat-pumps', theme)
    expect(byChromium.length).toBeGreaterThan(1)
    expect(byChromium.filter((face) => !first.includes(face))).toEqual([])
    expect(first.filter((face) => !byChromium.includes(face) && !beyondTwemoji(face))).toEqual([])
    // Nothing was loaded after the page was let go.
    expect(inTheEnd).toEqual(first)
    expect(shown).toBe(true)
  })

  it.each(['corporate', 'contrast'])('loads first the faces of CJK, Cyrillic, Greek, Devanagari and emoji text, in the %s theme', async (theme) => {
    const { byChromium, first } = await facesOf(fixture('international-text'), 'tea-talk', theme)
    expect(byChromium.filter((face) => !first.includes(face))).toEqual([])
    expect(first.filter((face) => !byChromium.includes(face) && !beyondTwemoji(face))).toEqual([])
    for (const family of ['noto sans sc', 'noto sans', 'twemoji']) expect(first.some((face) => face.startsWith(`${family} normal `))).toBe(true)
  })
})

describe('holdForFonts', () => {
  it('holds a page by its body, in its head', () => {
    expect(holdForFonts('<html><head><title>t</title></head><body><p>x</p></body></html>')).toBe('<html><head><title>t</title><style data-talkdeck-hold>body{display:none!important}</style></head><body><p>x</p></body></html>')
  })

  it('leaves a page with a script as it is: the script may measure the page as it loads', () => {
    const html = '<html><head></head><body><p>x</p><script>document.body.offsetHeight</script></body></html>'
    expect(holdForFonts(html)).toBe(html)
  })
})
