/**
 * A table as a native PowerPoint table: a manager edits its cells, and it keeps the deck's look —
 * the columns as wide as the slide laid them out, each cell's fill, the rule under it and its text
 * runs (inline code, links). On a template the colours go through the template's (`TableColors`).
 */
import type * as Pptx from './pptxgen.js'
import type { Block, Paragraph, Rect } from './geometry.js'
import { position } from './draw-blocks.js'
import { textRuns, type RunStyle } from './text-runs.js'
import { inches, points } from './units.js'

export interface TableColors {
  fill: (color: string) => Pptx.ShapeFill
  line: (color: string) => string
  /** A cell's paragraphs in colours that read on its fill (or, with none, on what is behind the table). */
  text: (paragraphs: Paragraph[], fill: string | undefined) => Paragraph[]
}

const THEMED: TableColors = { fill: (color) => ({ color }), line: (color) => color, text: (paragraphs) => paragraphs }
const NO_LINE = { type: 'none' } as const
const TEXT_SLACK = 0.85

export function drawTable(slide: Pptx.Slide, table: NonNullable<Block['table']>, rect: Rect, style: RunStyle, colors: TableColors = THEMED): void {
  // The table fills its rectangle as it filled the slide: a template's content area scales it.
  const across = rect.w / Math.max(1, table.columnWidths.reduce((sum, width) => sum + width, 0))
  const down = rect.h / Math.max(1, table.rowHeights.reduce((sum, height) => sum + height, 0))
  const scale = style.scale ?? 1
  // A table cannot shrink its text on overflow as a text box does: its text is set 15 % smaller,
  // room for a recipient's fallback font (DejaVu Sans is 10–15 % wider than Inter, in bold too),
  // which would otherwise break a word in a column as wide as it ("Releas/e").
  const text = { ...style, scale: scale * TEXT_SLACK }
  const rows: Pptx.TableRow[] = table.rows.map((cells) =>
    cells.map((cell): Pptx.TableCell => ({
      // pptxgenjs takes a cell's runs as text objects, the same shape as a text box's.
      text: textRuns(colors.text(cell.paragraphs, cell.fill), text) as unknown as Pptx.TableCell[],
      options: {
        ...(cell.fill ? { fill: colors.fill(cell.fill) } : {}),
        border: [NO_LINE, NO_LINE, cell.border ? { type: 'solid', color: colors.line(cell.border.color), pt: points(cell.border.width * scale) } : NO_LINE, NO_LINE],
        margin: [cell.inset.top, cell.inset.right, cell.inset.bottom, cell.inset.left].map((value) => inches(value * scale)) as [number, number, number, number],
        valign: 'middle',
      },
    })),
  )
  slide.addTable(rows, {
    ...position(rect),
    objectName: 'table',
    colW: table.columnWidths.map((width) => inches(width * across)),
    rowH: table.rowHeights.map((height) => inches(height * down)),
    fontFace: table.font,
  })
}
