import path from 'node:path'
import type { LocatedItem } from '../data/load-dataset.js'
import type { Layout } from '../data/load-templates.js'
import type { YamlPath } from '../data/load-yaml.js'
import type { Advance, Block, Challenge, Image, ItemKind, SlideEntry, Table, UseCase } from '../data/schema.js'
import type { Messages } from '../data/messages.js'
import type { DatasetWords, Word } from '../data/words.js'
import type { SourceLocation } from '../errors.js'
import { isUrl } from '../urls.js'
import { resolveDiagram, resolveVideo } from './media.js'
import { trailingTable } from './body-table.js'
import { splitTableRows } from './table-pages.js'
import { chartSourceIds, entryCharts, resolveChart } from './resolve-chart.js'
import { KIND_TITLES } from './resolve-messages.js'
import type { ResolvedBlock, ResolvedBody, ResolvedItem, ResolvedSlide, ResolvedSource, ResolvedTable, ResolvedWord, SlideSize } from './types.js'

/**
 * What one deck entry expands to before the slides are numbered: a slide of its own
 * (`baseDraft`), one per item (`itemDraft`) or one for a group of items (`groupDraft`). The
 * entry's own fields override the item's.
 */

/** Slide content before numbering: what one deck entry expands to. */
export type SlideDraft = Omit<ResolvedSlide, 'number' | 'id' | 'section'> & {
  requestedId: string | null
  minutes: number | null
  /** YAML path of the deck entry, for findings about the slide. */
  entryPath: YamlPath
}

export function baseDraft(entry: SlideEntry, layout: Layout, origin: SourceLocation, entryPath: YamlPath, deckDirectory: string): SlideDraft {
  return {
    layout: layout.name,
    role: layout.role,
    requestedId: entry.id ?? null,
    title: entry.title ?? null,
    subtitle: entry.subtitle ?? null,
    text: entry.text ?? null,
    points: entry.points ?? [],
    body: resolveBody(entry.body, deckDirectory),
    table: resolveTable(entry.table),
    chart: resolveChart(entry.chart),
    columns: entry.columns ?? [],
    code: entry.code ?? null,
    metric: entry.metric ?? null,
    quote: entry.quote ?? null,
    image: entry.image ? resolveImage(entry.image, deckDirectory) : null,
    diagram: resolveDiagram(entry.diagram, origin),
    video: resolveVideo(entry.video, deckDirectory),
    caption: entry.caption ?? null,
    credit: entry.credit ?? null,
    left: resolveBlock(entry.left, deckDirectory, origin),
    right: resolveBlock(entry.right, deckDirectory, origin),
    item: null,
    items: [],
    notes: entry.notes ?? null,
    sources: [],
    part: null,
    minutes: entry.minutes ?? null,
    origin,
    entryPath,
    entryContent: ENTRY_CONTENT.some((field) => entry[field] !== undefined),
  }
}

/** The fields of a deck entry that set what its slide shows. */
const ENTRY_CONTENT = ['title', 'subtitle', 'text', 'points', 'body', 'table', 'chart', 'columns', 'code', 'metric', 'quote', 'image', 'diagram', 'video', 'left', 'right'] as const satisfies readonly (keyof SlideEntry)[]

export interface DraftContext {
  cite: (ids: string[]) => ResolvedSource[]
  /** Item images are relative to the dataset folder, a slide's own image to the deck file. */
  datasetDirectory: string
  deckDirectory: string
  words: DatasetWords
  /** talkdeck's words in the deck's language. */
  messages: Messages
}

const resolveBody = (markdown: string | undefined, base: string): ResolvedBody | null => (markdown === undefined ? null : { markdown, base })

/** Cells as text, each with its column's alignment (numbers as YAML wrote them). */
function resolveTable(table: Table | undefined): ResolvedTable | null {
  if (!table) return null
  const cell = (value: string | number, column: number) => ({ text: String(value), align: table.align?.[column] ?? 'left' })
  return { columns: table.columns.map(cell), rows: table.rows.map((row) => row.map(cell)), caption: table.caption ?? null }
}

/** A column of a two-columns slide, its paths resolved as the slide's own are. */
function resolveBlock(block: Block | undefined, base: string, origin: SourceLocation): ResolvedBlock | null {
  if (!block) return null
  return {
    title: block.title ?? null,
    text: block.text ?? null,
    points: block.points ?? [],
    body: resolveBody(block.body, base),
    table: resolveTable(block.table),
    chart: resolveChart(block.chart),
    code: block.code ?? null,
    image: block.image ? resolveImage(block.image, base) : null,
    diagram: resolveDiagram(block.diagram, origin),
    video: resolveVideo(block.video, base),
  }
}

/** A local image path becomes absolute; URLs are kept as written. */
function resolveImage(image: Image, base: string): Image {
  return isUrl(image.src) ? image : { ...image, src: path.resolve(base, image.src) }
}

export function itemDraft(entry: SlideEntry, layout: Layout, located: LocatedItem, origin: SourceLocation, entryPath: YamlPath, context: DraftContext): SlideDraft {
  const item = resolveItem(located, context)
  const slide = baseDraft(entry, layout, origin, entryPath, context.deckDirectory)
  return {
    ...slide,
    requestedId: entry.id && entry.ids?.length === 1 ? entry.id : item.id,
    title: entry.title ?? item.title,
    text: entry.text ?? item.summary,
    points: entry.points ?? item.points,
    body: slide.body ?? item.body,
    table: slide.table ?? item.table,
    chart: slide.chart ?? item.chart,
    code: entry.code ?? item.code,
    metric: entry.metric ?? item.metric,
    quote: entry.quote ?? item.quote,
    image: slide.image ?? item.image,
    diagram: slide.diagram ?? item.diagram,
    video: slide.video ?? item.video,
    item,
    items: [item],
    notes: entry.notes ?? item.notes,
    sources: context.cite([...located.item.sources, ...chartSourceIds(located.item.chart), ...entryCharts(entry).flatMap(({ chart }) => chartSourceIds(chart)), ...(entry.sources ?? [])]),
  }
}

export function groupDraft(
  entry: SlideEntry,
  layout: Layout,
  selected: LocatedItem[],
  kind: ItemKind,
  origin: SourceLocation,
  entryPath: YamlPath,
  chunkIndex: number,
  chunkCount: number,
  context: DraftContext,
): SlideDraft {
  const items = selected.map((located) => resolveItem(located, context))
  const slide = baseDraft(entry, layout, origin, entryPath, context.deckDirectory)
  return {
    ...slide,
    requestedId: entry.id && chunkIndex > 0 ? `${entry.id}-${chunkIndex + 1}` : slide.requestedId,
    title: entry.title ?? context.messages[KIND_TITLES[kind]],
    items,
    // Notes written for the entry are said once, on its first slide; later parts speak their items.
    notes: (chunkIndex === 0 ? entry.notes : undefined) ?? items.map((item) => `${item.title}: ${item.summary}`).join('\n\n'),
    sources: context.cite([...selected.flatMap(({ item }) => item.sources), ...(entry.sources ?? [])]),
    part: chunkCount > 1 ? { index: chunkIndex + 1, count: chunkCount } : null,
  }
}

const wordOf = (words: Map<string, Word>, word: string | undefined): ResolvedWord | null => {
  const known = word === undefined ? undefined : words.get(word)
  return known ? { label: known.label, tone: known.tone } : null
}

function resolveItem({ kind, item, location, translatedAt }: LocatedItem, { cite, datasetDirectory, words }: DraftContext): ResolvedItem {
  // The fields of one kind only; the others are null so that every layout can test them.
  const fields = item as Partial<Advance & UseCase & Challenge>
  return {
    kind,
    id: item.id,
    title: item.title,
    summary: item.summary,
    points: item.points ?? [],
    tags: item.tags ?? [],
    audience: item.audience ?? [],
    sources: cite([...item.sources, ...chartSourceIds(item.chart)]),
    notes: item.notes ?? null,
    body: resolveBody(item.body, datasetDirectory),
    table: resolveTable(item.table),
    chart: resolveChart(item.chart),
    code: item.code ?? null,
    metric: item.metric ?? null,
    quote: item.quote ?? null,
    image: item.image ? resolveImage(item.image, datasetDirectory) : null,
    diagram: resolveDiagram(item.diagram, location),
    video: resolveVideo(item.video, datasetDirectory),
    date: fields.date ?? null,
    version: fields.version ?? null,
    updated: fields.updated ?? null,
    status: fields.status ?? null,
    statusWord: wordOf(words.status, fields.status),
    area: fields.area ?? null,
    severity: fields.severity ?? null,
    severityWord: wordOf(words.severity, fields.severity),
    mitigation: fields.mitigation ?? null,
    // What a slide shows of a translated item (its overflow, its body's diagrams) is fixed in the translation.
    location: translatedAt ?? location,
  }
}

/**
 * A slide whose table is too long for it, as one slide per run of rows, each with the table's
 * header ("k/n" after the title); the Markdown above the table and the notes stay on the first,
 * the others' notes say `continues` (in the deck's language). The table is the slide's `table:`,
 * or a GFM table that ends its `body:` where the layout shows the body, then the table
 * (`bodyThenTable`).
 */
export function splitTableDraft(draft: SlideDraft, size: SlideSize, continues: string, bodyThenTable: boolean): SlideDraft[] {
  // A selection split over slides already says "k/n": its slides show items, not one long table.
  if (draft.part) return [draft]
  const lifted = !draft.table && draft.body && bodyThenTable ? trailingTable(draft.body.markdown) : null
  const table = draft.table ?? lifted?.table
  if (!table) return [draft]
  const body = lifted && draft.body ? (lifted.before ? { ...draft.body, markdown: lifted.before } : null) : draft.body
  const runs = splitTableRows(table, { size, title: draft.title ?? '', lead: draft.text, body: body?.markdown ?? null })
  if (runs.length === 1) return [draft]
  return runs.map((rows, index) => ({
    ...draft,
    requestedId: index > 0 && draft.requestedId ? `${draft.requestedId}-${index + 1}` : draft.requestedId,
    text: index === 0 ? draft.text : null,
    body: index === 0 ? body : null,
    table: { ...table, rows },
    notes: index === 0 ? draft.notes : continues,
    part: { index: index + 1, count: runs.length },
  }))
}
