/**
 * Slides that use their space (issue 30, point 3), measured in real Chromium in every built-in
 * theme at 16:9 and 4:3 on a fixture written the plain way (test/fixtures/slide-space): cards
 * take as many as fit and share them evenly, columns stay equal whatever a card holds, a lead
 * with no points takes the slide, a challenge's mitigation shows on its own slide, nothing runs
 * over the citation line, and handouts spread their slides over the page.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { measureSlides } from '../src/browser/measure.js'
import { waitForFonts, writePrintPage } from '../src/browser/print-page.js'
import { splitEvenly } from '../src/deck/card-pages.js'
import type { ResolvedDeck } from '../src/deck/types.js'
import { PAPER_SIZES } from '../src/render/pages.js'
import { browserPath, fixture, loadProjectDecks, type TestWorkspace } from './helpers.js'

const THEMES = ['corporate', 'kernel', 'paper', 'contrast'] as const
const SIZES = { '16:9': 'space', '4:3': 'space-4-3' } as const

let workspace: TestWorkspace
let decks: Map<string, ResolvedDeck>
let browser: Browser
const workDir = mkdtempSync(path.join(os.tmpdir(), 'talkdeck-space-'))

beforeAll(async () => {
  ;({ workspace, decks } = await loadProjectDecks(fixture('slide-space')))
  browser = await chromium.launch({ executablePath: browserPath(), args: ['--no-sandbox'] })
})
afterAll(async () => {
  await browser?.close()
  rmSync(workDir, { recursive: true, force: true })
})

const deckOf = (size: keyof typeof SIZES): ResolvedDeck => {
  const deck = decks.get(SIZES[size])
  if (!deck) throw new Error(`deck ${SIZES[size]} did not resolve`)
  return deck
}
const cardsPerSlide = (deck: ResolvedDeck, title: string) => deck.slides.filter((slide) => slide.layout === 'cards' && slide.title === title).map((slide) => slide.items.length)

describe('cards share their items evenly, as many a slide as fit', () => {
  it('splits as evenly as it can', () => {
    expect(splitEvenly([1, 2, 3, 4, 5, 6, 7], 4).map((run) => run.length)).toEqual([4, 3])
    expect(splitEvenly([1, 2, 3, 4, 5, 6, 7], 3).map((run) => run.length)).toEqual([3, 2, 2])
    expect(splitEvenly([1, 2, 3], 3).map((run) => run.length)).toEqual([3])
  })

  it.each(Object.keys(SIZES) as (keyof typeof SIZES)[])('%s: seven short cards are 4 + 3, three ordinary ones one slide', (size) => {
    const deck = deckOf(size)
    expect(cardsPerSlide(deck, 'What a hive gives')).toEqual([4, 3])
    expect(cardsPerSlide(deck, 'How it started')).toEqual([3])
    expect(cardsPerSlide(deck, 'What the guild measures')).toEqual([3])
  })
})

/** Per slide: its layout, role, the tallest band of its height with nothing drawn, and card boxes. */
async function measureSpace(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('section.td-slide')].map((section) => {
      const slide = section.getBoundingClientRect()
      const spans: [number, number][] = []
      const add = (rect: DOMRect) => {
        if (rect.width > 0 && rect.height > 0) spans.push([rect.top - slide.top, rect.bottom - slide.top])
      }
      const walker = document.createTreeWalker(section.querySelector('.td-body') ?? section, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent?.trim() || node.parentElement?.closest('aside.notes')) continue
        const range = document.createRange()
        range.selectNodeContents(node)
        for (const rect of range.getClientRects()) add(rect)
      }
      for (const box of section.querySelectorAll('.td-body img, .td-card, .td-mitigation-block, .td-code, .td-column')) add(box.getBoundingClientRect())
      spans.sort((a, b) => a[0] - b[0])
      let reached = 0
      let emptiest = 0
      for (const [top, bottom] of spans) {
        emptiest = Math.max(emptiest, top - reached)
        reached = Math.max(reached, bottom)
      }
      emptiest = Math.max(emptiest, slide.height - reached)
      const cite = section.querySelector('.td-cite')?.getBoundingClientRect()
      return {
        title: section.querySelector('h1, h2')?.textContent?.trim() ?? '',
        layout: [...section.classList].find((name) => name.startsWith('td-layout-'))?.slice('td-layout-'.length) ?? '',
        height: slide.height,
        emptiest: Math.round(emptiest),
        cards: [...section.querySelectorAll<HTMLElement>('.td-card')].map((card) => ({ width: card.getBoundingClientRect().width, bottom: card.getBoundingClientRect().bottom, scrollWidth: card.scrollWidth, clientWidth: card.clientWidth })),
        citeTop: cite?.top ?? null,
        mitigation: section.querySelector('.td-mitigation-block')?.textContent ?? null,
      }
    }),
  )
}

describe('in real Chromium, every built-in theme', () => {
  for (const theme of THEMES) {
    for (const size of Object.keys(SIZES) as (keyof typeof SIZES)[]) {
      it(`${theme}, ${size}: no slide half empty, nothing over the sources line, equal cards, the mitigation shown`, async () => {
        const resolved = deckOf(size)
        const deck = { ...resolved, id: `${resolved.id}-${theme}`, theme: workspace.themes.get(theme)! }
        const url = await writePrintPage(deck, workspace.renderer, workDir)
        const page = await browser.newPage({ viewport: { width: deck.size.width, height: deck.size.height } })
        try {
          await page.goto(url)
          await waitForFonts(page)
          expect((await measureSlides(page)).filter((m) => m.bottom || m.right || m.clipped || m.spill || m.overlap || m.blank)).toEqual([])
          const slides = await measureSpace(page)
          const half = slides.filter((slide) => !['title', 'section', 'sources'].includes(slide.layout) && slide.emptiest > slide.height / 2)
          expect(half.map(({ title, layout, emptiest }) => ({ title, layout, emptiest }))).toEqual([])
          for (const slide of slides) {
            for (const card of slide.cards) {
              if (slide.citeTop !== null) expect(card.bottom, `${slide.title}: a card over the sources line`).toBeLessThanOrEqual(slide.citeTop)
              expect(card.scrollWidth, `${slide.title}: a card's text wider than the card`).toBeLessThanOrEqual(card.clientWidth)
            }
          }
          const measured = slides.find((slide) => slide.title === 'What the guild measures')!
          expect(measured.cards).toHaveLength(3)
          const widths = measured.cards.map((card) => card.width)
          expect(Math.max(...widths) - Math.min(...widths), 'card widths with a long inline-code token').toBeLessThan(1)
          expect(slides.find((slide) => slide.title === 'Swarms in busy streets')?.mitigation).toContain('Split strong colonies in May')
        } finally {
          await page.close()
        }
      })
    }
  }
})

describe('handouts use the page', () => {
  const MM = 96 / 25.4
  const cases = (['a4', 'letter'] as const).flatMap((paper) => ([1, 2, 3, 6] as const).map((perPage) => [paper, perPage] as const))
  it.each(cases)('%s, %i a page: the first page is filled down to its foot', async (paper, perPage) => {
    const deck = { ...deckOf('16:9'), theme: workspace.themes.get('paper')! }
    const url = await writePrintPage(deck, workspace.renderer, workDir, { kind: 'handout', perPage, paper })
    const area = { width: (PAPER_SIZES[paper].width - 32) * MM, height: (PAPER_SIZES[paper].height - 38) * MM }
    const page = await browser.newPage({ viewport: { width: Math.floor(area.width), height: Math.floor(area.height) } })
    try {
      await page.goto(url)
      await waitForFonts(page)
      const first = await page.evaluate(() => {
        const handoutPage = document.querySelector('.td-handout-page')!
        const top = handoutPage.getBoundingClientRect().top
        const boxes = [...handoutPage.querySelectorAll('.td-handout-frame, .td-handout-lines')].map((element) => element.getBoundingClientRect())
        return { height: handoutPage.getBoundingClientRect().height, reached: Math.max(...boxes.map((box) => box.bottom - top)) }
      })
      expect(first.height, 'the page fits its paper').toBeLessThanOrEqual(area.height)
      expect(first.reached / area.height, 'how far down the page slides and note lines reach').toBeGreaterThan(0.9)
    } finally {
      await page.close()
    }
  })
})
