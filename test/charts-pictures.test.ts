/**
 * Issue 28: a chart is the same picture in the built deck, on the PDF page and in the PNG, in
 * every built-in theme (light, dark, high contrast), for every chart type (the bike-counts fixture
 * has one slide of each, and a chart in a column of two); a bar removed from the data is another picture.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyProject, FIXTURES, launchTestBrowser, runCli, tempDir, type TestBrowser } from './helpers.js'
import { PARITY_LIMIT, rasterisePdf, readPng, slideDifference } from './pictures.js'

const SLIDE_ONLY = '.reveal .controls, .reveal .progress { display: none !important }'
/** The deck's slides, one chart type each, in order; then a bar chart in a column, and an item's pie beside its text. */
const CHART_SLIDES = ['bar', 'stacked-bar', 'line', 'area', 'pie', 'donut', 'scatter', 'column bar', 'column pie'] as const
const BAR_SLIDE = 1

type Picture = ReturnType<typeof readPng>
interface Pictures {
  built: (number: number) => Promise<Picture>
  pdf: Picture[]
  png: (number: number) => Picture
}

let session: TestBrowser
const cleanups: (() => void)[] = []
beforeAll(async () => {
  session = await launchTestBrowser()
}, 60_000)
afterAll(async () => {
  await session?.close()
  for (const cleanup of cleanups.splice(0)) cleanup()
})

/** Builds and exports (PDF and PNG, one export) the fixture in `theme`, with its bar chart's data changed by `changeBars`. */
async function picturesOf(theme: string, changeBars: (data: string) => string = (data) => data): Promise<Pictures> {
  const project = copyProject(path.join(FIXTURES, 'bike-counts'))
  const out = tempDir()
  cleanups.push(project.cleanup, out.cleanup)
  const deckFile = path.join(project.dir, 'decks', 'charts.yaml')
  writeFileSync(deckFile, readFileSync(deckFile, 'utf8').replace('theme: paper', `theme: ${theme}`))
  const barsFile = path.join(project.dir, 'data', 'bikes', 'advances.yaml')
  writeFileSync(barsFile, changeBars(readFileSync(barsFile, 'utf8')))
  const build = await runCli(['build', 'charts', '--root', project.dir, '--out', out.dir])
  expect(build.code, build.stderr).toBe(0)
  const exported = await runCli(['export', 'charts', '--root', project.dir, '--out', out.dir, '--format', 'pdf,png'])
  expect(exported.code, exported.stderr + exported.stdout).toBe(0)
  expect(exported.stdout).not.toMatch(/overflows|contrast/)
  const pdf = await rasterisePdf(path.join(out.dir, 'charts.pdf'), path.join(out.dir, 'pages'))
  return {
    pdf,
    png: (number) => readPng(readFileSync(path.join(out.dir, 'charts', `${String(number).padStart(3, '0')}.png`))),
    built: (number) =>
      session.withPage(async (page) => {
        await page.goto(`${pathToFileURL(path.join(out.dir, 'charts', 'index.html')).href}#/${number - 1}`)
        await page.waitForFunction(() => window.talkdeck?.reveal?.isReady() === true, null, { timeout: 60_000 })
        await page.addStyleTag({ content: SLIDE_ONLY })
        await page.evaluate((n) => window.talkdeck.reveal.slide(n, 0), number - 1)
        await page.evaluate(() => document.fonts.ready.then(() => undefined))
        return readPng(await page.screenshot())
      }),
  }
}

for (const theme of ['paper', 'kernel', 'corporate', 'contrast']) {
  describe(`charts in the ${theme} theme: the built deck, the PDF page and the PNG are the same picture`, () => {
    let pictures: Pictures
    beforeAll(async () => {
      pictures = await picturesOf(theme)
    }, 300_000)

    it.each(CHART_SLIDES.map((type, index) => [type, index + 1] as const))('the %s chart', async (type, number) => {
      const page = pictures.pdf[number - 1]
      if (!page) throw new Error(`no PDF page ${number}`)
      expect(slideDifference(await pictures.built(number), page, `charts-${theme}-${type}-build-pdf`), 'build against PDF page').toBeLessThanOrEqual(PARITY_LIMIT)
      expect(slideDifference(pictures.png(number), page, `charts-${theme}-${type}-png-pdf`), 'PNG against PDF page').toBeLessThanOrEqual(PARITY_LIMIT)
    }, 120_000)

    if (theme === 'paper') {
      it('a bar removed from the data is another picture', async () => {
        const oneBarLess = await picturesOf(theme, (data) => data.replace('categories: [2021, 2022, 2023, 2024, 2025]', 'categories: [2022, 2023, 2024, 2025]').replace('values: [1200, 1350, 1900, 2450, 2700]', 'values: [1350, 1900, 2450, 2700]'))
        const page = oneBarLess.pdf[BAR_SLIDE - 1]
        if (!page) throw new Error('no PDF page')
        expect(slideDifference(oneBarLess.png(BAR_SLIDE), pictures.png(BAR_SLIDE))).toBeGreaterThan(PARITY_LIMIT)
        expect(slideDifference(page, pictures.png(BAR_SLIDE))).toBeGreaterThan(PARITY_LIMIT)
      }, 300_000)
    }
  })
}
