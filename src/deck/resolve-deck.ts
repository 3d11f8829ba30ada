import path from 'node:path'
import { DEFAULTS, LIMITS, SLIDE_SIZES } from '../defaults.js'
import { failure, hasErrors, type Problem, type Result, type SourceLocation } from '../errors.js'
import type { Dataset, LocatedItem } from '../data/load-dataset.js'
import type { Layout, LayoutNeed, Templates } from '../data/load-templates.js'
import type { YamlDocument, YamlPath } from '../data/load-yaml.js'
import { ITEMS, WORD_FIELDS, type WordField, type Advance, type Challenge, type DeckFile, type Image, type ItemKind, type SlideEntry, type UseCase } from '../data/schema.js'
import { describeFileProblem, fileProblem, PROBLEM_CODES } from '../data/read-file.js'
import { problemAt, quoteValue } from '../data/validate.js'
import { WORD_ORIGIN, type DatasetWords, type Word } from '../data/words.js'
import { suggest } from '../suggest.js'
import { isUrl } from '../urls.js'
import { cardsPerSlide, splitEvenly } from './card-pages.js'
import { resolveTheme } from './resolve-theme.js'
import { shortAddress, splitSources } from './source-pages.js'
import { matchesWhere, sortItems } from './select-items.js'
import type { ResolvedDeck, ResolvedItem, ResolvedWord, ResolvedSection, ResolvedSlide, ResolvedSource, SlideSize } from './types.js'

export interface ResolveDeckInput {
  id: string
  document: YamlDocument
  deck: DeckFile
  dataset: Dataset
  templates: Pick<Templates, 'layouts' | 'themes'>
  /** Absolute path of the deck file (theme and logo paths are relative to it). */
  absoluteFile: string
  /** Real paths of the folders the deck's files may be in (`Project.allowed`). */
  allowed: readonly string[]
  /** How messages name a file (relative to the project). @default the path itself */
  display?: (file: string) => string
  /** Indexes of slides in error (reported already): not resolved, so nothing is said of them twice. @default none */
  skipSlides?: ReadonlySet<number>
}

/** Slide content before numbering: what one deck entry expands to. */
type SlideDraft = Omit<ResolvedSlide, 'number' | 'id' | 'section'> & {
  requestedId: string | null
  minutes: number | null
  /** YAML path of the deck entry, for findings about the slide. */
  entryPath: YamlPath
}

/** How each need is met, said to the person whose slide lacks it. */
const NEED_HINTS: Record<LayoutNeed, string> = {
  title: 'a title ("title:")',
  text: 'text ("text:")',
  points: 'points ("points:")',
  items: `items (a selection such as "from: ${Object.keys(ITEMS).join('" or "from: ')}")`,
  sources: 'sources (the slides before it must cite some)',
  columns: 'columns ("columns:")',
  code: 'code ("code:", or items with code)',
  metric: 'a metric ("metric:", or items with one)',
  quote: 'a quote ("quote:", or items with one)',
  image: 'an image ("image:")',
  sections: 'sections (slides with a divider layout such as "section")',
}

export function parseSlideSize(size: string | undefined): SlideSize {
  const named = SLIDE_SIZES[(size ?? DEFAULTS.slideSize) as keyof typeof SLIDE_SIZES]
  if (named) return { ...named }
  const [width = 0, height = 0] = (size ?? '').split('x').map(Number)
  return { width, height }
}

/**
 * Expands a validated deck against its dataset: selections become slides, sources are numbered in
 * order of first citation, sections and links between slides are settled. Pure: reads no files
 * except to check that a named logo, image or theme file is a file of the project.
 */
export function resolveDeck(input: ResolveDeckInput): Result<ResolvedDeck> {
  const { deck, document, dataset } = input
  const { layouts, themes } = input.templates
  /** Whether every entry of the dataset validated: else an empty selection may be a broken item's doing. */
  const complete = dataset.broken.ids.size === 0 && dataset.broken.kinds.size === 0
  const checkFile = (file: string) => fileProblem(file, input.allowed)
  const display = input.display ?? ((file: string) => file)
  const problems: Problem[] = []
  const at = (yamlPath: YamlPath, message: string, code: string, severity: Problem['severity'] = 'error') => {
    problems.push({ ...problemAt(document, yamlPath, message, code, severity), deck: input.id })
  }
  const deckDirectory = path.dirname(input.absoluteFile)
  /** A file named in the deck, relative to it: its absolute path, or null after reporting why it cannot be used. */
  const deckFile = (yamlPath: YamlPath, what: string, reference: string): string | null => {
    const file = path.resolve(deckDirectory, reference)
    const why = checkFile(file)
    if (!why) return file
    at(yamlPath, describeFileProblem(what, display(file), why, 'relative to the deck file'), PROBLEM_CODES[why.kind])
    return null
  }

  const theme = resolveTheme(deck.theme, themes, deckDirectory, (message) => at(['theme'], message, 'unknown-theme'), checkFile, display)

  const logoReference = deck.branding?.logo
  const logo = logoReference ? (isUrl(logoReference) ? logoReference : deckFile(['branding', 'logo'], 'logo file', logoReference)) : null

  let pptxTemplate: string | null = null
  const pptxReference = deck.pptx?.template
  if (pptxReference && !/\.(pptx|potx)$/i.test(pptxReference)) at(['pptx', 'template'], `a PowerPoint template must be a .pptx or .potx file, got ${quoteValue(pptxReference)}`, 'pptx-template')
  else if (pptxReference) pptxTemplate = deckFile(['pptx', 'template'], 'PowerPoint template', pptxReference)

  const size = parseSlideSize(deck.size)
  const sourceNumbers = new Map<string, ResolvedSource>()
  // Numbered as first cited; a slide lists its own in number order ([1] [3], never [3] [1]).
  const cite = (ids: string[]): ResolvedSource[] =>
    numbered(ids).sort((a, b) => a.number - b.number)
  const numbered = (ids: string[]): ResolvedSource[] =>
    [...new Set(ids)].flatMap((sourceId) => {
      const known = sourceNumbers.get(sourceId)
      if (known) return [known]
      const located = dataset.sources.get(sourceId)
      if (!located) return []
      const { source } = located
      const resolved: ResolvedSource = {
        id: source.id,
        number: sourceNumbers.size + 1,
        title: source.title,
        url: source.url,
        address: shortAddress(source.url, size),
        publisher: source.publisher ?? null,
        date: source.date ?? null,
        accessed: source.accessed ?? null,
        archived: source.archived ?? null,
      }
      sourceNumbers.set(sourceId, resolved)
      return [resolved]
    })
  const context: DraftContext = { cite, datasetDirectory: dataset.directory, deckDirectory, words: dataset.words }

  const usedLayouts = new Set<Layout>()
  const drafts: (SlideDraft | { sourcesEntry: SlideEntry; origin: SourceLocation; layout: Layout; entryPath: YamlPath })[] = []
  deck.slides.forEach((entry, index) => {
    const entryPath = ['slides', index]
    if (input.skipSlides?.has(index)) return
    // Past the slide limit no entry is expanded (each adds at most LIMITS.listItems slides); the
    // resolved deck below names the entry that passed it.
    if (drafts.length > LIMITS.slides) return
    const layout = layouts.get(entry.layout)
    if (!layout) {
      at([...entryPath, 'layout'], `unknown layout ${quoteValue(entry.layout)}${suggest(entry.layout, layouts.keys())}: expected one of ${[...layouts.keys()].join(', ')} (or add templates/layouts/${entry.layout.slice(0, 60)}.hbs)`, 'unknown-layout')
      return
    }
    usedLayouts.add(layout)
    const origin: SourceLocation = { file: document.file, ...document.locate(entryPath) }
    for (const [sourceIndex, sourceId] of (entry.sources ?? []).entries()) {
      // A source written but broken was reported at its entry: citing it is no second mistake.
      if (!dataset.sources.has(sourceId) && !dataset.broken.sources && !dataset.broken.ids.has(sourceId)) at([...entryPath, 'sources', sourceIndex], `unknown source id ${quoteValue(sourceId)}${suggest(sourceId, dataset.sources.keys())} in dataset "${dataset.name}" (${dataset.sourcesFile})`, 'unknown-source')
    }
    if (entry.image && !isUrl(entry.image.src)) deckFile([...entryPath, 'image', 'src'], 'image file', entry.image.src)
    const from = entry.from ?? layout.from
    if (from === 'sources') {
      drafts.push({ sourcesEntry: entry, origin, layout, entryPath })
      return
    }
    if (!from) {
      if (entry.ids || entry.where || entry.sort || entry.limit) {
        at(entryPath, `ids, where, sort and limit need "from:" (${[...Object.keys(ITEMS), 'sources'].join(', ')})`, 'schema')
      }
      drafts.push({ ...baseDraft(entry, layout, origin, entryPath, deckDirectory), sources: cite(entry.sources ?? []) })
      return
    }
    const missingFile = dataset.missingFiles.get(from)
    if (missingFile) {
      at([...entryPath, entry.from ? 'from' : 'layout'], `the dataset "${dataset.name}" has no ${ITEMS[from].file}: add ${missingFile} or select from another kind`, 'missing-file')
      return
    }
    const selected = selectItems(entry, from, dataset, (yamlPath, message, code) => at([...entryPath, ...yamlPath], message, code))
    if (selected.length === 0) {
      // Items of a dataset that failed may be among the broken ones: no guess about what matches.
      if (!entry.ids && complete) at(entryPath, `the selection from ${from} matches no item${entry.where ? ' (check "where:")' : ''}; it adds no slide`, 'empty-selection', 'warning')
      return
    }
    if (layout.selection === 'each') {
      for (const located of selected) drafts.push(itemDraft(entry, layout, located, origin, entryPath, context))
    } else {
      // Cards take as many as fit their columns (card-pages.ts); other layouts their header's perSlide.
      const fit = layout.name === 'cards' && layout.perSlide && !entry.perSlide
      const most = fit ? cardsPerSlide(selected.map(({ item }) => item), layout.perSlide ?? 1, { size, title: entry.title ?? ITEMS[from].title, lead: entry.text ?? null }) : (entry.perSlide ?? layout.perSlide)
      const chunks = splitEvenly(selected, most ?? selected.length)
      chunks.forEach((items, chunkIndex) => drafts.push(groupDraft(entry, layout, items, from, origin, entryPath, chunkIndex, chunks.length, context)))
    }
  })
  for (const layout of usedLayouts) problems.push(...layout.problems.map((problem) => ({ ...problem, deck: input.id })))

  // Drafts were made in slide order, so sources are numbered as the audience meets them.
  const allSources = [...sourceNumbers.values()]

  const expanded: SlideDraft[] = []
  for (const draft of drafts) {
    // A sources entry makes a slide per few sources cited, whatever the entries before it made.
    if (expanded.length > LIMITS.slides) break
    if (!('sourcesEntry' in draft)) {
      expanded.push(draft)
      continue
    }
    const { sourcesEntry: entry, origin, layout, entryPath } = draft
    const chunks = splitSources(allSources, { size, title: entry.title ?? 'Sources', most: entry.perSlide ?? layout.perSlide })
    expanded.push(
      ...chunks.map((sources, chunkIndex) => {
        const slide = baseDraft(entry, layout, origin, entryPath, deckDirectory)
        slide.title = entry.title ?? 'Sources'
        slide.notes = (chunkIndex === 0 ? entry.notes : undefined) ?? 'Every fact in this talk comes with its source; the PDF keeps these links clickable.'
        slide.part = chunks.length > 1 ? { index: chunkIndex + 1, count: chunks.length } : null
        slide.sources = sources
        return slide
      }),
    )
  }
  // The limit holds for the deck as resolved, its last entry and its sources slides included.
  const firstBeyondLimit = expanded[LIMITS.slides]
  if (firstBeyondLimit) {
    at(firstBeyondLimit.entryPath, `the deck expands to more than ${LIMITS.slides.toLocaleString('en')} slides by this entry; talkdeck makes at most that many (narrow the selection with "where:" or "limit:")`, 'limit')
    return failure(problems)
  }

  const usedIds = new Set<string>()
  const nextSuffix = new Map<string, number>()
  const sections: ResolvedSection[] = []
  let section: ResolvedSection | null = null
  const slides: ResolvedSlide[] = expanded.map((draft, index) => {
    const { requestedId, minutes, entryPath: _entryPath, ...content } = draft
    const id = uniqueId(requestedId ?? slugify(draft.title ?? draft.layout), usedIds, nextSuffix)
    if (draft.role === 'divider') {
      section = { id, title: draft.title ?? `Part ${sections.length + 1}`, slideNumber: index + 1, minutes }
      sections.push(section)
    }
    return { ...content, number: index + 1, id, section }
  })

  slides.forEach((slide, index) => {
    const draft = expanded[index]
    const layout = layouts.get(slide.layout)
    if (!draft || !layout) return
    const missing = layout.needs.filter((group) => !group.some((need) => hasContent(slide, need, sections)))
    if (missing.length && complete) {
      const wanted = missing.map((group) => group.map((need) => NEED_HINTS[need]).join(' or ')).join(', and ')
      at(draft.entryPath, `slide ${slide.number} (layout ${slide.layout}) would show nothing: it needs ${wanted}`, 'nothing-to-show')
    }
  })

  if (hasErrors(problems) || !theme) return failure(problems)
  return {
    ok: true,
    problems,
    value: {
      id: input.id,
      file: document.file,
      readableFolders: input.allowed,
      title: deck.title,
      subtitle: deck.subtitle ?? null,
      author: deck.author ?? null,
      event: deck.event ?? null,
      date: deck.date ?? null,
      audience: deck.audience ?? null,
      language: deck.language ?? DEFAULTS.language,
      keywords: deck.keywords ?? [],
      duration: deck.duration ?? null,
      durationOrigin: deck.duration === undefined ? null : { file: document.file, ...document.locate(['duration']) },
      fragments: deck.fragments ?? false,
      wordsPerMinute: deck.wordsPerMinute ?? DEFAULTS.wordsPerMinute,
      dataset: dataset.name,
      topic: { title: dataset.topic.title, subtitle: dataset.topic.subtitle ?? null, summary: dataset.topic.summary, asOf: dataset.topic.asOf ?? null },
      maxAgeMonths: deck.maxAge ?? DEFAULTS.maxAgeMonths,
      theme,
      branding: {
        logo,
        footer: deck.branding?.footer ?? null,
        confidentiality: deck.branding?.confidentiality ?? null,
        slideNumbers: deck.branding?.slideNumbers ?? true,
      },
      pptx: {
        template: pptxTemplate,
        layouts: deck.pptx?.layouts ?? {},
      },
      size,
      slides,
      sections,
      sources: allSources,
    },
  }
}

function hasContent(slide: ResolvedSlide, need: LayoutNeed, sections: ResolvedSection[]): boolean {
  if (need === 'sections') return sections.length > 0
  const value = slide[need]
  return Array.isArray(value) ? value.length > 0 : value !== null && value !== ''
}

type Report = (yamlPath: YamlPath, message: string, code: string) => void

function selectItems(entry: SlideEntry, kind: ItemKind, dataset: Dataset, report: Report): LocatedItem[] {
  let selected: LocatedItem[]
  if (entry.ids) {
    selected = []
    entry.ids.forEach((itemId, index) => {
      const located = dataset.items.get(itemId)
      if (!located && (dataset.broken.ids.has(itemId) || dataset.broken.kinds.has(kind))) return
      if (!located) report(['ids', index], `unknown item id ${quoteValue(itemId)}${suggest(itemId, dataset.itemsByKind[kind].map(({ item }) => item.id))} in ${ITEMS[kind].file} of dataset "${dataset.name}"`, 'unknown-item')
      else if (located.kind !== kind) report(['ids', index], `item ${quoteValue(itemId)} is in ${located.kind}, not in ${kind} (${located.location.file}:${located.location.line})`, 'unknown-item')
      else selected.push(located)
    })
  } else {
    selected = [...dataset.itemsByKind[kind]]
  }
  const { where, sort, limit } = entry
  if (where) {
    for (const field of WORD_FIELDS) checkWhereWords(where[field], field, dataset, report)
    selected = selected.filter((located) => matchesWhere(located, where))
  }
  if (sort) selected = sortItems(selected, sort, dataset.words)
  if (limit) selected = selected.slice(0, limit)
  return selected
}

/** `where: { status: … }` names words of the dataset: an undeclared one would match nothing, silently. */
function checkWhereWords(value: string | string[] | undefined, field: WordField, dataset: Dataset, report: Report): void {
  if (value === undefined || dataset.broken.topic) return
  const words = dataset.words[field]
  const list = Array.isArray(value) ? value : [value]
  list.forEach((word, index) => {
    if (words.has(word)) return
    const known = [...words.keys()]
    report(['where', field, ...(Array.isArray(value) ? [index] : [])], `unknown ${field} ${quoteValue(word)}${suggest(word, known)}: the dataset "${dataset.name}" has ${known.join(', ')} (${WORD_ORIGIN[field]} in topic.yaml)`, 'unknown-word')
  })
}

function baseDraft(entry: SlideEntry, layout: Layout, origin: SourceLocation, entryPath: YamlPath, deckDirectory: string): SlideDraft {
  return {
    layout: layout.name,
    role: layout.role,
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
    entryPath,
  }
}

interface DraftContext {
  cite: (ids: string[]) => ResolvedSource[]
  /** Item images are relative to the dataset folder, a slide's own image to the deck file. */
  datasetDirectory: string
  deckDirectory: string
  words: DatasetWords
}

/** A local image path becomes absolute; URLs are kept as written. */
function resolveImage(image: Image, base: string): Image {
  return isUrl(image.src) ? image : { ...image, src: path.resolve(base, image.src) }
}

function itemDraft(entry: SlideEntry, layout: Layout, located: LocatedItem, origin: SourceLocation, entryPath: YamlPath, context: DraftContext): SlideDraft {
  const item = resolveItem(located, context)
  const slide = baseDraft(entry, layout, origin, entryPath, context.deckDirectory)
  return {
    ...slide,
    requestedId: entry.id && entry.ids?.length === 1 ? entry.id : item.id,
    title: entry.title ?? item.title,
    text: entry.text ?? item.summary,
    points: entry.points ?? item.points,
    code: entry.code ?? item.code,
    metric: entry.metric ?? item.metric,
    quote: entry.quote ?? item.quote,
    image: slide.image ?? item.image,
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
    title: entry.title ?? ITEMS[kind].title,
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

function resolveItem({ kind, item, location }: LocatedItem, { cite, datasetDirectory, words }: DraftContext): ResolvedItem {
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
    sources: cite(item.sources),
    notes: item.notes ?? null,
    code: item.code ?? null,
    metric: item.metric ?? null,
    quote: item.quote ?? null,
    image: item.image ? resolveImage(item.image, datasetDirectory) : null,
    date: fields.date ?? null,
    version: fields.version ?? null,
    updated: fields.updated ?? null,
    status: fields.status ?? null,
    statusWord: wordOf(words.status, fields.status),
    area: fields.area ?? null,
    severity: fields.severity ?? null,
    severityWord: wordOf(words.severity, fields.severity),
    mitigation: fields.mitigation ?? null,
    location,
  }
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

/**
 * `base`, or `base-2`, `base-3`… when taken. `next` remembers where each base's count stands, so a
 * deck of 10,000 slides with one title numbers them in linear time.
 */
function uniqueId(base: string, used: Set<string>, next: Map<string, number>): string {
  let id = base
  let n = next.get(base) ?? 2
  while (used.has(id)) id = `${base}-${n++}`
  next.set(base, n)
  used.add(id)
  return id
}
