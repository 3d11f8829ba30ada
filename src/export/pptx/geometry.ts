/**
 * What the browser measures on the print page and the PPTX writer places: every slide as a list
 * of blocks (text boxes, shapes, pictures) at their CSS pixel positions, with the computed fonts
 * and colours of the deck's theme. Plain data, so it crosses `page.evaluate` and can be tested.
 */
import type { ChartType } from '../../data/chart-schema.js'

export interface Rect {
  x: number
  y: number
  w: number
  h: number
}

/** A run of text with one format. Sizes are CSS pixels; colours `RRGGBB`. */
export interface Run {
  text: string
  size: number
  color: string
  bold?: boolean
  italic?: boolean
  /** Bold because the text's markup says so (`**word**`), not the block's style. */
  strong?: boolean
  /** Italic because the text's markup says so (`*word*`), not the block's style. */
  emphasis?: boolean
  /** Set in the monospace font (inline code, code blocks). */
  mono?: boolean
  /** Background of inline code, drawn as a highlight. */
  highlight?: string
  /** An external link (`https:`…) or a slide anchor (`#id`). */
  href?: string
  /** Starts a new line in the same paragraph (a source's address under its title). */
  breakBefore?: boolean
}

export interface Paragraph {
  runs: Run[]
  /** A list item: `bullet` (a square in the accent colour) or `number`. */
  bullet?: 'bullet' | 'number'
  /** The list item's number, for `number`. */
  number?: number
  /** Colour of the bullet or number. */
  bulletColor?: string
  /** Indent of the text from the box's left edge (list items), CSS px. */
  indent?: number
  align?: 'left' | 'center' | 'right'
  /** Line height in CSS px. */
  lineHeight: number
  /** Space before the paragraph, CSS px (list gaps). */
  spaceBefore?: number
}

export type BlockRole =
  | 'title'
  | 'subtitle'
  | 'kicker'
  | 'lead'
  | 'byline'
  | 'points'
  | 'badge'
  | 'card'
  | 'column'
  | 'timeline-rail'
  | 'timeline-dot'
  | 'timeline-entry'
  | 'agenda-entry'
  | 'agenda-rule'
  | 'code'
  | 'metric-value'
  | 'metric-label'
  | 'quote'
  | 'quote-by'
  | 'sources'
  | 'sources-asof'
  | 'cite'
  | 'rule'
  | 'image'
  | 'logo'
  | 'footer'
  | 'label'
  | 'slide-number'
  | 'text'
  | 'chart'
  | 'table'

export interface Block {
  role: BlockRole
  rect: Rect
  /** Text inside the block (a text box, or the text of a shape). */
  paragraphs?: Paragraph[]
  /** Font family names as the theme names them (first family of the CSS stack). */
  font?: string
  /** Shape geometry: a rectangle (rounded when `radius` > 0), an ellipse, or a line. */
  shape?: 'rect' | 'ellipse'
  fill?: string
  /** Fill opacity 0..1 where the colour is translucent. */
  fillAlpha?: number
  border?: { color: string; width: number }
  radius?: number
  /** Space between the shape's edge and its text, CSS px. */
  inset?: { left: number; top: number; right: number; bottom: number }
  valign?: 'top' | 'middle' | 'bottom'
  /** A picture: the file or URL the slide shows, and a PNG data URL when the browser converted it. */
  image?: { src: string; alt: string; png?: string; error?: string }
  /** A chart, drawn as a native PowerPoint chart from its numbers. */
  chart?: ChartBlock
  /** A table, drawn as a native PowerPoint table: its rows of cells, and its columns' widths (CSS px). */
  table?: { rows: TableCell[][]; columnWidths: number[]; rowHeights: number[]; font: string }
}

/** A table cell: its text, its fill where the theme gives it one, and the line under it. */
export interface TableCell {
  paragraphs: Paragraph[]
  fill?: string
  /** The rule under the cell (the header's accent line, the rows' hairlines). */
  border?: { color: string; width: number }
  inset: { left: number; top: number; right: number; bottom: number }
}

/** A chart's numbers as the slide shows them (src/render/chart-figure.ts writes them on the page), and the colours it is drawn in. */
export interface ChartBlock {
  type: ChartType
  categories: string[]
  series: { name: string; values: number[] }[]
  xTitle: string | null
  yTitle: string | null
  unit: string
  decimals: number
  /** What the chart shows, for the picture's alt text. */
  alt: string
  /** The theme's series colours, `RRGGBB` (a pie's slices take them in turn). */
  colors: string[]
  /** Axis and label text, `RRGGBB`. */
  text: string
  font: string
}

/** Something a slide shows that is in no block: the export names it in a warning. */
export interface Uncaptured {
  /** The element, as `div.my-stamp`. */
  element: string
  /** What of it shows: `the text "…"`, `a picture`… */
  what: string
  /** Why the export could not take it, when it is a thing it never takes. */
  why?: string
}

export interface SlideGeometry {
  /** The slide's anchor (`id`), to resolve links between slides. */
  id: string
  layout: string
  /** The layout's file as messages name it. */
  layoutFile?: string
  background: string
  blocks: Block[]
  uncaptured: Uncaptured[]
}

export interface ThemeFonts {
  heading: string
  body: string
  mono: string
}

/** The deck's theme as the browser resolved it: `--td-*` custom properties with `var()` resolved. */
export interface ThemeGeometry {
  /** `--td-bg` → `RRGGBB`, for every colour property of the theme. */
  colors: Record<string, string>
  fonts: ThemeFonts
}

export interface DeckGeometry {
  width: number
  height: number
  theme: ThemeGeometry
  slides: SlideGeometry[]
}
