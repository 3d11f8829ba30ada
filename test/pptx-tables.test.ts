/**
 * Issue 27: a table in the PowerPoint export is a native, editable table — a data table and a
 * Markdown (GFM) one — with every cell of the YAML in it, and no cell left as a loose text box.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES, runCli, tempDir } from './helpers.js'

const out = tempDir()
afterAll(() => out.cleanup())

/** Each table of a slide: its rows of cell texts. */
function tablesOf(slideXml: string): string[][][] {
  return [...slideXml.matchAll(/<a:tbl>([\s\S]*?)<\/a:tbl>/g)].map((table) =>
    [...(table[1] ?? '').matchAll(/<a:tr [^>]*>([\s\S]*?)<\/a:tr>/g)].map((row) =>
      [...(row[1] ?? '').matchAll(/<a:tc[ >]([\s\S]*?)<\/a:tc>/g)].map((cell) => [...(cell[1] ?? '').matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((text) => text[1]).join('')),
    ),
  )
}

describe('tables in the PowerPoint export', () => {
  let slides: string[]
  let stderr: string
  beforeAll(async () => {
    const run = await runCli(['export', 'baking', '--root', path.join(FIXTURES, 'bread-baking'), '--out', out.dir, '--format', 'pptx'])
    expect(run.code, run.stderr).toBe(0)
    stderr = run.stderr
    const zip = await JSZip.loadAsync(readFileSync(path.join(out.dir, 'baking.pptx')))
    const names = Object.keys(zip.files).filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    slides = await Promise.all(names.map((name) => zip.file(name)?.async('string') ?? ''))
  }, 120_000)

  it('draws a data table as a native table, with its header and every cell, bold text kept as a run', () => {
    const tables = slides.flatMap(tablesOf)
    expect(tables).toContainEqual([
      ['Flour', 'Protein', 'Best for'],
      ['Cake flour', '8 %', 'Sponges'],
      ['All-purpose', '10 %', 'Most home baking'],
      ['Bread flour', '12.5 %', 'Crusty loaves'],
      ['Whole wheat', '13 %', 'Dense loaves'],
    ])
  })

  it('draws a GFM table from a body as a native table too', () => {
    expect(slides.flatMap(tablesOf)).toContainEqual([
      ['Ingredient', 'Share'],
      ['Flour', '100 %'],
      ['Water', '70 %'],
      ['Salt', '2 %'],
    ])
  })

  it('leaves no cell out of the PPTX', () => {
    expect(stderr).not.toMatch(/not in the PPTX/)
  })
})
