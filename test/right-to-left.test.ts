/**
 * Issue 31, point 6 (right to left): a deck in Arabic is laid out mirrored — title, lead, bullets,
 * citation and the accent rule start at the right — in the built deck, the PDF, the PNG and the
 * PowerPoint, whose paragraphs are right to left. The same deck marked English is the picture it
 * must not be.
 */
import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import JSZip from 'jszip'
import type { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyProject, FIXTURES, runCli, tempDir } from './helpers.js'
import { readPdf, squash } from './pdf-reader.js'
import { PARITY_LIMIT, rasterisePdf, readPng, slideDifference } from './pictures.js'

const cleanups: (() => void)[] = []
afterAll(() => cleanups.splice(0).forEach((cleanup) => cleanup()))

/** Exports the Arabic fixture (its deck's language changed to `language`) to PDF, PNG and PPTX. */
async function exportAs(language: string): Promise<string> {
  const project = copyProject(path.join(FIXTURES, 'tea-in-arabic'))
  const out = tempDir()
  cleanups.push(project.cleanup, out.cleanup)
  const deck = path.join(project.dir, 'decks', 'shay.yaml')
  writeFileSync(deck, readFileSync(deck, 'utf8').replace('language: ar', `language: ${language}`))
  const run = await runCli(['export', '--root', project.dir, '--out', out.dir, '--format', 'pdf,png,pptx'])
  expect(run.code, run.stderr).toBe(0)
  const build = await runCli(['build', '--root', project.dir, '--out', path.join(out.dir, 'site')])
  expect(build.code, build.stderr).toBe(0)
  return out.dir
}

/** The left and right edges of the dark pixels in rows `top`..`bottom` (the title's band). */
function inkSpan(png: PNG, top: number, bottom: number): { left: number; right: number } {
  let left = png.width
  let right = -1
  for (let y = top; y < bottom; y++) {
    for (let x = 0; x < png.width; x++) {
      const at = (y * png.width + x) * 4
      if ((png.data[at] ?? 255) + (png.data[at + 1] ?? 255) + (png.data[at + 2] ?? 255) < 200) {
        left = Math.min(left, x)
        right = Math.max(right, x)
      }
    }
  }
  return { left, right }
}

describe('a deck in Arabic', () => {
  let arabic: string
  let markedEnglish: string
  beforeAll(async () => {
    arabic = await exportAs('ar')
    markedEnglish = await exportAs('en')
  }, 300_000)

  it('is laid out right to left: the slide is mirrored in the PNG, and the PDF page is the same picture', async () => {
    const slide = readPng(readFileSync(path.join(arabic, 'shay', '002.png')))
    const title = inkSpan(slide, 60, 135)
    // The title ends at the right margin (1280 - 80) and starts right of the middle.
    expect(title.right).toBeGreaterThan(1180)
    expect(title.left).toBeGreaterThan(640)
    const english = inkSpan(readPng(readFileSync(path.join(markedEnglish, 'shay', '002.png'))), 60, 135)
    expect(english.left, 'the same words in a left-to-right deck start at the left margin').toBeLessThan(100)
    const pdf = await rasterisePdf(path.join(arabic, 'shay.pdf'), path.join(arabic, 'pages'))
    expect(slideDifference(slide, pdf[1] as PNG, 'rtl-png-pdf'), 'PNG against PDF page').toBeLessThanOrEqual(PARITY_LIMIT)
    expect(readFileSync(path.join(arabic, 'site', 'shay', 'index.html'), 'utf8')).toContain('<section id="repeatable" dir="rtl"')
  })

  it('keeps its text in reading order in the PDF, with the talkdeck words in Arabic', async () => {
    // poppler reads it in logical order; pdf.js gets one item per shaped glyph (presentation forms,
    // left to right), as Chromium writes them, and cannot (see the closing note of stop 35).
    const { stdout } = await promisify(execFile)('pdftotext', ['-enc', 'UTF-8', path.join(arabic, 'shay.pdf'), '-'])
    const text = squash(stdout)
    for (const words of ['أكواب متماثلة', 'احسب وقت النقع', 'المصادر', 'المزايا']) expect(text).toContain(squash(words))
    expect((await readPdf(path.join(arabic, 'shay.pdf'))).catalog.lang).toBe('ar')
  })

  it('has right-to-left paragraphs in the PowerPoint, marked Arabic and aligned right', async () => {
    const zip = await JSZip.loadAsync(readFileSync(path.join(arabic, 'shay.pptx')))
    const slide = (await zip.file('ppt/slides/slide2.xml')?.async('string')) ?? ''
    const paragraphs = slide.match(/<a:p>[\s\S]*?<\/a:p>/g) ?? []
    expect(paragraphs.length).toBeGreaterThan(3)
    for (const paragraph of paragraphs) expect(paragraph).toMatch(/<a:pPr[^>]* rtl="1"/)
    expect(slide).toMatch(/lang="ar-[A-Z]{2}"/)
    expect(slide).toMatch(/algn="r"/)
    const english = (await (await JSZip.loadAsync(readFileSync(path.join(markedEnglish, 'shay.pptx')))).file('ppt/slides/slide2.xml')?.async('string')) ?? ''
    expect(english).not.toContain('rtl="1"')
  })
})
