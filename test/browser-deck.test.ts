/**
 * The built decks in a real Chromium, opened from file:// as a person would open them: reveal.js
 * runs, every slide is there, notes are attached, nothing fails to load, the theme's fonts load,
 * and the agenda links go to their sections.
 */
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findDecks } from '../src/deck/find-decks.js'
import type { ResolvedDeck } from '../src/deck/types.js'
import { REPO, browserPath, runCli, tempDir, openTestWorkspace, loadDeckList } from './helpers.js'

const STRUCTURAL = new Set(['title', 'agenda', 'section', 'closing', 'sources'])

let browser: Browser | undefined
let out: ReturnType<typeof tempDir>
const decks = new Map<string, ResolvedDeck>()

beforeAll(async () => {
  out = tempDir()
  const [build, workspace] = await Promise.all([runCli(['build', '--out', out.dir]), openTestWorkspace(REPO)])
  expect(build.code, build.stderr).toBe(0)
  for (const result of await loadDeckList(workspace, await findDecks(workspace.project))) {
    if (result.deck) decks.set(result.deck.id, result.deck)
  }
  browser = await chromium.launch({ executablePath: browserPath(), args: ['--no-sandbox'] })
}, 120_000)

afterAll(async () => {
  await browser?.close()
  out?.cleanup()
})

interface OpenDeck {
  page: Page
  /** Console errors, page errors and failed requests seen so far. */
  failures: string[]
}

async function openDeck(id: string, hash = ''): Promise<OpenDeck> {
  const page = await browser!.newPage({ viewport: { width: 1280, height: 720 } })
  const failures: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') failures.push(`console: ${message.text()}`)
  })
  page.on('pageerror', (error) => failures.push(`pageerror: ${error.message}`))
  page.on('requestfailed', (request) => failures.push(`request failed: ${request.url()} (${request.failure()?.errorText})`))
  page.on('response', (response) => {
    if (response.status() >= 400) failures.push(`HTTP ${response.status()}: ${response.url()}`)
  })
  await page.goto(`${pathToFileURL(path.join(out.dir, id, 'index.html')).href}${hash}`)
  await page.waitForFunction(() => window.talkdeck?.reveal?.isReady() === true, null, { timeout: 20_000 })
  return { page, failures }
}

const DECK_IDS = ['briefing', 'conference', 'lightning']

describe.each(DECK_IDS)('built deck %s from file://', (id) => {
  let opened: OpenDeck
  let deck: ResolvedDeck
  beforeAll(async () => {
    deck = decks.get(id) as ResolvedDeck
    expect(deck, id).toBeDefined()
    opened = await openDeck(id)
  })
  afterAll(async () => {
    await opened?.page.close()
  })

  it('runs reveal.js with one slide per <section>, as many as the resolved deck', async () => {
    const counts = await opened.page.evaluate(() => ({
      total: window.talkdeck.reveal.getTotalSlides(),
      sections: document.querySelectorAll('.reveal .slides section').length,
      horizontal: window.talkdeck.reveal.getHorizontalSlides().length,
    }))
    expect(counts.total).toBe(deck.slides.length)
    expect(counts.sections).toBe(deck.slides.length)
    expect(counts.horizontal).toBe(deck.slides.length)
    const ids = await opened.page.evaluate(() => [...document.querySelectorAll('.reveal .slides > section')].map((s) => s.id))
    expect(ids).toEqual(deck.slides.map((s) => s.id))
  })

  it('attaches speaker notes to every content slide', async () => {
    const notes = await opened.page.evaluate(() =>
      window.talkdeck.reveal.getSlides().map((slide) => ({
        layout: slide.getAttribute('data-layout'),
        // reveal's notes plugin reads the same element for the speaker view.
        html: window.talkdeck.reveal.getSlideNotes(slide) ?? '',
        notes: (slide.querySelector(':scope > aside.notes')?.textContent ?? '').trim(),
      })),
    )
    const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
    const content = notes.filter((n) => !STRUCTURAL.has(n.layout ?? ''))
    expect(content.length).toBeGreaterThan(0)
    for (const [index, slide] of notes.entries()) {
      const resolved = deck.slides[index]!
      if (!STRUCTURAL.has(resolved.layout)) {
        expect(slide.notes.length, `slide ${index + 1} (${slide.layout})`).toBeGreaterThan(0)
        expect(slide.html.length, `slide ${index + 1} (${slide.layout})`).toBeGreaterThan(0)
      }
      // The speaker view shows what the deck file or the data says.
      if (resolved.notes) expect(words(slide.notes).join(' '), `slide ${index + 1}`).toContain(words(resolved.notes).slice(0, 6).join(' '))
    }
  })

  it('visits every slide without console errors or failed requests', async () => {
    const { page, failures } = opened
    for (let index = 0; index < deck.slides.length; index++) {
      await page.evaluate((h) => window.talkdeck.reveal.slide(h), index)
      const current = await page.evaluate(() => window.talkdeck.reveal.getCurrentSlide()?.id)
      expect(current).toBe(deck.slides[index]!.id)
    }
    await page.evaluate(() => window.talkdeck.reveal.slide(0))
    await page.waitForLoadState('networkidle')
    expect(failures).toEqual([])
  })

  it('loads the theme\'s fonts', async () => {
    const fonts = await opened.page.evaluate(async () => {
      await document.fonts.ready
      const title = document.querySelector('.reveal .slides section h1, .reveal .slides section h2')
      const family = (element: Element | null) => (element ? getComputedStyle(element).fontFamily.split(',')[0]!.trim().replace(/^["']|["']$/g, '') : '')
      const body = family(document.querySelector('.reveal'))
      const heading = family(title)
      const families = [...new Set([body, heading])]
      const loaded = await Promise.all(families.map((f) => document.fonts.load(`16px "${f}"`).then((faces) => faces.length)))
      return {
        families,
        loaded,
        check: families.map((f) => document.fonts.check(`16px "${f}"`)),
        loadedFaces: [...document.fonts].filter((face) => face.status === 'loaded').map((face) => face.family.replace(/["']/g, '')),
        inter: document.fonts.check('16px Inter'),
      }
    })
    expect(fonts.families.every((f) => f.length > 0)).toBe(true)
    // Each font the slides are set in is a web font shipped with the deck, and it loaded.
    expect(fonts.loaded.every((count) => count > 0), JSON.stringify(fonts)).toBe(true)
    expect(fonts.check.every(Boolean)).toBe(true)
    for (const family of fonts.families) expect(fonts.loadedFaces).toContain(family)
    if (fonts.families.includes('Inter')) expect(fonts.inter).toBe(true)
    expect(opened.failures).toEqual([])
  })
})

describe('deck navigation', () => {
  it('the decks set in Inter have it loaded', async () => {
    const interDecks: string[] = []
    for (const id of DECK_IDS) {
      const { page, failures } = await openDeck(id)
      try {
        const uses = await page.evaluate(() => getComputedStyle(document.querySelector('.reveal')!).fontFamily.includes('Inter'))
        if (!uses) continue
        interDecks.push(id)
        expect(await page.evaluate(async () => (await document.fonts.load('16px Inter')).length > 0 && document.fonts.check('16px Inter'))).toBe(true)
        expect(failures).toEqual([])
      } finally {
        await page.close()
      }
    }
    expect(interDecks.length).toBeGreaterThan(0)
  })

  it('each agenda link goes to its section slide', async () => {
    const deck = decks.get('conference')!
    const agenda = deck.slides.find((s) => s.layout === 'agenda')!
    expect(deck.sections.length).toBeGreaterThan(1)
    for (const section of deck.sections) {
      const { page, failures } = await openDeck('conference', `#/${agenda.id}`)
      try {
        expect(await page.evaluate(() => window.talkdeck.reveal.getCurrentSlide()?.id)).toBe(agenda.id)
        await page.locator(`section#${agenda.id} a[href="#/${section.id}"]`).click()
        await page.waitForFunction((h) => window.talkdeck.reveal.getIndices().h === h, section.slideNumber - 1, { timeout: 5_000 })
        expect(await page.evaluate(() => window.talkdeck.reveal.getCurrentSlide()?.id)).toBe(section.id)
        // The address follows (reveal.js writes it about a second later), so the slide can be shared.
        if (section === deck.sections[0]) await page.waitForFunction((id) => location.hash === `#/${id}`, section.id, { timeout: 5_000 })
        expect(failures).toEqual([])
      } finally {
        await page.close()
      }
    }
  })

  it('opens at the slide named in the URL hash', async () => {
    const deck = decks.get('conference')!
    const target = deck.sections.at(-1)!
    const { page, failures } = await openDeck('conference', `#/${target.id}`)
    try {
      expect(await page.evaluate(() => window.talkdeck.reveal.getIndices().h)).toBe(target.slideNumber - 1)
      expect(failures).toEqual([])
    } finally {
      await page.close()
    }
  })

  it('the index page lists every deck and its links open them', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } })
    const failures: string[] = []
    page.on('pageerror', (error) => failures.push(error.message))
    page.on('console', (message) => message.type() === 'error' && failures.push(message.text()))
    try {
      await page.goto(pathToFileURL(path.join(out.dir, 'index.html')).href)
      const links = await page.locator('h2 a').evaluateAll((anchors) => anchors.map((a) => [a.textContent, a.getAttribute('href')]))
      expect(links.map((l) => l[1]).sort()).toEqual([...decks.keys()].map((id) => `${id}/index.html`).sort())
      await page.locator('h2 a[href="lightning/index.html"]').click()
      await page.waitForFunction(() => window.talkdeck?.reveal?.isReady() === true, null, { timeout: 20_000 })
      expect(await page.evaluate(() => window.talkdeck.reveal.getTotalSlides())).toBe(decks.get('lightning')!.slides.length)
      expect(failures).toEqual([])
    } finally {
      await page.close()
    }
  })
})
