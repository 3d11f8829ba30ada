/**
 * A deck that fails to build keeps its previous build (issue 24, point 5): the fonts the decks
 * share are cut for every deck folder in the output, not only for the decks built this time, and
 * the index lists every deck folder there. The kept deck's text is compared as a picture with the
 * same page drawn with talkdeck's full fonts.
 */
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import pixelmatch from 'pixelmatch'
import { PNG } from 'pngjs'
import { chromium } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { EXIT_CODES } from '../src/errors.js'
import { FIXTURES, REPO, browserPath, copyProject, runMain, tempDir } from './helpers.js'

const THANKS = '谢谢'
const project = copyProject(path.join(FIXTURES, 'tea-project'))
const out = tempDir()
afterAll(() => {
  project.cleanup()
  out.cleanup()
})

/**
 * The deck title of a built page drawn with the build's fonts and with talkdeck's full fonts: a
 * glyph cut from the subset falls back to another font or a missing-glyph box, hundreds of pixels
 * apart from the full font's.
 */
async function titleDifference(page: string): Promise<number> {
  const full = path.join(path.dirname(page), 'full-fonts.html')
  writeFileSync(full, readFileSync(page, 'utf8').replaceAll('../assets/', `${pathToFileURL(path.join(REPO, 'lib', 'client')).href}/`))
  const browser = await chromium.launch({ executablePath: browserPath(), args: ['--no-sandbox'] })
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
    const [built, reference] = await Promise.all(
      [page, full].map(async (file) => {
        const tab = await context.newPage()
        await tab.goto(pathToFileURL(file).href)
        await tab.waitForFunction(() => window.talkdeck?.reveal?.isReady() === true, null, { timeout: 20_000 })
        await tab.evaluate(() => document.fonts.ready.then(() => undefined))
        return PNG.sync.read(await tab.locator('.slides > section h1').screenshot())
      }),
    )
    if (!built || !reference || built.width !== reference.width || built.height !== reference.height) return Number.POSITIVE_INFINITY
    return pixelmatch(built.data, reference.data, undefined, built.width, built.height, { threshold: 0.1 })
  } finally {
    await browser.close()
    rmSync(full)
  }
}

describe('build: a deck that fails keeps a working previous build', () => {
  it('its glyphs stay in the shared fonts and it stays in the index', async () => {
    const thanks = path.join(project.dir, 'decks', 'thanks.yaml')
    writeFileSync(thanks, `title: ${THANKS}\ndata: tea\nslides:\n  - layout: title\n    notes: ${THANKS}.\n`)
    const first = await runMain(['build', '--root', project.dir, '--out', out.dir])
    expect(first.code, first.stderr).toBe(EXIT_CODES.ok)
    const page = path.join(out.dir, 'thanks', 'index.html')
    const built = readFileSync(page, 'utf8')
    // Anti-aliasing may differ at a few edge pixels.
    expect(await titleDifference(page)).toBeLessThan(100)

    // A typo in the deck: it is not built this time, the other deck is.
    appendFileSync(thanks, 'slides: [\n')
    const second = await runMain(['build', '--root', project.dir, '--out', out.dir])
    expect(second.code, second.stderr).toBe(EXIT_CODES.invalidInput)
    expect(second.stderr).toContain('built tea-talk')
    expect(readFileSync(page, 'utf8')).toBe(built)
    expect(await titleDifference(page)).toBeLessThan(100)
    const index = readFileSync(path.join(out.dir, 'index.html'), 'utf8')
    expect(index).toContain('href="thanks/index.html"')
    expect(index).toContain(`>${THANKS}</a>`)
    expect(index).toContain('href="tea-talk/index.html"')
  })
})
