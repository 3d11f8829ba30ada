/**
 * A sources slide that works on paper (issue 29): every entry shows its number, its whole title,
 * and an address a reader can type; nothing is cut with "…" or clipped; the entries flow over as
 * many columns and slides as they need. Checked for each shipped deck and a fixture of awkward
 * sources, in every built-in theme, at 16:9 and 4:3: as text and measured in Chromium, as pictures
 * (a slide looks the same with every clip taken away), and in the exported PDF, PNG and PPTX.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { measureSlides } from '../src/browser/measure.js'
import { waitForFonts, writePrintPage } from '../src/browser/print-page.js'
import { countLines, shortAddress, splitSources } from '../src/deck/source-pages.js'
import type { ResolvedDeck, ResolvedSource } from '../src/deck/types.js'
import { REPO, fixture, launchTestBrowser, loadProjectDecks, runCli, tempDir, type TestBrowser, type TestWorkspace } from './helpers.js'
import { readPdf } from './pdf-reader.js'
import { PARITY_LIMIT, rasterisePdf, readPng, slideDifference } from './pictures.js'

const THEMES = ['corporate', 'kernel', 'contrast', 'paper'] as const
const SIZES = ['16:9', '4:3'] as const

/** The host a reader looks for, as the address prints it (no `www.`). */
const hostOf = (url: string) => new URL(url).hostname.replace(/^www\./, '')

const cleanups: (() => void)[] = []
afterAll(() => cleanups.splice(0).forEach((cleanup) => cleanup()))

/** A copy of a project's decks and data with every deck at `size`; the templates are talkdeck's own. */
function projectAtSize(root: string, size: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'talkdeck-sources-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  for (const folder of ['decks', 'data']) cpSync(path.join(root, folder), path.join(dir, folder), { recursive: true })
  if (existsSync(path.join(root, 'templates'))) cpSync(path.join(root, 'templates'), path.join(dir, 'templates'), { recursive: true })
  for (const name of readdirSync(path.join(dir, 'decks')).filter((file) => file.endsWith('.yaml'))) {
    const file = path.join(dir, 'decks', name)
    const text = readFileSync(file, 'utf8').replace(/^size:.*\n/m, '')
    writeFileSync(file, `size: "${size}"\n${text}`)
  }
  return dir
}

interface SlideReport {
  slide: number
  /** Elements whose content is wider or taller than their box, or that reach outside the slide. */
  clipped: string[]
  outside: string[]
  entries: { number: number; text: string; title: string; address: string; href: string; smallest: number }[]
}

/** What each sources slide shows and where its text does not fit, measured in the page. */
function inspectSources(page: import('playwright-core').Page): Promise<SlideReport[]> {
  return page.evaluate(() => {
    const name = (element: Element) => `${element.tagName.toLowerCase()}.${Array.from(element.classList).join('.')} "${(element.textContent ?? '').trim().slice(0, 50)}"`
    return Array.from(document.querySelectorAll<HTMLElement>('.slides > section')).map((section, index) => {
      const box = section.getBoundingClientRect()
      const clipped: string[] = []
      const outside: string[] = []
      for (const element of Array.from(section.querySelectorAll<HTMLElement>('.td-body *'))) {
        if (element.scrollWidth > element.clientWidth + 1 && element.clientWidth > 0) clipped.push(`${name(element)} scrollWidth ${element.scrollWidth} > ${element.clientWidth}`)
        if (element.scrollHeight > element.clientHeight + 1 && element.clientHeight > 0) clipped.push(`${name(element)} scrollHeight ${element.scrollHeight} > ${element.clientHeight}`)
        for (const rect of Array.from(element.getClientRects())) {
          if (rect.width === 0 || rect.height === 0) continue
          if (rect.left < box.left - 1 || rect.top < box.top - 1 || rect.right > box.right + 1 || rect.bottom > box.bottom + 1) outside.push(name(element))
        }
      }
      const entries = Array.from(section.querySelectorAll<HTMLLIElement>('.td-sources > li')).map((item) => {
        const sizes = Array.from(item.querySelectorAll('*')).filter((element) => element.childNodes.length > 0 && element.textContent?.trim()).map((element) => parseFloat(getComputedStyle(element).fontSize))
        const address = item.querySelector<HTMLAnchorElement>('.td-source-address')
        return {
          number: item.value,
          text: item.textContent ?? '',
          title: item.querySelector('.td-source-title')?.textContent ?? '',
          address: address?.textContent ?? '',
          href: address?.getAttribute('href') ?? '',
          smallest: Math.min(...sizes),
        }
      })
      return { slide: index + 1, clipped, outside, entries }
    })
  })
}

/**
 * The picture of slide `index` alone in the viewport (the others hidden): an element screenshot of
 * a slide far down the print page sometimes caught it before all of it was painted.
 */
async function pictureOf(page: import('playwright-core').Page, index: number) {
  await page.evaluate((shown) => {
    document.querySelectorAll<HTMLElement>('.slides > section').forEach((section, i) => {
      section.style.display = i === shown ? '' : 'none'
    })
  }, index)
  return readPng(await page.screenshot())
}

describe('the split and the address (pure)', () => {
  const wide = { width: 1280, height: 720 }
  const source = (number: number, title: string, url: string): ResolvedSource => ({
    id: `s${number}`, number, title, url, address: shortAddress(url, wide), publisher: null, date: null, accessed: null, archived: null,
  })

  it('prints host and path, and shortens an address in the middle only past two lines', () => {
    expect(shortAddress('https://www.w3.org/TR/webauthn-3/', wide)).toBe('w3.org/TR/webauthn-3')
    const commit = 'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=f32fb9c58a5bd436f082dfa12639177b9da87680'
    expect(shortAddress(commit, wide)).toBe(commit.slice('https://'.length))
    const long = `https://example.org/reports/${'very-long-segment-'.repeat(12)}end.pdf?id=42`
    const short = shortAddress(long, wide)
    expect(short).toMatch(/^example\.org\/reports\/.+….+end\.pdf\?id=42$/)
    expect(countLines([{ text: short, size: 16 }], 540 - 40, true)).toBeLessThanOrEqual(2)
  })

  it('fills a slide column after column, and never leaves a slide empty', () => {
    const many = Array.from({ length: 60 }, (_, i) => source(i + 1, `A source title of moderate length, number ${i + 1}`, `https://example.org/${i + 1}`))
    const pages = splitSources(many, { size: wide })
    expect(pages.flat()).toEqual(many)
    expect(pages.length).toBeGreaterThan(1)
    // Short entries: far more than the old eight-per-column "roomy" list.
    expect(pages[0]?.length).toBeGreaterThan(14)
    expect(splitSources(many, { size: wide, most: 10 }).every((page) => page.length <= 10)).toBe(true)
    const huge = source(1, 'word '.repeat(2000), 'https://example.org/')
    expect(splitSources([huge, huge], { size: wide })).toHaveLength(2)
  })
})

for (const size of SIZES) {
  describe(`sources slides at ${size}, every built-in theme, in Chromium`, () => {
    let browser: TestBrowser
    const workDir = mkdtempSync(path.join(os.tmpdir(), 'talkdeck-sources-page-'))
    const projects: { name: string; workspace: TestWorkspace; decks: Map<string, ResolvedDeck> }[] = []

    beforeAll(async () => {
      browser = await launchTestBrowser()
      for (const [name, root] of [['shipped', REPO], ['fixture', fixture('long-sources')]] as const) {
        const { workspace, decks } = await loadProjectDecks(projectAtSize(root, size))
        projects.push({ name, workspace, decks })
      }
    })
    afterAll(async () => {
      await browser?.close()
      rmSync(workDir, { recursive: true, force: true })
    })

    it('every deck lists each of its sources once, over its sources slides, in number order', () => {
      for (const { decks } of projects) {
        for (const deck of decks.values()) {
          const listed = deck.slides.filter((slide) => slide.layout === 'sources').flatMap((slide) => slide.sources.map((source) => source.number))
          expect(listed, deck.id).toEqual(deck.sources.map((source) => source.number))
        }
      }
    })

    for (const theme of THEMES) {
      it(`${theme}: each entry has its number, whole title and host, nothing is clipped or outside the slide, text ≥ 16 px`, async () => {
        for (const { name, workspace, decks } of projects) {
          for (const resolved of decks.values()) {
            const slides = resolved.slides.filter((slide) => slide.layout === 'sources')
            const deck: ResolvedDeck = { ...resolved, id: `${name}-${resolved.id}-${theme}`, theme: workspace.themes.get(theme)!, slides }
            const url = await writePrintPage(deck, workspace.renderer, workDir)
            await browser.withPage(async (page) => {
              await page.goto(url)
              await waitForFonts(page)
              const where = `${name} ${resolved.id} ${theme} ${size}`
              expect((await measureSlides(page)).filter((m) => m.bottom || m.right || m.clipped || m.spill || m.overlap || m.blank), where).toEqual([])
              const reports = await inspectSources(page)
              for (const report of reports) {
                expect(report.clipped, `${where} slide ${report.slide}`).toEqual([])
                expect(report.outside, `${where} slide ${report.slide}`).toEqual([])
              }
              const entries = new Map(reports.flatMap((report) => report.entries.map((entry) => [entry.number, entry] as const)))
              for (const source of resolved.sources) {
                const entry = entries.get(source.number)
                expect(entry, `${where}: source ${source.number}`).toBeDefined()
                expect(entry?.text.startsWith(String(source.number)), `${where}: ${entry?.text}`).toBe(true)
                expect(entry?.title, where).toBe(source.title)
                expect(entry?.title, where).not.toContain('…')
                expect(entry?.address.startsWith(hostOf(source.url)), `${where}: ${entry?.address}`).toBe(true)
                expect(entry?.href, where).toBe(source.url)
                expect(entry?.smallest, `${where}: ${entry?.text}`).toBeGreaterThanOrEqual(16)
              }
              // As pictures: with every clip and ellipsis taken away, each slide looks the same.
              const before = []
              for (let i = 0; i < slides.length; i++) before.push(await pictureOf(page, i))
              await page.addStyleTag({ content: '.td-body, .td-body * { overflow: visible !important; text-overflow: clip !important; }' })
              for (let i = 0; i < slides.length; i++) {
                const after = await pictureOf(page, i)
                expect(slideDifference(before[i]!, after, `sources-${name}-${resolved.id}-${theme}-${size.replace(':', 'x')}-${i + 1}`), `${where} slide ${i + 1}`).toBeLessThanOrEqual(0)
              }
            }, resolved.size)
          }
        }
      })
    }
  })
}

describe('exported: PDF, PNG and PPTX of the fixture', () => {
  const out = tempDir()
  let deck: ResolvedDeck
  let sourcePages: number[] = []
  beforeAll(async () => {
    const root = fixture('long-sources')
    deck = (await loadProjectDecks(root)).decks.get('reading-list')!
    sourcePages = deck.slides.filter((slide) => slide.layout === 'sources').map((slide) => slide.number - 1)
    const run = await runCli(['export', 'reading-list', '--root', root, '--format', 'pdf,png,pptx', '--theme', 'kernel', '--out', out.dir])
    expect(run.code, run.stderr).toBe(0)
  }, 120_000)
  afterAll(() => out.cleanup())

  it('the PDF pages list every host, and every address is a link', async () => {
    expect(sourcePages.length).toBeGreaterThan(1)
    const pdf = await readPdf(path.join(out.dir, 'reading-list.pdf'))
    const text = sourcePages.map((index) => pdf.pages[index]?.text ?? '').join('\n').replace(/\s+/g, '')
    for (const source of deck.sources) expect(text, source.url).toContain(hostOf(source.url).replace(/\s+/g, ''))
    expect(text).not.toMatch(/Web Authentication[^\n]*C…/)
    const links = new Set(pdf.links.filter((link) => sourcePages.includes(link.page)).map((link) => link.url))
    for (const source of deck.sources) expect(links.has(source.url) || links.has(encodeURI(source.url)), source.url).toBe(true)
  })

  it('the PNG pictures show what the PDF pages show', async () => {
    const pages = await rasterisePdf(path.join(out.dir, 'reading-list.pdf'), path.join(out.dir, 'pages'))
    for (const index of sourcePages) {
      const png = readPng(readFileSync(path.join(out.dir, 'reading-list', `${String(index + 1).padStart(3, '0')}.png`)))
      expect(slideDifference(png, pages[index]!, `sources-pdf-png-${index + 1}`), `page ${index + 1}`).toBeLessThanOrEqual(PARITY_LIMIT)
    }
  })

  it('the PPTX sources slides: each entry numbered once, at 12 pt or more, with the "Facts as of" line, no shrink-to-fit', async () => {
    const zip = await JSZip.loadAsync(readFileSync(path.join(out.dir, 'reading-list.pptx')))
    const seen: number[] = []
    for (const index of sourcePages) {
      const xml = (await zip.file(`ppt/slides/slide${index + 1}.xml`)?.async('string')) ?? ''
      expect(xml.includes('Facts as of Nov 2026'), `slide ${index + 1}: "Facts as of"`).toBe(true)
      const shapes = xml.split('<p:sp>').filter((shape) => shape.includes('name="sources"'))
      expect(shapes.length, `slide ${index + 1}`).toBeGreaterThan(0)
      for (const shape of shapes) {
        expect(shape).not.toContain('normAutofit')
        for (const sz of shape.matchAll(/ sz="(\d+)"/g)) expect(Number(sz[1])).toBeGreaterThanOrEqual(1200)
        // A paragraph per entry, numbered by PowerPoint (startAt), its text not starting with the number again.
        for (const paragraph of shape.split('<a:p>').slice(1)) {
          const start = /<a:buAutoNum [^>]*startAt="(\d+)"/.exec(paragraph)?.[1]
          if (!start) continue
          seen.push(Number(start))
          const firstText = /<a:t>([^<]*)<\/a:t>/.exec(paragraph)?.[1] ?? ''
          expect(firstText.startsWith(start), firstText).toBe(false)
        }
      }
    }
    expect(seen).toEqual(deck.sources.map((source) => source.number))
  })
})
