/**
 * Slides as pictures: screenshots and rasterised PDF pages compared the way a person sees a
 * difference. Chromium and poppler draw glyph edges a little differently, a pixel here and there;
 * a missing word, a wrong colour or an unthemed slide changes whole areas. So a pixel counts as
 * different only when no pixel within one step of it in the other picture has about its grey
 * level, and pictures differ when such pixels crowd one 32×32 area. Calibrated on the shipped
 * decks (Chromium screenshot against the poppler rendering of the same PDF page): the busiest area
 * has at most 55 such pixels; with one line of text hidden, at least 82.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import pixelmatch from 'pixelmatch'
import { PNG } from 'pngjs'
import { REPO } from './helpers.js'

const run = promisify(execFile)

/** Where the pictures of a failed comparison are written, with pixelmatch's picture of the difference. */
const DIFF_DIR = path.join(REPO, 'test', '.tmp', 'diffs')

/** The most different pixels one 32×32 area may hold for two pictures to show the same slide. */
export const PARITY_LIMIT = 70
const AREA = 32
const LEVEL = 128

export function readPng(bytes: Buffer): PNG {
  return PNG.sync.read(bytes)
}

function grey(picture: PNG): Uint8Array {
  const out = new Uint8Array(picture.width * picture.height)
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.round(0.299 * (picture.data[i * 4] ?? 0) + 0.587 * (picture.data[i * 4 + 1] ?? 0) + 0.114 * (picture.data[i * 4 + 2] ?? 0))
  }
  return out
}

/** Counts, per area, the pixels of `a` with no pixel of about their grey level next to them in `b`. */
function countUnmatched(a: Uint8Array, b: Uint8Array, width: number, height: number, areas: Map<number, number>): void {
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const value = a[y * width + x] ?? 0
      let best = 255
      for (let yy = Math.max(0, y - 1); yy <= Math.min(height - 1, y + 1) && best > LEVEL; yy++) {
        for (let xx = Math.max(0, x - 1); xx <= Math.min(width - 1, x + 1); xx++) best = Math.min(best, Math.abs(value - (b[yy * width + xx] ?? 0)))
      }
      if (best <= LEVEL) continue
      const area = Math.floor(y / AREA) * 10_000 + Math.floor(x / AREA)
      areas.set(area, (areas.get(area) ?? 0) + 1)
    }
  }
}

/**
 * The largest difference of mean colour between the same 32×32 area of two pictures, in levels of
 * one channel: a colour changed (a theme not applied, a background edited) moves whole areas,
 * which glyph edges and anti-aliasing do not.
 */
function colourShift(a: PNG, b: PNG): number {
  let largest = 0
  for (let top = 0; top < a.height; top += AREA) {
    for (let left = 0; left < a.width; left += AREA) {
      const sums = [0, 0, 0, 0, 0, 0]
      let count = 0
      for (let y = top; y < Math.min(top + AREA, a.height); y++) {
        for (let x = left; x < Math.min(left + AREA, a.width); x++) {
          const i = (y * a.width + x) * 4
          for (let c = 0; c < 3; c++) {
            sums[c] = (sums[c] ?? 0) + (a.data[i + c] ?? 0)
            sums[c + 3] = (sums[c + 3] ?? 0) + (b.data[i + c] ?? 0)
          }
          count++
        }
      }
      for (let c = 0; c < 3; c++) largest = Math.max(largest, Math.abs((sums[c] ?? 0) - (sums[c + 3] ?? 0)) / count)
    }
  }
  return largest
}

/** Mean colour of an area may drift this many levels (large glyphs rasterised differently) before it counts. */
const COLOUR_LIMIT = 20

/**
 * How different two pictures of a slide are: the count of the busiest area (see above), or the
 * whole limit and more when an area's colour moved; compare it with PARITY_LIMIT. Pictures of
 * different sizes differ completely. With a `name`, a difference above the limit leaves both
 * pictures and their diff in test/.tmp/diffs.
 */
export function slideDifference(a: PNG, b: PNG, name?: string): number {
  if (a.width !== b.width || a.height !== b.height) return AREA * AREA
  const [ga, gb] = [grey(a), grey(b)]
  const areas = new Map<number, number>()
  countUnmatched(ga, gb, a.width, a.height, areas)
  countUnmatched(gb, ga, a.width, a.height, areas)
  const shift = colourShift(a, b)
  const busiest = Math.max(0, ...areas.values(), shift > COLOUR_LIMIT ? PARITY_LIMIT + Math.round(shift) : 0)
  if (name && busiest > PARITY_LIMIT) {
    mkdirSync(DIFF_DIR, { recursive: true })
    const diff = new PNG({ width: a.width, height: a.height })
    pixelmatch(a.data, b.data, diff.data, a.width, a.height, { threshold: 0.2 })
    writeFileSync(path.join(DIFF_DIR, `${name}-diff.png`), PNG.sync.write(diff))
    writeFileSync(path.join(DIFF_DIR, `${name}-a.png`), PNG.sync.write(a))
    writeFileSync(path.join(DIFF_DIR, `${name}-b.png`), PNG.sync.write(b))
  }
  return busiest
}

/** Every page of a PDF as a picture at 96 dpi: a 1280×720 px slide gives a 1280×720 picture. */
export async function rasterisePdf(file: string, outDir: string): Promise<PNG[]> {
  mkdirSync(outDir, { recursive: true })
  await run('pdftoppm', ['-r', '96', '-png', file, path.join(outDir, 'page')])
  return readdirSync(outDir)
    .filter((name) => /^page-\d+\.png$/.test(name))
    .sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]))
    .map((name) => readPng(readFileSync(path.join(outDir, name))))
}

/**
 * What a picture of a slide shows that another lacks, cell by cell, when the two are drawn by
 * different programs in different fonts (a PowerPoint file rendered by LibreOffice beside the PDF):
 * at 256 px wide, each 8×8 cell has its ink (how far its pixels stray from the cell's median) and
 * its colour (the chroma of its mean). A cell of `a` with ink, or with colour, is missing when no
 * cell of `b` within two columns and one row has half as much: a fallback font's wider lines move
 * text a cell or two, a left-out badge or a list shrunk to fit leaves whole cells empty.
 */
export function missingCells(a: PNG, b: PNG): { ink: number; colour: number } {
  const [ga, gb] = [cellGrid(a), cellGrid(b)]
  return { ink: unmatchedCells(ga, gb, 'ink', 12), colour: unmatchedCells(ga, gb, 'colour', 40) }
}

const CELL = 8

interface CellGrid {
  columns: number
  rows: number
  ink: Float32Array
  colour: Float32Array
}

function cellGrid(picture: PNG): CellGrid {
  const { width, height, data } = picture
  const columns = Math.ceil(width / CELL)
  const rows = Math.ceil(height / CELL)
  const ink = new Float32Array(columns * rows)
  const colour = new Float32Array(columns * rows)
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const pixels: number[][] = []
      for (let y = row * CELL; y < Math.min(height, row * CELL + CELL); y++) {
        for (let x = column * CELL; x < Math.min(width, column * CELL + CELL); x++) {
          const i = (y * width + x) * 4
          pixels.push([data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0])
        }
      }
      const median = [0, 1, 2].map((c) => pixels.map((p) => p[c] ?? 0).sort((p, q) => p - q)[pixels.length >> 1] ?? 0)
      const mean = [0, 1, 2].map((c) => pixels.reduce((sum, p) => sum + (p[c] ?? 0), 0) / pixels.length)
      ink[row * columns + column] = pixels.reduce((sum, p) => sum + Math.max(...[0, 1, 2].map((c) => Math.abs((p[c] ?? 0) - (median[c] ?? 0)))), 0) / pixels.length
      colour[row * columns + column] = Math.max(...mean) - Math.min(...mean)
    }
  }
  return { columns, rows, ink, colour }
}

function unmatchedCells(a: CellGrid, b: CellGrid, field: 'ink' | 'colour', threshold: number): number {
  let missing = 0
  for (let row = 0; row < a.rows; row++) {
    for (let column = 0; column < a.columns; column++) {
      if ((a[field][row * a.columns + column] ?? 0) <= threshold) continue
      let found = false
      for (let r = Math.max(0, row - 1); r <= Math.min(b.rows - 1, row + 1) && !found; r++) {
        for (let c = Math.max(0, column - 2); c <= Math.min(b.columns - 1, column + 2) && !found; c++) found = (b[field][r * b.columns + c] ?? 0) > threshold / 2
      }
      if (!found) missing++
    }
  }
  return missing
}

/** Where a shape is on its slide, as fractions of the slide's width and height. */
export interface SlideRect {
  x: number
  y: number
  w: number
  h: number
}

/** The mean colour of a picture inside `rect` (fractions of its size). */
function meanColour(picture: PNG, rect: SlideRect): number[] {
  const x0 = Math.ceil(rect.x * picture.width)
  const x1 = Math.max(x0 + 1, Math.floor((rect.x + rect.w) * picture.width))
  const y0 = Math.ceil(rect.y * picture.height)
  const y1 = Math.max(y0 + 1, Math.floor((rect.y + rect.h) * picture.height))
  const sum = [0, 0, 0]
  let count = 0
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * picture.width + x) * 4
      for (const c of [0, 1, 2]) sum[c] = (sum[c] ?? 0) + (picture.data[i + c] ?? 0)
      count++
    }
  }
  return sum.map((value) => value / Math.max(1, count))
}

const colourDistance = (a: number[], b: number[]) => Math.max(...a.map((value, c) => Math.abs(value - (b[c] ?? 0))))

/**
 * Whether a small shape of `expected` (a badge's pill and label) is missing from `actual` at
 * `rect`: what `actual` shows there is nearer to what lies just above the shape in it (the card
 * or slide behind the pill) than to what `expected` shows there. Relative, so a pale pill on a
 * light card counts as much as a dark one, and a fallback font's wider label does not.
 */
export function shapeMissing(expected: PNG, actual: PNG, rect: SlideRect): boolean {
  const shown = meanColour(actual, rect)
  const behind = meanColour(actual, { x: rect.x, y: rect.y - 3 / actual.height, w: rect.w, h: 1.5 / actual.height })
  return colourDistance(shown, meanColour(expected, rect)) >= colourDistance(shown, behind)
}
