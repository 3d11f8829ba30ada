import path from 'node:path'
import { DEFAULTS, LIMITS, SLIDE_SIZES } from '../defaults.js'
import { failure, hasErrors, type Problem, type Result, type SourceLocation } from '../errors.js'
import type { Dataset } from '../data/load-dataset.js'
import type { Layout, Templates } from '../data/load-templates.js'
import type { YamlDocument, YamlPath } from '../data/load-yaml.js'
import { ITEMS, type DeckFile, type SlideEntry } from '../data/schema.js'
import { findBodyImages } from '../data/links.js'
import { mediaFilesOf } from '../data/media-files.js'
import { describeFileProblem, fileProblem, PROBLEM_CODES } from '../data/read-file.js'
import { problemAt, quoteValue } from '../data/validate.js'
import { suggest } from '../suggest.js'
import { isUrl } from '../urls.js'
import { showsBodyThenTable } from './body-table.js'
import { cardsPerSlide, splitEvenly } from './card-pages.js'
import { createLocalizer } from './localize-items.js'
import { KIND_TITLES, localizeWords, resolveMessages, textDirection, unknownLanguageMessage } from './resolve-messages.js'
import { resolveTheme } from './resolve-theme.js'
import { spokenInCharacters } from './timing.js'
import { selectItems } from './select-items.js'
import { chartSourceIds, entryCharts } from './resolve-chart.js'
import { checkChart } from '../data/chart-checks.js'
import { baseDraft, groupDraft, itemDraft, splitTableDraft, type DraftContext, type SlideDraft } from './slide-drafts.js'
import { slugify, uniqueId } from './slide-ids.js'
import { hasContent, NEED_HINTS } from './slide-needs.js'
import { shortAddress, splitSources } from './source-pages.js'
import type { ResolvedDeck, ResolvedSection, ResolvedSlide, ResolvedSource, SlideSize } from './types.js'

export interface ResolveDeckInput {
  id: string
  document: YamlDocument
  deck: DeckFile
  dataset: Dataset
  templates: Pick<Templates, 'layouts' | 'themes' | 'messages'>
  /** Absolute path of the deck file (theme and logo paths are relative to it). */
  absoluteFile: string
  /** Real paths of the folders the deck's files may be in (`Project.allowed`). */
  allowed: readonly string[]
  /** How messages name a file (relative to the project). @default the path itself */
  display?: (file: string) => string
  /** Indexes of slides in error (reported already): not resolved, so nothing is said of them twice. @default none */
  skipSlides?: ReadonlySet<number>
  /** Indexes of slides that lost a field in error (reported already): what they lack is not said again. @default none */
  incompleteSlides?: ReadonlySet<number>
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
  const language = deck.language ?? DEFAULTS.language
  const localized = createLocalizer(dataset, language, display, (yamlPath, message, code) => at(yamlPath, message, code, 'warning'))
  // talkdeck's own words in the deck's language; a catalog's mistakes are said once per project (staticProblems).
  const { messages, known } = resolveMessages(input.templates.messages, language)
  if (!known) at(['language'], unknownLanguageMessage(language), 'messages', 'warning')
  const context: DraftContext = { cite, datasetDirectory: dataset.directory, deckDirectory, words: localizeWords(localized.words, dataset.topic.words, messages), messages }

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
    for (const file of mediaFilesOf(entry)) deckFile([...entryPath, ...file.at], file.what, file.src)
    if (!dataset.broken.sources) {
      for (const { at: chartPath, chart } of entryCharts(entry)) for (const problem of checkChart(document, [...entryPath, ...chartPath], chart, new Set([...dataset.sources.keys(), ...dataset.broken.ids]))) problems.push({ ...problem, deck: input.id })
    }
    for (const { src } of findBodyImages(entry.body ?? '')) if (!isUrl(src)) deckFile([...entryPath, 'body'], 'image file', src)
    const from = entry.from ?? layout.from
    if (from === 'sources') {
      drafts.push({ sourcesEntry: entry, origin, layout, entryPath })
      return
    }
    if (!from) {
      if (entry.ids || entry.where || entry.sort || entry.limit) {
        at(entryPath, `ids, where, sort and limit need "from:" (${[...Object.keys(ITEMS), 'sources'].join(', ')})`, 'schema')
      }
      drafts.push({ ...baseDraft(entry, layout, origin, entryPath, deckDirectory), sources: cite([...(entry.sources ?? []), ...entryCharts(entry).flatMap(({ chart }) => chartSourceIds(chart))]) })
      return
    }
    const missingFile = dataset.missingFiles.get(from)
    if (missingFile) {
      at([...entryPath, entry.from ? 'from' : 'layout'], `the dataset "${dataset.name}" has no ${ITEMS[from].file}: add ${missingFile} or select from another kind`, 'missing-file')
      return
    }
    const selected = selectItems(entry, from, dataset, (yamlPath, message, code) => at([...entryPath, ...yamlPath], message, code)).map((located) => localized.item(located, entryPath))
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
      const most = fit ? cardsPerSlide(selected.map(({ item }) => item), layout.perSlide ?? 1, { size, title: entry.title ?? messages[KIND_TITLES[from]], lead: entry.text ?? null }) : (entry.perSlide ?? layout.perSlide)
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
      expanded.push(...splitTableDraft(draft, size, messages.tableContinues, showsBodyThenTable(layouts.get(draft.layout))))
      continue
    }
    const { sourcesEntry: entry, origin, layout, entryPath } = draft
    const chunks = splitSources(allSources, { size, title: entry.title ?? messages.sources, most: entry.perSlide ?? layout.perSlide })
    expanded.push(
      ...chunks.map((sources, chunkIndex) => {
        const slide = baseDraft(entry, layout, origin, entryPath, deckDirectory)
        slide.title = entry.title ?? messages.sources
        slide.notes = (chunkIndex === 0 ? entry.notes : undefined) ?? messages.sourcesNotes
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
    if (missing.length && complete && !input.incompleteSlides?.has(Number(draft.entryPath[1]))) {
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
      language,
      direction: textDirection(language),
      messages,
      keywords: deck.keywords ?? [],
      duration: deck.duration ?? null,
      durationOrigin: deck.duration === undefined ? null : { file: document.file, ...document.locate(['duration']) },
      fragments: deck.fragments ?? false,
      wordsPerMinute: deck.wordsPerMinute ?? (spokenInCharacters(language) ? DEFAULTS.charactersPerMinute : DEFAULTS.wordsPerMinute),
      dataset: dataset.name,
      topic: { title: localized.topic.title, subtitle: localized.topic.subtitle ?? null, summary: localized.topic.summary, asOf: dataset.topic.asOf ?? null },
      maxAgeMonths: deck.maxAge ?? DEFAULTS.maxAgeMonths,
      theme,
      branding: {
        logo,
        logoOrigin: logo === null ? null : { file: document.file, ...document.locate(['branding', 'logo']) },
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
