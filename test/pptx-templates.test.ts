/**
 * The PowerPoint export on real company templates (issue 26): python-pptx's default (4:3),
 * a French one (Coreoz), LibreOffice's dark "Lights" saved as .potx, a university's with two
 * masters and its logo only on its title layouts (Mecanon), and a Japanese one of three untyped
 * layouts (icon-core) — see
 * test/fixtures/pptx-templates/README.md. The briefing deck and the plain fixture project are
 * exported onto each; the XML is read back with JSZip and xmldom, and the dark template's PPTX
 * is rendered by LibreOffice to measure the title's contrast from pixels.
 */
import { execFile, execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { DOMParser, type Document, type Element } from '@xmldom/xmldom'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ResolvedDeck } from '../src/deck/types.js'
import { runBrowserBatch } from '../src/browser/batch.js'
import { openPrintPage, writePrintPage } from '../src/browser/print-page.js'
import { measureSlides, renderPptx, type DeckGeometry } from '../src/export/pptx/index.js'
import { PptxGenJS } from '../src/export/pptx/pptxgen.js'
import { readTemplate } from '../src/export/pptx/read-template.js'
import { FIXTURES, REPO, copyProject, loadProjectDecks, runCli } from './helpers.js'
import { hasLibreOffice, luminance } from './office.js'

const run = promisify(execFile)
const TEMPLATES = path.join(FIXTURES, 'pptx-templates')
const A = 'http://schemas.openxmlformats.org/drawingml/2006/main'
const P = 'http://schemas.openxmlformats.org/presentationml/2006/main'

/** Each template and the name of its title layout (the one with its title-slide look). */
const CASES = [
  { file: 'python-pptx-default.pptx', titleLayout: 'Title Slide' },
  { file: 'coreoz-french.pptx', titleLayout: 'Diapositive de titre' },
  { file: 'libreoffice-lights.potx', titleLayout: 'Title Slide' },
  // Its first master's own title layout, with the logo, not the second master's "Title Slide".
  { file: 'mecanon-ufrj.potx', titleLayout: 'Título da Apresentação (Limpo - Logo Mecanon)' },
  { file: 'icon-core-consulting-jp.potx', titleLayout: '表紙' },
]

interface ReadSlide {
  document: Document
  layoutName: string
  /** The layout's part and its master's. */
  layoutPart: string
  masterPart: string
  /** Pictures the layout itself draws. */
  layoutPictures: number
}

async function readSlides(bytes: Uint8Array): Promise<ReadSlide[]> {
  const zip = await JSZip.loadAsync(bytes)
  const text = async (name: string) => (await zip.file(name)?.async('string')) ?? ''
  const parse = (xml: string) => new DOMParser().parseFromString(xml, 'text/xml')
  const presentation = await text('ppt/presentation.xml')
  const rels = await text('ppt/_rels/presentation.xml.rels')
  const slides: ReadSlide[] = []
  for (const [, id] of presentation.matchAll(/<p:sldId [^>]*r:id="([^"]+)"/g)) {
    const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)
    const part = `ppt/${target?.[1] ?? target?.[2]}`
    const slideRels = await text(part.replace(/slides\/(slide\d+\.xml)$/, 'slides/_rels/$1.rels'))
    const layout = /slideLayouts\/(slideLayout\d+\.xml)/.exec(slideRels)?.[1]
    const layoutXml = await text(`ppt/slideLayouts/${layout}`)
    const master = /slideMasters\/(slideMaster\d+\.xml)/.exec(await text(`ppt/slideLayouts/_rels/${layout}.rels`))?.[1] ?? ''
    slides.push({
      document: parse(await text(part)),
      layoutName: /<p:cSld name="([^"]*)"/.exec(layoutXml)?.[1] ?? '',
      layoutPart: layout ?? '',
      masterPart: master,
      layoutPictures: (layoutXml.match(/<p:pic>/g) ?? []).length,
    })
  }
  return slides
}

const elements = (node: Document | Element, ns: string, name: string) => Array.from(node.getElementsByTagNameNS(ns, name))
const placeholderType = (shape: Element) => {
  const ph = elements(shape, P, 'ph')[0]
  return ph ? (ph.getAttribute('type') || 'obj') : undefined
}
const placeholders = (slide: ReadSlide, types: string[]) => elements(slide.document, P, 'sp').filter((shape) => types.includes(placeholderType(shape) ?? ''))
const textOf = (shape: Element) => elements(shape, A, 't').map((t) => t.textContent ?? '').join('')

const decks = new Map<string, ResolvedDeck>()
const geometries = new Map<string, DeckGeometry>()
/** `<deck> on <template>` → PPTX bytes. */
const exported = new Map<string, Uint8Array>()
const work = mkdtempSync(path.join(os.tmpdir(), 'talkdeck-pptx-templates-'))

beforeAll(async () => {
  for (const root of [REPO, path.join(FIXTURES, 'plain-project')]) {
    const { workspace, decks: loaded } = await loadProjectDecks(root)
    const chosen = [...loaded.values()].filter((deck) => root !== REPO || deck.id === 'briefing')
    for (const deck of chosen) decks.set(deck.id, deck)
    await runBrowserBatch(chosen, {}, async (deck, context) => {
      const url = await writePrintPage(deck, workspace.renderer, context.workDir)
      geometries.set(deck.id, await context.session.withPage(async (page) => {
        await openPrintPage(page, url, deck)
        return measureSlides(page)
      }, deck.size))
    })
  }
  for (const deck of decks.values()) {
    for (const { file } of CASES) {
      const result = await renderPptx(deck, { geometry: geometries.get(deck.id) as DeckGeometry, template: path.join(TEMPLATES, file) })
      exported.set(`${deck.id} on ${file}`, result.bytes)
    }
  }
}, 180_000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

/** The decks exported: the shipped briefing and the plain fixture project's deck. */
const DECKS = ['briefing', 'heat-pumps']
const pairs = () => DECKS.flatMap((deck) => CASES.map(({ file }) => `${deck} on ${file}`))

describe('placeholder text takes the template look', () => {
  it.each(pairs())('%s: no colour, bold or bullet override on title and body placeholders', async (key) => {
    const slides = await readSlides(exported.get(key) as Uint8Array)
    const found: string[] = []
    slides.forEach((slide, index) => {
      for (const shape of placeholders(slide, ['title', 'ctrTitle', 'body', 'subTitle', 'obj'])) {
        const runs = [...elements(shape, A, 'rPr'), ...elements(shape, A, 'endParaRPr')]
        if (runs.some((run) => elements(run, A, 'srgbClr').length > 0 || elements(run, A, 'solidFill').length > 0)) found.push(`slide ${index + 1}: a run colour in ${placeholderType(shape)}`)
        if (runs.some((run) => run.getAttribute('b') === '1')) found.push(`slide ${index + 1}: bold in ${placeholderType(shape)} "${textOf(shape).slice(0, 30)}"`)
        // In the paragraphs: a list style copied from the template's own prompt may say buNone.
        const paragraphs = elements(shape, A, 'p')
        if (!['title', 'ctrTitle'].includes(placeholderType(shape) ?? '') && paragraphs.some((p) => elements(p, A, 'buNone').length > 0)) found.push(`slide ${index + 1}: buNone in ${placeholderType(shape)}`)
      }
    })
    expect(found).toEqual([])
  })

  it.each(pairs())('%s: every slide title is in a title placeholder, the title slide on the template title layout', async (key) => {
    const deck = decks.get(key.split(' on ')[0] as string) as ResolvedDeck
    const template = CASES.find((c) => key.endsWith(c.file)) as (typeof CASES)[number]
    const slides = await readSlides(exported.get(key) as Uint8Array)
    expect(slides).toHaveLength(deck.slides.length)
    for (const [index, slide] of deck.slides.entries()) {
      const titles = placeholders(slides[index] as ReadSlide, ['title', 'ctrTitle']).map(textOf)
      if (slide.title) expect(titles.join(' '), `slide ${index + 1}`).toContain(slide.title)
    }
    expect(slides[0]?.layoutName).toBe(template.titleLayout)
  })

  it('keeps the template bullets on points in a body placeholder', async () => {
    const slides = await readSlides(exported.get('briefing on python-pptx-default.pptx') as Uint8Array)
    const bodies = slides.flatMap((slide) => placeholders(slide, ['body', 'obj']))
    expect(bodies.length).toBeGreaterThan(0)
    // No bullet characters or indents of talkdeck's own: the layout's list style applies (a
    // numbered list, such as the sources, is the deck's own).
    for (const body of bodies) {
      expect(elements(body, A, 'buChar')).toEqual([])
      for (const properties of elements(body, A, 'pPr').filter((pPr) => elements(pPr, A, 'buAutoNum').length === 0)) expect(properties.getAttribute('marL') ?? '').toBe('')
    }
  })
})

describe('the layout chosen on a template', () => {
  it('puts the title slide on a layout named Title Slide in any language, not on a Section Header', async () => {
    const lights = await readTemplate(path.join(TEMPLATES, 'libreoffice-lights.potx'))
    // LibreOffice's "Title Slide" has the type of Title and Text (tx): its name and placeholders decide.
    expect(lights.layoutFor({ layout: 'title', role: 'title' }).name).toBe('Title Slide')
    expect(lights.layoutFor({ layout: 'bullets', role: 'content' }).name).toBe('Title, Content')
    const french = await readTemplate(path.join(TEMPLATES, 'coreoz-french.pptx'))
    expect(french.layoutFor({ layout: 'title', role: 'title' }).name).toBe('Diapositive de titre')
    expect(french.layoutFor({ layout: 'section', role: 'divider' }).name).toBe('Titre de section')
    expect(french.layoutFor({ layout: 'cards', role: 'content', drawn: true }).name).toBe('Titre seul')
    // A project's own layout gets its group from its role.
    expect(french.layoutFor({ layout: 'my-opener', role: 'title' }).name).toBe('Diapositive de titre')
  })

  it('weighs names and types together: a custom "Slide de Título" beats a typed Section Header', async () => {
    const file = path.join(work, 'portuguese.pptx')
    const pres = new PptxGenJS()
    const title = { placeholder: { options: { name: 'title', type: 'title' as const, x: 0.5, y: 0.4, w: 9, h: 1 }, text: '' } }
    const body = { placeholder: { options: { name: 'body', type: 'body' as const, x: 0.5, y: 1.6, w: 9, h: 3 }, text: '' } }
    pres.defineSlideMaster({ title: 'Cabeçalho da Seção', objects: [title, body] })
    pres.defineSlideMaster({ title: 'Slide de Título', objects: [title, body] })
    pres.addSlide({ masterName: 'Slide de Título' })
    writeFileSync(file, (await pres.write({ outputType: 'nodebuffer' })) as Buffer)
    // pptxgenjs writes its masters as custom layouts; make the section header a typed one.
    const zip = await JSZip.loadAsync(readFileSync(file))
    for (const name of Object.keys(zip.files).filter((n) => /slideLayouts\/slideLayout\d+\.xml$/.test(n))) {
      const xml = (await zip.file(name)?.async('string')) ?? ''
      if (xml.includes('Cabeçalho da Seção')) zip.file(name, xml.replace(/<p:sldLayout([^>]*)>/, (_m, attributes: string) => `<p:sldLayout${attributes.replace(/ type="[^"]*"/, '')} type="secHead">`))
    }
    writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }))
    const template = await readTemplate(file)
    expect(template.layoutFor({ layout: 'title', role: 'title' }).name).toBe('Slide de Título')
    expect(template.layoutFor({ layout: 'section', role: 'divider' }).name).toBe('Cabeçalho da Seção')
    // pptx.layouts still wins.
    const named = await readTemplate(file, { title: 'Cabeçalho da Seção' })
    expect(named.layoutFor({ layout: 'title', role: 'title' }).name).toBe('Cabeçalho da Seção')
  })

  it('names each layout once when pptx.layouts names a missing one (a template with six masters)', async () => {
    const attempt = readTemplate(path.join(TEMPLATES, 'libreoffice-lights.potx'), { cards: 'Two Content' })
    const message = await attempt.then(() => '', (error: Error) => error.message)
    expect(message).toMatch(/pptx\.layouts\.cards names "Two Content"/)
    const names = [...message.matchAll(/"([^"]+)"/g)].map((m) => m[1]).slice(1)
    expect(names.length).toBeGreaterThan(3)
    expect(new Set(names).size).toBe(names.length)
  })

  it('talkdeck list --pptx-template prints the layout each talkdeck layout uses, and why', async () => {
    const result = await runCli(['list', '--root', REPO, '--pptx-template', path.join(TEMPLATES, 'coreoz-french.pptx')])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/title\s+→ "Diapositive de titre": Title Slide for title: named "Diapositive de titre" \(PowerPoint's Title Slide\), type title, a centred title placeholder/)
    expect(result.stdout).toMatch(/section\s+→ "Titre de section"/)
    expect(result.stdout).toMatch(/slides with shapes → "Titre seul"/)
    const json = await runCli(['list', '--root', REPO, '--json', '--pptx-template', path.join(TEMPLATES, 'libreoffice-lights.potx')])
    const rows = JSON.parse(json.stdout).pptxTemplate.layouts as { layout: string; uses: string }[]
    expect(rows.find((row) => row.layout === 'title')?.uses).toBe('Title Slide')
  })
})

describe('templates of their own kind', () => {
  it('two masters: the title slide on the first master\'s title layout, with its logo, beside the content slides', async () => {
    const slides = await readSlides(exported.get('briefing on mecanon-ufrj.potx') as Uint8Array)
    const title = slides[0] as ReadSlide
    // The logo is a picture of the title layout only; the second master's "Title Slide" was chosen before.
    expect(title.layoutPictures).toBeGreaterThan(0)
    expect(new Set(slides.map((slide) => slide.masterPart))).toEqual(new Set([title.masterPart]))
  })

  it('a chart\'s lead is drawn with the chart, not in the body placeholder the chart fills', async () => {
    for (const key of ['briefing on mecanon-ufrj.potx', 'briefing on icon-core-consulting-jp.potx']) {
      const slides = await readSlides(exported.get(key) as Uint8Array)
      const chartSlides = slides.filter((slide) => elements(slide.document, P, 'graphicFrame').some((frame) => frame.getElementsByTagNameNS('http://schemas.openxmlformats.org/drawingml/2006/chart', 'chart').length > 0))
      expect(chartSlides.length, key).toBeGreaterThan(0)
      for (const slide of chartSlides) expect(placeholders(slide, ['body', 'obj', 'subTitle']).map(textOf), key).toEqual([])
    }
  })

  it('a slide number the layout has no placeholder for stays a slide number, not body text', async () => {
    const slides = await readSlides(exported.get('briefing on icon-core-consulting-jp.potx') as Uint8Array)
    const content = slides[2] as ReadSlide
    expect(placeholders(content, ['body', 'obj']).map(textOf)).not.toContain('3')
    expect(elements(content.document, A, 'fld').map((field) => field.getAttribute('type'))).toContain('slidenum')
  })
})

describe('drawn content in the template content area', () => {
  it('names, once a deck at its first slide\'s line, drawn text scaled below 12 pt to fit; none where it fits', async () => {
    const deck = decks.get('briefing') as ResolvedDeck
    const small = await renderPptx(deck, { geometry: geometries.get('briefing') as DeckGeometry, template: path.join(TEMPLATES, 'python-pptx-default.pptx') })
    const found = small.warnings.filter((warning) => warning.code === 'pptx-small-text')
    expect(found).toHaveLength(1)
    expect(found[0]?.file).toBe(deck.file)
    expect(found[0]?.line).toBeGreaterThan(0)
    // The 4:3 template's Title Only layout is three quarters as wide as the deck's slide.
    expect(found[0]?.message).toMatch(/python-pptx-default\.pptx, \d+ slides, from slide \d+ \(layout "Title Only"\).* below 12 pt \(down to \d+\.\d pt\)/)
    // 4:3: laid out at the template's shape (10 × 7.5 in at the deck's 720 px height), the briefing has no text below 12 pt.
    expect(found[0]?.message).toContain('"size: 960x720" in the deck (the template\'s shape)')
    const roomy = await renderPptx(deck, { geometry: geometries.get('briefing') as DeckGeometry, template: path.join(TEMPLATES, 'icon-core-consulting-jp.potx') })
    expect(roomy.warnings.filter((warning) => warning.code === 'pptx-small-text')).toEqual([])
  })
})

describe('the citation line below the body text', () => {
  it.each(pairs())('%s: a body placeholder with text ends above the slide\'s citation line', async (key) => {
    const template = await readTemplate(path.join(TEMPLATES, key.split(' on ')[1] as string))
    const found: string[] = []
    let checked = 0
    for (const [index, slide] of (await readSlides(exported.get(key) as Uint8Array)).entries()) {
      const cite = elements(slide.document, P, 'sp').find((shape) => elements(shape, P, 'cNvPr')[0]?.getAttribute('name') === 'cite')
      const body = placeholders(slide, ['body', 'obj']).find((shape) => textOf(shape).length > 0)
      if (!cite || !body) continue
      checked++
      const top = (shape: Element) => Number(elements(shape, A, 'off')[0]?.getAttribute('y')) / 9525
      const height = (shape: Element) => Number(elements(shape, A, 'ext')[0]?.getAttribute('cy')) / 9525
      // Where the slide does not place the placeholder, the layout does.
      const layout = template.layouts.find((candidate) => candidate.part === `ppt/slideLayouts/${slide.layoutPart}`)
      const own = elements(body, A, 'off').length > 0
      const rect = own ? { y: top(body), h: height(body) } : layout?.placeholders.find((p) => ['body', 'obj'].includes(p.type))?.rect
      if (rect && rect.y + rect.h > top(cite) + 1) found.push(`slide ${index + 1}: body to ${Math.round(rect.y + rect.h)} px, citation line from ${Math.round(top(cite))} px`)
    }
    if (key.startsWith('briefing')) expect(checked, key).toBeGreaterThan(0)
    expect(found).toEqual([])
  })
})

describe("nothing over the template's artwork, nothing off the slide", () => {
  /** Shapes and pictures talkdeck drew on each slide (not placeholders), in px, with what they cover of the layout's artwork. */
  async function faults(bytes: Uint8Array, templateFile: string): Promise<string[]> {
    const template = await readTemplate(templateFile)
    const found: string[] = []
    for (const [index, slide] of (await readSlides(bytes)).entries()) {
      const layout = template.layouts.find((candidate) => candidate.part === `ppt/slideLayouts/${slide.layoutPart}`)
      const tree = elements(slide.document, P, 'spTree')[0] as Element
      for (let node = tree.firstChild; node; node = node.nextSibling) {
        const shape = node as unknown as Element
        if (node.nodeType !== 1 || !['sp', 'pic', 'graphicFrame', 'grpSp', 'cxnSp'].includes(shape.localName ?? '') || elements(shape, P, 'ph').length > 0) continue
        const off = elements(shape, A, 'off')[0] ?? elements(shape, P, 'off')[0]
        const ext = elements(shape, A, 'ext')[0] ?? elements(shape, P, 'ext')[0]
        if (!off || !ext) continue
        const rect = { x: Number(off.getAttribute('x')) / 9525, y: Number(off.getAttribute('y')) / 9525, w: Number(ext.getAttribute('cx')) / 9525, h: Number(ext.getAttribute('cy')) / 9525 }
        const name = `slide ${index + 1} ${elements(shape, P, 'cNvPr')[0]?.getAttribute('name')}`
        if (rect.x < -1 || rect.y < -1 || rect.x + rect.w > template.width + 1 || rect.y + rect.h > template.height + 1) found.push(`${name} off the slide`)
        for (const mark of layout?.artwork ?? []) {
          const overlap = (Math.min(rect.x + rect.w, mark.x + mark.w) - Math.max(rect.x, mark.x)) * (Math.min(rect.y + rect.h, mark.y + mark.h) - Math.max(rect.y, mark.y))
          if (Math.min(rect.x + rect.w, mark.x + mark.w) - Math.max(rect.x, mark.x) > 1 && Math.min(rect.y + rect.h, mark.y + mark.h) - Math.max(rect.y, mark.y) > 1) found.push(`${name} over artwork of "${layout?.name}" (${Math.round(overlap)} px²)`)
        }
      }
    }
    return found
  }

  it.each(pairs())('%s', async (key) => {
    const file = key.split(' on ')[1] as string
    expect(await faults(exported.get(key) as Uint8Array, path.join(TEMPLATES, file))).toEqual([])
  })

  it('a logo in the middle of the content area: cards, timeline and chart go beside it', async () => {
    // A Title Only layout with a picture (a 2 in square) at the right of where content goes.
    const pres = new PptxGenJS()
    pres.layout = 'LAYOUT_WIDE'
    const title = { placeholder: { options: { name: 'title', type: 'title' as const, x: 0.5, y: 0.4, w: 12.3, h: 1.1 }, text: '' } }
    const logo = { image: { x: 10.5, y: 2.6, w: 2, h: 2, path: path.join(FIXTURES, 'pptx-capture', 'data', 'bees', 'hive.png') } }
    pres.defineSlideMaster({ title: 'Title Only', objects: [title, logo] })
    const file = path.join(work, 'logo-in-content.pptx')
    writeFileSync(file, (await pres.write({ outputType: 'nodebuffer' })) as Buffer)
    const deck = decks.get('briefing') as ResolvedDeck
    const result = await renderPptx(deck, { geometry: geometries.get('briefing') as DeckGeometry, template: file })
    const template = await readTemplate(file)
    expect(template.layouts.find((layout) => layout.name === 'Title Only')?.artwork).toHaveLength(1)
    expect(await faults(result.bytes, file)).toEqual([])
  })
})

describe("the deck's logo on a template", () => {
  const project = copyProject(path.join(FIXTURES, 'plain-project'))
  afterAll(() => project.cleanup())
  const exportOnto = async (template: string) => {
    const out = path.join(work, `logo-${template}`)
    const exported = await runCli(['export', '--root', project.dir, '--out', out, '--format', 'pptx', '--pptx-template', path.join(TEMPLATES, template)])
    expect(exported.code, exported.stderr).toBe(0)
    return { slides: await readSlides(readFileSync(path.join(out, 'heat-pumps.pptx'))), output: exported.stdout + exported.stderr }
  }
  const deckFile = () => path.join(project.dir, 'decks', 'heat-pumps.yaml')

  it('is drawn on every slide of a template without pictures of its own, in a corner clear of the placeholders the slide shows; on one with its own logo, a warning at branding.logo says it is left out', async () => {
    // An SVG logo, as the README's example has it.
    copyFileSync(path.join(FIXTURES, 'pptx-capture', 'decks', 'logo.svg'), path.join(project.dir, 'decks', 'logo.svg'))
    writeFileSync(deckFile(), readFileSync(deckFile(), 'utf8').replace(/^data: (.*)$/m, 'data: $1\nbranding:\n  logo: logo.svg\n  footer: Heat pump club'))
    const logoLine = readFileSync(deckFile(), 'utf8').split('\n').findIndex((line) => line.includes('logo: logo.svg')) + 1

    const plain = await exportOnto('python-pptx-default.pptx')
    const template = await readTemplate(path.join(TEMPLATES, 'python-pptx-default.pptx'))
    expect(plain.output).not.toMatch(/pptx-logo|branding\.logo/)
    const emu = (shape: Element) => {
      const off = elements(shape, A, 'off')[0]
      const ext = elements(shape, A, 'ext')[0]
      return { x: Number(off?.getAttribute('x')), y: Number(off?.getAttribute('y')), w: Number(ext?.getAttribute('cx')), h: Number(ext?.getAttribute('cy')) }
    }
    const meets = (a: ReturnType<typeof emu>, b: ReturnType<typeof emu>) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
    for (const slide of plain.slides) {
      const logos = elements(slide.document, P, 'pic').filter((picture) => elements(picture, P, 'cNvPr')[0]?.getAttribute('name') === 'logo')
      expect(logos, slide.layoutName).toHaveLength(1)
      const box = emu(logos[0] as Element)
      // 4:3, 9144000 × 6858000 EMU
      expect(box.x).toBeGreaterThanOrEqual(0)
      expect(box.y + box.h).toBeLessThanOrEqual(6858000)
      // The placeholders the slide fills, where its layout puts them.
      const layout = template.layouts.find((candidate) => candidate.name === slide.layoutName)
      const shown = elements(slide.document, P, 'sp').flatMap((shape) => layout?.placeholders.filter((placeholder) => placeholder.type === placeholderType(shape) && placeholder.rect) ?? [])
      expect(shown.length, slide.layoutName).toBeGreaterThan(1)
      for (const { type, rect } of shown) {
        const px = rect as { x: number; y: number; w: number; h: number }
        expect(meets(box, { x: px.x * 9525, y: px.y * 9525, w: px.w * 9525, h: px.h * 9525 }), `${slide.layoutName}: logo over the ${type} placeholder`).toBe(false)
      }
    }

    const branded = await exportOnto('mecanon-ufrj.potx')
    expect(branded.output).toContain(`decks/heat-pumps.yaml:${logoLine}: warning: branding.logo is not on the slides of the template mecanon-ufrj.potx: the template shows pictures of its own`)
    for (const slide of branded.slides) expect(elements(slide.document, P, 'pic').filter((picture) => elements(picture, P, 'cNvPr')[0]?.getAttribute('name') === 'logo')).toEqual([])
  }, 120_000)
})

describe('footer, label and slide number', () => {
  it('fill the layout footer, date and slide number placeholders', async () => {
    const slides = await readSlides(exported.get('briefing on python-pptx-default.pptx') as Uint8Array)
    const deck = decks.get('briefing') as ResolvedDeck
    const content = slides[2] as ReadSlide
    expect(placeholders(content, ['ftr']).map(textOf)).toEqual([deck.branding.footer])
    expect(placeholders(content, ['dt']).map(textOf)).toEqual([(deck.branding.confidentiality ?? '').toUpperCase()])
    expect(placeholders(content, ['sldNum'])).toHaveLength(1)
    // One line: a narrow footer placeholder must not break a word.
    for (const shape of placeholders(content, ['ftr', 'dt'])) expect(elements(shape, A, 'bodyPr')[0]?.getAttribute('wrap')).toBe('none')
  })

  it('go into one text box across the foot of the slide on a layout without those placeholders', async () => {
    const pres = new PptxGenJS()
    pres.layout = 'LAYOUT_WIDE'
    const title = { placeholder: { options: { name: 'title', type: 'title' as const, x: 0.5, y: 0.4, w: 12.3, h: 1.1 }, text: '' } }
    pres.defineSlideMaster({ title: 'Title Only', objects: [title] })
    const file = path.join(work, 'bare.pptx')
    writeFileSync(file, (await pres.write({ outputType: 'nodebuffer' })) as Buffer)
    const deck = decks.get('briefing') as ResolvedDeck
    const result = await renderPptx(deck, { geometry: geometries.get('briefing') as DeckGeometry, template: file })
    const slides = await readSlides(result.bytes)
    const boxes = elements((slides[2] as ReadSlide).document, P, 'sp').filter((shape) => elements(shape, P, 'cNvPr')[0]?.getAttribute('name') === 'footer')
    expect(boxes.map(textOf)).toEqual([`${deck.branding.footer} · ${(deck.branding.confidentiality ?? '').toUpperCase()}`])
    const extent = elements(boxes[0] as Element, A, 'ext')[0]
    // 61 characters at 10 pt need about 4.2 in: the box has room for its longest line, so no word is broken.
    expect(Number(extent?.getAttribute('cx')) / 914400).toBeGreaterThan(4.5)
  })
})

describe.skipIf(!hasLibreOffice)('LibreOffice renders the dark template readably', () => {
  let pdf = ''
  beforeAll(async () => {
    const input = path.join(work, 'briefing-lights.pptx')
    writeFileSync(input, exported.get('briefing on libreoffice-lights.potx') as Uint8Array)
    const profile = path.join(work, 'lo-profile')
    await run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', work, input], { timeout: 170_000 })
    pdf = input.replace(/\.pptx$/, '.pdf')
  }, 180_000)

  it.each([1, 3, 9])('slide %i: the title has a contrast of 4.5:1 or more against the slide behind it', (page) => {
    const deck = decks.get('briefing') as ResolvedDeck
    const slide = deck.slides[page - 1]
    const title = slide?.title ?? deck.title
    // Where the title's words are, from the PDF's text layer.
    const words = [...execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-bbox', pdf, '-']).toString().matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
    const titleWords = new Set(title.split(/\s+/))
    const boxes = words.filter((w) => titleWords.has((w[5] ?? '').replace(/&amp;/g, '&'))).map((w) => w.slice(1, 5).map(Number))
    expect(boxes.length, `title words of slide ${page}`).toBeGreaterThan(0)
    const dpi = 96
    const prefix = path.join(work, `page-${page}`)
    execFileSync('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', pdf, prefix])
    const image = readFileSync(`${prefix}.ppm`)
    const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(image.subarray(0, 40).toString('latin1'))
    const width = Number(header?.[1])
    const offset = header?.[0].length ?? 0
    const scale = dpi / 72
    const values: number[] = []
    for (const [x0, y0, x1, y1] of boxes) {
      for (let y = Math.floor((y0 ?? 0) * scale); y < Math.ceil((y1 ?? 0) * scale); y++) {
        for (let x = Math.floor((x0 ?? 0) * scale); x < Math.ceil((x1 ?? 0) * scale); x++) {
          const at = offset + (y * width + x) * 3
          values.push(luminance([image[at] ?? 0, image[at + 1] ?? 0, image[at + 2] ?? 0]))
        }
      }
    }
    values.sort((a, b) => a - b)
    // Most of a word's box is the background; the glyphs are the pixels farthest from it.
    const background = values[Math.floor(values.length / 2)] ?? 0
    const darkest = values[Math.floor(values.length * 0.02)] ?? 0
    const lightest = values[Math.floor(values.length * 0.98)] ?? 0
    const text = Math.abs(lightest - background) > Math.abs(darkest - background) ? lightest : darkest
    const contrast = (Math.max(text, background) + 0.05) / (Math.min(text, background) + 0.05)
    expect(contrast, `slide ${page} "${title}"`).toBeGreaterThanOrEqual(4.5)
  })
})
