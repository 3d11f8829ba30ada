/**
 * Resolution (openWorkspace + loadDecks): selections expand to the slides the deck files imply,
 * sources are numbered in order of first citation, sections feed the agenda, and every bad
 * reference is an error at the line of the offending value.
 *
 * Expectations are computed here from the YAML files with js-yaml alone, so a change in the data
 * does not break the tests and a bug in the resolver cannot hide behind its own arithmetic.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { load } from 'js-yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Problem } from '../src/errors.js'
import { findDecks } from '../src/deck/find-decks.js'
import type { ResolvedDeck } from '../src/deck/types.js'
import { FIXTURES, REPO, openTestWorkspace, loadDeckList, type TestWorkspace, type LoadedDeck } from './helpers.js'

// ---------------------------------------------------------------------------------------------
// An independent model of the deck files, from the README's rules.
// ---------------------------------------------------------------------------------------------

type RawItem = Record<string, any> & { id: string; sources: string[] }
type RawEntry = Record<string, any> & { layout: string }
const KINDS = ['advances', 'advantages', 'use-cases', 'challenges'] as const

/** How each built-in layout takes a selection, as its first line declares it (README), read as text. */
const LAYOUT_MODES: Record<string, { selection: 'each' | 'all' | 'none'; perSlide?: number; from?: string }> = Object.fromEntries(
  readdirSync(path.join(REPO, 'templates', 'layouts')).map((file) => {
    const header = /\{\{!-- talkdeck:(.*?)--\}\}/.exec(readFileSync(path.join(REPO, 'templates', 'layouts', file), 'utf8'))?.[1] ?? ''
    const option = (name: string) => new RegExp(`${name}=(\\S+)`).exec(header)?.[1]
    const perSlide = option('perSlide')
    return [file.replace(/\.hbs$/, ''), { selection: (option('selection') ?? 'none') as 'each' | 'all' | 'none', ...(perSlide ? { perSlide: Number(perSlide) } : {}), ...(option('from') ? { from: option('from') } : {}) }]
  }),
)

function readData(dir: string): Record<(typeof KINDS)[number], RawItem[]> {
  const read = (kind: string) => {
    try {
      return (load(readFileSync(path.join(dir, `${kind}.yaml`), 'utf8')) as RawItem[] | null) ?? []
    } catch {
      return []
    }
  }
  return Object.fromEntries(KINDS.map((kind) => [kind, read(kind)])) as Record<(typeof KINDS)[number], RawItem[]>
}

const asList = <T>(value: T | T[] | undefined): T[] | undefined => (value === undefined ? undefined : Array.isArray(value) ? value : [value])

function matches(item: RawItem, where: Record<string, any>): boolean {
  const tags = asList<string>(where.tags)
  if (tags && !tags.some((t) => (item.tags ?? []).includes(t))) return false
  const audience = asList<string>(where.audience)
  if (audience && item.audience && !audience.some((a) => item.audience.includes(a))) return false
  const status = asList<string>(where.status)
  if (status && !status.includes(item.status)) return false
  const severity = asList<string>(where.severity)
  if (severity && !severity.includes(item.severity)) return false
  return true
}

const RANK: Record<string, number> = { low: 1, medium: 2, high: 3 }
function sortKey(item: RawItem, key: string): number[] | string | undefined {
  const raw = item[key]
  if (raw === undefined) return undefined
  if (key === 'severity') return [RANK[raw] ?? 0]
  if (key === 'version') return String(raw).split('.').map(Number)
  return String(raw)
}
function compareKeys(a: number[] | string, b: number[] | string): number {
  if (typeof a === 'string' || typeof b === 'string') return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0)
    if (d) return d
  }
  return 0
}

function select(entry: RawEntry, data: ReturnType<typeof readData>): RawItem[] {
  const pool = data[entry.from as (typeof KINDS)[number]]
  let items = entry.ids ? (entry.ids as string[]).map((id) => pool.find((i) => i.id === id) as RawItem) : [...pool]
  if (entry.where) items = items.filter((i) => matches(i, entry.where))
  if (entry.sort) {
    const descending = String(entry.sort).startsWith('-')
    const key = String(entry.sort).replace(/^-/, '')
    items = [...items].sort((x, y) => {
      const a = sortKey(x, key)
      const b = sortKey(y, key)
      if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1
      return descending ? -compareKeys(a, b) : compareKeys(a, b)
    })
  }
  if (entry.limit) items = items.slice(0, entry.limit)
  return items
}

interface Expected {
  /**
   * Slides per deck entry, in order; for an entry whose layout fits as many items on a slide as
   * their text allows (sources, and cards without a perSlide), the items it holds and the most a
   * slide takes: its slides are counted by the deck, between the two.
   */
  perEntry: (number | { items: number; most: number })[]
  total: number
  /** Source ids in order of first citation. */
  sources: string[]
}

/** The most cards a slide holds (a 2×2 grid of short ones). */
const CARDS_AT_MOST = 4

function expectDeck(deckFile: string, dataDir: string): Expected {
  const deck = load(readFileSync(deckFile, 'utf8')) as { slides: RawEntry[] }
  const data = readData(dataDir)
  const cited: string[] = []
  const cite = (ids: string[] = []) => ids.forEach((id) => cited.includes(id) || cited.push(id))
  const perEntry: (number | 'sources' | { items: number; most: number })[] = deck.slides.map((entry) => {
    const mode = LAYOUT_MODES[entry.layout]
    if (!mode) throw new Error(`layout ${entry.layout} not in the model`)
    if ((entry.from ?? mode.from) === 'sources') return 'sources'
    if (!entry.from) {
      cite(entry.sources)
      return 1
    }
    const items = select(entry, data)
    for (const item of items) cite(item.sources)
    cite(entry.sources)
    if (mode.selection === 'each') return items.length
    if (entry.layout === 'cards' && !entry.perSlide) return { items: items.length, most: CARDS_AT_MOST }
    return Math.ceil(items.length / (entry.perSlide ?? mode.perSlide ?? items.length))
  })
  const counts = perEntry.map((n, index) => {
    if (n !== 'sources') return n
    const perSlide = deck.slides[index]?.perSlide ?? LAYOUT_MODES.sources?.perSlide
    return perSlide ? Math.ceil(cited.length / perSlide) : { items: cited.length, most: cited.length }
  })
  const total = counts.reduce<number>((sum, n) => sum + (typeof n === 'number' ? n : 0), 0)
  return { perEntry: counts, total, sources: cited }
}

const errorsOf = (problems: Problem[]) => problems.filter((p) => p.severity === 'error')

// ---------------------------------------------------------------------------------------------
// The shipped decks and the tea fixture
// ---------------------------------------------------------------------------------------------

describe.each([
  { name: 'the repository', root: REPO, dataset: 'rust-in-linux', decks: ['briefing', 'conference', 'conference-es', 'lightning', 'lightning-de'] },
  { name: 'the tea fixture', root: path.join(FIXTURES, 'tea-project'), dataset: 'tea', decks: ['tea-talk'] },
])('$name', ({ root, dataset, decks }) => {
  let workspace: TestWorkspace
  let results: LoadedDeck[]
  beforeAll(async () => {
    workspace = await openTestWorkspace(root)
    results = await loadDeckList(workspace, await findDecks(workspace.project))
  })
  const deckOf = (id: string): ResolvedDeck => {
    const result = results.find((r) => r.id === id)
    expect(errorsOf(result?.problems ?? []), id).toEqual([])
    expect(result?.deck, id).toBeDefined()
    return result?.deck as ResolvedDeck
  }

  it('finds every deck and resolves it without errors', () => {
    expect(results.map((r) => r.id)).toEqual(decks)
    for (const id of decks) expect(deckOf(id).dataset).toBe(dataset)
  })

  it.each(decks)('%s: has the slide count its deck file implies', (id) => {
    const expected = expectDeck(path.join(root, 'decks', `${id}.yaml`), path.join(root, 'data', dataset))
    const deck = deckOf(id)
    expect(deck.slides.map((s) => s.number)).toEqual(deck.slides.map((_, i) => i + 1))
    // Slides appear entry by entry: group consecutive slides by the deck line they come from.
    const perEntry: number[] = []
    let line: number | undefined
    for (const slide of deck.slides) {
      if (slide.origin.line !== line) perEntry.push(0)
      line = slide.origin.line
      perEntry[perEntry.length - 1]! += 1
    }
    const wanted = expected.perEntry.filter((n) => typeof n !== 'number' || n > 0)
    expect(perEntry).toHaveLength(wanted.length)
    wanted.forEach((n, index) => {
      const got = perEntry[index] as number
      if (typeof n === 'number') expect(got, `entry ${index + 1}`).toBe(n)
      else {
        expect(got, `entry ${index + 1}`).toBeGreaterThanOrEqual(Math.ceil(n.items / n.most))
        expect(got, `entry ${index + 1}`).toBeLessThanOrEqual(n.items)
      }
    })
    expect(deck.slides.length).toBe(perEntry.reduce((a, b) => a + b, 0))
    expect(deck.slides.length).toBeGreaterThanOrEqual(expected.total)
  })

  it.each(decks)('%s: numbers sources in order of first citation; the sources slides list exactly those', (id) => {
    const expected = expectDeck(path.join(root, 'decks', `${id}.yaml`), path.join(root, 'data', dataset))
    const deck = deckOf(id)
    expect(deck.sources.map((s) => s.id)).toEqual(expected.sources)
    expect(deck.sources.map((s) => s.number)).toEqual(expected.sources.map((_, i) => i + 1))
    const listed = deck.slides.filter((s) => s.layout === 'sources').flatMap((s) => s.sources)
    expect(listed.map((s) => s.id)).toEqual(expected.sources)
    // Every citation on a content slide uses the deck-wide number of that source.
    const numbers = new Map(deck.sources.map((s) => [s.id, s.number]))
    for (const slide of deck.slides) for (const source of slide.sources) expect(source.number).toBe(numbers.get(source.id))
  })

  it.each(decks)('%s: the sources slides are the last ones and are split into numbered parts', (id) => {
    const deck = deckOf(id)
    const sourceSlides = deck.slides.filter((s) => s.layout === 'sources')
    expect(sourceSlides.length).toBeGreaterThan(0)
    expect(deck.slides.slice(-sourceSlides.length).every((s) => s.layout === 'sources')).toBe(true)
    for (const slide of sourceSlides) expect(slide.sources.length).toBeLessThanOrEqual(LAYOUT_MODES.sources?.perSlide ?? Infinity)
    if (sourceSlides.length > 1) {
      expect(sourceSlides.map((s) => s.part)).toEqual(sourceSlides.map((_, i) => ({ index: i + 1, count: sourceSlides.length })))
    }
    expect(new Set(deck.slides.map((s) => s.id)).size).toBe(deck.slides.length)
  })
})

describe('the conference deck in detail', () => {
  let deck: ResolvedDeck
  let data: ReturnType<typeof readData>
  beforeAll(async () => {
    const workspace = await openTestWorkspace(REPO)
    const refs = (await findDecks(workspace.project)).filter((r) => r.id === 'conference')
    const [result] = await loadDeckList(workspace, refs)
    deck = result?.deck as ResolvedDeck
    data = readData(path.join(REPO, 'data', 'rust-in-linux'))
  })

  it('expands `ids` to one slide per item, in the order written', () => {
    const text = readFileSync(path.join(REPO, 'decks', 'conference.yaml'), 'utf8')
    const entries = (load(text) as { slides: RawEntry[] }).slides.filter((e) => e.ids && e.layout === 'bullets')
    for (const entry of entries) {
      const slides = deck.slides.filter((s) => s.layout === 'bullets' && (entry.ids as string[]).includes(s.item?.id ?? ''))
      expect(slides.map((s) => s.item?.id)).toEqual(entry.ids)
      // Consecutive slides, like the entry.
      expect(slides.map((s) => s.number - (slides[0]?.number ?? 0))).toEqual(slides.map((_, i) => i))
      // A slide of one item takes its title, text, points and notes from the item, unless its entry gives its own.
      const item = data.advances.concat(data.advantages, data.challenges).find((i) => i.id === slides[0]?.item?.id) as RawItem
      expect(slides[0]).toMatchObject({ title: entry.title ?? item.title, text: entry.text ?? item.summary, points: entry.points ?? item.points ?? [], id: item.id })
    }
  })

  it('records sections with ids and slide numbers for the agenda, and tags slides with their section', () => {
    const entries = (load(readFileSync(path.join(REPO, 'decks', 'conference.yaml'), 'utf8')) as { slides: RawEntry[] }).slides
    const sectionEntries = entries.filter((e) => e.layout === 'section')
    expect(sectionEntries.length).toBeGreaterThan(1)
    const sectionSlides = deck.slides.filter((s) => s.layout === 'section')
    expect(deck.sections.map((s) => s.title)).toEqual(sectionEntries.map((e) => e.title))
    expect(deck.sections.map((s) => s.minutes)).toEqual(sectionEntries.map((e) => e.minutes ?? null))
    const slug = (t: string) => t.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
    expect(deck.sections.map((s) => s.id)).toEqual(sectionEntries.map((e) => e.id ?? slug(e.title)))
    expect(deck.sections.map((s) => s.slideNumber)).toEqual(sectionSlides.map((s) => s.number))
    expect(sectionSlides.map((s) => s.id)).toEqual(deck.sections.map((s) => s.id))
    for (const slide of deck.slides) {
      const current = [...deck.sections].reverse().find((s) => s.slideNumber <= slide.number)
      expect(slide.section?.id ?? null, `slide ${slide.number}`).toBe(current?.id ?? null)
    }
  })

  it('gives a slide of its own (no from:) its own fields and sources', () => {
    const entries = (load(readFileSync(path.join(REPO, 'decks', 'conference.yaml'), 'utf8')) as { slides: RawEntry[] }).slides
    const own = entries.filter((e) => !e.from && e.title && e.layout !== 'section')
    expect(own.length).toBeGreaterThan(0)
    for (const entry of own) {
      const slide = deck.slides.find((s) => s.title === entry.title && s.layout === entry.layout)
      expect(slide, entry.title).toBeDefined()
      expect(slide?.items).toEqual([])
      expect(slide?.points).toEqual(entry.points ?? [])
      expect(slide?.columns.map((c) => c.title)).toEqual((entry.columns ?? []).map((c: { title: string }) => c.title))
      expect(slide?.sources.map((s) => s.id)).toEqual(entry.sources ?? [])
    }
  })
})

// ---------------------------------------------------------------------------------------------
// Synthetic decks against the real dataset, in a temporary project
// ---------------------------------------------------------------------------------------------

describe('the German lightning deck', () => {
  it('shows every item it selects in German, from data/rust-in-linux/i18n/de, with no translation missing', async () => {
    const workspace = await openTestWorkspace(REPO)
    const refs = (await findDecks(workspace.project)).filter((r) => r.id === 'lightning' || r.id === 'lightning-de')
    const [english, german] = await loadDeckList(workspace, refs)
    expect(german?.problems.filter((problem) => /translation/.test(problem.message))).toEqual([])
    const titles = new Map<string, string>()
    for (const kind of KINDS) {
      const file = path.join(REPO, 'data', 'rust-in-linux', 'i18n', 'de', `${kind}.yaml`)
      const entries = (load(readFileSync(file, 'utf8')) ?? {}) as Record<string, { title?: { text?: string } }>
      for (const [id, entry] of Object.entries(entries)) if (entry.title?.text) titles.set(id, entry.title.text)
    }
    const items = (deck: ResolvedDeck | undefined) => (deck?.slides ?? []).flatMap((slide) => [...(slide.item ? [slide.item] : []), ...(slide.items ?? [])])
    const shown = items(german?.deck)
    // The timeline's six advances, two advantages and the cards' challenges: the English deck's items.
    expect(shown.map((item) => item.id)).toEqual(items(english?.deck).map((item) => item.id))
    expect(shown.length).toBeGreaterThan(8)
    for (const item of shown) expect(item.title, item.id).toBe(titles.get(item.id))
    expect(german?.deck?.messages.sources).toBe('Quellen')
    expect(german?.deck?.slides.map((slide) => slide.title)).toContain('Drei Jahre in sechs Schritten')
  })
})

describe('selections, sorting and errors on synthetic decks', () => {
  let root: string
  let workspace: TestWorkspace
  let data: ReturnType<typeof readData>
  let counter = 0

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'talkdeck-resolve-'))
    mkdirSync(path.join(root, 'decks'))
    cpSync(path.join(REPO, 'data'), path.join(root, 'data'), { recursive: true })
    workspace = await openTestWorkspace(root)
    data = readData(path.join(root, 'data', 'rust-in-linux'))
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  /** Writes a deck (its `slides:` lines given) and resolves it; returns the text for line lookups. */
  async function resolve(slides: string, header = 'title: Synthetic\ndata: rust-in-linux\n') {
    const id = `synthetic-${++counter}`
    const file = path.join(root, 'decks', `${id}.yaml`)
    const text = `${header}slides:\n${slides}`
    writeFileSync(file, text)
    const [result] = await loadDeckList(workspace, [{ id, file }])
    return { result: result as LoadedDeck, text, display: workspace.project.displayPath(file) }
  }
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1
  const columnOf = (text: string, needle: string) => (text.split('\n')[lineOf(text, needle) - 1] ?? '').indexOf(needle) + 1
  const resolved = (result: LoadedDeck) => {
    expect(errorsOf(result.problems)).toEqual([])
    return result.deck as ResolvedDeck
  }

  it('keeps the order of `ids`, not the order of the data file', async () => {
    const ids = [data.advances[3]!.id, data.advances[0]!.id, data.advances[7]!.id]
    const { result } = await resolve(`  - layout: bullets\n    from: advances\n    ids: [${ids.join(', ')}]\n`)
    expect(resolved(result).slides.map((s) => s.item?.id)).toEqual(ids)
  })

  it('`ids` with an all-at-once layout puts the items on one slide, in that order', async () => {
    const ids = [data.challenges[2]!.id, data.challenges[0]!.id]
    // perSlide: the cards layout otherwise puts fewer long cards on a slide than fit two short ones.
    const { result } = await resolve(`  - layout: cards\n    from: challenges\n    ids: [${ids.join(', ')}]\n    perSlide: 2\n`)
    const deck = resolved(result)
    expect(deck.slides).toHaveLength(1)
    expect(deck.slides[0]?.items.map((i) => i.id)).toEqual(ids)
  })

  it('where.tags keeps items having any of the tags', async () => {
    const { result } = await resolve('  - layout: timeline\n    from: advances\n    where: { tags: [drm, android] }\n    perSlide: 50\n')
    const expected = data.advances.filter((a) => (a.tags ?? []).some((t: string) => t === 'drm' || t === 'android')).map((a) => a.id)
    expect(expected.length).toBeGreaterThan(1)
    expect(resolved(result).slides[0]?.items.map((i) => i.id)).toEqual(expected)
  })

  it('where.tags as a single value, where.audience, where.status and where.severity filter', async () => {
    const cases: [string, string, (i: RawItem) => boolean][] = [
      ['advances', '{ tags: drivers }', (i) => (i.tags ?? []).includes('drivers')],
      ['advantages', '{ audience: management }', (i) => !i.audience || i.audience.includes('management')],
      ['use-cases', '{ status: [in-progress, out-of-tree] }', (i) => ['in-progress', 'out-of-tree'].includes(i.status)],
      ['use-cases', '{ status: merged }', (i) => i.status === 'merged'],
      ['challenges', '{ severity: [high, low] }', (i) => ['high', 'low'].includes(i.severity)],
      ['challenges', '{ severity: medium, audience: management }', (i) => i.severity === 'medium' && i.audience.includes('management')],
    ]
    for (const [kind, where, predicate] of cases) {
      const { result } = await resolve(`  - layout: timeline\n    from: ${kind}\n    where: ${where}\n    perSlide: 50\n`)
      const expected = data[kind as (typeof KINDS)[number]].filter(predicate).map((i) => i.id)
      expect(expected.length, `${kind} ${where}`).toBeGreaterThan(0)
      expect(resolved(result).slides.flatMap((s) => s.items.map((i) => i.id)), `${kind} ${where}`).toEqual(expected)
    }
  })

  it('sorts by date, by version numerically, by severity, and descending with "-"', async () => {
    const ids = async (kind: string, sort: string) => {
      const { result } = await resolve(`  - layout: timeline\n    from: ${kind}\n    sort: "${sort}"\n    perSlide: 50\n`)
      return resolved(result).slides[0]?.items ?? []
    }
    const byDate = await ids('advances', 'date')
    expect(byDate.map((i) => i.date)).toEqual(data.advances.map((a) => a.date).sort())
    const byDateDown = await ids('advances', '-date')
    expect(byDateDown.map((i) => i.date)).toEqual(data.advances.map((a) => a.date).sort().reverse())
    const withNulls = (await ids('advances', 'version')).map((i) => i.version)
    // Items without a version go last.
    const byVersion = withNulls.filter((v) => v !== null)
    expect(withNulls.slice(0, byVersion.length)).toEqual(byVersion)
    expect(byVersion.length).toBe(data.advances.filter((a) => a.version !== undefined).length)
    const numeric = (v: string | null) => (v ?? '0').split('.').map(Number)
    for (let i = 1; i < byVersion.length; i++) {
      const [a, b] = [numeric(byVersion[i - 1] ?? null), numeric(byVersion[i] ?? null)]
      expect((a[0] ?? 0) * 1000 + (a[1] ?? 0), `${byVersion[i - 1]} before ${byVersion[i]}`).toBeLessThanOrEqual((b[0] ?? 0) * 1000 + (b[1] ?? 0))
    }
    expect(byVersion).toContain('6.8')
    expect(byVersion.indexOf('6.8')).toBeLessThan(byVersion.indexOf('6.11'))
    const bySeverity = (await ids('challenges', '-severity')).map((i) => i.severity)
    expect(bySeverity).toEqual([...bySeverity].sort((a, b) => (RANK[b ?? ''] ?? 0) - (RANK[a ?? ''] ?? 0)))
    expect(bySeverity[0]).toBe('high')
    expect(bySeverity.at(-1)).toBe('low')
    const byTitle = (await ids('advantages', 'title')).map((i) => i.title)
    expect(byTitle).toEqual(data.advantages.map((a) => a.title as string).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
  })

  it('applies limit after sorting', async () => {
    const { result } = await resolve('  - layout: bullets\n    from: advances\n    sort: -date\n    limit: 3\n')
    const expected = [...data.advances].sort((a, b) => (a.date < b.date ? 1 : -1)).slice(0, 3).map((a) => a.id)
    expect(resolved(result).slides.map((s) => s.item?.id)).toEqual(expected)
  })

  it('chunks an all-at-once selection by perSlide: the layout default, or the entry', async () => {
    const eleven = data.advances.slice(0, 11).map((a) => a.id)
    expect(eleven).toHaveLength(11)
    const { result } = await resolve(`  - layout: timeline\n    from: advances\n    ids: [${eleven.join(', ')}]\n    id: history\n`)
    const deck = resolved(result)
    // 11 advances on a timeline (perSlide=6) → 6 + 5.
    expect(deck.slides.map((s) => s.items.length)).toEqual([6, 5])
    expect(deck.slides.map((s) => s.part)).toEqual([{ index: 1, count: 2 }, { index: 2, count: 2 }])
    expect(deck.slides.map((s) => s.id)).toEqual(['history', 'history-2'])
    expect(deck.slides.flatMap((s) => s.items.map((i) => i.id))).toEqual(eleven)
    const n = data.advances.length
    const { result: four } = await resolve('  - layout: timeline\n    from: advances\n    perSlide: 4\n')
    const sizes = resolved(four).slides.map((s) => s.items.length)
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(n)
    expect(sizes).toEqual(Array.from({ length: Math.ceil(n / 4) }, (_, i) => Math.min(4, n - 4 * i)))
    expect(resolved(four).slides.map((s) => s.part?.count)).toEqual(sizes.map(() => sizes.length))
  })

  it('numbers sources by first citation across slides and lists exactly the cited ones', async () => {
    const [a, b] = [data.advantages[1]!, data.advances[0]!]
    const { result } = await resolve(
      [
        '  - layout: bullets',
        '    title: Own slide',
        `    sources: [${b.sources[0]}]`,
        '  - layout: bullets',
        '    from: advantages',
        `    ids: [${a.id}]`,
        '  - layout: bullets',
        '    from: advances',
        `    ids: [${b.id}]`,
        '  - layout: sources',
        '    from: sources',
        '    perSlide: 100',
        '',
      ].join('\n'),
    )
    const deck = resolved(result)
    const expected: string[] = []
    for (const id of [b.sources[0]!, ...a.sources, ...b.sources]) if (!expected.includes(id)) expected.push(id)
    expect(deck.sources.map((s) => s.id)).toEqual(expected)
    expect(deck.sources.map((s) => s.number)).toEqual(expected.map((_, i) => i + 1))
    expect(deck.slides[0]?.sources.map((s) => s.number)).toEqual([1])
    expect(deck.slides[2]?.sources.map((s) => s.id)).toEqual(b.sources)
    const sourcesSlide = deck.slides.at(-1)
    expect(sourcesSlide?.layout).toBe('sources')
    expect(sourcesSlide?.sources.map((s) => s.id)).toEqual(expected)
    // Uncited sources of the dataset are not listed.
    expect(expected.length).toBeLessThan((load(readFileSync(path.join(root, 'data', 'rust-in-linux', 'sources.yaml'), 'utf8')) as unknown[]).length)
  })

  it("lists a slide's sources in the order of their numbers, not of its items", async () => {
    const sources = [...new Set([...data.advances, ...data.advantages].flatMap((item) => item.sources))]
    const [first, second] = sources as [string, string]
    const { result } = await resolve(
      ['  - layout: bullets', '    title: First', `    sources: [${first}]`, '  - layout: bullets', '    title: Second', `    sources: [${second}, ${first}]`, ''].join('\n'),
    )
    const deck = resolved(result)
    expect(deck.slides[1]?.sources.map((s) => [s.id, s.number])).toEqual([
      [first, 1],
      [second, 2],
    ])
  })

  it('builds sections and their agenda ids, with unique ids for repeated titles', async () => {
    const { result } = await resolve(
      [
        '  - layout: title',
        '  - layout: agenda',
        '  - layout: section',
        '    title: Part one',
        '    minutes: 2',
        '  - layout: bullets',
        '    title: Same',
        '  - layout: section',
        '    title: Part two',
        '  - layout: bullets',
        '    title: Same',
        '',
      ].join('\n'),
    )
    const deck = resolved(result)
    expect(deck.sections).toEqual([
      { id: 'part-one', title: 'Part one', slideNumber: 3, minutes: 2 },
      { id: 'part-two', title: 'Part two', slideNumber: 5, minutes: null },
    ])
    expect(deck.slides.map((s) => s.id)).toEqual(['title', 'agenda', 'part-one', 'same', 'part-two', 'same-2'])
    expect(deck.slides.map((s) => s.section?.id ?? null)).toEqual([null, null, 'part-one', 'part-one', 'part-two', 'part-two'])
  })

  it('an unknown layout is an error at the layout line', async () => {
    const { result, text, display } = await resolve('  - layout: title\n  - layout: bulets\n    title: X\n')
    expect(result.deck).toBeUndefined()
    const [problem] = errorsOf(result.problems)
    expect(problem).toMatchObject({ code: 'unknown-layout', file: display, line: lineOf(text, 'bulets'), column: columnOf(text, 'bulets'), deck: result.id })
    expect(problem?.message).toContain('"bulets"')
    expect(problem?.message).toContain('bullets')
  })

  it('an unknown item id is an error at the id in the list', async () => {
    const { result, text, display } = await resolve(`  - layout: bullets\n    from: advances\n    ids: [${data.advances[0]!.id}, no-such-item]\n`)
    expect(result.deck).toBeUndefined()
    expect(errorsOf(result.problems)).toEqual([
      expect.objectContaining({ code: 'unknown-item', file: display, line: lineOf(text, 'no-such-item'), column: columnOf(text, 'no-such-item'), path: 'slides[0].ids[1]' }),
    ])
    expect(errorsOf(result.problems)[0]?.message).toContain('"no-such-item"')
  })

  it('an item of another kind is an error naming where the item is', async () => {
    const other = data.challenges[0]!.id
    const { result, text } = await resolve(`  - layout: bullets\n    from: advances\n    ids: [${other}]\n`)
    const [problem] = errorsOf(result.problems)
    expect(problem).toMatchObject({ code: 'unknown-item', line: lineOf(text, other) })
    expect(problem?.message).toContain('challenges')
  })

  it('an unknown source on a slide is an error at the source id', async () => {
    const { result, text, display } = await resolve('  - layout: bullets\n    title: Own\n    sources:\n      - lwn-rust-experiment-end\n      - not-a-source\n')
    expect(result.deck).toBeUndefined()
    expect(errorsOf(result.problems)).toEqual([
      expect.objectContaining({ code: 'unknown-source', file: display, line: lineOf(text, 'not-a-source'), column: columnOf(text, 'not-a-source') }),
    ])
  })

  it('an unknown theme is an error at the theme line, listing the themes', async () => {
    const { result, text, display } = await resolve('  - layout: title\n', 'title: T\ndata: rust-in-linux\ntheme: neon\n')
    expect(result.deck).toBeUndefined()
    const [problem] = errorsOf(result.problems)
    expect(problem).toMatchObject({ code: 'unknown-theme', file: display, line: lineOf(text, 'theme: neon'), column: columnOf(text, 'neon') })
    for (const name of ['corporate', 'kernel', 'contrast', 'paper', 'neon']) expect(problem?.message).toContain(name)
  })

  it('a missing theme file is an error at the theme line', async () => {
    const { result, text } = await resolve('  - layout: title\n', 'title: T\ndata: rust-in-linux\ntheme: ./nowhere/theme.css\n')
    expect(errorsOf(result.problems)[0]).toMatchObject({ code: 'unknown-theme', line: lineOf(text, 'theme:') })
  })

  it('an unknown dataset is an error at the data line, listing the datasets', async () => {
    const { result, text, display } = await resolve('  - layout: title\n', 'title: T\ndata: no-such-data\n')
    expect(result.deck).toBeUndefined()
    const [problem] = errorsOf(result.problems)
    expect(problem).toMatchObject({ code: 'unknown-dataset', file: display, line: lineOf(text, 'data:'), deck: result.id })
    expect(problem?.message).toContain('"no-such-data"')
    expect(problem?.message).toContain('rust-in-linux')
  })

  it('reports every bad reference of a deck at once', async () => {
    const { result, text } = await resolve('  - layout: nope\n  - layout: bullets\n    from: advances\n    ids: [missing-one]\n  - layout: bullets\n    title: X\n    sources: [missing-source]\n', 'title: T\ndata: rust-in-linux\ntheme: neon\n')
    const errors = errorsOf(result.problems)
    expect(errors.map((p) => [p.code, p.line]).sort()).toEqual(
      [
        ['unknown-item', lineOf(text, 'missing-one')],
        ['unknown-layout', lineOf(text, 'layout: nope')],
        ['unknown-source', lineOf(text, 'missing-source')],
        ['unknown-theme', lineOf(text, 'theme: neon')],
      ].sort(),
    )
  })

  it('an empty selection is a warning at the entry and adds no slide', async () => {
    const { result, text, display } = await resolve('  - layout: title\n  - layout: cards\n    from: challenges\n    where: { tags: [no-such-tag] }\n')
    const deck = resolved(result)
    expect(deck.slides.map((s) => s.layout)).toEqual(['title'])
    const warnings = result.problems.filter((p) => p.code === 'empty-selection')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatchObject({ severity: 'warning', file: display, line: lineOf(text, 'layout: cards') })
    expect(warnings[0]?.message).toContain('where')
  })

  it('ids, where, sort or limit without from: is an error', async () => {
    const { result } = await resolve('  - layout: bullets\n    title: X\n    limit: 2\n')
    expect(errorsOf(result.problems)).toHaveLength(1)
    expect(errorsOf(result.problems)[0]?.message).toContain('from:')
  })
})
