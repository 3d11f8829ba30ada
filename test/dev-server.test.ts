/**
 * `talkdeck dev`: the Vite server started programmatically on a copy of the tea project, driven by
 * a real Chromium. Saving a data, deck or template file updates the open deck in place — same
 * slide, no reload — and broken input shows the errors until it is fixed.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startDevServer, type DevServer } from '../src/vite/server.js'
import { FIXTURES, browserPath, copyProject } from './helpers.js'

let browser: Browser | undefined
let server: DevServer | undefined
let project: ReturnType<typeof copyProject>
const pages: Page[] = []

/** Files as the fixture has them, restored after every test so each starts from a working deck. */
const originals = new Map<string, string>()
const file = (...parts: string[]) => path.join(project.dir, ...parts)
const ADVANTAGES = () => file('data', 'tea', 'advantages.yaml')
const DECK = () => file('decks', 'tea-talk.yaml')
const OVERRIDE = () => file('templates', 'layouts', 'bullets.hbs')

function edit(target: string, change: (text: string) => string): void {
  if (!originals.has(target)) originals.set(target, readFileSync(target, 'utf8'))
  const before = readFileSync(target, 'utf8')
  const after = change(before)
  expect(after).not.toBe(before)
  writeFileSync(target, after)
}

beforeAll(async () => {
  project = copyProject(path.join(FIXTURES, 'tea-project'))
  // An empty templates/ folder, so a layout added during a test is a change in a watched folder.
  mkdirSync(file('templates', 'layouts'), { recursive: true })
  server = await startDevServer({ root: project.dir, port: 0, host: '127.0.0.1' })
  browser = await chromium.launch({ executablePath: browserPath(), args: ['--no-sandbox'] })
}, 120_000)

afterEach(async () => {
  await Promise.all(pages.splice(0).map((page) => page.close()))
  for (const [target, text] of originals) writeFileSync(target, text)
  originals.clear()
  rmSync(OVERRIDE(), { force: true })
  // Let the watcher see the restored files before the next test opens a page.
  await new Promise((resolve) => setTimeout(resolve, 300))
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  project?.cleanup()
})

interface Opened {
  page: Page
  pageErrors: string[]
}

/** Opens a URL of the server and waits for Vite's live-update connection. */
async function open(urlPath: string, { deck = true } = {}): Promise<Opened> {
  const page = await browser!.newPage({ viewport: { width: 1280, height: 720 } })
  pages.push(page)
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  const connected = page
    .waitForEvent('console', { predicate: (m) => m.text().includes('[vite] connected'), timeout: 30_000 })
    .then(() => true, () => false)
  await page.goto(new URL(urlPath, server!.url).href)
  expect(await connected, 'Vite live-update connection').toBe(true)
  if (deck) await page.waitForFunction(() => window.talkdeck?.reveal?.isReady() === true, null, { timeout: 30_000 })
  return { page, pageErrors }
}

const presentHeading = (page: Page) => page.evaluate(() => document.querySelector('.reveal .slides > section.present h2')?.textContent ?? null)

/** Goes to a slide and leaves a mark that a reload would wipe. */
async function goToSlide(page: Page, h: number): Promise<void> {
  await page.evaluate((index) => {
    window.talkdeck.reveal.slide(index)
    ;(window as unknown as { notReloaded: boolean }).notReloaded = true
  }, h)
  await page.waitForFunction((index) => window.talkdeck.reveal.getIndices().h === index, h)
}
const notReloaded = (page: Page) => page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true)

describe('talkdeck dev', () => {
  it('serves the deck list, redirects a deck id to its folder and renders the deck', async () => {
    expect(server!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    const index = await fetch(server!.url)
    expect(index.status).toBe(200)
    expect(await index.text()).toContain('href="/tea-talk/"')
    const redirect = await fetch(new URL('/tea-talk', server!.url), { redirect: 'manual' })
    expect(redirect.status).toBe(302)
    expect(redirect.headers.get('location')).toBe('/tea-talk/')
    expect((await fetch(new URL('/no-such-deck/', server!.url))).status).toBe(404)

    const { page, pageErrors } = await open('/tea-talk/')
    expect(await page.evaluate(() => window.talkdeck.reveal.getTotalSlides())).toBe(6)
    expect(await page.title()).toBe('Brewing better tea')
    expect(pageErrors).toEqual([])
  })

  it('updates the open slide in place when a data file changes', async () => {
    const { page, pageErrors } = await open('/tea-talk/')
    await goToSlide(page, 1)
    expect(await presentHeading(page)).toBe('Repeatable cups')

    edit(ADVANTAGES(), (text) => text.replace('title: Repeatable cups', 'title: Repeatable cups, every morning'))
    await page.waitForFunction(() => document.querySelector('.reveal .slides > section.present h2')?.textContent === 'Repeatable cups, every morning', null, { timeout: 20_000 })
    expect(await page.evaluate(() => window.talkdeck.reveal.getIndices().h)).toBe(1)
    expect(await notReloaded(page)).toBe(true)
    expect(await page.evaluate(() => window.talkdeck.reveal.getTotalSlides())).toBe(6)
    expect(pageErrors).toEqual([])
  })

  it('updates the deck when the deck file changes, staying on the slide', async () => {
    const { page } = await open('/tea-talk/')
    await goToSlide(page, 1)
    edit(DECK(), (text) => text.replace('  - layout: bullets\n    from: advantages\n', '  - layout: bullets\n    from: advantages\n    title: Why measure\n'))
    await page.waitForFunction(() => document.querySelector('.reveal .slides > section.present h2')?.textContent === 'Why measure', null, { timeout: 20_000 })
    expect(await page.evaluate(() => window.talkdeck.reveal.getIndices().h)).toBe(1)
    expect(await notReloaded(page)).toBe(true)
  })

  it('picks up a layout added to the project\'s templates', async () => {
    const { page } = await open('/tea-talk/')
    await goToSlide(page, 1)
    writeFileSync(OVERRIDE(), '{{!-- talkdeck: selection=each --}}\n<h2 class="dev-override">Overridden: {{md slide.title}}</h2>\n')
    await page.waitForFunction(() => document.querySelector('.reveal .slides > section.present h2.dev-override') !== null, null, { timeout: 20_000 })
    expect(await presentHeading(page)).toBe('Overridden: Repeatable cups')
    expect(await page.evaluate(() => window.talkdeck.reveal.getIndices().h)).toBe(1)
    expect(await notReloaded(page)).toBe(true)
  })

  it('opening a deck with broken YAML shows the error with file:line; fixing it brings the deck back', async () => {
    edit(ADVANTAGES(), (text) => text.replace('title: Repeatable cups', 'title: [Repeatable cups'))
    const { page } = await open('/tea-talk/#/repeatable', { deck: false })
    const errors = await page.locator('#talkdeck-errors').textContent()
    expect(errors).toContain('data/tea/advantages.yaml:')
    expect(errors).toMatch(/error: invalid YAML/)

    writeFileSync(ADVANTAGES(), originals.get(ADVANTAGES())!)
    await page.waitForFunction(() => window.talkdeck?.reveal?.isReady() === true, null, { timeout: 20_000 })
    // The page reloaded by itself and kept the slide from the address.
    expect(await page.evaluate(() => window.talkdeck.reveal.getIndices().h)).toBe(1)
    expect(await presentHeading(page)).toBe('Repeatable cups')
  })

  it('shows a schema error of a deck with its file:line', async () => {
    edit(DECK(), (text) => text.replace('theme: paper', 'theme: paper\nspeaker: Someone'))
    const { page } = await open('/tea-talk/', { deck: false })
    const line = readFileSync(DECK(), 'utf8').split('\n').findIndex((l) => l.includes('speaker:')) + 1
    expect(await page.locator('#talkdeck-errors').textContent()).toContain(`decks/tea-talk.yaml:${line}`)
    expect(await page.locator('#talkdeck-errors').textContent()).toContain('unknown field "speaker"')
  })

  // BUG (src/client/runtime.ts, the `talkdeck:update` handler): when an edit breaks the input, the
  // server answers the re-render request with the error page (500), which `replaceSlides` ignores
  // because it has no `.reveal .slides`: the open deck silently keeps showing stale slides and
  // the errors are only in the terminal.
  it('breaking the YAML of an open deck shows the error; fixing it shows the deck on the same slide', async () => {
    const { page } = await open('/tea-talk/')
    await goToSlide(page, 1)
    // reveal.js writes the slide into the address about a second after a move.
    await page.waitForFunction(() => location.hash === '#/repeatable', null, { timeout: 5_000 })
    const reconnected = page
      .waitForEvent('console', { predicate: (m) => m.text().includes('[vite] connected'), timeout: 8_000 })
      .then(() => true, () => false)
    edit(ADVANTAGES(), (text) => text.replace('title: Repeatable cups', 'title: [Repeatable cups'))
    await page.waitForFunction(() => document.querySelector('#talkdeck-errors')?.textContent?.includes('invalid YAML') === true, null, { timeout: 8_000 })
    expect(await page.locator('#talkdeck-errors').textContent()).toContain('data/tea/advantages.yaml:')
    // The error page listens for the next change once it is connected, as a person fixing the
    // file would find it.
    expect(await reconnected).toBe(true)

    writeFileSync(ADVANTAGES(), originals.get(ADVANTAGES())!.replace('title: Repeatable cups', 'title: Repeatable cups again'))
    await page.waitForFunction(() => document.querySelector('.reveal .slides > section.present h2')?.textContent === 'Repeatable cups again', null, { timeout: 20_000 })
    expect(await page.evaluate(() => window.talkdeck.reveal.getIndices().h)).toBe(1)
  })
})
