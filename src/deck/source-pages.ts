/**
 * How the sources slides are laid out, decided before any browser sees them: which sources go on
 * which slide, and the short address each entry prints. A printed PDF cannot be clicked, so every
 * entry shows its whole title and an address a reader can type (issue 29); the entries flow into
 * columns, and onto as many slides as their estimated height needs.
 *
 * The estimate sets the text as the browser will: greedy line breaking with the advance widths of
 * the built-in body fonts (the wider of Inter and Atkinson Hyperlegible for each character), so a
 * slide is filled, not guessed at a fixed count. It errs on the side of more lines: the browser
 * also breaks after hyphens and slashes, and Inter kerns. The sizes below are those of the
 * `.td-sources` rules in templates/styles/layouts.css; change both together. Chromium measures the
 * result in `check` and in the themes tests, so an estimate that falls short is a finding, not a
 * silent cut.
 */
import { SLIDE_BODY } from './slide-body.js'
import type { ResolvedSource, SlideSize } from './types.js'

/** The geometry of the sources list, in CSS px: the numbers of templates/styles/layouts.css. */
const SOURCE_LIST = {
  /** The header at its tallest built-in size (contrast: a 56 px title, its rule, a 22 px "Facts as of" line). */
  ...SLIDE_BODY,
  headGap: 12,
  asOfHeight: 22 * 1.35,
  /** `column-width` and `column-gap` of `.td-sources`. */
  columnWidth: 380,
  columnGap: 40,
  /** The number's column of an entry (`grid-template-columns`). */
  numberWidth: 40,
  entryTitleSize: 17,
  entryMetaSize: 16,
  /** One line pitch for title and address lines (`line-height`), plus half a pixel where sizes mix on a line. */
  entryLineHeight: 21.5,
  /** Space between entries (`margin-bottom` of an entry; dropped at a column's end). */
  entryGap: 8,
} as const

/** Lines an address may take before it is shortened in the middle. */
const ADDRESS_LINES = 2
/** Every width estimate is widened by this much: rounding, subpixel positions, a font's hinting. */
const SAFETY = 1.03

/**
 * Advance widths of printable ASCII (space … `~`) in hundredths of an em: the wider of Inter and
 * Atkinson Hyperlegible (the built-in themes' body fonts), regular and bold, measured in Chromium.
 */
const REGULAR = [
  28, 29, 47, 65, 64, 98, 70, 30, 36, 36, 50, 66, 29, 46, 29, 38, 65, 41, 61, 62, 65, 59, 62, 57, 62, 62, 29, 30, 66, 66, 66, 52, 97, 69, 65, 73, 72, 60, 59, 75, 74, 41, 57, 67, 57, 90, 75, 76,
  64, 76, 64, 64, 65, 74, 69, 99, 68, 68, 63, 36, 38, 36, 55, 46, 32, 56, 61, 57, 61, 58, 37, 61, 59, 28, 25, 55, 24, 88, 59, 60, 61, 61, 38, 53, 33, 59, 56, 82, 55, 56, 55, 43, 33, 43, 66,
]
const BOLD = [
  32, 34, 55, 78, 65, 102, 70, 34, 38, 38, 56, 68, 33, 47, 33, 44, 67, 45, 63, 65, 68, 62, 65, 58, 65, 65, 33, 34, 68, 68, 68, 61, 102, 75, 66, 74, 72, 61, 59, 75, 75, 46, 58, 72, 57, 93, 76, 77,
  65, 78, 66, 65, 67, 73, 75, 104, 74, 73, 66, 38, 44, 38, 59, 48, 37, 58, 63, 59, 63, 60, 40, 63, 62, 31, 27, 58, 31, 91, 62, 61, 63, 63, 41, 56, 38, 62, 60, 85, 58, 60, 57, 47, 37, 47, 68,
]

/** The width of a character in em: accented Latin as wide as a capital, anything else (CJK, emoji) a full em. */
function charWidth(char: string, bold: boolean): number {
  const code = char.codePointAt(0) ?? 0
  if (code >= 32 && code < 127) return ((bold ? BOLD : REGULAR)[code - 32] ?? 100) / 100
  return code < 0x2e80 ? 0.8 : 1
}

export function textWidth(text: string, size: number, bold = false): number {
  let em = 0
  for (const char of text) em += charWidth(char, bold)
  return em * size * SAFETY
}

interface Token {
  text: string
  size: number
  bold?: boolean
}

/**
 * The lines `tokens` take in a box `width` px wide: breaks at spaces, and inside a word only when
 * the word alone is wider than a line (`overflow-wrap: anywhere`), or anywhere with `breakAll`.
 */
export function countLines(tokens: Token[], width: number, breakAll = false): number {
  let lines = 1
  let used = 0
  const place = (piece: string, size: number, bold: boolean) => {
    for (const char of piece) {
      const w = textWidth(char, size, bold)
      if (used + w > width && used > 0) {
        lines++
        used = 0
      }
      used += w
    }
  }
  for (const { text, size, bold = false } of tokens) {
    if (breakAll) {
      place(text, size, bold)
      continue
    }
    for (const [index, word] of text.split(' ').entries()) {
      const space = index > 0 ? textWidth(' ', size, bold) : 0
      const w = textWidth(word, size, bold)
      if (used > 0 && used + space + w > width) {
        lines++
        used = 0
      } else used += space
      if (w > width) place(word, size, bold)
      else used += w
    }
  }
  return lines
}

/** The columns of the sources list on a slide of this size and the width of each, as CSS multi-column sets them. */
function sourceColumns(size: SlideSize): { count: number; width: number } {
  const { padX, columnWidth, columnGap } = SOURCE_LIST
  const available = Math.max(1, size.width - 2 * padX)
  const count = Math.max(1, Math.floor((available + columnGap) / (columnWidth + columnGap)))
  return { count, width: (available - (count - 1) * columnGap) / count }
}

/** The width an entry's text has beside its number. */
function entryTextWidth(size: SlideSize): number {
  return sourceColumns(size).width - SOURCE_LIST.numberWidth
}

/**
 * The address a reader can type: host and path (with the query, which names a commit or a
 * message), without the scheme, `www.` or a trailing slash. Shortened in the middle, where an
 * address is least telling, only when it would not fit on two lines of the slide's column.
 */
export function shortAddress(url: string, size: SlideSize): string {
  const full = url.replace(/^[a-z][a-z0-9+.-]*:\/\/(www\.)?/i, '').replace(/\/$/, '')
  const width = entryTextWidth(size)
  const fits = (text: string) => countLines([{ text, size: SOURCE_LIST.entryMetaSize }], width, true) <= ADDRESS_LINES
  if (fits(full)) return full
  // Keep the host whole where possible, and as much of the end (an id, a file name) as fits.
  const host = full.split('/')[0] ?? ''
  for (let keep = full.length - 1; keep > 8; keep--) {
    const head = Math.min(Math.max(host.length + 1, Math.ceil(keep * 0.4)), keep - 4)
    const shortened = `${full.slice(0, head)}…${full.slice(full.length - (keep - head))}`
    if (fits(shortened)) return shortened
  }
  return `${full.slice(0, 8)}…`
}

/** The publisher an entry names: none when it is only the host its address starts with (as the `host` helper reads it). */
function shownPublisher({ publisher, url }: ResolvedSource): string | null {
  const host = /^[a-z]+:\/\/(?:www\.)?([^/?#]+)/i.exec(url)?.[1] ?? url
  return publisher === host ? null : publisher
}

/** The height of one entry: its title with the publisher and date after it, then its address. */
function entryHeight(source: ResolvedSource, textWidth: number): number {
  const { entryTitleSize, entryMetaSize, entryLineHeight } = SOURCE_LIST
  const meta = [shownPublisher(source), source.date].filter(Boolean).join(', ')
  const titleLines = countLines([{ text: source.title, size: entryTitleSize }, ...(meta ? [{ text: ` ${meta}`, size: entryMetaSize }] : [])], textWidth)
  const addressLines = countLines([{ text: source.address, size: entryMetaSize }], textWidth, true)
  return (titleLines + addressLines) * entryLineHeight
}

export interface SourcePagesOptions {
  size: SlideSize
  /** The slides' title; a long one wraps and leaves less room. @default "Sources" */
  title?: string
  /** At most this many entries on a slide (a deck's or layout's `perSlide`). */
  most?: number
}

/**
 * Splits the deck's sources into the sources slides: as few slides as the entries need, each
 * filled column after column, and the entries shared evenly among the slides (the last slide is
 * not left with one entry). An entry taller than a column gets a slide of its own, so it still
 * appears (and `check` names the overflow).
 */
export function splitSources(sources: ResolvedSource[], { size, title = 'Sources', most = Number.POSITIVE_INFINITY }: SourcePagesOptions): ResolvedSource[][] {
  const { padTop, padBottom, padX, bodyGap, titleSize, titleLineHeight, titleRule, headGap, asOfHeight } = SOURCE_LIST
  // The title carries "k/n" when the sources take more than one slide.
  const titleLines = countLines([{ text: `${title} 10/10`, size: titleSize, bold: true }], size.width - 2 * padX)
  const header = titleLines * titleSize * titleLineHeight + titleRule + headGap + asOfHeight
  const columnHeight = size.height - padTop - padBottom - header - bodyGap
  const columns = sourceColumns(size)
  const heights = sources.map((source) => entryHeight(source, columns.width - SOURCE_LIST.numberWidth))
  const fewest = packSources(heights, columnHeight, columns.count, most).length
  // The shortest columns that still need no more slides: a binary search, since fewer rows per
  // column never need fewer slides.
  let [low, high] = [0, columnHeight]
  while (high - low > 1) {
    const middle = (low + high) / 2
    if (packSources(heights, middle, columns.count, most).length <= fewest) high = middle
    else low = middle
  }
  return packSources(heights, high, columns.count, most).map((page) => page.map((index) => sources[index] as ResolvedSource))
}

/** Entries (by index) onto slides of `columns` columns `columnHeight` px tall, at most `most` a slide. */
function packSources(heights: number[], columnHeight: number, columns: number, most: number): number[][] {
  const { entryGap } = SOURCE_LIST
  const pages: number[][] = []
  let page: number[] = []
  let column = 0
  let used = 0
  const close = () => {
    if (page.length > 0) pages.push(page)
    page = []
    column = 0
    used = 0
  }
  heights.forEach((height, index) => {
    if (height > columnHeight) {
      // Taller than a column: it would run into the next one.
      close()
      pages.push([index])
      return
    }
    if (page.length >= most) close()
    else if (used > 0 && used + entryGap + height > columnHeight) {
      column++
      used = 0
      if (column >= columns) close()
    }
    page.push(index)
    used += (used === 0 ? 0 : entryGap) + height
  })
  close()
  return pages.length > 0 ? pages : [[]]
}
