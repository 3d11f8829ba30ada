/**
 * `talkdeck export` end to end: the real CLI, a real headless Chromium, and every PDF read back
 * with pdf.js and pdf-lib (pages, sizes, text, links, outline, metadata, tags). Each describe block
 * runs the CLI once in beforeAll and its tests read what that run wrote.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { load } from 'js-yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findDecks } from '../src/deck/find-decks.js'
import type { ResolvedDeck, ResolvedSlide } from '../src/deck/types.js'
import { REPO, lazy, runCli, tempDir, type CliRun, openTestWorkspace, loadDeckList, fixture } from './helpers.js'
import { flattenOutline, parsePdfDate, readPdf, squash, type ReadPdf } from './pdf-reader.js'

/** The repository's decks, in the order the CLI handles them (briefing, conference, lightning). */
const DECK_IDS = readdirSync(path.join(REPO, 'decks'))
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => name.replace(/\.ya?ml$/, ''))
  .sort((a, b) => a.localeCompare(b))

/** Slides are 1280×720 CSS px; at 96 px per inch that is 960×540 pt. */
const SLIDE_PT = { width: 960, height: 540 }
/** A4 portrait in points. */
const A4_PT = { width: 595.28, height: 841.89 }

async function loadRepoDecks(root: string): Promise<Map<string, ResolvedDeck>> {
  const workspace = await openTestWorkspace(root)
  const results = await loadDeckList(workspace, await findDecks(workspace.project))
  const decks = new Map<string, ResolvedDeck>()
  for (const result of results) {
    if (!result.deck) throw new Error(`deck ${result.id} did not resolve: ${JSON.stringify(result.problems)}`)
    decks.set(result.id, result.deck)
  }
  return decks
}

/** The heading a slide shows: its own title, or what its layout shows when it has none. */
function shownTitle(deck: ResolvedDeck, slide: ResolvedSlide): string | null {
  if (slide.title) return slide.title
  if (slide.layout === 'title') return deck.title
  // talkdeck's own words, in the deck's language.
  if (slide.layout === 'agenda') return deck.messages.agenda
  if (slide.layout === 'closing') return deck.messages.closing
  return null
}

/** The outline entry Chromium makes from the slide's heading: the title and "k/n" of a split slide. */
function outlineTitle(deck: ResolvedDeck, slide: ResolvedSlide): string | null {
  const title = shownTitle(deck, slide)
  if (title === null) return null
  return slide.part ? `${title} ${slide.part.index}/${slide.part.count}` : title
}

/** Slides whose title cannot be found in the text of their own page. */
function slidesWithoutTitleText(deck: ResolvedDeck, pdf: ReadPdf): string[] {
  return deck.slides.flatMap((slide) => {
    const title = shownTitle(deck, slide)
    if (title === null) return []
    const page = pdf.pages[slide.number - 1]
    return page && squash(page.text).includes(squash(title)) ? [] : [`slide ${slide.number} (${slide.layout}) "${title}"`]
  })
}

const normalizeUrl = (url: string) => new URL(url).href
const externalLinks = (pdf: ReadPdf, page: number) => pdf.links.filter((l) => l.page === page && l.url).map((l) => normalizeUrl(l.url ?? ''))

let decks: Map<string, ResolvedDeck>
const deck = (id: string): ResolvedDeck => {
  const found = decks.get(id)
  if (!found) throw new Error(`no deck ${id}`)
  return found
}

beforeAll(async () => {
  decks = await loadRepoDecks(REPO)
  expect([...decks.keys()]).toEqual(DECK_IDS)
  expect(DECK_IDS).toEqual(expect.arrayContaining(['briefing', 'conference', 'lightning']))
})

describe('export (pdf) of the repository decks', () => {
  const out = lazy(tempDir)
  let run: CliRun
  const started = Date.now()
  const pdfs = new Map<string, ReadPdf>()

  beforeAll(async () => {
    run = await runCli(['export', '--out', out.dir])
    for (const id of DECK_IDS) {
      try {
        pdfs.set(id, await readPdf(path.join(out.dir, `${id}.pdf`)))
      } catch {
        // the test naming the missing file reports it
      }
    }
  })
  afterAll(() => out.cleanup())

  const pdf = (id: string): ReadPdf => {
    const read = pdfs.get(id)
    if (!read) throw new Error(`${id}.pdf was not written or could not be read; CLI said:\n${run.stderr}`)
    return read
  }

  it('exits 0 and writes one PDF per deck, nothing else', () => {
    expect(run.code, run.stderr).toBe(0)
    expect(readdirSync(out.dir).sort()).toEqual(DECK_IDS.map((id) => `${id}.pdf`).sort())
    for (const id of DECK_IDS) {
      expect(run.stderr).toMatch(new RegExp(`exported ${id} → .*${id}\\.pdf \\(${deck(id).slides.length} pages\\)`))
    }
    expect(run.stderr).not.toMatch(/\n\s+at /)
  })

  describe.each(DECK_IDS)('%s.pdf', (id) => {
    it('has one page per slide, each 960×540 pt (1280×720 CSS px, 16:9)', () => {
      expect(pdf(id).pages).toHaveLength(deck(id).slides.length)
      for (const page of pdf(id).pages) {
        expect(page.width).toBeCloseTo(SLIDE_PT.width, 0)
        expect(page.height).toBeCloseTo(SLIDE_PT.height, 0)
      }
    })

    it("has every slide's title as text on its own page", () => {
      expect(slidesWithoutTitleText(deck(id), pdf(id))).toEqual([])
    })

    it("links every slide's cited sources, and the sources slides link exactly the deck's sources", () => {
      const d = deck(id)
      const sourcesPages: number[] = []
      for (const slide of d.slides) {
        const links = externalLinks(pdf(id), slide.number - 1)
        const cited = slide.sources.map((s) => normalizeUrl(s.url))
        expect(links, `slide ${slide.number} "${slide.title}"`).toEqual(expect.arrayContaining(cited))
        if (slide.layout === 'sources') {
          sourcesPages.push(slide.number - 1)
          expect(new Set(links), `sources slide ${slide.number}`).toEqual(new Set(cited))
        }
      }
      expect(sourcesPages.length).toBeGreaterThan(0)
      // Together the sources slides link every source the deck cites, each one from sources.yaml.
      const dataset = load(readFileSync(path.join(REPO, 'data', d.dataset, 'sources.yaml'), 'utf8')) as { id: string; url: string }[]
      const datasetUrls = new Map(dataset.map((s) => [s.id, normalizeUrl(s.url)]))
      const linked = new Set(sourcesPages.flatMap((page) => externalLinks(pdf(id), page)))
      expect(linked).toEqual(new Set(d.sources.map((s) => datasetUrls.get(s.id))))
      expect(linked.size).toBe(d.sources.length)
    })

    it('has a bookmark for every titled slide, going to its page', () => {
      const d = deck(id)
      const entries = flattenOutline(pdf(id).outline).map((e) => `${e.page}: ${squash(e.title)}`)
      const missing = d.slides.flatMap((slide) => {
        const title = outlineTitle(d, slide)
        if (title === null) return []
        return entries.includes(`${slide.number - 1}: ${squash(title)}`) ? [] : [`slide ${slide.number} (${slide.layout}) "${title}"`]
      })
      expect(missing).toEqual([])
    })

    it('carries the document information from the deck', () => {
      const d = deck(id)
      const info = pdf(id).info
      expect(info.Title).toBe(d.title)
      expect(info.Author).toBe(d.author)
      expect(info.Subject).toBe(d.subtitle ?? d.topic.summary)
      expect(info.Creator).toMatch(/^talkdeck \d+\.\d+\.\d+/)
      expect(info.Producer).toMatch(/Chromium/)
      const created = parsePdfDate(info.CreationDate)
      expect(created, String(info.CreationDate)).not.toBeNull()
      expect(created!.getTime()).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000 - 2000)
      expect(created!.getTime()).toBeLessThanOrEqual(Date.now() + 2000)
      expect(pdf(id).catalog.lang).toBe(d.language)
    })

    it('keeps multi-word keywords apart in /Keywords', () => {
      const d = deck(id)
      const keywords = String(pdf(id).info.Keywords ?? '')
      // A deck without keywords is described by its topic.
      const expected = d.keywords.length ? d.keywords : [d.topic.title]
      // "Linux kernel" and "memory safety" must stay keywords, not become four words.
      expect(keywords.split(/\s*[,;]\s*/).filter(Boolean)).toEqual(expected)
    })

    it('is a tagged PDF (MarkInfo /Marked true and a structure tree)', () => {
      expect(pdf(id).catalog.marked).toBe(true)
      expect(pdf(id).catalog.structTreeRoot).toBe(true)
    })
  })

  it("links the agenda's entries to the pages of the section slides", () => {
    const d = deck('conference')
    const agenda = d.slides.find((s) => s.layout === 'agenda')
    expect(agenda).toBeDefined()
    expect(d.sections.length).toBeGreaterThanOrEqual(2)
    const internal = pdf('conference').links.filter((l) => l.page === agenda!.number - 1 && !l.url)
    expect(internal.map((l) => l.destPage)).toEqual(d.sections.map((s) => s.slideNumber - 1))
    for (const section of d.sections) {
      const page = pdf('conference').pages[section.slideNumber - 1]
      expect(squash(page?.text ?? '')).toContain(squash(section.title))
    }
  })

  it('has the sections as outline entries and their slides nested under them', () => {
    const d = deck('conference')
    const outline = pdf('conference').outline
    for (const section of d.sections) {
      const entry = outline.find((e) => squash(e.title) === squash(section.title))
      expect(entry, `outline entry for section "${section.title}"; outline: ${JSON.stringify(outline.map((e) => e.title))}`).toBeDefined()
      expect(entry!.page).toBe(section.slideNumber - 1)
      const expected = d.slides
        .filter((s) => s.section?.id === section.id && s.number !== section.slideNumber)
        .flatMap((s) => {
          const title = outlineTitle(d, s)
          return title === null ? [] : [`${s.number - 1}: ${squash(title)}`]
        })
      expect(entry!.children.map((c) => `${c.page}: ${squash(c.title)}`), `slides of section "${section.title}"`).toEqual(expected)
    }
  })
})

describe('export --format handout --json', () => {
  const out = lazy(tempDir)
  let run: CliRun
  const pdfs = new Map<string, ReadPdf>()

  beforeAll(async () => {
    run = await runCli(['export', '--format', 'handout', '--json', '--out', out.dir])
    for (const id of DECK_IDS) {
      try {
        pdfs.set(id, await readPdf(path.join(out.dir, `${id}.handout.pdf`)))
      } catch {
        // reported by the tests
      }
    }
  })
  afterAll(() => out.cleanup())

  const pdf = (id: string): ReadPdf => {
    const read = pdfs.get(id)
    if (!read) throw new Error(`${id}.handout.pdf was not written; CLI said:\n${run.stderr}`)
    return read
  }

  it('prints a parseable JSON summary of every deck on stdout', () => {
    expect(run.code, run.stderr).toBe(0)
    const summary = JSON.parse(run.stdout) as { decks: { deck: string; files: Record<string, unknown>[]; warnings: unknown[]; error: unknown }[]; problems: unknown[] }
    expect(summary.decks.map((d) => d.deck)).toEqual(DECK_IDS)
    for (const { deck: id, files, warnings, error } of summary.decks) {
      expect(files).toHaveLength(1)
      const entry = files[0]!
      expect(entry.format).toBe('handout')
      expect(entry.file).toBe(path.join(out.dir, `${id}.handout.pdf`))
      expect(entry.pages).toBe(deck(id).slides.length)
      expect(entry.bytes).toBe(statSync(String(entry.file)).size)
      expect(typeof entry.seconds).toBe('number')
      expect(entry.seconds as number).toBeGreaterThan(0)
      // Warnings are objects with a location, like the problems of check --json.
      expect(Array.isArray(warnings)).toBe(true)
      for (const warning of warnings) expect(warning).toMatchObject({ severity: 'warning', file: expect.any(String), message: expect.any(String) })
      expect(error).toBeNull()
    }
    expect(Array.isArray(summary.problems)).toBe(true)
    expect(readdirSync(out.dir).sort()).toEqual(DECK_IDS.map((id) => `${id}.handout.pdf`).sort())
  })

  describe.each(DECK_IDS)('%s.handout.pdf', (id) => {
    it('has one A4 portrait page per slide', () => {
      expect(pdf(id).pages).toHaveLength(deck(id).slides.length)
      for (const page of pdf(id).pages) {
        expect(Math.abs(page.width - A4_PT.width)).toBeLessThanOrEqual(1)
        expect(Math.abs(page.height - A4_PT.height)).toBeLessThanOrEqual(1)
      }
    })

    it("puts each slide's notes on the page of its title", () => {
      const d = deck(id)
      expect(slidesWithoutTitleText(d, pdf(id))).toEqual([])
      const misplaced = d.slides.flatMap((slide) => {
        if (!slide.notes) return []
        const text = squash(pdf(id).pages[slide.number - 1]?.text ?? '')
        return text.includes(squash(slide.notes)) ? [] : [`slide ${slide.number}`]
      })
      expect(misplaced).toEqual([])
      expect(d.slides.some((s) => s.notes)).toBe(true)
    })

    it('has the deck title in the header and "Page n of N" in the footer of every page, in the deck\'s language', () => {
      const pages = pdf(id).pages
      pages.forEach((page, index) => {
        expect(page.text).toContain(deck(id).title)
        const footer = deck(id).messages.page.replace('{page}', String(index + 1)).replace('{pages}', String(pages.length))
        expect(page.text.replace(/\s+/g, ' ')).toContain(footer)
      })
    })
  })
})

describe('export --fragments', () => {
  const out = lazy(tempDir)
  let run: CliRun
  let pdf: ReadPdf

  beforeAll(async () => {
    run = await runCli(['export', 'conference', '--fragments', '--json', '--out', out.dir])
    pdf = await readPdf(path.join(out.dir, 'conference.pdf'))
  })
  afterAll(() => out.cleanup())

  it('prints one page per fragment step: more pages than slides, all 960×540', () => {
    const d = deck('conference')
    expect(d.fragments).toBe(true)
    expect(run.code, run.stderr).toBe(0)
    const summary = JSON.parse(run.stdout) as { decks: { deck: string; files: { pages: number }[] }[] }
    expect(summary.decks).toHaveLength(1)
    expect(summary.decks[0]?.files[0]?.pages).toBe(pdf.pages.length)
    expect(pdf.pages.length).toBeGreaterThan(d.slides.length)
    for (const page of pdf.pages) {
      expect(page.width).toBeCloseTo(SLIDE_PT.width, 0)
      expect(page.height).toBeCloseTo(SLIDE_PT.height, 0)
    }
  })

  it('keeps the agenda links on the first page of each section slide', () => {
    const d = deck('conference')
    const internal = pdf.links.filter((l) => !l.url && l.destPage !== undefined)
    const agendaLinks = internal.filter((l) => squash(pdf.pages[l.page]?.text ?? '').startsWith(squash('Agenda')))
    expect(agendaLinks.length).toBeGreaterThanOrEqual(d.sections.length)
    const targets = [...new Set(agendaLinks.map((l) => l.destPage))]
    expect(targets).toHaveLength(d.sections.length)
    targets.forEach((target, index) => {
      expect(squash(pdf.pages[target!]?.text ?? '')).toContain(squash(d.sections[index]!.title))
    })
  })

  it('lists each slide once in the outline, at its first page', () => {
    const d = deck('conference')
    // Every slide of the conference deck has a heading: one entry each, not one per printed page.
    expect(flattenOutline(pdf.outline)).toHaveLength(d.slides.length)
  })
})

describe('export of a slide that overflows (fixture overflowing-slide)', () => {
  const root = fixture('overflowing-slide')
  const out = lazy(tempDir)
  let run: CliRun

  beforeAll(async () => {
    run = await runCli(['export', '--root', root, '--out', out.dir])
  })
  afterAll(() => out.cleanup())

  it('still writes the PDF and exits 0', async () => {
    expect(run.code, run.stderr).toBe(0)
    const decks = await loadRepoDecks(root)
    const pdf = await readPdf(path.join(out.dir, 'tea-talk.pdf'))
    expect(pdf.pages).toHaveLength(decks.get('tea-talk')!.slides.length)
  })

  it('warns naming the slide number, its title and the deck file:line of the slide', async () => {
    const deckFile = path.join(root, 'decks', 'tea-talk.yaml')
    const lines = readFileSync(deckFile, 'utf8').split('\n')
    const titleLine = lines.findIndex((line) => line.includes('title: Everything about steeping'))
    const slideLine = titleLine // 0-based index of the title line = 1-based number of the "- layout:" line above it
    expect(lines[slideLine - 1]).toMatch(/^\s+- layout: bullets/)
    const slide = (await loadRepoDecks(root)).get('tea-talk')!.slides.find((s) => s.title === 'Everything about steeping')!
    const warning = run.stderr.split('\n').find((line) => /overflows:/.test(line))
    expect(warning, run.stderr).toBeDefined()
    expect(warning).toContain(`slide ${slide.number} "Everything about steeping"`)
    expect(warning).toMatch(new RegExp(`decks/tea-talk\\.yaml:${slideLine}(:\\d+)?: warning:`))
    // Only that slide overflows.
    expect(run.stderr.split('\n').filter((line) => /overflows/.test(line))).toHaveLength(1)
  })
})
