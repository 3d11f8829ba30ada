/**
 * The PowerPoint writer (issue 12): every shipped deck measured once in a real Chromium, written
 * as PPTX and read back with JSZip (slides, title placeholders, notes, links, text, metadata), a
 * company template made here with pptxgenjs, bad templates, and LibreOffice Impress opening the
 * files (page count and titles of its PDF).
 */
import { execFile, execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { promisify } from 'node:util'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ResolvedDeck, ResolvedSlide } from '../src/deck/types.js'
import { ConfigError } from '../src/errors.js'
import { runBrowserBatch } from '../src/browser/batch.js'
import { openPrintPage, writePrintPage } from '../src/browser/print-page.js'
import { measureSlides, renderPptx, type DeckGeometry, type PptxResult } from '../src/export/pptx/index.js'
import { PptxGenJS } from '../src/export/pptx/pptxgen.js'
import { readTemplate } from '../src/export/pptx/read-template.js'
import { notesText } from '../src/export/pptx/themed-slides.js'
import { REPO, loadProjectDecks } from './helpers.js'
import { squash } from './pdf-reader.js'
import { hasLibreOffice } from './office.js'

const run = promisify(execFile)

/** The template's marks: a background colour and a footer text on every layout. */
const TEMPLATE = { background: '7A1F5C', footer: 'ACME Corp template footer', example: 'EXAMPLE SLIDE FROM THE TEMPLATE' }

interface ReadSlide {
  xml: string
  rels: { type: string; target: string; external: boolean }[]
  notes: string
  layoutXml: string
  layoutName: string
}

/** A PPTX read back: its slides in presentation order, each with its relationships, notes and layout. */
async function readPptx(bytes: Uint8Array): Promise<{ zip: JSZip; slides: ReadSlide[]; file: (name: string) => Promise<string> }> {
  const zip = await JSZip.loadAsync(bytes)
  const file = async (name: string) => {
    const entry = zip.file(name)
    if (!entry) throw new Error(`no part ${name}`)
    return entry.async('string')
  }
  const presentation = await file('ppt/presentation.xml')
  const presentationRels = relationships(await file('ppt/_rels/presentation.xml.rels'))
  const ids = [...presentation.matchAll(/<p:sldId [^>]*r:id="([^"]+)"/g)].map((m) => m[1])
  const slides: ReadSlide[] = []
  for (const id of ids) {
    const target = presentationRels.find((rel) => rel.id === id)?.target ?? ''
    const part = `ppt/${target}`
    const rels = relationships(await file(part.replace(/slides\/(slide\d+\.xml)$/, 'slides/_rels/$1.rels')))
    const notesTarget = rels.find((rel) => rel.type.endsWith('/notesSlide'))?.target
    const notes = notesTarget ? textOf(await file(`ppt/${notesTarget.replace('../', '')}`)) : ''
    const layoutTarget = rels.find((rel) => rel.type.endsWith('/slideLayout'))?.target ?? ''
    const layoutXml = await file(`ppt/${layoutTarget.replace('../', '')}`)
    slides.push({ xml: await file(part), rels, notes, layoutXml, layoutName: /<p:cSld name="([^"]*)"/.exec(layoutXml)?.[1] ?? '' })
  }
  return { zip, slides, file }
}

function relationships(xml: string) {
  return [...xml.matchAll(/<Relationship ([^>]*)\/?>/g)].map((m) => {
    const attribute = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(m[1] ?? '')?.[1] ?? ''
    return { id: attribute('Id'), type: attribute('Type'), target: attribute('Target').replace(/&amp;/g, '&'), external: attribute('TargetMode') === 'External' }
  })
}

const decodeXml = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n))).replace(/&amp;/g, '&')
const textOf = (xml: string) => [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => decodeXml(m[1] ?? '')).join(' ')

/** The `<p:sp>` shapes of a slide whose placeholder is a title. */
function titleShapes(xml: string): string[] {
  return [...xml.matchAll(/<p:sp>(.*?)<\/p:sp>/gs)].map((m) => m[1] ?? '').filter((shape) => /<p:ph\b[^>]*\btype="(title|ctrTitle)"/.test(shape))
}

/** The heading a slide shows: its own title, or what its layout shows when it has none. */
function shownTitle(deck: ResolvedDeck, slide: ResolvedSlide): string {
  if (slide.title) return slide.title
  if (slide.layout === 'title') return deck.title
  if (slide.layout === 'agenda') return 'Agenda'
  if (slide.layout === 'closing') return 'Thank you'
  throw new Error(`slide ${slide.number} has no title`)
}

const decks = new Map<string, ResolvedDeck>()
const geometries = new Map<string, DeckGeometry>()
const results = new Map<string, PptxResult>()
const seconds = new Map<string, number>()
const work = mkdtempSync(path.join(os.tmpdir(), 'talkdeck-pptx-'))
let templateFile = ''
let templated: PptxResult

/** A company template made with pptxgenjs: three layouts on a coloured background with a footer, and an example slide. */
async function makeTemplate(file: string, options: { placeholders?: boolean } = {}): Promise<void> {
  const pres = new PptxGenJS()
  pres.layout = 'LAYOUT_WIDE'
  const placeholders = options.placeholders ?? true
  const footer = { text: { text: TEMPLATE.footer, options: { x: 0.5, y: 7.0, w: 8, h: 0.3, fontSize: 10, color: 'FFFFFF' } } }
  const title = { placeholder: { options: { name: 'title', type: 'title' as const, x: 0.5, y: 0.4, w: 12.3, h: 1.1 }, text: '' } }
  const body = { placeholder: { options: { name: 'body', type: 'body' as const, x: 0.5, y: 1.7, w: 12.3, h: 5 }, text: '' } }
  for (const [name, objects] of [
    ['Title Slide', [title, body]],
    ['Title and Content', [title, body]],
    ['Title Only', [title]],
  ] as const) {
    pres.defineSlideMaster({ title: name, background: { color: TEMPLATE.background }, objects: placeholders ? [footer, ...objects] : [footer] })
  }
  pres.addSlide({ masterName: 'Title Only' }).addText(TEMPLATE.example, { x: 1, y: 3, w: 8, h: 1 })
  writeFileSync(file, (await pres.write({ outputType: 'nodebuffer' })) as Buffer)
}

beforeAll(async () => {
  const { workspace, decks: loaded } = await loadProjectDecks(REPO)
  for (const [id, deck] of loaded) decks.set(id, deck)
  await runBrowserBatch([...decks.values()], {}, async (deck, context) => {
    const url = await writePrintPage(deck, workspace.renderer, context.workDir)
    geometries.set(deck.id, await context.session.withPage(async (page) => {
      await openPrintPage(page, url, deck)
      return measureSlides(page)
    }))
  })
  for (const deck of decks.values()) {
    const started = performance.now()
    results.set(deck.id, await renderPptx(deck, { geometry: geometries.get(deck.id) as DeckGeometry }))
    seconds.set(deck.id, (performance.now() - started) / 1000)
  }
  templateFile = path.join(work, 'acme.pptx')
  await makeTemplate(templateFile)
  templated = await renderPptx(decks.get('briefing') as ResolvedDeck, { geometry: geometries.get('briefing') as DeckGeometry, template: templateFile })
}, 120_000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe.each(['briefing', 'conference', 'lightning'])('PPTX of the %s deck', (id) => {
  const deck = () => decks.get(id) as ResolvedDeck
  const read = () => readPptx((results.get(id) as PptxResult).bytes)

  it('has one slide per deck slide, at the deck size, and no warnings', async () => {
    const { slides, file } = await read()
    expect(slides).toHaveLength(deck().slides.length)
    expect(results.get(id)?.slides).toBe(deck().slides.length)
    const size = /<p:sldSz cx="(\d+)" cy="(\d+)"/.exec(await file('ppt/presentation.xml'))
    expect([Number(size?.[1]), Number(size?.[2])]).toEqual([deck().size.width * 9525, deck().size.height * 9525])
    expect(results.get(id)?.warnings).toEqual([])
    console.log(`${id}: ${deck().slides.length} slides, ${results.get(id)?.bytes.length} bytes, written in ${seconds.get(id)?.toFixed(2)} s after measuring`)
  })

  it('puts every slide title in a title placeholder', async () => {
    const { slides } = await read()
    const wrong = deck().slides.flatMap((slide, index) => {
      const shapes = titleShapes(slides[index]?.xml ?? '')
      return shapes.length === 1 && squash(textOf(shapes[0] ?? '')).includes(squash(shownTitle(deck(), slide))) ? [] : [`${slide.number} ${shownTitle(deck(), slide)}`]
    })
    expect(wrong).toEqual([])
  })

  it('keeps the speaker notes in the notes pages', async () => {
    const { slides } = await read()
    const missing = deck().slides.filter((slide, index) => slide.notes && !squash(slides[index]?.notes ?? '').includes(squash(notesText(slide.notes))))
    expect(missing.map((slide) => slide.number)).toEqual([])
    expect(deck().slides.filter((slide) => slide.notes).length).toBeGreaterThan(0)
  })

  it('links every cited source, on its slide and on the sources slides', async () => {
    const { slides } = await read()
    const normalize = (url: string) => new URL(url).href
    const missing = deck().slides.flatMap((slide, index) => {
      const links = new Set(slides[index]?.rels.filter((rel) => rel.external && rel.type.endsWith('/hyperlink')).map((rel) => normalize(rel.target)))
      return slide.sources.filter((source) => !links.has(normalize(source.url))).map((source) => `slide ${slide.number}: ${source.url}`)
    })
    expect(missing).toEqual([])
    const sourceSlides = deck().slides.filter((slide) => slide.layout === 'sources')
    expect(sourceSlides.length).toBeGreaterThan(0)
    expect(sourceSlides.flatMap((slide) => slide.sources).length).toBe(deck().sources.length)
  })

  it('has text runs on every slide, and no slide that is only a picture', async () => {
    const { slides } = await read()
    const empty = slides.flatMap((slide, index) => (textOf(slide.xml).trim().length > 0 && /<p:sp>/.test(slide.xml) ? [] : [index + 1]))
    expect(empty).toEqual([])
    // The native shapes of the layouts: cards, timeline stops and code are shapes with text.
    const shapesWithText = slides.map((slide) => [...slide.xml.matchAll(/<p:sp>.*?<\/p:sp>/gs)].filter((m) => /<a:t>[^<]+<\/a:t>/.test(m[0])).length)
    expect(Math.min(...shapesWithText)).toBeGreaterThanOrEqual(1)
  })

  it('is read title first, with decorations marked decorative and every picture and chart described', async () => {
    const { slides } = await read()
    const found: string[] = []
    const titles: string[] = []
    for (const [index, slide] of slides.entries()) {
      const tree = /<p:spTree>(.*)<\/p:spTree>/s.exec(slide.xml)?.[1] ?? ''
      const shapes = [...tree.matchAll(/<p:(sp|pic|graphicFrame)>(.*?)<\/p:\1>/gs)].map((m) => ({ kind: m[1], xml: m[2] ?? '' }))
      const decorative = (xml: string) => /<adec:decorative [^>]*val="1"/.test(xml)
      const read = shapes.filter((shape) => !decorative(shape.xml))
      if (!/<p:ph\b[^>]*type="(title|ctrTitle)"/.test(read[0]?.xml ?? '')) found.push(`slide ${index + 1}: read first is "${textOf(read[0]?.xml ?? '').slice(0, 30)}"`)
      for (const shape of shapes) {
        const text = textOf(shape.xml).trim()
        const described = /<p:cNvPr [^>]*descr="[^"]+"/.test(shape.xml)
        if (shape.kind === 'sp' && !text && !/<p:ph\b/.test(shape.xml) && !decorative(shape.xml)) found.push(`slide ${index + 1}: an empty shape not marked decorative`)
        // A picture or chart says what it shows; a table is read by its cells.
        if (shape.kind !== 'sp' && !text && !described && !decorative(shape.xml)) found.push(`slide ${index + 1}: a ${shape.kind} without alt text`)
      }
      titles.push(textOf(titleShapes(slide.xml)[0] ?? ''))
    }
    expect(found).toEqual([])
    // Each title once: a slide split in parts says which part it is.
    expect(titles.filter((title, i) => titles.indexOf(title) !== i)).toEqual([])
  })

  it('holds a text slide\'s lead and points in its body placeholder, on layouts with title, body, footer and slide number', async () => {
    const { slides } = await read()
    // Bullets slides of text only: a slide with badges or a picture keeps its text beside them.
    const textSlides = deck().slides.flatMap((slide, index) => (slide.layout === 'bullets' && !/name="(badge|image|code|chart|table)"/.test(slides[index]?.xml ?? '') ? [index] : []))
    expect(textSlides.length).toBeGreaterThan(0)
    for (const index of textSlides) {
      const slide = deck().slides[index] as ResolvedSlide
      const body = [...(slides[index]?.xml ?? '').matchAll(/<p:sp>(.*?)<\/p:sp>/gs)].map((m) => m[1] ?? '').find((shape) => /<p:ph\b[^>]*type="body"/.test(shape)) ?? ''
      for (const point of slide.points.slice(0, 3)) expect(squash(textOf(body)), `slide ${index + 1}`).toContain(squash(point).slice(0, 40))
      const layout = slides[index]?.layoutXml ?? ''
      for (const type of ['title', 'body', ...(deck().branding.footer ? ['ftr'] : []), 'sldNum']) expect(layout, `slide ${index + 1}'s layout: ${type}`).toMatch(new RegExp(`<p:ph\\b[^>]*type="${type}"`))
    }
  })

  it('numbers slides as the deck does, "n / N", and its footer is the footer placeholder', async () => {
    const { slides } = await read()
    const total = deck().slides.length
    const numbered = slides.filter((slide) => /<p:ph\b[^>]*type="sldNum"/.test(slide.xml))
    expect(numbered.length).toBeGreaterThan(total / 2)
    for (const slide of numbered) expect(textOf(slide.xml)).toMatch(new RegExp(`\\b\\d+\\s+/ ${total}\\b`))
    const footer = deck().branding.footer
    if (footer) for (const slide of slides.filter((s) => squash(textOf(s.xml)).includes(squash(footer)))) expect(slide.xml).toMatch(/<p:ph\b[^>]*type="ftr"/)
  })

  it('writes paragraphs PowerPoint accepts and the deck metadata', async () => {
    const { slides, file } = await read()
    // pptxgenjs writes a paragraph's properties before every run; only the first may stay.
    for (const slide of slides) expect(slide.xml).not.toMatch(/<\/a:r><a:pPr/)
    const core = await file('docProps/core.xml')
    expect(core).toContain(`<dc:title>${deck().title}</dc:title>`)
    expect(core).toContain(`<dc:creator>${deck().author}</dc:creator>`)
    expect(decodeXml(/<cp:keywords>([^<]*)</.exec(core)?.[1] ?? '')).toBe(deck().keywords.join(', '))
  })
})

describe('the PPTX themes', () => {
  it('takes the theme colours and fonts into the PPTX theme and the shapes', async () => {
    for (const [id, colors] of [['briefing', { bg: 'FFFFFF', accent: '1D4ED8' }], ['conference', { bg: '121317', accent: 'F46A25' }], ['lightning', { bg: '000000', accent: 'FFD60A' }]] as const) {
      const { file, slides } = await readPptx((results.get(id) as PptxResult).bytes)
      const theme = await file('ppt/theme/theme1.xml')
      expect(theme).toMatch(new RegExp(`<a:lt1><a:srgbClr val="${colors.bg}"/>`))
      expect(theme).toMatch(new RegExp(`<a:accent1><a:srgbClr val="${colors.accent}"/>`))
      expect(theme).toMatch(/<a:majorFont><a:latin typeface="(Inter|Atkinson Hyperlegible)"/)
      expect(slides[1]?.xml).toContain(`<a:srgbClr val="${colors.bg}"/>`)
    }
  })

  it('draws code in the monospace font with the highlighting colours', async () => {
    const { slides } = await readPptx((results.get('conference') as PptxResult).bytes)
    const deck = decks.get('conference') as ResolvedDeck
    const index = deck.slides.findIndex((slide) => slide.layout === 'code')
    const xml = slides[index]?.xml ?? ''
    expect(xml).toMatch(/<a:latin typeface="JetBrains Mono" pitchFamily="49"/)
    // kernel theme: comments #959cab, keywords #ff9a66
    expect(xml).toContain('<a:srgbClr val="959CAB"/>')
    expect(xml).toContain('<a:srgbClr val="FF9A66"/>')
  })
})

describe('a company template', () => {
  it('puts every slide on one of its layouts, with its background and footer, without its example slide', async () => {
    const deck = decks.get('briefing') as ResolvedDeck
    const { slides, zip, file } = await readPptx(templated.bytes)
    expect(slides).toHaveLength(deck.slides.length)
    for (const slide of slides) {
      expect(['Title Slide', 'Title and Content', 'Title Only']).toContain(slide.layoutName)
      expect(slide.layoutXml).toContain(`<a:srgbClr val="${TEMPLATE.background}"/>`)
      expect(slide.layoutXml).toContain(TEMPLATE.footer)
      expect(slide.xml).not.toContain(TEMPLATE.example)
    }
    expect(slides[0]?.layoutName).toBe('Title Slide')
    expect(slides[deck.slides.findIndex((s) => s.layout === 'cards')]?.layoutName).toBe('Title Only')
    expect(slides[deck.slides.findIndex((s) => s.layout === 'bullets')]?.layoutName).toBe('Title and Content')
    const all = await Promise.all(Object.keys(zip.files).filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name)).map(file))
    expect(all).toHaveLength(deck.slides.length)
    expect(all.join('')).not.toContain(TEMPLATE.example)
    // Only the template's own masters: talkdeck's are not copied in.
    expect(Object.keys(zip.files).filter((name) => /^ppt\/slideMasters\/slideMaster\d+\.xml$/.test(name))).toHaveLength(1)
  })

  it('leaves title and body placeholders to the layout: no position of their own', async () => {
    const deck = decks.get('briefing') as ResolvedDeck
    const { slides } = await readPptx(templated.bytes)
    deck.slides.forEach((slide, index) => {
      const shapes = titleShapes(slides[index]?.xml ?? '')
      expect(shapes, `slide ${slide.number}`).toHaveLength(1)
      expect(shapes[0]).not.toContain('<a:xfrm')
      expect(squash(textOf(shapes[0] ?? ''))).toContain(squash(shownTitle(deck, slide)))
    })
    // The recommendation's points are in the layout's body placeholder, as paragraphs.
    const bullets = slides[deck.slides.findIndex((slide) => slide.layout === 'bullets')]?.xml ?? ''
    expect(bullets).toMatch(/<p:ph\b[^>]*type="body"/)
    expect(textOf(bullets)).toContain('Train two kernel engineers')
    expect(templated.warnings).toEqual([])
  })

  it('maps layouts by the names a deck gives, and names a missing layout', async () => {
    const template = await readTemplate(templateFile, { cards: 'Title and Content', default: 'Title Only' })
    expect(template.layoutFor({ layout: 'cards', role: 'content', drawn: true }).name).toBe('Title and Content')
    expect(template.layoutFor({ layout: 'title', role: 'title' }).name).toBe('Title Only')
    await expect(readTemplate(templateFile, { cards: 'Two Content' })).rejects.toThrow(/acme\.pptx: pptx\.layouts\.cards names "Two Content".*"Title Only"/)
  })

  it.each([
    ['a missing file', async () => path.join(work, 'missing.potx'), /missing\.potx: PowerPoint template not found/],
    ['a folder (--pptx-template names one)', async () => {
      const folder = path.join(work, 'folder.pptx')
      mkdirSync(folder, { recursive: true })
      return folder
    }, /folder\.pptx: the PowerPoint template is a folder, not a file/],
    ['a file that is not a PowerPoint file', async () => {
      const file = path.join(work, 'notes.pptx')
      writeFileSync(file, 'just some text')
      return file
    }, /notes\.pptx: not a PowerPoint template/],
    ['a ZIP that is not a presentation', async () => {
      const file = path.join(work, 'archive.pptx')
      const zip = new JSZip()
      zip.file('readme.txt', 'hello')
      writeFileSync(file, await zip.generateAsync({ type: 'uint8array' }))
      return file
    }, /archive\.pptx: not a PowerPoint template/],
    ['a presentation with no layout that has a title', async () => {
      const file = path.join(work, 'untitled.pptx')
      await makeTemplate(file, { placeholders: false })
      return file
    }, /untitled\.pptx: no usable slide layout/],
  ])('refuses %s with a ConfigError naming it', async (_name, make, message) => {
    const file = await make()
    const attempt = renderPptx(decks.get('briefing') as ResolvedDeck, { geometry: geometries.get('briefing') as DeckGeometry, template: file })
    await expect(attempt).rejects.toBeInstanceOf(ConfigError)
    await expect(attempt).rejects.toThrow(message)
  })
})

describe.skipIf(!hasLibreOffice)('LibreOffice Impress opens the files', () => {
  const pdfs = new Map<string, string>()
  beforeAll(async () => {
    const inputs: string[] = []
    for (const [id, result] of [...results, ['briefing-template', templated] as const]) {
      const file = path.join(work, `${id}.pptx`)
      writeFileSync(file, result.bytes)
      inputs.push(file)
    }
    // One LibreOffice for all files, with a profile of its own so no other instance locks it.
    const profile = path.join(work, 'lo-profile')
    await run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', work, ...inputs], { timeout: 170_000 })
    for (const input of inputs) pdfs.set(path.basename(input, '.pptx'), input.replace(/\.pptx$/, '.pdf'))
  }, 180_000)

  const pagesOf = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf]).toString())?.[1])
  const pageText = (pdf: string, page: number) => execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', pdf, '-']).toString()

  it.each(['briefing', 'conference', 'lightning', 'briefing-template'])('converts %s to a PDF with one page per slide and every title', (id) => {
    const deck = decks.get(id.replace('-template', '')) as ResolvedDeck
    const pdf = pdfs.get(id) as string
    expect(pagesOf(pdf)).toBe(deck.slides.length)
    const missing = deck.slides.filter((slide) => !squash(pageText(pdf, slide.number)).includes(squash(shownTitle(deck, slide))))
    expect(missing.map((slide) => `${slide.number} ${shownTitle(deck, slide)}`)).toEqual([])
  })

  it('shows the template footer and background on every slide', () => {
    const pdf = pdfs.get('briefing-template') as string
    const deck = decks.get('briefing') as ResolvedDeck
    for (const slide of deck.slides) expect(pageText(pdf, slide.number), `slide ${slide.number}`).toContain(TEMPLATE.footer)
    // A corner pixel of each page is the template's background colour.
    const ppm = path.join(work, 'page')
    execFileSync('pdftoppm', ['-r', '8', pdf, ppm])
    for (let page = 1; page <= deck.slides.length; page++) {
      const image = readFileSync(`${ppm}-${String(page).padStart(2, '0')}.ppm`)
      // P6 header: magic, width height, maxval, then RGB bytes; take the pixel at (1, 1).
      const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(image.subarray(0, 40).toString('latin1'))
      const width = Number(header?.[1])
      const offset = (header?.[0].length ?? 0) + (width + 1) * 3
      const rgb = [...image.subarray(offset, offset + 3)].map((v) => v.toString(16).padStart(2, '0')).join('').toUpperCase()
      expect(rgb, `page ${page}`).toBe(TEMPLATE.background)
    }
  })
})
