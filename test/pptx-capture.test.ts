/**
 * A project's own layout in PowerPoint (issue 25 point 4, issue 26 point 5): the beekeeping
 * fixture's `poster` layout uses classes of its own — a caption paragraph, a photo, a stamp drawn
 * as a CSS background — and its deck an SVG logo. Everything visible reaches the PPTX, or a
 * warning names it with the deck line and the layout file. The CLI exports it; the XML is read
 * back with JSZip and the file rendered with LibreOffice.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import JSZip from 'jszip'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES, lazy, runCli, tempDir, type CliRun } from './helpers.js'
import { hasLibreOffice } from './office.js'

const run = promisify(execFile)
const PROJECT = path.join(FIXTURES, 'pptx-capture')
const out = lazy(tempDir)
const file = () => path.join(out.dir, 'bees.pptx')
let exported: CliRun
let zip: JSZip

/** Each slide's XML, in order. */
async function slidesXml(): Promise<string[]> {
  const names = Object.keys(zip.files).filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name))
  names.sort((a, b) => Number(/(\d+)\.xml$/.exec(a)?.[1]) - Number(/(\d+)\.xml$/.exec(b)?.[1]))
  return Promise.all(names.map((name) => zip.file(name)?.async('string') ?? ''))
}

/** The pictures of a slide: their alt text and the media file each shows. */
async function picturesOf(slide: number): Promise<{ descr: string; media: string }[]> {
  const xml = (await slidesXml())[slide - 1] ?? ''
  const rels = (await zip.file(`ppt/slides/_rels/slide${slide}.xml.rels`)?.async('string')) ?? ''
  return [...xml.matchAll(/<p:pic>.*?<\/p:pic>/gs)].map(([pic]) => {
    const descr = /descr="([^"]*)"/.exec(pic)?.[1] ?? ''
    const embeds = [...pic.matchAll(/r:embed="([^"]+)"/g)].map((match) => match[1])
    const media = embeds.map((id) => new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? '').join(' ')
    return { descr, media }
  })
}

beforeAll(async () => {
  exported = await runCli(['export', 'bees', '--root', PROJECT, '--format', 'pptx', '--out', out.dir])
  zip = await JSZip.loadAsync(readFileSync(file()))
})
afterAll(() => out.cleanup())

describe('a project layout with its own classes, exported to PowerPoint', () => {
  it('exports', () => {
    expect(exported.code, exported.stderr).toBe(0)
  })

  it("has the layout's caption paragraph as text on its slide", async () => {
    expect((await slidesXml())[1]).toContain('One strong colony on a flat roof can give about 20 kg of honey in a good summer.')
  })

  it('has the extra picture, with its alt text', async () => {
    expect(await picturesOf(2)).toContainEqual({ descr: 'A wooden hive on a gravel roof', media: expect.stringMatching(/\.png$/) })
  })

  it('has the SVG logo on every slide as a picture with alt text, not a browser message', async () => {
    for (const slide of [1, 2, 3]) {
      const logo = (await picturesOf(slide)).find((picture) => picture.descr === 'Logo')
      expect(logo?.media, `slide ${slide}`).toMatch(/\.(png|svg)$/)
    }
    expect(exported.stderr).not.toMatch(/Tainted|SecurityError|logo\.svg/)
  })

  it('names what it could not take — the CSS background picture — at the deck line and the layout file', () => {
    const lines = exported.stderr.split('\n').filter((line) => line.includes(': warning: '))
    expect(lines).toEqual([expect.stringMatching(/decks\/bees\.yaml:9: warning: slide 2 \(layout poster, templates\/layouts\/poster\.hbs\): div\.bee-stamp shows a CSS background picture, which is not in the PPTX/)])
  })

  it.skipIf(!hasLibreOffice)('draws the logo and the caption when LibreOffice renders the file', async () => {
    await run('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', out.dir, file()], { timeout: 120_000 })
    await run('pdftoppm', ['-png', '-r', '50', '-f', '2', '-l', '2', path.join(out.dir, 'bees.pdf'), path.join(out.dir, 'render')])
    const png = PNG.sync.read(readFileSync(path.join(out.dir, 'render-2.png')))
    const at = (x: number, y: number) => Array.from(png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3))
    const count = (match: (rgb: number[]) => boolean, x0: number, y0: number, x1: number, y1: number) => {
      let found = 0
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (match(at(x, y))) found++
      return found
    }
    // The logo's yellow hexagon at the foot of the slide, left; the caption's dark text right of the photo.
    const yellow = ([r, g, b]: number[]) => (r ?? 0) > 200 && (g ?? 0) > 150 && (b ?? 0) < 80
    const dark = ([r, g, b]: number[]) => (r ?? 0) + (g ?? 0) + (b ?? 0) < 200
    expect(count(yellow, 0, Math.round(png.height * 0.85), Math.round(png.width * 0.2), png.height)).toBeGreaterThan(10)
    expect(count(dark, Math.round(png.width * 0.36), Math.round(png.height * 0.18), png.width, Math.round(png.height * 0.33))).toBeGreaterThan(50)
  })
})
