/**
 * Drawn content of the PowerPoint export reads on every theme and template (issue 26, points 1
 * and 4): the shipped briefing and conference decks exported plain in the dark `kernel` and the
 * light `paper` theme and onto the five fixture templates (test/fixtures/pptx-templates/). The
 * XML is read back for the badges' pills; LibreOffice renders the dark cases, and the contrast of
 * the citation line and the badges is measured from the pixels under their words.
 */
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { DOMParser, type Element } from '@xmldom/xmldom'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES, runCli } from './helpers.js'
import { hasLibreOffice, luminance } from './office.js'

const run = promisify(execFile)
const A = 'http://schemas.openxmlformats.org/drawingml/2006/main'
const P = 'http://schemas.openxmlformats.org/presentationml/2006/main'
const TEMPLATES = path.join(FIXTURES, 'pptx-templates')
const DECKS = ['briefing', 'conference']
/** Output folder name → the export's extra arguments. */
const CASES: Record<string, string[]> = {
  kernel: ['--theme', 'kernel'],
  paper: ['--theme', 'paper'],
  lights: ['--pptx-template', path.join(TEMPLATES, 'libreoffice-lights.potx')],
  'python-pptx': ['--pptx-template', path.join(TEMPLATES, 'python-pptx-default.pptx')],
  coreoz: ['--pptx-template', path.join(TEMPLATES, 'coreoz-french.pptx')],
  mecanon: ['--pptx-template', path.join(TEMPLATES, 'mecanon-ufrj.potx')],
  'icon-core': ['--pptx-template', path.join(TEMPLATES, 'icon-core-consulting-jp.potx')],
}
const work = mkdtempSync(path.join(os.tmpdir(), 'talkdeck-pptx-contrast-'))
const file = (folder: string, deck: string) => path.join(work, folder, `${deck}.pptx`)
/** What each case's export said. */
const said = new Map<string, string>()

beforeAll(async () => {
  for (const [folder, args] of Object.entries(CASES)) {
    const result = await runCli(['export', ...DECKS, '--format', 'pptx', '--out', path.join(work, folder), ...args])
    expect(result.code, result.stderr).toBe(0)
    said.set(folder, result.stderr)
  }
}, 300_000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

const elements = (node: Element | Document, ns: string, name: string) => Array.from((node as Element).getElementsByTagNameNS(ns, name))
const textOf = (shape: Element) => elements(shape, A, 't').map((t) => t.textContent ?? '').join('')
const nameOf = (shape: Element) => elements(shape, P, 'cNvPr')[0]?.getAttribute('name') ?? ''

/** Each slide's shapes, in presentation order. */
async function readShapes(bytes: Uint8Array): Promise<Element[][]> {
  const zip = await JSZip.loadAsync(bytes)
  const presentation = (await zip.file('ppt/presentation.xml')?.async('string')) ?? ''
  const rels = (await zip.file('ppt/_rels/presentation.xml.rels')?.async('string')) ?? ''
  const slides: Element[][] = []
  for (const [, id] of presentation.matchAll(/<p:sldId [^>]*r:id="([^"]+)"/g)) {
    const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)
    const xml = (await zip.file(`ppt/${target?.[1] ?? target?.[2]}`)?.async('string')) ?? ''
    const document = new DOMParser().parseFromString(xml, 'text/xml')
    slides.push(elements(document as unknown as Element, P, 'sp'))
  }
  return slides
}

const pairs = () => Object.keys(CASES).flatMap((folder) => DECKS.map((deck) => [folder, deck] as const))

describe("a template of another shape", () => {
  it('python-pptx and Coreoz (4:3): the decks are laid out at its shape, split as the HTML deck would be, not scaled below 12 pt', async () => {
    const slideSize = async (folder: string) => {
      const presentation = (await (await JSZip.loadAsync(readFileSync(file(folder, 'briefing')))).file('ppt/presentation.xml')?.async('string')) ?? ''
      const [, cx = 0, cy = 1] = /<p:sldSz cx="(\d+)" cy="(\d+)"/.exec(presentation)?.map(Number) ?? []
      return { ratio: cx / cy, slides: (presentation.match(/<p:sldId /g) ?? []).length }
    }
    const wide = await slideSize('icon-core')
    expect(wide.ratio).toBeCloseTo(16 / 9, 2)
    for (const folder of ['python-pptx', 'coreoz']) {
      const fourThree = await slideSize(folder)
      expect(fourThree.ratio).toBeCloseTo(4 / 3, 2)
      // At 960 × 720 the briefing's cards go one a slide: more slides than on a 16:9 template.
      expect(fourThree.slides, folder).toBeGreaterThan(wide.slides)
      expect(said.get(folder), folder).not.toContain("scaled into the layout's content area")
    }
  })
})

describe("an item's badges on a template", () => {
  it.each(['lights', 'python-pptx', 'coreoz', 'mecanon', 'icon-core'])('%s, conference: sit just over the item\'s text, not a title\'s height above it', async (folder) => {
    const slides = await readShapes(readFileSync(file(folder, 'conference')))
    const box = (shape: Element) => {
      const [y, h] = [elements(shape, A, 'off')[0]?.getAttribute('y'), elements(shape, A, 'ext')[0]?.getAttribute('cy')].map((value) => Number(value) / 9525) as [number, number]
      return { y, h }
    }
    const found: string[] = []
    let checked = 0
    for (const [index, shapes] of slides.entries()) {
      const badges = shapes.filter((shape) => nameOf(shape) === 'badge').map(box)
      const text = shapes.filter((shape) => ['lead', 'points'].includes(nameOf(shape))).map(box)
      const bottom = Math.max(...badges.map((badge) => badge.y + badge.h))
      const top = Math.min(...text.map((shape) => shape.y))
      // The deck shows them over the title (an eyebrow); the title is the template's placeholder.
      if (!badges.length || !text.length || top < bottom) continue
      checked++
      const height = Math.max(...badges.map((badge) => badge.h))
      if (top - bottom > height) found.push(`slide ${index + 1}: ${Math.round(top - bottom)} px between the badges and the text`)
    }
    expect(checked).toBeGreaterThan(5)
    expect(found).toEqual([])
  })
})

describe('badges are pills with room for their text', () => {
  it.each(pairs())('%s, %s: every badge a filled roundRect, one line, its text unlike its fill', async (folder, deck) => {
    const slides = await readShapes(readFileSync(file(folder, deck)))
    const badges = slides.flat().filter((shape) => nameOf(shape) === 'badge')
    // Status, severity and version badges of the cards and timeline slides.
    expect(badges.length).toBeGreaterThan(deck === 'conference' ? 20 : 5)
    const found: string[] = []
    for (const badge of badges) {
      const label = textOf(badge)
      const spPr = elements(badge, P, 'spPr')[0] as Element
      if (elements(spPr, A, 'prstGeom')[0]?.getAttribute('prst') !== 'roundRect') found.push(`${label}: not a roundRect`)
      const fill = elements(spPr, A, 'solidFill')[0]
      const fillColor = fill && elements(fill, A, 'srgbClr')[0]?.getAttribute('val')
      if (!fill) found.push(`${label}: no fill`)
      if (elements(badge, A, 'bodyPr')[0]?.getAttribute('wrap') !== 'none') found.push(`${label}: wraps`)
      if (elements(badge, A, 'normAutofit').length > 0) found.push(`${label}: shrinks`)
      for (const rPr of elements(badge, A, 'rPr')) {
        const color = elements(rPr, A, 'srgbClr')[0]?.getAttribute('val')
        if (color && fillColor && color.toUpperCase() === fillColor.toUpperCase()) found.push(`${label}: text in its fill's colour ${color}`)
      }
    }
    expect(found).toEqual([])
  })

  it('kernel, conference: no badge label left as a coloured run in a card or timeline text', async () => {
    const slides = await readShapes(readFileSync(file('kernel', 'conference')))
    const runsInText = slides.flat().filter((shape) => ['card', 'timeline-entry'].includes(nameOf(shape))).filter((shape) => /^(high risk|medium risk|v\d+\.\d+)/i.test(textOf(shape).trim()))
    expect(runsInText.map(textOf)).toEqual([])
  })
})

const DPI = 96

/** A page rendered to pixels, and the words of its text layer with their boxes (PDF points). */
function readPage(pdf: string, page: number): { words: { text: string; box: number[] }[]; pixel: (x: number, y: number) => number[] } {
  const words = [...execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-bbox', pdf, '-']).toString().matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
    .map((m) => ({ text: (m[5] ?? '').replace(/&amp;/g, '&'), box: m.slice(1, 5).map(Number) }))
  const prefix = `${pdf}-${page}`
  execFileSync('pdftoppm', ['-r', String(DPI), '-f', String(page), '-l', String(page), '-singlefile', pdf, prefix])
  const image = readFileSync(`${prefix}.ppm`)
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(image.subarray(0, 40).toString('latin1'))
  const width = Number(header?.[1])
  const offset = header?.[0].length ?? 0
  return { words, pixel: (x, y) => [0, 1, 2].map((i) => image[offset + (y * width + x) * 3 + i] ?? 0) }
}

/** Contrast of a word's glyphs against what is behind them: the median pixel of its box is the background. */
function wordContrast(page: ReturnType<typeof readPage>, box: number[]): number {
  const scale = DPI / 72
  const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = box
  const values: number[] = []
  for (let y = Math.floor(y0 * scale); y < Math.ceil(y1 * scale); y++) {
    for (let x = Math.floor(x0 * scale); x < Math.ceil(x1 * scale); x++) values.push(luminance(page.pixel(x, y)))
  }
  values.sort((a, b) => a - b)
  const background = values[Math.floor(values.length / 2)] ?? 0
  const darkest = values[Math.floor(values.length * 0.03)] ?? 0
  const lightest = values[Math.floor(values.length * 0.97)] ?? 0
  const text = Math.abs(lightest - background) > Math.abs(darkest - background) ? lightest : darkest
  return (Math.max(text, background) + 0.05) / (Math.min(text, background) + 0.05)
}

describe.skipIf(!hasLibreOffice)('LibreOffice renders the citation line and the badges readably', () => {
  const RENDERED = [['kernel', 'conference'], ['kernel', 'briefing']] as const
  beforeAll(async () => {
    for (const folder of ['lights', 'kernel']) {
      const inputs = DECKS.map((deck) => file(folder, deck))
      await run('soffice', [`-env:UserInstallation=file://${work}/lo-profile`, '--headless', '--convert-to', 'pdf', '--outdir', path.join(work, folder), ...inputs], { timeout: 240_000 })
    }
  }, 300_000)

  it.each(RENDERED)('%s, %s: every citation word and badge word at 4.5:1 or more', (folder, deck) => measureWords(folder, deck))
  // Known gap: a long citation line runs, in LibreOffice's wider fallback font, under one of
  // Lights' translucent white bubbles at the right edge (the briefing's [28]…[31] at 3.1–4.5:1; the
  // conference's chart slide, three "Google Online Security Blog" citations, at 3.0–4.1:1), where
  // white reads on the gradient but not on the bubble and black the other way round; one colour
  // for the line cannot do both. Passes once runs are coloured where they land.
  it.fails.each([['lights', 'briefing'], ['lights', 'conference']] as const)('%s, %s: every citation word and badge word at 4.5:1 or more', (folder, deck) => measureWords(folder, deck))

  // Lights' body and subtitle prompts are black on its dark gradient: the template's colour where
  // it reads, else one of its theme's that does. Titles and body text there are 24 pt or more:
  // WCAG's large text, 3:1; a word on one of the translucent bubbles is measured on the bubble.
  it.each(DECKS)('lights, %s: every word of the title and body placeholders at 3:1 or more', async (deck) => {
    const slides = await readShapes(readFileSync(file('lights', deck)))
    const pdf = file('lights', deck).replace(/\.pptx$/, '.pdf')
    const low: string[] = []
    let measured = 0
    for (const [i, shapes] of slides.entries()) {
      const placeholders = shapes.filter((shape) => ['title', 'ctrTitle', 'body', 'subTitle', 'obj'].includes(elements(shape, P, 'ph')[0]?.getAttribute('type') ?? (elements(shape, P, 'ph').length > 0 ? 'obj' : '')))
      const others = new Set(shapes.filter((shape) => !placeholders.includes(shape)).flatMap((shape) => textOf(shape).split(/[\s\u00A0]+/)))
      const words = new Set(placeholders.flatMap((shape) => textOf(shape).split(/[\s\u00A0]+/)).filter((word) => word.length > 1 && !others.has(word)))
      if (words.size === 0) continue
      const page = readPage(pdf, i + 1)
      for (const word of page.words.filter((w) => words.has(w.text))) {
        measured++
        const ratio = wordContrast(page, word.box)
        if (ratio < 3) low.push(`slide ${i + 1} "${word.text}": ${ratio.toFixed(2)}:1`)
      }
    }
    expect(measured).toBeGreaterThan(40)
    expect(low).toEqual([])
  })

  async function measureWords(folder: string, deck: string) {
    const slides = await readShapes(readFileSync(file(folder, deck)))
    const pdf = file(folder, deck).replace(/\.pptx$/, '.pdf')
    const low: string[] = []
    let measured = 0
    // A dozen slides with a cite line or badges, spread over the deck, keep the run short.
    const wanted = slides.map((shapes, i) => ({ i, shapes: shapes.filter((shape) => ['cite', 'badge'].includes(nameOf(shape))) })).filter((slide) => slide.shapes.length > 0)
    const step = Math.max(1, Math.floor(wanted.length / 12))
    for (const { i, shapes } of wanted.filter((_, k) => k % step === 0)) {
      const page = readPage(pdf, i + 1)
      // The shapes' words where the shapes are (EMU → PDF points), not the same word elsewhere.
      const boxes = shapes.map((shape) => {
        const off = elements(shape, A, 'off')[0]
        const ext = elements(shape, A, 'ext')[0]
        const [x, y, w, h] = [off?.getAttribute('x'), off?.getAttribute('y'), ext?.getAttribute('cx'), ext?.getAttribute('cy')].map((v) => Number(v) / 12700) as [number, number, number, number]
        return { words: new Set(textOf(shape).split(/[\s\u00A0]+/).filter(Boolean)), x0: x - 4, y0: y - 4, x1: x + w + 4, y1: y + h + 4 }
      })
      const inside = (word: { text: string; box: number[] }) => {
        const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = word.box
        return boxes.some((b) => b.words.has(word.text) && x0 >= b.x0 && x1 <= b.x1 && y0 >= b.y0 && y1 <= b.y1)
      }
      for (const word of page.words.filter(inside)) {
        measured++
        const ratio = wordContrast(page, word.box)
        if (ratio < 4.5) low.push(`slide ${i + 1} "${word.text}": ${ratio.toFixed(2)}:1`)
      }
    }
    expect(measured).toBeGreaterThan(10)
    expect(low).toEqual([])
  }
})
