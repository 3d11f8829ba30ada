import { existsSync } from 'node:fs'
import path from 'node:path'
import type { Problem, SourceLocation } from '../errors.js'
import type { Dataset, LocatedItem } from '../data/load-dataset.js'
import type { YamlDocument, YamlPath } from '../data/load-yaml.js'
import type { DeckFile, ItemKind, SlideEntry, Where } from '../data/schema.js'
import { problemAt } from '../data/validate.js'
import type { Layout } from '../render/layouts.js'
import { resolveTheme, type Theme } from '../themes/resolve-theme.js'
import type { ResolvedDeck, ResolvedItem, ResolvedSection, ResolvedSlide, ResolvedSource } from './types.js'
import { isUrl } from '../urls.js'

export const DEFAULT_WORDS_PER_MINUTE = 130
export const SLIDE_SIZE = { width: 1280, height: 720 } as const

const KIND_TITLES: Record<ItemKind | 'sources', string> = {
  advances: 'Advances',
  advantages: 'Advantages',
  'use-cases': 'Use cases',
  challenges: 'Challenges',
  sources: 'Sources',
}
const SEVERITY_RANK: Record<string, number> = { low: 1, medium: 2, high: 3 }

export interface ResolveDeckInput {
  id: string
  document: YamlDocument
  deck: DeckFile
  dataset: Dataset
  layouts: Map<string, Layout>
  themes: Map<string, Theme>
  /** Absolute path of the deck file (theme and logo paths are relative to it). */
  absoluteFile: string
  fileExists?: (file: string) => boolean
}

export interface ResolveDeckResult {
  deck: ResolvedDeck | undefined
  problems: Problem[]
}

/** Slide content before numbering: what one deck entry expands to. */
type SlideDraft = Omit<ResolvedSlide, 'number' | 'id' | 'section'> & {
  requestedId: string | null
  minutes: number | null
}

/**
 * Expands a validated deck against its dataset: selections become slides, sources are numbered in
 * order of first citation, sections and links between slides are settled. Pure: reads no files
 * except to check that a named logo, image or theme file exists.
 */
export function resolveDeck(input: ResolveDeckInput): ResolveDeckResult {
  const { deck, document, dataset, layouts } = input
  const fileExists = input.fileExists ?? existsSync
  const problems: Problem[] = []
  const at = (yamlPath: YamlPath, message: string, code: string, severity: Problem['severity'] = 'error') => {
    const problem = problemAt(document, yamlPath, message, code, severity)
    problem.deck = input.id
    problems.push(problem)
  }

  const themeResult = resolveTheme(deck.theme, input.themes, input.absoluteFile, fileExists)
  if ('error' in themeResult) at(['theme'], themeResult.error, 'unknown-theme')

  let logo: string | null = null
  if (deck.branding?.logo) {
    logo = path.resolve(path.dirname(input.absoluteFile), deck.branding.logo)
    if (!fileExists(logo)) at(['branding', 'logo'], `logo file not found: ${logo} (relative to the deck file)`, 'missing-file')
  }

  const sourceNumbers = new Map<string, ResolvedSource>()
  const cite = (sourceId: string): ResolvedSource | undefined => {
    const known = sourceNumbers.get(sourceId)
    if (known) return known
    const located = dataset.sources.get(sourceId)
    if (!located) return undefined
    const { source } = located
    const resolved: ResolvedSource = {
      id: source.id,
      number: sourceNumbers.size + 1,
      title: source.title,
      url: source.url,
      publisher: source.publisher ?? null,
      date: source.date ?? null,
    }
    sourceNumbers.set(sourceId, resolved)
    return resolved
  }

  const citeAll = (ids: string[]) => [...new Set(ids)].map(cite).filter((s): s is ResolvedSource => !!s)
  const deckDirectory = path.dirname(input.absoluteFile)
  const context: DraftContext = { cite: citeAll, datasetDirectory: dataset.directory, deckDirectory }

  const drafts: (SlideDraft | { sourcesEntry: SlideEntry; origin: SourceLocation; layout: Layout })[] = []
  deck.slides.forEach((entry, index) => {
    const entryPath = ['slides', index]
    const layout = layouts.get(entry.layout)
    if (!layout) {
      at([...entryPath, 'layout'], `unknown layout "${entry.layout}": expected one of ${[...layouts.keys()].join(', ')} (or add templates/layouts/${entry.layout}.hbs)`, 'unknown-layout')
      return
    }
    const origin: SourceLocation = { file: document.file, ...document.locate(entryPath) }
    for (const [sourceIndex, sourceId] of (entry.sources ?? []).entries()) {
      if (!dataset.sources.has(sourceId)) at([...entryPath, 'sources', sourceIndex], `unknown source id "${sourceId}" in dataset "${dataset.name}"`, 'unknown-source')
    }
    if (entry.from === 'sources') {
      drafts.push({ sourcesEntry: entry, origin, layout })
      return
    }
    if (!entry.from) {
      if (entry.ids || entry.where || entry.sort || entry.limit) {
        at(entryPath, 'ids, where, sort and limit need "from:" (advances, advantages, use-cases, challenges or sources)', 'schema')
      }
      drafts.push({ ...baseDraft(entry, layout, origin, deckDirectory), sources: citeAll(entry.sources ?? []) })
      return
    }
    const selected = selectItems(entry, entry.from, dataset, (yamlPath, message, code, severity) => at([...entryPath, ...yamlPath], message, code, severity))
    if (selected.length === 0) {
      if (!entry.ids) at(entryPath, `the selection from ${entry.from} matches no item${entry.where ? ' (check "where:")' : ''}; it adds no slide`, 'empty-selection', 'warning')
      return
    }
    if (layout.selection === 'each') {
      for (const located of selected) drafts.push(itemDraft(entry, layout, located, origin, context))
    } else {
      const chunks = chunk(selected, entry.perSlide ?? layout.perSlide ?? selected.length)
      chunks.forEach((items, chunkIndex) =>
        drafts.push(groupDraft(entry, layout, items, entry.from as ItemKind, origin, chunkIndex, chunks.length, context)),
      )
    }
  })

  // Drafts were made in slide order, so sources are numbered as the audience meets them.
  const allSources = [...sourceNumbers.values()]

  const expanded: SlideDraft[] = drafts.flatMap((draft) => {
    if (!('sourcesEntry' in draft)) return [draft]
    const { sourcesEntry: entry, origin, layout } = draft
    const chunks = chunk(allSources, entry.perSlide ?? layout.perSlide ?? Math.max(allSources.length, 1))
    return chunks.map((sources, chunkIndex) => {
      const slide = baseDraft(entry, layout, origin, deckDirectory)
      slide.title = entry.title ?? KIND_TITLES.sources
      slide.notes = (chunkIndex === 0 ? entry.notes : undefined) ?? 'Every fact in this talk comes with its source; the PDF keeps these links clickable.'
      slide.part = chunks.length > 1 ? { index: chunkIndex + 1, count: chunks.length } : null
      slide.sources = sources
      return slide
    })
  })

  const usedIds = new Set<string>()
  const sections: ResolvedSection[] = []
  let section: ResolvedSection | null = null
  const slides: ResolvedSlide[] = expanded.map((draft, index) => {
    const { requestedId, minutes, ...content } = draft
    const id = uniqueId(requestedId ?? slugify(draft.title ?? draft.layout), usedIds)
    if (draft.layout === 'section') {
      section = { id, title: draft.title ?? `Part ${sections.length + 1}`, slideNumber: index + 1, minutes }
      sections.push(section)
    }
    return { ...content, number: index + 1, id, section }
  })

  for (const slide of slides) {
    const src = slide.image?.src
    if (src && path.isAbsolute(src) && !fileExists(src)) {
      const where = slide.item?.image ? slide.item.location : slide.origin
      problems.push({ severity: 'error', code: 'missing-file', deck: input.id, ...where, message: `image file not found: ${src} (slide ${slide.number}; an item's image is relative to its dataset folder, a slide's to the deck file)` })
    }
  }

  if (problems.some((p) => p.severity === 'error') || 'error' in themeResult) return { deck: undefined, problems }
  return {
    problems,
    deck: {
      id: input.id,
      file: document.file,
      title: deck.title,
      subtitle: deck.subtitle ?? null,
      author: deck.author ?? null,
      event: deck.event ?? null,
      date: deck.date ?? null,
      audience: deck.audience ?? null,
      language: deck.language ?? 'en',
      keywords: deck.keywords ?? [],
      duration: deck.duration ?? null,
      durationOrigin: deck.duration === undefined ? null : { file: document.file, ...document.locate(['duration']) },
      fragments: deck.fragments ?? false,
      wordsPerMinute: deck.wordsPerMinute ?? DEFAULT_WORDS_PER_MINUTE,
      dataset: dataset.name,
      topic: { title: dataset.topic.title, subtitle: dataset.topic.subtitle ?? null, summary: dataset.topic.summary },
      theme: themeResult.theme,
      branding: {
        logo,
        footer: deck.branding?.footer ?? null,
        confidentiality: deck.branding?.confidentiality ?? null,
        slideNumbers: deck.branding?.slideNumbers ?? true,
      },
      pptx: {
        template: deck.pptx?.template ? path.resolve(path.dirname(input.absoluteFile), deck.pptx.template) : null,
        layouts: deck.pptx?.layouts ?? {},
      },
      size: { ...SLIDE_SIZE },
      slides,
      sections,
      sources: allSources,
    },
  }
}

type Report = (yamlPath: YamlPath, message: string, code: string, severity?: Problem['severity']) => void

function selectItems(entry: SlideEntry, kind: ItemKind, dataset: Dataset, report: Report): LocatedItem[] {
  let selected: LocatedItem[]
  if (entry.ids) {
    selected = []
    entry.ids.forEach((itemId, index) => {
      const located = dataset.items.get(itemId)
      if (!located) report(['ids', index], `unknown item id "${itemId}" in dataset "${dataset.name}"`, 'unknown-item')
      else if (located.kind !== kind) report(['ids', index], `item "${itemId}" is in ${located.kind}, not in ${kind} (${located.location.file}:${located.location.line})`, 'unknown-item')
      else selected.push(located)
    })
  } else {
    selected = [...dataset.itemsByKind[kind]]
  }
  if (entry.where) selected = selected.filter((located) => matchesWhere(located, entry.where as Where))
  if (entry.sort) selected = sortItems(selected, entry.sort)
  if (entry.limit) selected = selected.slice(0, entry.limit)
  return selected
}

const asList = <T>(value: T | T[] | undefined): T[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value]

export function matchesWhere({ item }: LocatedItem, where: Where): boolean {
  const fields = item as Record<string, unknown>
  const tags = asList(where.tags)
  if (tags && !tags.some((tag) => item.tags?.includes(tag))) return false
  const audience = asList(where.audience)
  // An item without an audience list suits every audience.
  if (audience && item.audience && !audience.some((a) => item.audience?.includes(a))) return false
  const status = asList(where.status)
  if (status && !status.includes(fields.status as never)) return false
  const severity = asList(where.severity)
  if (severity && !severity.includes(fields.severity as never)) return false
  return true
}

export function sortItems(items: LocatedItem[], sort: string): LocatedItem[] {
  const descending = sort.startsWith('-')
  const key = descending ? sort.slice(1) : sort
  const value = ({ item }: LocatedItem): string | number | undefined => {
    const raw = (item as Record<string, unknown>)[key]
    if (raw === undefined) return undefined
    if (key === 'severity') return SEVERITY_RANK[String(raw)] ?? 0
    if (key === 'version') return String(raw).split(/[.-]/).map((part) => part.replace(/\D/g, '').padStart(4, '0')).join('.')
    return String(raw)
  }
  return [...items].sort((a, b) => {
    const left = value(a)
    const right = value(b)
    // Items without the field go last whatever the direction.
    if (left === undefined || right === undefined) return left === right ? 0 : left === undefined ? 1 : -1
    const order = left < right ? -1 : left > right ? 1 : 0
    return descending ? -order : order
  })
}

function baseDraft(entry: SlideEntry, layout: Layout, origin: SourceLocation, deckDirectory: string): SlideDraft {
  return {
    layout: layout.name,
    requestedId: entry.id ?? null,
    title: entry.title ?? null,
    subtitle: entry.subtitle ?? null,
    text: entry.text ?? null,
    points: entry.points ?? [],
    columns: entry.columns ?? [],
    code: entry.code ?? null,
    metric: entry.metric ?? null,
    quote: entry.quote ?? null,
    image: entry.image ? resolveImage(entry.image, deckDirectory) : null,
    item: null,
    items: [],
    notes: entry.notes ?? null,
    sources: [],
    part: null,
    minutes: entry.minutes ?? null,
    origin,
  }
}

type Cite = (ids: string[]) => ResolvedSource[]

interface DraftContext {
  cite: Cite
  /** Item images are relative to the dataset folder, a slide's own image to the deck file. */
  datasetDirectory: string
  deckDirectory: string
}

/** A local image path becomes absolute; URLs (http:, data:) are kept as written. */
function resolveImage(image: { src: string; alt: string }, base: string): { src: string; alt: string } {
  return isUrl(image.src) ? image : { ...image, src: path.resolve(base, image.src) }
}

function itemDraft(entry: SlideEntry, layout: Layout, located: LocatedItem, origin: SourceLocation, context: DraftContext): SlideDraft {
  const item = resolveItem(located, context)
  const slide = baseDraft(entry, layout, origin, context.deckDirectory)
  return {
    ...slide,
    requestedId: entry.id && entry.ids?.length === 1 ? entry.id : item.id,
    title: entry.title ?? item.title,
    subtitle: entry.subtitle ?? null,
    text: entry.text ?? item.summary,
    points: entry.points ?? item.points,
    code: entry.code ?? item.code,
    metric: entry.metric ?? item.metric,
    quote: entry.quote ?? item.quote,
    image: entry.image ?? item.image,
    item,
    items: [item],
    notes: entry.notes ?? item.notes,
    sources: context.cite([...located.item.sources, ...(entry.sources ?? [])]),
  }
}

function groupDraft(
  entry: SlideEntry,
  layout: Layout,
  selected: LocatedItem[],
  kind: ItemKind,
  origin: SourceLocation,
  chunkIndex: number,
  chunkCount: number,
  context: DraftContext,
): SlideDraft {
  const items = selected.map((located) => resolveItem(located, context))
  const slide = baseDraft(entry, layout, origin, context.deckDirectory)
  return {
    ...slide,
    requestedId: entry.id && chunkIndex > 0 ? `${entry.id}-${chunkIndex + 1}` : slide.requestedId,
    title: entry.title ?? KIND_TITLES[kind],
    items,
    // Notes written for the entry are said once, on its first slide; later parts speak their items.
    notes: (chunkIndex === 0 ? entry.notes : undefined) ?? items.map((item) => `${item.title}: ${item.summary}`).join('\n\n'),
    sources: context.cite([...selected.flatMap(({ item }) => item.sources), ...(entry.sources ?? [])]),
    part: chunkCount > 1 ? { index: chunkIndex + 1, count: chunkCount } : null,
  }
}

function resolveItem({ kind, item, location }: LocatedItem, { cite, datasetDirectory }: DraftContext): ResolvedItem {
  const fields = item as Partial<Record<string, unknown>>
  const orNull = <T>(value: unknown): T | null => (value === undefined ? null : (value as T))
  return {
    kind,
    id: item.id,
    title: item.title,
    summary: item.summary,
    points: item.points ?? [],
    tags: item.tags ?? [],
    audience: item.audience ?? [],
    sources: cite(item.sources),
    notes: item.notes ?? null,
    code: item.code ?? null,
    metric: item.metric ?? null,
    quote: item.quote ?? null,
    image: item.image ? resolveImage(item.image, datasetDirectory) : null,
    date: orNull(fields.date),
    version: orNull(fields.version),
    status: orNull(fields.status),
    area: orNull(fields.area),
    severity: orNull(fields.severity),
    mitigation: orNull(fields.mitigation),
    location,
  }
}

function chunk<T>(list: T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let i = 0; i < list.length; i += size) chunks.push(list.slice(i, i + size))
  return chunks.length ? chunks : [[]]
}

export function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'slide'
  )
}

function uniqueId(base: string, used: Set<string>): string {
  let id = base
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`
  used.add(id)
  return id
}
