/**
 * How many rows of a table (`table:`) a slide takes, decided before any browser sees it: a long
 * table continues on the next slide with its header repeated, never cut off. The rows are shared
 * evenly (21 rows at 8 a slide: 7 + 7 + 7), like cards (card-pages.ts).
 *
 * The estimate sets each cell as the browser will, with the font widths of source-pages.ts, in the
 * sizes of the `.td-table` rules in templates/styles/layouts.css: change both together. Columns are
 * as wide as their longest cell when the table fits the slide's width, else shared in proportion
 * to it, as an automatic table layout does. It errs on the side of fewer rows; `check` measures the
 * result in Chromium, so an estimate that falls short is a finding, not a silent cut.
 */
import { splitEvenly } from './card-pages.js'
import { SLIDE_BODY } from './slide-body.js'
import { countLines, textWidth } from './source-pages.js'
import type { ResolvedCell, ResolvedTable, SlideSize } from './types.js'

/** The geometry of a table slide, in CSS px: the numbers of templates/styles/layouts.css. */
const TABLE = {
  ...SLIDE_BODY,
  cellSize: 24,
  cellLineHeight: 1.3,
  cellPadX: 18,
  cellPadY: 8,
  /** The rule under the header row, and the hairline between rows. */
  headRule: 3,
  rowRule: 1,
  captionHeight: 20 * 1.35 + 8,
  /** Lead and body Markdown above a table: paragraphs of `--td-size-lead` at its largest built-in size (contrast). */
  bodySize: 34,
  bodyLineHeight: 1.35,
  /** The citation line: one line of 20 px. */
  citeHeight: 20 * 1.35,
} as const

/** The text as it reads: Markdown's marks, link targets and formula dollars take no room. */
const plain = (markdown: string) => markdown.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*_`$\\]/g, '')

/** Each column's width: its longest cell when all fit, else the width shared in proportion to them. */
function columnWidths(table: ResolvedTable, width: number): number[] {
  const natural = table.columns.map((column, index) => {
    const cells = [column, ...table.rows.map((row) => row[index])].filter((cell): cell is ResolvedCell => cell !== undefined)
    // A pixel of slack: the widths of a cell's words, summed line by line, may round above the width of the whole.
    return Math.max(...cells.map((cell) => textWidth(plain(cell.text), TABLE.cellSize, cell === column))) + 1 + 2 * TABLE.cellPadX
  })
  const total = natural.reduce((sum, value) => sum + value, 0)
  return total <= width ? natural : natural.map((value) => (value / total) * width)
}

function rowHeight(cells: ResolvedCell[], widths: number[], bold: boolean): number {
  const lines = Math.max(1, ...cells.map((cell, index) => countLines([{ text: plain(cell.text), size: TABLE.cellSize, bold }], Math.max(40, (widths[index] ?? 0) - 2 * TABLE.cellPadX))))
  return lines * TABLE.cellSize * TABLE.cellLineHeight + 2 * TABLE.cellPadY
}

/** The height of block Markdown, each paragraph or list item set on its own lines. */
function bodyHeight(markdown: string, width: number): number {
  const blocks = markdown.split(/\n\s*\n|\n(?=\s*(?:[-*+]|\d+\.)\s)/).filter((block) => block.trim())
  const lines = blocks.reduce((sum, block) => sum + countLines([{ text: plain(block), size: TABLE.bodySize }], width), 0)
  return lines * TABLE.bodySize * TABLE.bodyLineHeight + blocks.length * 12 + TABLE.bodyGap
}

/**
 * The table's rows in slide-sized runs: one run when it fits under the title (and the Markdown
 * above it: lead and body, which only the first slide shows), else as few even runs as fit, at least one row each —
 * or, when the Markdown leaves the first slide little room, what fits there and the rest in even runs.
 */
export function splitTableRows(table: ResolvedTable, { size, title, lead, body }: { size: SlideSize; title: string; lead: string | null; body: string | null }): ResolvedCell[][][] {
  const width = size.width - 2 * TABLE.padX
  const widths = columnWidths(table, width)
  // A table on one slide has no "k/n" after its title: a title that fits without it keeps one line.
  const roomUnder = (heading: string) => {
    const head = countLines([{ text: heading, size: TABLE.titleSize, bold: true }], width) * TABLE.titleSize * TABLE.titleLineHeight + TABLE.titleRule
    return size.height - TABLE.padTop - TABLE.padBottom - head - TABLE.bodyGap * 2 - TABLE.citeHeight - (table.caption ? TABLE.captionHeight : 0) - rowHeight(table.columns, widths, true) - TABLE.headRule
  }
  const heights = table.rows.map((row) => rowHeight(row, widths, false) + TABLE.rowRule)
  const aboveTable = [lead, body].reduce((sum, markdown) => sum + (markdown ? bodyHeight(markdown, width) : 0), 0)
  // Kept 5 % short of the room: the browser's line breaks and Markdown's margins are not all counted.
  const fitsRooms = (runs: number[][]) => {
    const room = roomUnder(runs.length === 1 ? plain(title) : `${plain(title)} 10/10`)
    return runs.every((run, index) => run.reduce((sum, height) => sum + height, 0) <= 0.95 * (index === 0 ? room - aboveTable : room))
  }
  // Under Markdown that fills the first slide, that slide takes the rows it has room for and the
  // others share the rest: even runs there left three slides of one row each where two would do.
  const fitting = heights.findIndex((_, index) => !fitsRooms([heights.slice(0, index + 1), []]))
  const firstRows = fitting === -1 ? heights.length : Math.max(1, fitting)
  // A first slide with room for no row by the estimate still shows one (every run has a row): its fit is the estimate's doubt, not a reason for more slides.
  const firstRun = fitting === 0 ? [] : heights.slice(0, firstRows)
  for (let slides = 1; slides < heights.length; slides++) {
    const most = Math.ceil(heights.length / slides)
    if (fitsRooms(splitEvenly(heights, most))) return splitEvenly(table.rows, most)
    if (slides === 1 || firstRows >= heights.length) continue
    const restMost = Math.ceil((heights.length - firstRows) / (slides - 1))
    if (fitsRooms([firstRun, ...splitEvenly(heights.slice(firstRows), restMost)])) {
      return [table.rows.slice(0, firstRows), ...splitEvenly(table.rows.slice(firstRows), restMost)]
    }
  }
  return table.rows.map((row) => [row])
}
