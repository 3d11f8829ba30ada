/**
 * Handouts that save paper: `export --format handout --per-page 1|2|3|6 --paper a4|letter`. An
 * n-up handout has ⌈slides / n⌉ pages of the paper asked for, each with its slides in order; laid
 * out in a browser, every page's slides fit its paper, and the lines of a 3-up page run beside
 * their slide from its top to its bottom.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, type BrowserSession } from '../src/browser/session.js'
import { openPrintPage, writePrintPage } from '../src/browser/print-page.js'
import type { ResolvedDeck } from '../src/deck/types.js'
import { HANDOUT_PER_PAGE, PAPER_SIZES, type HandoutPerPage, type PaperSize } from '../src/render/pages.js'
import type { SlideRenderer } from '../src/render/render-slides.js'
import { FIXTURES, browserPath, lazy, loadProjectDecks, runCli, tempDir } from './helpers.js'
import { readPdf } from './pdf-reader.js'

const PROJECT = path.join(FIXTURES, 'plain-project')
const POINTS = { a4: [595.28, 841.89], letter: [612, 792] } as const
const MM = 96 / 25.4
/** The handout's page margins (handout.hbs): 20 mm top, 16 mm sides, 18 mm bottom. */
const content = (paper: PaperSize) => ({ width: (PAPER_SIZES[paper].width - 32) * MM, height: (PAPER_SIZES[paper].height - 38) * MM })

let deck: ResolvedDeck
let renderer: SlideRenderer
beforeAll(async () => {
  // A deck on another topic whose 8 slides do not fill its last 3-up or 6-up page.
  const { workspace, decks } = await loadProjectDecks(PROJECT)
  deck = decks.get('heat-pumps')!
  renderer = workspace.renderer
})

describe('export --format handout', () => {
  const out = lazy(tempDir)
  afterAll(() => out.cleanup())
  // Every layout on A4; Letter once, for its page size.
  const runs = [...HANDOUT_PER_PAGE.map((n) => ['a4', n] as const), ['letter', 3] as const]

  it.each(runs)('--paper %s --per-page %i: ⌈slides / n⌉ pages of the paper, the slides in order', async (paper, perPage) => {
    const dir = path.join(out.dir, `${paper}-${perPage}`)
    const run = await runCli(['export', 'heat-pumps', '--root', PROJECT, '--format', 'handout', '--per-page', String(perPage), '--paper', paper, '--out', dir])
    expect(run.code, run.stderr).toBe(0)
    const pdf = await readPdf(path.join(dir, 'heat-pumps.handout.pdf'))
    const slides = deck.slides.length
    expect(slides % 3, 'a deck that does not fill its last 3-up page').not.toBe(0)
    expect(pdf.pages).toHaveLength(Math.ceil(slides / perPage))
    for (const page of pdf.pages) {
      expect(page.width).toBeCloseTo(POINTS[paper][0], 0)
      expect(page.height).toBeCloseTo(POINTS[paper][1], 0)
      const first = page.index * perPage + 1
      const labels = [...page.text.matchAll(/Slide (\d+)/g)].map((match) => Number(match[1]))
      expect(labels).toEqual(Array.from({ length: Math.min(perPage, slides - first + 1) }, (_, index) => first + index))
    }
  })
})

describe('handout layout in a browser', () => {
  let session: BrowserSession
  let workDir: string
  beforeAll(async () => {
    session = await launchBrowser({ explicit: browserPath() })
    workDir = mkdtempSync(path.join(os.tmpdir(), 'talkdeck-handout-'))
  })
  afterAll(async () => {
    await session?.close()
    rmSync(workDir, { recursive: true, force: true })
  })

  const cases = (['a4', 'letter'] as const).flatMap((paper) => (['16:9', '4:3'] as const).flatMap((size) => ([2, 3, 6] as HandoutPerPage[]).map((perPage) => [paper, size, perPage] as const)))

  it.each(cases)('%s, a %s deck, %i a page: every page fits the paper', async (paper, size, perPage) => {
    const sized = size === '16:9' ? deck : { ...deck, id: `${deck.id}-4-3`, size: { width: 1024, height: 768 } }
    const url = await writePrintPage(sized, renderer, workDir, { kind: 'handout', perPage, paper })
    const area = content(paper)
    const layout = await session.withPage(
      async (page) => {
        await openPrintPage(page, url, sized)
        return page.evaluate(() => {
          const box = (element: Element) => {
            const { left, top, right, bottom } = element.getBoundingClientRect()
            return { left, top, right, bottom }
          }
          return [...document.querySelectorAll('.td-handout-page')].map((handoutPage) => ({
            page: box(handoutPage),
            frames: [...handoutPage.querySelectorAll('.td-handout-frame')].map(box),
            lines: [...handoutPage.querySelectorAll('.td-handout-lines')].map(box),
          }))
        })
      },
      { width: Math.floor(area.width), height: Math.floor(area.height) },
    )
    expect(layout).toHaveLength(Math.ceil(sized.slides.length / perPage))
    for (const [index, { page, frames, lines }] of layout.entries()) {
      expect(page.bottom - page.top, `page ${index + 1} height`).toBeLessThanOrEqual(area.height)
      for (const frame of frames) {
        expect(frame.right, `page ${index + 1}: a slide past the right margin`).toBeLessThanOrEqual(area.width + 0.5)
        // A slide takes a fair share of the page: not a stamp in a corner.
        expect((frame.right - frame.left) * (frame.bottom - frame.top) * perPage, `page ${index + 1}`).toBeGreaterThan(area.width * area.height * 0.3)
      }
      for (const [i, frame] of frames.entries()) for (const other of frames.slice(i + 1)) expect(frame.bottom <= other.top || frame.right <= other.left, `page ${index + 1}: slides overlap`).toBe(true)
      if (perPage === 3) {
        expect(lines).toHaveLength(frames.length)
        for (const [i, line] of lines.entries()) {
          const frame = frames[i]!
          expect(line.left).toBeGreaterThan(frame.right)
          expect(line.top).toBeCloseTo(frame.top, 0)
          expect(line.bottom).toBeCloseTo(frame.bottom, 0)
          // Room to write: at least a quarter of the width.
          expect(line.right - line.left).toBeGreaterThan(area.width * 0.25)
        }
      }
    }
  })
})
