/**
 * The plain PowerPoint file looks like the PDF (issue 26): every shipped deck in every theme is
 * exported to both, LibreOffice renders the PPTX, and each slide's picture is compared with the
 * PDF page's cell by cell (`missingCells` in pictures.ts): LibreOffice sets the text in its
 * fallback font, wider than Chromium's, so the comparison looks for what is missing — a cell with
 * ink or colour on the PDF page and none near it in the PowerPoint render. The comparison is shown
 * to fail when a slide's lead is left out or its sources list is shrunk to fit. (A left-out badge
 * is below what it sees on a light theme: a pale pill of a few words beside a title; the badges'
 * pills are checked in the XML and their contrast in LibreOffice's pixels, pptx-contrast.test.ts.)
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './helpers.js'
import { hasLibreOffice } from './office.js'
import { missingCells, readPng } from './pictures.js'

const run = promisify(execFile)
const THEMES = ['corporate', 'kernel', 'paper', 'contrast']
const DECKS = ['briefing', 'conference', 'conference-es', 'lightning']
/**
 * Cells of a PDF page a slide's PowerPoint render may lack. Measured on the shipped decks in the
 * four themes: points LibreOffice shrinks to fit in its wider font (12 cells of ink at most, the
 * Spanish deck in `contrast`), a chart or diagram it draws its own way (6 coloured cells). A lead
 * left out takes 30 cells and more, a sources list at 40 % 20 and more.
 */
const LIMIT = { ink: 14, colour: 6 }

const work = mkdtempSync(path.join(os.tmpdir(), 'talkdeck-pptx-pictures-'))
const profile = `-env:UserInstallation=file://${path.join(work, 'lo-profile')}`

const rasterised = new Map<string, Promise<ReturnType<typeof readPng>[]>>()

/** Every page of a PDF, 256 px wide; each PDF once. */
function pages(pdf: string): Promise<ReturnType<typeof readPng>[]> {
  let pictures = rasterised.get(pdf)
  if (!pictures) {
    const dir = path.join(work, 'pictures', String(rasterised.size))
    mkdirSync(dir, { recursive: true })
    pictures = run('pdftoppm', ['-png', '-scale-to-x', '256', '-scale-to-y', '-1', pdf, path.join(dir, 'page')]).then(() =>
      readdirSync(dir).sort().map((name) => readPng(readFileSync(path.join(dir, name)))),
    )
    rasterised.set(pdf, pictures)
  }
  return pictures
}

/** LibreOffice's PDF of PPTX files, side by side with them. */
async function render(files: string[], outDir: string): Promise<void> {
  await run('soffice', [profile, '--headless', '--convert-to', 'pdf', '--outdir', outDir, ...files], { timeout: 280_000 })
}

/** Slides (1-based) whose PowerPoint render lacks more than the limit, with what it lacks. */
function compare(pdfPages: ReturnType<typeof readPng>[], pptxPages: ReturnType<typeof readPng>[]): string[] {
  expect(pptxPages).toHaveLength(pdfPages.length)
  return pdfPages.flatMap((page, index) => {
    const missing = missingCells(page, pptxPages[index] as ReturnType<typeof readPng>)
    return missing.ink > LIMIT.ink || missing.colour > LIMIT.colour ? [`slide ${index + 1}: ${missing.ink} cells of ink, ${missing.colour} of colour missing`] : []
  })
}

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe.skipIf(!hasLibreOffice)('the plain PPTX next to the PDF', () => {
  beforeAll(async () => {
    for (const theme of THEMES) {
      const out = path.join(work, theme)
      const result = await runCli(['export', ...DECKS, '--theme', theme, '--format', 'pdf,pptx', '--out', out])
      expect(result.code, result.stderr).toBe(0)
      await render(DECKS.map((deck) => path.join(out, `${deck}.pptx`)), path.join(out, 'lo'))
    }
  }, 600_000)

  it.each(THEMES.flatMap((theme) => DECKS.map((deck) => [theme, deck] as const)))('%s, %s: every slide shows what its PDF page shows', async (theme, deck) => {
    const out = path.join(work, theme)
    const pdf = await pages(path.join(out, `${deck}.pdf`))
    const pptx = await pages(path.join(out, 'lo', `${deck}.pdf`))
    expect(compare(pdf, pptx)).toEqual([])
  })

  /** The paper-theme conference PPTX with its slides' XML edited, rendered and compared with the PDF. */
  async function editedConference(edit: (slideXml: string) => string): Promise<{ failing: string[]; edited: number[] }> {
    const out = path.join(work, 'paper')
    const zip = await JSZip.loadAsync(readFileSync(path.join(out, 'conference.pptx')))
    const edited: number[] = []
    for (const name of Object.keys(zip.files).filter((file) => /^ppt\/slides\/slide\d+\.xml$/.test(file))) {
      const xml = (await zip.file(name)?.async('string')) ?? ''
      const changed = edit(xml)
      if (changed !== xml) {
        zip.file(name, changed)
        // A chart's slide is left aside: LibreOffice draws the chart its own way, over much of the slide.
        if (!xml.includes('/drawingml/2006/chart')) edited.push(Number(/(\d+)\.xml$/.exec(name)?.[1]))
      }
    }
    const dir = path.join(work, `edited-${edited.length}-${Date.now()}`)
    mkdirSync(dir, { recursive: true })
    writeFileSync(path.join(dir, 'conference.pptx'), await zip.generateAsync({ type: 'nodebuffer' }))
    await render([path.join(dir, 'conference.pptx')], dir)
    const failing = compare(await pages(path.join(out, 'conference.pdf')), await pages(path.join(dir, 'conference.pdf')))
    return { failing, edited: edited.sort((a, b) => a - b) }
  }

  it('fails a slide whose lead is left out', async () => {
    const { failing, edited } = await editedConference((xml) => xml.replace(/<p:sp><p:nvSpPr><p:cNvPr id="\d+" name="lead"\/>.*?<\/p:sp>/gs, ''))
    expect(edited.length).toBeGreaterThan(5)
    expect(failing.map((line) => Number(/slide (\d+)/.exec(line)?.[1])).filter((slide) => edited.includes(slide))).toEqual(edited)
  }, 300_000)

  it('fails a sources slide whose list is shrunk to 40 %', async () => {
    const shrink = (shape: string) => shape.replace(/ sz="(\d+)"/g, (_, size: string) => ` sz="${Math.round(Number(size) * 0.4)}"`)
    const { failing, edited } = await editedConference((xml) => xml.replace(/<p:sp><p:nvSpPr><p:cNvPr id="\d+" name="sources"\/>.*?<\/p:sp>/gs, shrink))
    expect(edited.length).toBeGreaterThan(3)
    expect(failing.map((line) => Number(/slide (\d+)/.exec(line)?.[1]))).toEqual(edited)
  }, 300_000)
})
