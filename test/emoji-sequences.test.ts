/**
 * Emoji spelled with U+FE0F — keycaps (1️⃣ #️⃣) and sequences such as the rainbow flag 🏳️‍🌈 — are
 * drawn by the bundled Twemoji font as one glyph each, like the 🍵 beside them, in a built deck
 * and in the PNG and PDF exports. The package's font matches them only with the U+FE0F, which
 * Chromium drops: a keycap came out blank and the flag as a white flag and a rainbow, until the
 * compile gave the font the same ligatures without it (src/build/twemoji-fix.ts).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixture, launchTestBrowser, runCli, tempDir } from './helpers.js'
import { PARITY_LIMIT, rasterisePdf, readPng, slideDifference } from './pictures.js'

interface Box {
  text: string
  left: number
  top: number
  width: number
  height: number
}

/** Share of a box's pixels in a strong colour: an emoji's, not the slide's white or the text's black. */
function colouredShare(picture: PNG, box: Box): number {
  let coloured = 0
  let all = 0
  for (let y = Math.round(box.top); y < Math.round(box.top + box.height); y++) {
    for (let x = Math.round(box.left); x < Math.round(box.left + box.width); x++) {
      const i = (y * picture.width + x) * 4
      const [r = 0, g = 0, b = 0] = [picture.data[i], picture.data[i + 1], picture.data[i + 2]]
      if (Math.max(r, g, b) - Math.min(r, g, b) > 80) coloured++
      all++
    }
  }
  return coloured / all
}

describe('keycaps and flags spelled with U+FE0F', () => {
  const out = tempDir()
  let boxes: Box[] = []
  let shot: PNG
  beforeAll(async () => {
    const root = fixture('emoji-sequences')
    const build = await runCli(['build', '--root', root, '--out', out.dir])
    expect(build.code, build.stderr).toBe(0)
    const exported = await runCli(['export', '--root', root, '--format', 'png,pdf', '--out', out.dir])
    expect(exported.code, exported.stderr).toBe(0)
    const browser = await launchTestBrowser()
    try {
      ;[boxes, shot] = await browser.withPage(async (page) => {
        await page.goto(pathToFileURL(path.join(out.dir, 'keycaps', 'index.html')).href)
        await page.waitForFunction(() => window.talkdeck?.reveal?.isReady() === true, null, { timeout: 20_000 })
        await page.evaluate(() => window.talkdeck.reveal.configure({ transition: 'none', controls: false, progress: false }))
        await page.evaluate(() => document.fonts.ready.then(() => undefined))
        // Each grapheme of the bullet point, and the box its glyphs take on the slide.
        const measured = await page.evaluate(() => {
          const text = document.querySelector('.present li')?.firstChild
          if (!text?.textContent) return []
          const graphemes = [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text.textContent)]
          return graphemes
            .filter(({ segment }) => segment.trim() !== '')
            .map(({ segment, index }) => {
              const range = document.createRange()
              range.setStart(text, index)
              range.setEnd(text, index + segment.length)
              const { left, top, width, height } = range.getBoundingClientRect()
              return { text: segment, left, top, width, height }
            })
        })
        return [measured, readPng(await page.screenshot())] as const
      })
    } finally {
      await browser.close()
    }
  })
  afterAll(() => out.cleanup())

  it('draws each keycap and the rainbow flag as one emoji, as wide as 🍵 and in colour', () => {
    expect(boxes.map((box) => box.text)).toEqual(['🍵', '1️⃣', '#️⃣', '🏳️‍🌈'])
    const [cup, ...sequences] = boxes as [Box, ...Box[]]
    expect(cup.width).toBeGreaterThan(20)
    for (const box of sequences) {
      // A split sequence takes two glyphs' width (a white flag, then a rainbow; a blank "1", then a blank keycap).
      expect(box.width / cup.width, `${box.text} width`).toBeCloseTo(1, 1)
      // A keycap is a blue square with its digit in white, the flag six coloured stripes: a blank keycap has no colour.
      expect(colouredShare(shot, box), `${box.text} coloured`).toBeGreaterThan(0.3)
    }
  })

  it('exports the same picture to PNG and PDF', async () => {
    const png = readPng(readFileSync(path.join(out.dir, 'keycaps', '001.png')))
    expect(slideDifference(png, shot, 'emoji-sequences-png')).toBeLessThanOrEqual(PARITY_LIMIT)
    const [page] = await rasterisePdf(path.join(out.dir, 'keycaps.pdf'), path.join(out.dir, 'pages'))
    expect(slideDifference(page!, shot, 'emoji-sequences-pdf')).toBeLessThanOrEqual(PARITY_LIMIT)
  })
})
