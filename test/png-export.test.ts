/**
 * `export --format png`: a picture per slide in the deck's folder, at the deck's size times the
 * scale, showing what the PDF's pages show (compared as pictures with poppler's rendering of the
 * PDF), and kept when the deck is rebuilt.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import pixelmatch from 'pixelmatch'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO, copyProject, fixture, loadProjectDecks, runCli, tempDir } from './helpers.js'

const readPng = (file: string) => PNG.sync.read(readFileSync(file))

/** Share of pixels that differ between two pictures of one size (anti-aliasing of two rasterizers aside). */
function difference(a: PNG, b: PNG): number {
  return pixelmatch(a.data, b.data, undefined, a.width, a.height, { threshold: 0.3 }) / (a.width * a.height)
}

describe('export --format png,pdf', () => {
  const out = tempDir()
  let slides = 0
  beforeAll(async () => {
    slides = (await loadProjectDecks(REPO)).decks.get('lightning')?.slides.length ?? 0
    const run = await runCli(['export', 'lightning', '--format', 'png,pdf', '--out', out.dir])
    expect(run.code, run.stderr).toBe(0)
  })
  afterAll(() => out.cleanup())

  it('writes DIR/<deck>/001.png … one per slide, at the deck size', () => {
    const [marker, ...names] = readdirSync(path.join(out.dir, 'lightning')).sort()
    expect(slides).toBeGreaterThan(5)
    // The folder is marked as talkdeck's, so that a build may replace it (keeping the pictures).
    expect(marker).toBe('.talkdeck-output')
    expect(names).toEqual(Array.from({ length: slides }, (_, index) => `${String(index + 1).padStart(3, '0')}.png`))
    for (const name of names) {
      const image = readPng(path.join(out.dir, 'lightning', name))
      expect([image.width, image.height], name).toEqual([1280, 720])
    }
  })

  it('shows the same pictures as the PDF pages', () => {
    // 96 dpi: a 1280 px (960 pt) page comes out 1280 pixels wide, like the PNG.
    execFileSync('pdftoppm', ['-r', '96', '-png', path.join(out.dir, 'lightning.pdf'), path.join(out.dir, 'page')])
    const pages = readdirSync(out.dir).filter((name) => /^page-\d+\.png$/.test(name)).sort()
    expect(pages).toHaveLength(slides)
    const pictures = pages.map((name) => readPng(path.join(out.dir, name)))
    for (let index = 0; index < slides; index++) {
      const image = readPng(path.join(out.dir, 'lightning', `${String(index + 1).padStart(3, '0')}.png`))
      const distances = pictures.map((page) => difference(image, page))
      // Its own page, within the anti-aliasing two rasterizers differ by; closer than any other page.
      expect(distances[index], `slide ${index + 1}`).toBeLessThan(0.03)
      expect(distances.indexOf(Math.min(...distances)), `slide ${index + 1}`).toBe(index)
    }
  })

  it('keeps the pictures when the deck is built into the same folder, and drops those of removed slides', async () => {
    expect((await runCli(['build', 'lightning', '--out', out.dir])).code).toBe(0)
    expect(existsSync(path.join(out.dir, 'lightning', 'index.html'))).toBe(true)
    expect(readdirSync(path.join(out.dir, 'lightning')).filter((name) => name.endsWith('.png'))).toHaveLength(slides)
    writeFileSync(path.join(out.dir, 'lightning', '099.png'), 'an old slide')
    expect((await runCli(['export', 'lightning', '--format', 'png', '--out', out.dir])).code).toBe(0)
    expect(existsSync(path.join(out.dir, 'lightning', '099.png'))).toBe(false)
    expect(existsSync(path.join(out.dir, 'lightning', 'index.html'))).toBe(true)
  })
})

describe('export --format png --scale 2 of a 4:3 deck', () => {
  const project = copyProject(fixture('clean-talk'))
  const out = tempDir()
  afterAll(() => {
    project.cleanup()
    out.cleanup()
  })

  it('writes pictures of the deck size times the scale', async () => {
    const deckFile = path.join(project.dir, 'decks', 'tea-talk.yaml')
    writeFileSync(deckFile, readFileSync(deckFile, 'utf8').replace(/^title:/m, 'size: "4:3"\ntitle:'))
    const slides = (await loadProjectDecks(project.dir)).decks.get('tea-talk')?.slides.length
    const run = await runCli(['export', '--root', project.dir, '--format', 'png', '--scale', '2', '--out', out.dir])
    expect(run.code, run.stderr).toBe(0)
    const names = readdirSync(path.join(out.dir, 'tea-talk')).filter((name) => name.endsWith('.png'))
    expect(names).toHaveLength(slides ?? -1)
    for (const name of names) {
      const image = readPng(path.join(out.dir, 'tea-talk', name))
      expect([image.width, image.height], name).toEqual([2048, 1536])
    }
  })
})
