/**
 * Issue 28: a chart in the PowerPoint export is a native chart whose embedded workbook holds the
 * numbers of the YAML, in the deck theme's colours, or in the template's accents on a template.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES, runCli, tempDir } from './helpers.js'

const PROJECT = path.join(FIXTURES, 'bike-counts')
const LIGHTS = path.join(FIXTURES, 'pptx-templates', 'libreoffice-lights.potx')
const out = tempDir()
afterAll(() => out.cleanup())

async function exportPptx(folder: string, ...extra: string[]): Promise<JSZip> {
  const run = await runCli(['export', 'charts', '--root', PROJECT, '--out', path.join(out.dir, folder), '--format', 'pptx', ...extra])
  expect(run.code, run.stderr).toBe(0)
  expect(run.stderr).not.toMatch(/not in the PPTX|pptx-/)
  return JSZip.loadAsync(readFileSync(path.join(out.dir, folder, 'charts.pptx')))
}

const chartParts = (zip: JSZip) => Object.keys(zip.files).filter((name) => /^ppt\/charts\/[^/]+\.xml$/.test(name)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
const text = (zip: JSZip, name: string) => zip.file(name)?.async('string') ?? Promise.reject(new Error(`no ${name}`))
const seriesColours = (xml: string) => [...xml.matchAll(/<c:ser>[\s\S]*?<c:spPr>[\s\S]*?<a:srgbClr val="([0-9A-F]{6})"/gi)].map((match) => match[1]?.toUpperCase())

describe('charts in the PowerPoint export', () => {
  let themed: JSZip
  let templated: JSZip
  beforeAll(async () => {
    themed = await exportPptx('themed')
    templated = await exportPptx('template', '--pptx-template', LIGHTS)
  }, 180_000)

  it('draws each of the deck\'s nine charts (two of them in a column) as a chart part with an embedded workbook, none as a picture', async () => {
    expect(chartParts(themed)).toHaveLength(9)
    expect(Object.keys(themed.files).filter((name) => /^ppt\/embeddings\/.*\.xlsx$/.test(name))).toHaveLength(9)
    for (const slide of [8, 9]) expect(await text(themed, `ppt/slides/slide${slide}.xml`), `slide ${slide}`).toContain('<c:chart ')
    const slide1 = await text(themed, 'ppt/slides/slide1.xml')
    expect(slide1).toContain('<c:chart ')
    expect(slide1).not.toContain('<p:pic>')
  })

  it('holds the YAML\'s categories and values in the chart and in its workbook', async () => {
    const chart = await text(themed, chartParts(themed)[0] ?? '')
    for (const year of ['2021', '2022', '2023', '2024', '2025']) expect(chart).toContain(`<c:v>${year}</c:v>`)
    for (const value of ['1200', '1350', '1900', '2450', '2700']) expect(chart).toContain(`<c:v>${value}</c:v>`)
    const rels = await text(themed, (chartParts(themed)[0] ?? '').replace(/charts\/([^/]+)$/, 'charts/_rels/$1.rels'))
    const workbookName = /Target="\.\.\/embeddings\/([^"]+\.xlsx)"/.exec(rels)?.[1] ?? ''
    const workbook = await JSZip.loadAsync(await (themed.file(`ppt/embeddings/${workbookName}`)?.async('uint8array') ?? Promise.reject(new Error('no workbook'))))
    const sheet = await text(workbook, 'xl/worksheets/sheet1.xml')
    for (const value of ['1200', '1350', '1900', '2450', '2700']) expect(sheet).toContain(`<v>${value}</v>`)
  })

  it('starts a bar chart\'s axis at zero and names a pie\'s slices beside them, as the slide does', async () => {
    const parts = chartParts(themed)
    // The column's bars (1,800, 1,700, 1,800): an axis fitted to the data would start near 1,640.
    expect(await text(themed, parts[7] ?? '')).toMatch(/<c:valAx>[\s\S]*?<c:scaling>[\s\S]*?<c:min val="0"\/>[\s\S]*?<\/c:scaling>/)
    const pie = await text(themed, parts[4] ?? '')
    expect(pie).toContain('<c:pieChart>')
    expect(pie).toMatch(/<c:dLbls>[\s\S]*?<c:dLblPos val="outEnd"\/>[\s\S]*?<c:showVal val="1"\/>[\s\S]*?<c:showCatName val="1"\/>/)
  })

  it('paints the series in the deck theme\'s colours, and on a template in its accents', async () => {
    const themedColour = seriesColours(await text(themed, chartParts(themed)[0] ?? ''))[0]
    const templateColour = seriesColours(await text(templated, chartParts(templated)[0] ?? ''))[0]
    // paper's --td-chart-1 is its accent; Lights' accent1 comes from the template's theme part.
    const theme = await text(templated, 'ppt/theme/theme1.xml')
    const accent1 = /<a:accent1>\s*<a:srgbClr val="([0-9A-F]{6})"/i.exec(theme)?.[1]?.toUpperCase()
    expect(themedColour).toMatch(/^[0-9A-F]{6}$/)
    expect(templateColour).toBe(accent1)
    expect(templateColour).not.toBe(themedColour)
  })

  it('names where each chart\'s numbers come from in the slide\'s notes, after the speaker notes, on a template too', async () => {
    const notesText = async (zip: JSZip, slide: number) => [...(await text(zip, `ppt/notesSlides/notesSlide${slide}.xml`)).matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((match) => match[1]).join(' ')
    for (const zip of [themed, templated]) {
      const stacked = await notesText(zip, 2)
      expect(stacked).toMatch(/Stacked, so the total[\s\S]*Chart data \(Bridge, Market street, Station\)[\s\S]*Riverton bike counter report 2025 \(test fixture\), Riverton transport office \(2026-02\): https:\/\/example\.org\/riverton\/counters-2025/)
      // The chart in the right column of a two-columns slide, and the item's chart beside its text.
      expect(await notesText(zip, 8)).toContain('https://example.org/riverton/counters-2025')
      expect(await notesText(zip, 9)).toContain('How Riverton gets to work, survey 2025 (test fixture)')
    }
  })
})
