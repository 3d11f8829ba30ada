/**
 * Lean decks: a build carries the fonts cut down to the glyphs its decks show, in one folder the
 * decks share, and draws every slide exactly as the full fonts do — CJK, Cyrillic, Greek,
 * Devanagari and colour emoji included. `build --single-file` writes one HTML file that presents
 * from a folder of its own with every network request blocked, speaker view and all.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import pixelmatch from 'pixelmatch'
import { PNG } from 'pngjs'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO, browserPath, fixture, loadProjectDecks, runCli, tempDir } from './helpers.js'

const CLIENT_FONTS = path.join(REPO, 'lib', 'client', 'fonts')
const folderBytes = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((sum, entry) => sum + (entry.isDirectory() ? folderBytes(path.join(dir, entry.name)) : statSync(path.join(dir, entry.name)).size), 0)

let browser: Browser | undefined
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: browserPath(), args: ['--no-sandbox'] })
})
afterAll(async () => {
  await browser?.close()
})

/** A deck page opened still: no transition, no controls, so two screenshots of a slide compare. */
async function openStill(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage()
  await page.goto(url)
  await page.waitForFunction(() => window.talkdeck?.reveal?.isReady() === true, null, { timeout: 20_000 })
  await page.evaluate(() => window.talkdeck.reveal.configure({ transition: 'none', controls: false, progress: false }))
  return page
}

async function slideShot(page: Page, index: number): Promise<PNG> {
  await page.evaluate((h) => window.talkdeck.reveal.slide(h), index)
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  return PNG.sync.read(await page.screenshot())
}

describe('build: fonts subset to the glyphs used, one copy for the decks built together', () => {
  const out = tempDir()
  let run: Awaited<ReturnType<typeof runCli>>
  beforeAll(async () => {
    run = await runCli(['build', '--root', fixture('international-text'), '--out', out.dir])
  })
  afterAll(() => out.cleanup())

  it('writes the fonts once, beside the deck folders, each smaller than the font it was cut from', () => {
    expect(run.code, run.stderr).toBe(0)
    const fonts = readdirSync(path.join(out.dir, 'assets', 'fonts'))
    // Only the fonts the text falls in: no Vietnamese, no Greek Extended, no unused CJK slices.
    expect(fonts.length).toBeGreaterThan(10)
    expect(fonts.length).toBeLessThan(readdirSync(CLIENT_FONTS).length / 2)
    expect(fonts.some((name) => name.includes('vietnamese'))).toBe(false)
    // Cut down and written as WOFF, or kept as they were where that is not smaller (a text using
    // most of a font), or for Twemoji, whose colour harfbuzz's wasm subsetter would drop. Twemoji is
    // the compile's copy, not the package's file: its ligatures spelled with U+FE0F can also be
    // reached without it, which Chromium drops (src/build/twemoji-fix.ts, test/emoji-sequences.test.ts).
    expect(fonts).toContain('twemoji.woff2')
    const packaged = readFileSync(path.join(REPO, 'node_modules', 'twemoji-colr-font', 'twemoji.woff2'))
    expect(readFileSync(path.join(out.dir, 'assets', 'fonts', 'twemoji.woff2')).equals(packaged)).toBe(false)
    expect(fonts.filter((name) => name.endsWith('.woff')).length).toBeGreaterThan(fonts.length / 2)
    for (const name of fonts) {
      const written = readFileSync(path.join(out.dir, 'assets', 'fonts', name))
      if (name.endsWith('.woff')) expect(written.length, name).toBeLessThan(statSync(path.join(CLIENT_FONTS, `${name}2`)).size)
      else expect(written.equals(readFileSync(path.join(CLIENT_FONTS, name))), name).toBe(true)
    }
    expect(existsSync(path.join(out.dir, 'tea-talk', 'assets', 'fonts'))).toBe(false)
    expect(readFileSync(path.join(out.dir, 'tea-talk', 'index.html'), 'utf8')).toContain('href="../assets/talkdeck.css"')
  })

  it('draws every slide as the full fonts do, the scripts and the colour emoji included', async () => {
    // The same page linked to talkdeck's full client files instead of the subset copy.
    const built = path.join(out.dir, 'tea-talk', 'index.html')
    const full = path.join(out.dir, 'tea-talk', 'full-fonts.html')
    writeFileSync(full, readFileSync(built, 'utf8').replaceAll('../assets/', `${pathToFileURL(path.join(REPO, 'lib', 'client')).href}/`))
    const context = await browser!.newContext({ viewport: { width: 1280, height: 720 } })
    try {
      const [subset, reference] = await Promise.all([openStill(context, pathToFileURL(built).href), openStill(context, pathToFileURL(full).href)])
      const { decks } = await loadProjectDecks(fixture('international-text'))
      const slides = decks.get('tea-talk')?.slides.length ?? 0
      expect(slides).toBe(7)
      for (let index = 0; index < slides; index++) {
        const [a, b] = [await slideShot(subset, index), await slideShot(reference, index)]
        const differing = pixelmatch(a.data, b.data, undefined, a.width, a.height, { threshold: 0.1 })
        // Anti-aliasing may differ at a few edge pixels; one glyph from another font differs at hundreds.
        expect(differing, `slide ${index + 1}`).toBeLessThan(100)
      }
      // The last slide holds the emoji: drawn in colour, so some pixel is far from grey.
      const last = await slideShot(subset, slides - 1)
      let coloured = 0
      for (let i = 0; i < last.data.length; i += 4) {
        const [r = 0, g = 0, b = 0] = [last.data[i], last.data[i + 1], last.data[i + 2]]
        if (Math.max(r, g, b) - Math.min(r, g, b) > 80 && g > r) coloured++
      }
      expect(coloured, 'green pixels of the 🍵 emoji').toBeGreaterThan(100)
    } finally {
      await context.close()
    }
  })

  it('keeps the fonts of every deck of the project when one deck is rebuilt', async () => {
    const repoOut = tempDir()
    try {
      expect((await runCli(['build', '--out', repoOut.dir])).code).toBe(0)
      const before = readFileSync(path.join(repoOut.dir, 'assets', 'talkdeck.css'), 'utf8')
      expect((await runCli(['build', 'lightning', '--out', repoOut.dir])).code).toBe(0)
      expect(readFileSync(path.join(repoOut.dir, 'assets', 'talkdeck.css'), 'utf8')).toBe(before)
      // Three decks, one copy of the runtime and fonts: far below three copies of the 4 MB of fonts.
      expect(folderBytes(repoOut.dir)).toBeLessThan(1.5 * 1024 * 1024)
    } finally {
      repoOut.cleanup()
    }
  })
})

describe('build --single-file', () => {
  const out = tempDir()
  const alone = tempDir()
  let file: string
  beforeAll(async () => {
    const run = await runCli(['build', 'lightning', '--single-file', '--out', out.dir])
    expect(run.code, run.stderr).toBe(0)
    expect(readdirSync(out.dir)).toEqual(['lightning.html'])
    // A folder of its own: nothing else to find next to it.
    file = path.join(alone.dir, 'lightning.html')
    mkdirSync(alone.dir, { recursive: true })
    copyFileSync(path.join(out.dir, 'lightning.html'), file)
  })
  afterAll(() => {
    out.cleanup()
    alone.cleanup()
  })

  it('refers to no other file: styles, scripts, fonts and images are inside', () => {
    const html = readFileSync(file, 'utf8')
    expect(html).not.toMatch(/<link[^>]+rel="stylesheet"/)
    expect(html).not.toMatch(/<script[^>]+src=/)
    const css = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((match) => match[1]).join('\n')
    expect(css).not.toMatch(/url\((?!\s*["']?(data:|#))/)
    expect(css).toMatch(/url\(data:font\/woff;base64,/)
  })

  it('presents every slide with every network request blocked, and no request fails', async () => {
    const { decks } = await loadProjectDecks(REPO)
    const deck = decks.get('lightning')!
    const context = await browser!.newContext({ viewport: { width: 1280, height: 720 } })
    const failures: string[] = []
    const blocked: string[] = []
    await context.route(/^(?!file:|data:|blob:|about:)/, (route) => {
      blocked.push(route.request().url())
      return route.abort()
    })
    context.on('requestfailed', (request) => failures.push(`${request.url().slice(0, 80)} (${request.failure()?.errorText})`))
    try {
      const page = await context.newPage()
      page.on('pageerror', (error) => failures.push(`pageerror: ${error.message}`))
      page.on('console', (message) => {
        if (message.type() === 'error') failures.push(`console: ${message.text()}`)
      })
      await page.goto(pathToFileURL(file).href)
      await page.waitForFunction(() => window.talkdeck?.reveal?.isReady() === true, null, { timeout: 20_000 })
      expect(await page.evaluate(() => window.talkdeck.reveal.getTotalSlides())).toBe(deck.slides.length)
      for (let index = 0; index < deck.slides.length; index++) {
        await page.evaluate((h) => window.talkdeck.reveal.slide(h), index)
        const shown = await page.evaluate(() => {
          const slide = window.talkdeck.reveal.getCurrentSlide()
          const box = slide?.getBoundingClientRect()
          return { id: slide?.id, visible: Boolean(box && box.width > 0 && box.height > 0), text: slide?.querySelector('.td-body')?.textContent?.trim().length ?? 0 }
        })
        expect(shown.id).toBe(deck.slides[index]!.id)
        expect(shown.visible && shown.text > 0, `slide ${index + 1}`).toBe(true)
      }
      const fonts = await page.evaluate(async () => {
        await document.fonts.ready
        return [...document.fonts].filter((face) => face.status === 'loaded').map((face) => face.family.replace(/["']/g, ''))
      })
      // The contrast theme sets the deck in Atkinson Hyperlegible: its subset came inside the file.
      expect(fonts).toContain('Atkinson Hyperlegible')
      expect(blocked).toEqual([])
      expect(failures).toEqual([])
    } finally {
      await context.close()
    }
  })

  it("opens the speaker view with the slide's notes and the timer, from the single file", async () => {
    const { decks } = await loadProjectDecks(REPO)
    const notes = decks.get('lightning')!.slides[0]!.notes ?? ''
    const context = await browser!.newContext({ viewport: { width: 1280, height: 720 } })
    await context.route(/^(?!file:|data:|blob:|about:)/, (route) => route.abort())
    try {
      const page = await context.newPage()
      await page.goto(pathToFileURL(file).href)
      await page.waitForFunction(() => window.talkdeck?.reveal?.isReady() === true, null, { timeout: 20_000 })
      const [speaker] = await Promise.all([page.waitForEvent('popup'), page.keyboard.press('s')])
      // Connected: the notes arrived from the deck and the two previews show it.
      await speaker.waitForFunction(() => (document.querySelector('.speaker-controls-notes .value')?.textContent ?? '').trim().length > 0, null, { timeout: 20_000 })
      const view = await speaker.evaluate(() => ({
        notes: document.querySelector('.speaker-controls-notes .value')?.textContent ?? '',
        previews: [...document.querySelectorAll('iframe')].map((frame) => frame.src.split('?')[0]),
        clock: document.querySelector('.speaker-controls-time .clock-value')?.textContent ?? '',
        timer: document.querySelector('.speaker-controls-time .timer')?.textContent ?? '',
      }))
      expect(view.notes.replace(/\s+/g, ' ').trim()).toBe(notes.replace(/\s+/g, ' ').trim())
      expect(view.previews).toEqual([pathToFileURL(file).href, pathToFileURL(file).href])
      expect(view.clock).toMatch(/\d/)
      expect(view.timer).toMatch(/\d\d:\d\d/)
    } finally {
      await context.close()
    }
  })
})
