import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { measureSlides } from '../src/browser/measure.js'
import { findDecks } from '../src/deck/find-decks.js'
import type { ResolvedDeck } from '../src/deck/types.js'
import { waitForFonts, writePrintPage } from '../src/browser/print-page.js'
import { sampleLayouts } from '../src/export/gallery.js'
import { FIXTURES, REPO, browserPath, copyProject, runCli, tempDir, openTestWorkspace, loadDeckList, type TestWorkspace, fixture } from './helpers.js'

/** Each slide's first text below the contrast it needs, computed from the rendered colours. */
async function lowestContrasts(page: Page, normal: number, large: number) {
  return (await measureSlides(page, { contrast: { normal, large } })).flatMap((slide) => (slide.lowContrast ? [{ slide: slide.index + 1, ...slide.lowContrast }] : []))
}

/** Running text: paragraphs and list items, not labels such as badges, dates, citations, footers. */
async function smallestBodyText(page: Page): Promise<{ size: number; text: string }[]> {
  return page.evaluate(() => {
    const labels = '.td-meta, .td-badge, .td-cite, .td-brand, .td-kicker, .td-timeline-date, .td-part, .td-sources-asof, aside.notes'
    // Reference slides are read, not presented: 16 px is their floor (legible in the PDF).
    const minimum = (element: Element) => (element.closest('.td-role-reference') ? 16 : 24)
    return Array.from(document.querySelectorAll<HTMLElement>('.td-body p, .td-body li'))
      .filter((element) => !element.closest(labels) && element.textContent?.trim())
      .map((element) => ({ size: parseFloat(getComputedStyle(element).fontSize), minimum: minimum(element), text: element.textContent?.trim().slice(0, 40) ?? '' }))
      .filter((entry) => entry.size < entry.minimum)
  })
}

describe('built-in themes, every layout, in real Chromium', () => {
  let browser: Browser
  let workspace: TestWorkspace
  let sample: ResolvedDeck
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'talkdeck-themes-'))

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: browserPath(), args: ['--no-sandbox'] })
    workspace = await openTestWorkspace(REPO)
    const results = await loadDeckList(workspace, await findDecks(workspace.project))
    const conference = results.find((result) => result.id === 'conference')?.deck
    if (!conference) throw new Error('the conference deck did not resolve')
    sample = sampleLayouts(conference)
  })
  afterAll(async () => {
    await browser?.close()
    rmSync(workDir, { recursive: true, force: true })
  })

  it('the sample covers every built-in layout', () => {
    expect(new Set(sample.slides.map((slide) => slide.layout))).toEqual(new Set(workspace.templates.layouts.keys()))
  })

  for (const themeName of ['corporate', 'kernel', 'contrast', 'paper']) {
    it(`${themeName}: nothing overflows, text contrast passes, body text is at least 24 px`, async () => {
      const theme = workspace.themes.get(themeName)
      expect(theme, `built-in theme ${themeName}`).toBeDefined()
      const deck = { ...sample, id: `sample-${themeName}`, theme: theme! }
      const url = await writePrintPage(deck, workspace.renderer, workDir)
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
      try {
        await page.goto(url)
        await waitForFonts(page)
        expect((await measureSlides(page)).filter((m) => m.bottom || m.right || m.clipped || m.spill || m.overlap || m.blank)).toEqual([])
        // AA is 4.5:1 (3:1 for large text); the high-contrast theme promises AAA, 7:1 (4.5:1 large).
        const [normal, large] = themeName === 'contrast' ? [7, 4.5] : [4.5, 3]
        expect(await lowestContrasts(page, normal, large)).toEqual([])
        expect(await smallestBodyText(page)).toEqual([])
      } finally {
        await page.close()
      }
    })
  }

  it('the overflow measure catches a grid squeezed over the line after it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    try {
      // Everything stays inside the slide, but the grid's items spill over the citation line.
      await page.setContent(`<div class="slides"><section style="position:relative;width:1280px;height:720px">
        <div class="td-body" style="position:absolute;inset:0;display:flex;flex-direction:column;padding:60px 80px 72px">
          <div style="display:grid;flex:1;min-height:0"><p style="height:520px;margin:0;background:#eee">tall card</p></div>
          <p style="height:100px;margin:0">Sources</p></div></section></div>`)
      const [measured] = await measureSlides(page)
      expect(measured?.index).toBe(0)
      expect(measured?.overlap).toEqual({ first: '"Sources"', second: 'p' })
    } finally {
      await page.close()
    }
  })

  it('the contrast checker itself catches low contrast', async () => {
    const page = await browser.newPage()
    try {
      await page.setContent('<div class="slides"><section><div class="td-body"><p style="color:#777;background:#888">grey on grey</p></div></section></div>')
      expect(await lowestContrasts(page, 4.5, 3)).toHaveLength(1)
    } finally {
      await page.close()
    }
  })
})

describe('a project theme', () => {
  it('changes the look through custom properties only, with branding', async () => {
    const project = fixture('custom-theme')
    const workspace = await openTestWorkspace(project)
    const [result] = await loadDeckList(workspace, await findDecks(workspace.project))
    expect(result?.problems.filter((p) => p.severity === 'error')).toEqual([])
    const deck = result!.deck!
    expect(deck.theme.file).toBe(path.join(project, 'decks', 'brand.css'))
    const workDir = mkdtempSync(path.join(os.tmpdir(), 'talkdeck-brand-'))
    const browser = await chromium.launch({ executablePath: browserPath(), args: ['--no-sandbox'] })
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
      await page.goto(await writePrintPage(deck, workspace.renderer, workDir))
      await waitForFonts(page)
      const styles = await page.evaluate(() => {
        const body = document.querySelector('.td-body')!
        const heading = document.querySelector('.td-body h1, .td-body h2')!
        return {
          background: getComputedStyle(body).backgroundColor,
          heading: getComputedStyle(heading).color,
          headingFont: getComputedStyle(heading).fontFamily,
          footer: document.querySelector('.td-brand-footer')?.textContent,
          label: document.querySelector('.td-brand-label')?.textContent,
          logoLoaded: (document.querySelector('.td-brand-logo') as HTMLImageElement | null)?.naturalWidth ?? 0,
        }
      })
      expect(styles.background).toBe('rgb(255, 250, 240)')
      expect(styles.heading).toBe('rgb(90, 30, 14)')
      expect(styles.headingFont).toContain('Atkinson Hyperlegible')
      expect(styles.footer).toBe('Tea Society · Brewing guild')
      expect(styles.label).toBe('Internal')
      expect(styles.logoLoaded).toBeGreaterThan(0)
    } finally {
      await browser.close()
      rmSync(workDir, { recursive: true, force: true })
    }
  })

  it('an unknown theme or a missing theme file is an error naming the deck line', async () => {
    for (const [theme, expected] of [
      ['neon', /unknown theme "neon": expected one of .*corporate/],
      ['./missing.css', /theme file not found: .*missing\.css/],
    ] as const) {
      const copy = copyProject(path.join(FIXTURES, 'tea-project'))
      try {
        const deckFile = path.join(copy.dir, 'decks', 'tea-talk.yaml')
        writeFileSync(deckFile, readFileSync(deckFile, 'utf8').replace('theme: paper', `theme: ${theme}`))
        const run = await runCli(['check', '--no-browser', '--root', copy.dir])
        expect(run.code).toBe(2)
        expect(run.stdout).toMatch(/tea-talk\.yaml:4:8: error: /)
        expect(run.stdout).toMatch(expected)
      } finally {
        copy.cleanup()
      }
    }
  })
})

describe('talkdeck themes', () => {
  it('renders every layout of the richest deck in every theme, with one index page to pick from', async () => {
    const out = tempDir()
    try {
      const run = await runCli(['themes', '--out', out.dir])
      expect(run.code).toBe(0)
      expect(run.stderr).toMatch(/64 images of deck conference/)
      const files = readdirSync(path.join(out.dir, 'themes'))
      for (const theme of ['corporate', 'kernel', 'contrast', 'paper']) {
        for (const layout of ['title', 'bullets', 'cards', 'timeline', 'code', 'sources']) expect(files).toContain(`${theme}-${layout}.jpg`)
      }
      const index = readFileSync(path.join(out.dir, 'themes', 'index.html'), 'utf8')
      expect(index.match(/<img /g)).toHaveLength(64)
      expect(index).toContain('high contrast and larger type')
    } finally {
      out.cleanup()
    }
  })
})

describe('a theme that brings its own files', () => {
  it('rewrites relative url()s to copies and leaves absolute ones alone', async () => {
    const { rewriteThemeUrls } = await import('../src/render/theme-css.js')
    const css = `a { background: url('../img/bg.png') } b { src: url(font.woff2?v=2) } c { background: url(data:image/png;base64,AA) } d { background: url("https://example.org/x.png") }`
    const rewritten = rewriteThemeUrls(css, '/project/themes/brand.css', (file) => `media/${path.basename(file)}`)
    expect(rewritten).toBe(`a { background: url('media/bg.png') } b { src: url(media/font.woff2) } c { background: url(data:image/png;base64,AA) } d { background: url("https://example.org/x.png") }`)
  })

  it('a built deck carries them, and the browser loads them from file://', async () => {
    const out = tempDir()
    const browser = await chromium.launch({ executablePath: browserPath(), args: ['--no-sandbox'] })
    try {
      const run = await runCli(['build', '--root', fixture('custom-theme'), '--out', out.dir])
      expect(run.code).toBe(0)
      const theme = readFileSync(path.join(out.dir, 'tea-talk', 'assets', 'theme.css'), 'utf8')
      const copied = /url\('media\/([^']+-logo\.svg)'\)/.exec(theme)?.[1]
      expect(copied).toBeDefined()
      expect(readdirSync(path.join(out.dir, 'tea-talk', 'assets', 'media'))).toContain(copied)
      const page = await browser.newPage()
      const failed: string[] = []
      page.on('requestfailed', (request) => failed.push(request.url()))
      await page.goto(`file://${path.join(out.dir, 'tea-talk', 'index.html')}`)
      await page.waitForFunction(() => (window as unknown as { talkdeck?: { reveal: { isReady(): boolean } } }).talkdeck?.reveal.isReady())
      const image = await page.evaluate(() => getComputedStyle(document.querySelector('.td-layout-title .td-body')!).backgroundImage)
      expect(image).toContain(`assets/media/${copied}`)
      expect(failed).toEqual([])
    } finally {
      await browser.close()
      out.cleanup()
    }
  })
})
