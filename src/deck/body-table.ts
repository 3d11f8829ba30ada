/**
 * A GFM table that ends a slide's `body:` Markdown, read as a `table:` is: a long one then continues
 * on the next slide with its header repeated (table-pages.ts), as a table from data does, instead of
 * running off the slide. The table is the body's last block and at its top level (not in a list or
 * a quote): the Markdown before it stays the body, which the layout shows above the table.
 */
import MarkdownIt from 'markdown-it'
import type { Layout } from '../data/load-templates.js'
import type { TableAlign } from '../data/schema.js'
import type { ResolvedCell, ResolvedTable } from './types.js'

const markdown = new MarkdownIt('commonmark').enable('table')

/**
 * Whether a layout shows a slide's body and then its `table:`, as the blocks partial does (the
 * `bullets` and `markdown` layouts, and a project's own that use it): only there may the body's
 * last table be moved to `table:` without moving it on the slide.
 */
export const showsBodyThenTable = (layout: Layout | undefined): boolean => layout !== undefined && /\{\{>\s*blocks\s*\}\}/.test(layout.source)

const ALIGN = /text-align:\s*(left|center|right)/

/** The body's last block when it is a table: the Markdown before it, and the table's cells as inline Markdown. */
export function trailingTable(body: string): { before: string; table: ResolvedTable } | null {
  const tokens = markdown.parse(body, {})
  const last = tokens.at(-1)
  if (last?.type !== 'table_close' || last.level !== 0) return null
  const open = tokens.findLastIndex((token) => token.type === 'table_open' && token.level === 0)
  const start = tokens[open]?.map?.[0]
  if (start === undefined) return null
  const rows: ResolvedCell[][] = []
  for (const token of tokens.slice(open)) {
    if (token.type === 'tr_open') rows.push([])
    else if (token.type === 'inline') rows.at(-1)?.push({ text: token.content, align: 'left' })
  }
  const aligns: TableAlign[] = tokens
    .slice(open)
    .filter((token) => token.type === 'th_open')
    .map((token) => (ALIGN.exec(String(token.attrGet('style') ?? ''))?.[1] as TableAlign | undefined) ?? 'left')
  const aligned = (row: ResolvedCell[]) => row.map((cell, index) => ({ ...cell, align: aligns[index] ?? 'left' }))
  const [columns, ...bodyRows] = rows.map(aligned)
  if (!columns) return null
  return { before: body.split('\n').slice(0, start).join('\n').trimEnd(), table: { columns, rows: bodyRows, caption: null } }
}
