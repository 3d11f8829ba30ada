/**
 * Rich blocks (issue 27): block Markdown, tables and formulas, on a project written the plain way
 * (bread-baking). The same slide built, printed to PDF and exported as PNG is the same picture; a
 * table with a row removed and a formula with a term removed are not (the comparison sees them).
 * Mistakes in a table or a formula are one located error each from `check`.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { splitTableRows } from '../src/deck/table-pages.js'
import type { ResolvedTable } from '../src/deck/types.js'
import { copyProject, fixture, launchTestBrowser, loadProjectDecks, runCli, tempDir, type TestBrowser } from './helpers.js'
import { PARITY_LIMIT, rasterisePdf, readPng, slideDifference } from './pictures.js'

const SLIDE_ONLY = '.reveal .controls, .reveal .progress { display: none !important }'
/** The slides compared: the data table and the formulas (1-based numbers in the bread-baking deck). */
const TABLE_SLIDE = 4
const FORMULA_SLIDE = 3

interface Pictures {
  built: (number: number) => Promise<ReturnType<typeof readPng>>
  pdf: ReturnType<typeof readPng>[]
  png: (number: number) => ReturnType<typeof readPng>
}

let session: TestBrowser
beforeAll(async () => {
  session = await launchTestBrowser()
}, 60_000)
afterAll(async () => {
  await session?.close()
})

/** Builds and exports (PDF and PNG) a copy of the fixture changed by `change`, and pictures its slides. */
async function picturesOf(change: (deck: string) => string, out: string): Promise<Pictures> {
  const project = copyProject(fixture('bread-baking'))
  const deckFile = path.join(project.dir, 'decks', 'baking.yaml')
  writeFileSync(deckFile, change(readFileSync(deckFile, 'utf8')))
  const build = await runCli(['build', 'baking', '--root', project.dir, '--out', out])
  expect(build.code, build.stderr).toBe(0)
  const exported = await runCli(['export', 'baking', '--root', project.dir, '--out', out, '--format', 'pdf,png'])
  expect(exported.code, exported.stderr).toBe(0)
  const pdf = await rasterisePdf(path.join(out, 'baking.pdf'), path.join(out, 'pages'))
  return {
    pdf,
    png: (number) => readPng(readFileSync(path.join(out, 'baking', `${String(number).padStart(3, '0')}.png`))),
    built: (number) =>
      session.withPage(async (page) => {
        await page.goto(`${pathToFileURL(path.join(out, 'baking', 'index.html')).href}#/${number - 1}`)
        await page.waitForFunction(() => window.talkdeck?.reveal?.isReady() === true, null, { timeout: 30_000 })
        await page.addStyleTag({ content: SLIDE_ONLY })
        await page.evaluate((n) => window.talkdeck.reveal.slide(n, 0), number - 1)
        await page.evaluate(() => document.fonts.ready.then(() => undefined))
        return readPng(await page.screenshot())
      }),
  }
}

describe('tables and formulas: the built deck, the PDF page and the PNG are the same picture', () => {
  const outs = [tempDir(), tempDir(), tempDir()]
  let original: Pictures
  let rowRemoved: Pictures
  let termRemoved: Pictures
  beforeAll(async () => {
    const [first, second, third] = outs.map((out) => out.dir) as [string, string, string]
    original = await picturesOf((deck) => deck, first)
    rowRemoved = await picturesOf((deck) => deck.replace('        - [Bread flour, 12.5 %, Crusty loaves]\n', ''), second)
    termRemoved = await picturesOf((deck) => deck.replace('$$h = \\frac{w}{f} \\times 100\\,\\%$$', () => '$$h = \\frac{w}{f}$$'), third)
  }, 300_000)
  afterAll(() => {
    for (const out of outs) out.cleanup()
  })

  it.each([
    ['table', TABLE_SLIDE],
    ['formula', FORMULA_SLIDE],
  ])('the %s slide', async (name, number) => {
    const built = await original.built(number)
    const page = original.pdf[number - 1]
    if (!page) throw new Error(`no PDF page ${number}`)
    expect(slideDifference(built, page, `blocks-${name}-build-pdf`), 'build against PDF page').toBeLessThanOrEqual(PARITY_LIMIT)
    expect(slideDifference(original.png(number), page, `blocks-${name}-png-pdf`), 'PNG against PDF page').toBeLessThanOrEqual(PARITY_LIMIT)
  })

  it('a table with a row removed is another picture', () => {
    expect(slideDifference(rowRemoved.png(TABLE_SLIDE), original.png(TABLE_SLIDE))).toBeGreaterThan(PARITY_LIMIT)
    const page = rowRemoved.pdf[TABLE_SLIDE - 1]
    if (!page) throw new Error('no PDF page')
    expect(slideDifference(page, original.png(TABLE_SLIDE))).toBeGreaterThan(PARITY_LIMIT)
  })

  it('a formula with a term removed is another picture', () => {
    expect(slideDifference(termRemoved.png(FORMULA_SLIDE), original.png(FORMULA_SLIDE))).toBeGreaterThan(PARITY_LIMIT)
  })
})

describe('check: a ragged table row and a TeX error, one located error each', () => {
  const project = copyProject(fixture('bread-baking'))
  afterAll(() => project.cleanup())

  it('names the YAML line of each, with KaTeX\'s message for the formula, and exits 2', async () => {
    const deckFile = path.join(project.dir, 'decks', 'baking.yaml')
    const deck = readFileSync(deckFile, 'utf8')
      .replace('        - [Cake flour, 8 %, Sponges]', '        - [Cake flour, 8 %]')
      .replace('$$h = \\frac{w}{f} \\times 100\\,\\%$$', () => '$$h = \\frac{w}{f \\times 100$$')
    writeFileSync(deckFile, deck)
    const lines = deck.split('\n')
    const lineOf = (text: string) => lines.findIndex((line) => line.includes(text)) + 1
    const check = await runCli(['check', '--no-browser', '--root', project.dir])
    expect(check.code, check.stdout).toBe(2)
    const errors = check.stdout.split('\n').filter((line) => line.includes(': error:'))
    expect(errors).toHaveLength(2)
    expect(errors.find((line) => line.includes('row 1 has 2 cells'))).toContain(`decks/baking.yaml:${lineOf('[Cake flour, 8 %]')}:`)
    const tex = errors.find((line) => line.includes('TeX error'))
    expect(tex).toContain(`decks/baking.yaml:${lineOf('$$h = \\frac{w}{f \\times 100$$')}:`)
    expect(tex).toMatch(/expected '}'|Expected '}'/)
  })
})

describe("check: contrast inside a diagram, measured against the diagram's own shapes", () => {
  const project = copyProject(fixture('river-ferry'))
  afterAll(() => project.cleanup())

  it('a node whose own style makes its text unreadable is a warning naming the diagram, at the slide; the readable diagram before it passes', async () => {
    const deckFile = path.join(project.dir, 'decks', 'ferry.yaml')
    const readable = await runCli(['check', '--root', project.dir])
    expect(readable.stdout).not.toMatch(/contrast/)
    const deck = readFileSync(deckFile, 'utf8')
    const sequence = / {8}mermaid: \|\n {10}sequenceDiagram\n(?: {12}.*\n)+/
    expect(deck).toMatch(sequence)
    // Light grey on a white box: 1.36:1. Measured against the slide (dark on kernel), it read as fine.
    writeFileSync(deckFile, deck.replace(sequence, '        mermaid: |\n          flowchart LR\n            P[Passenger] --> O[Office] --> C[Crew]\n            style O fill:#ffffff,color:#dddddd\n'))
    const check = await runCli(['check', '--root', project.dir])
    const found = check.stdout.split('\n').filter((line) => line.includes('contrast'))
    expect(found).toHaveLength(1)
    expect(found[0]).toMatch(/decks\/ferry\.yaml:\d+: warning: slide \d+ "Booking a crossing" \(layout two-columns\) has text of contrast 1\.36:1 \(#dddddd on #ffffff, "Office", in a diagram\)/)
    expect(found[0]).toContain('its style or classDef lines')
  })
})

describe('a long table split over slides: as few as the rows need', () => {
  const cells = (rows: string[][]) => rows.map((row) => row.map((text) => ({ text })))
  const size = { width: 1280, height: 720 }

  it('a table that fits under its title stays on one slide, though "k/n" would push the title to two lines', () => {
    const table = { columns: cells([['El fallo', 'C', 'Rust (código seguro)']])[0]!, rows: cells([
      ['Propiedad y tiempos de vida', 'En comentarios, en la cabeza del revisor', 'Los comprueba el compilador'],
      ['Use-after-free', 'Compila sin avisos', 'No compila'],
      ['Data races', 'Convenciones de bloqueo', 'No compilan'],
      ['Índice out-of-bounds', 'Indefinido: puede corromper memoria', 'Límites comprobados: un pánico'],
      ['Dónde mirar al revisar', 'En cualquier parte', 'Los pocos bloques `unsafe`'],
    ]), caption: null, align: null } as unknown as ResolvedTable
    expect(splitTableRows(table, { size, title: 'Un fallo de controlador, dos lenguajes', lead: null, body: null }).map((run) => run.length)).toEqual([5])
  })

  it('under Markdown that fills the first slide, the first keeps a row and one more slide takes the rest (not one row a slide)', () => {
    const table = { columns: cells([['Ingredient', 'Grams', 'Percent']])[0]!, rows: cells([['Bread flour', '500', '100 %'], ['Water', '350', '70 %'], ['Salt', '10', '2 %']]), caption: 'A basic loaf, by weight', align: null } as unknown as ResolvedTable
    const body = '1. Pick the flour weight\n2. Scale the rest by the same factor\n   - round salt to the gram\n'
    expect(splitTableRows(table, { size, title: "Weigh, don't scoop", lead: 'A cup of flour weighs 120 to 150 g; a scale gives the same dough every time.', body }).map((run) => run.length)).toEqual([1, 2])
  })
})

describe('a long GFM table in body: continues on the next slide with its header, as a table from data does', () => {
  const project = copyProject(fixture('bread-baking'))
  const out = tempDir()
  afterAll(() => {
    project.cleanup()
    out.cleanup()
  })
  const steps = ['Feed the starter', 'Mix flour and water', 'Rest (autolyse)', 'Add starter and salt', 'First fold', 'Second fold', 'Third fold', 'Fourth fold', 'Bulk rise', 'Pre-shape', 'Bench rest', 'Final shape', 'Cold proof', 'Preheat the oven', 'Bake covered', 'Bake uncovered', 'Cool on a rack', 'Slice']
  const rows = steps.map((step, index) => `| ${index + 1} | ${step} | ${index % 3 === 0 ? 'Check the dough' : 'Wait'} |`)
  const slide = ['  - layout: markdown', '    id: schedule', '    title: A baking day, step by step', '    body: |', '      Times for a dough kept at 24 °C:', '', '      | Step | What | Then |', '      |-----:|:-----|:-----|', ...rows.map((row) => `      ${row}`), '    notes: The whole day on one table.', ''].join('\n')

  it('check finds nothing cut off; each slide has the header and its share of the rows, the Markdown above the table on the first only; the PDF shows every row', async () => {
    const deckFile = path.join(project.dir, 'decks', 'baking.yaml')
    writeFileSync(deckFile, readFileSync(deckFile, 'utf8').replace('  - layout: sources', () => `${slide}  - layout: sources`))
    const check = await runCli(['check', '--root', project.dir])
    expect(check.stdout).not.toMatch(/overflow/)
    // One entry, one finding: its parts do not each say it cites no source.
    expect(check.stdout.match(/"A baking day, step by step" .*cites no source/g)).toHaveLength(1)
    const { decks } = await loadProjectDecks(project.dir)
    const parts = decks.get('baking')?.slides.filter((shown) => shown.title === 'A baking day, step by step') ?? []
    expect(parts.length).toBeGreaterThan(1)
    expect(parts.map((part) => part.part?.count)).toEqual(parts.map(() => parts.length))
    expect(parts.map((part) => part.table?.columns.map((cell) => cell.text))).toEqual(parts.map(() => ['Step', 'What', 'Then']))
    expect(parts[0]?.table?.columns.map((cell) => cell.align)).toEqual(['right', 'left', 'left'])
    expect(parts.flatMap((part) => part.table?.rows.map((row) => row[1]?.text) ?? [])).toEqual(steps)
    expect(parts.map((part) => part.body?.markdown ?? null)).toEqual(['Times for a dough kept at 24 °C:', ...parts.slice(1).map(() => null)])
    const exported = await runCli(['export', 'baking', '--root', project.dir, '--out', out.dir, '--format', 'pdf'])
    expect(exported.code, exported.stderr).toBe(0)
    const text = execFileSync('pdftotext', ['-layout', path.join(out.dir, 'baking.pdf'), '-'], { encoding: 'utf8' })
    const pages = text.split('\f').filter((page) => page.includes('A baking day, step by step'))
    expect(pages).toHaveLength(parts.length)
    for (const page of pages) expect(page).toMatch(/Step\s+What\s+Then/)
    for (const step of steps) expect(text).toContain(step)
  }, 120_000)
})
