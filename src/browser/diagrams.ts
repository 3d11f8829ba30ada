import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { findBodyDiagrams } from '../data/diagrams.js'
import type { Problem } from '../errors.js'
import type { ResolvedBody, ResolvedDeck, ResolvedDiagram } from '../deck/types.js'
import { drawingOf, rememberDrawing } from '../render/diagrams.js'
import { bundlePath } from '../vendor/bundles.js'
import { runBrowserBatch } from './batch.js'
import { renderPrintHtml, showPrintPage } from './print-page.js'
import type { LaunchOptions } from './session.js'

/**
 * Draws the Mermaid diagrams of decks into SVG (kept by src/render/diagrams.ts for the slides) in
 * the headless Chromium talkdeck drives, at build time rather than in the deck's page: dev, the
 * built deck, the single file and the print page then show the same SVG, a deck without diagrams
 * loads no Mermaid at all, and no deck runs a diagram library in front of an audience. Mermaid runs
 * in a page of the deck's theme with `securityLevel: 'strict'` (labels sanitised, no click
 * handlers, no HTML) and, as every talkdeck page, with the network shut.
 */

/** A body's diagrams, each at the place of its slide or item. */
const bodyDiagrams = (body: ResolvedBody | null, location: ResolvedDiagram['location']): ResolvedDiagram[] =>
  body ? findBodyDiagrams(body.markdown).map((diagram) => ({ mermaid: diagram.mermaid, alt: diagram.alt, location })) : []

/** Every diagram a deck's slides show: their own, their items', their columns' and their bodies' fences. */
export function diagramsOf(deck: ResolvedDeck): ResolvedDiagram[] {
  return deck.slides.flatMap((slide) => {
    const where = slide.item?.location ?? slide.origin
    const blocks = [slide, ...(slide.left ? [slide.left] : []), ...(slide.right ? [slide.right] : [])]
    return blocks.flatMap((block) => [...(block.diagram ? [block.diagram] : []), ...bodyDiagrams(block.body, where)])
  })
}

let mermaidScript: string | undefined
/** Mermaid's browser bundle, read once: evaluated in the drawing page, never shipped with a deck. */
const loadMermaid = () => (mermaidScript ??= readFileSync(bundlePath('mermaid'), 'utf8'))

/** An id of the SVG for its own CSS (Mermaid scopes its styles by it): the same for the same diagram, unlike between two. */
const svgIdOf = (themeFile: string, mermaid: string) => `td-diagram-${createHash('sha256').update(`${themeFile}\0${mermaid}`).digest('hex').slice(0, 12)}`

type Drawn = { svg: string } | { error: string }

/**
 * Draws the diagrams of `decks` not drawn yet, one page a deck; returns a located error for each
 * diagram Mermaid cannot read, with Mermaid's own message. No diagram to draw: no browser.
 */
export async function drawDiagrams(decks: ResolvedDeck[], browser: LaunchOptions): Promise<Problem[]> {
  const pending = decks
    .map((deck) => ({ deck, diagrams: [...new Map(diagramsOf(deck).filter((diagram) => drawingOf(deck.theme.file, diagram.mermaid) === undefined).map((diagram) => [diagram.mermaid, diagram])).values()] }))
    .filter(({ diagrams }) => diagrams.length > 0)
  if (!pending.length) return []
  const drawn = await runBrowserBatch(pending, { browser }, ({ deck, diagrams }, { session }) =>
    session.withPage(async (page) => {
      await showPrintPage(page, renderPrintHtml(deck, []), deck)
      await page.evaluate(loadMermaid())
      const requests = diagrams.map((diagram) => ({ id: svgIdOf(deck.theme.file, diagram.mermaid), mermaid: diagram.mermaid }))
      return page.evaluate(drawInPage, requests)
    }, deck.size),
  )
  return pending.flatMap(({ deck, diagrams }, deckIndex) =>
    diagrams.flatMap((diagram, index): Problem[] => {
      const result = drawn[deckIndex]?.[index]
      if (!result) return []
      if ('svg' in result) {
        rememberDrawing(deck.theme.file, diagram.mermaid, result.svg)
        return []
      }
      return [{ severity: 'error', code: 'diagram-syntax', deck: deck.id, ...diagram.location, message: `the Mermaid diagram "${diagram.alt}" does not parse: ${result.error}` }]
    }),
  )
}

/** Runs in the drawing page: Mermaid in the theme's colours and fonts, read from its custom properties. */
async function drawInPage(requests: { id: string; mermaid: string }[]): Promise<Drawn[]> {
  const mermaid = (window as unknown as { mermaid: { initialize(config: object): void; render(id: string, text: string): Promise<{ svg: string }> } }).mermaid
  const style = getComputedStyle(document.documentElement)
  const canvas = document.createElement('canvas').getContext('2d')
  // Mermaid's colour arithmetic reads hex and rgb(), not every colour CSS writes: the canvas says each as one.
  const colour = (name: string, fallback: string) => {
    if (!canvas) return fallback
    canvas.fillStyle = fallback
    canvas.fillStyle = style.getPropertyValue(name).trim() || fallback
    return String(canvas.fillStyle)
  }
  const font = (name: string) => `${style.getPropertyValue(name).trim() || 'sans-serif'}, ${style.getPropertyValue('--td-font-fallback').trim() || 'sans-serif'}, sans-serif`
  const body = font('--td-font-body')
  // Mermaid measures each label as it lays the diagram out: the theme's faces must be there first.
  await Promise.all(['400', '600', '700'].map((weight) => document.fonts.load(`${weight} 22px ${body}`)))
  const bg = colour('--td-bg', '#ffffff')
  const fg = colour('--td-fg', '#1f2937')
  const surface = colour('--td-surface', bg)
  const accent = colour('--td-accent', '#1d4ed8')
  const border = colour('--td-border', fg)
  const [red = 255, green = 255, blue = 255] = (bg.match(/[\da-f]{2}/gi) ?? []).map((hex) => parseInt(hex, 16))
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: 'base',
    fontFamily: body,
    themeVariables: {
      darkMode: 0.2126 * red + 0.7152 * green + 0.0722 * blue < 128,
      fontFamily: body,
      fontSize: '22px',
      background: bg,
      primaryColor: surface,
      primaryTextColor: fg,
      primaryBorderColor: accent,
      secondaryColor: colour('--td-badge-bg', surface),
      tertiaryColor: bg,
      mainBkg: surface,
      nodeBorder: accent,
      nodeTextColor: fg,
      textColor: fg,
      titleColor: colour('--td-heading', fg),
      lineColor: colour('--td-muted', fg),
      clusterBkg: bg,
      clusterBorder: border,
      edgeLabelBackground: bg,
      actorBkg: surface,
      actorBorder: accent,
      actorTextColor: fg,
      signalColor: fg,
      signalTextColor: fg,
      noteBkgColor: colour('--td-badge-bg', surface),
      noteTextColor: colour('--td-badge-fg', fg),
      noteBorderColor: border,
    },
  })
  const results: Drawn[] = []
  for (const { id, mermaid: text } of requests) {
    try {
      results.push({ svg: (await mermaid.render(id, text)).svg })
    } catch (error) {
      results.push({ error: error instanceof Error ? error.message : String(error) })
    }
    // A failed render leaves its scratch element behind; the next diagram must not meet it.
    document.getElementById(`d${id}`)?.remove()
  }
  return results
}
