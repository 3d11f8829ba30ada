/**
 * A deck printed in parts and put together is the deck printed at once: the same pages and text,
 * every link (agenda links that point into another part included), the same outline, and the same
 * tagged structure on every page — read back with pdf.js, which maps each page's marked content
 * to its structure elements through the parent tree that the parts' keys were renumbered into.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs'
import { batchContext } from '../src/browser/batch.js'
import { startBrowser, type BrowserSession } from '../src/browser/session.js'
import type { ResolvedDeck } from '../src/deck/types.js'
import { partsOf, printPdf, type PrintedPdf } from '../src/export/pdf.js'
import { REPO, loadProjectDecks, type TestWorkspace } from './helpers.js'
import { readPdf, squash, type ReadPdf } from './pdf-reader.js'

interface StructNode {
  role?: string
  type?: string
  children?: StructNode[]
}

/** Each page's structure tree as pdf.js builds it from the document's tags. */
async function structureOf(bytes: Uint8Array): Promise<unknown[]> {
  const doc = await pdfjs.getDocument({ data: bytes.slice(), verbosity: 0, isEvalSupported: false }).promise
  try {
    const pages: unknown[] = []
    for (let index = 1; index <= doc.numPages; index++) {
      const tree = (await (await doc.getPage(index)).getStructTree()) as StructNode | null
      // Marked-content ids differ between the files; the roles and their nesting must not.
      const shape = (node: StructNode): unknown => (node.role ? { role: node.role, children: (node.children ?? []).map(shape) } : node.type)
      pages.push(tree ? shape(tree) : null)
    }
    return pages
  } finally {
    await doc.destroy()
  }
}

describe('partsOf', () => {
  it('splits a deck into even consecutive ranges of at most the given size', () => {
    expect(partsOf(30, 40)).toEqual([{ start: 0, end: 30 }])
    expect(partsOf(41, 20)).toEqual([{ start: 0, end: 14 }, { start: 14, end: 27 }, { start: 27, end: 41 }])
    expect(partsOf(0, 25)).toEqual([{ start: 0, end: 0 }])
  })
})

describe('the conference deck printed in parts of 7 slides and at once', () => {
  let session: BrowserSession
  let deck: ResolvedDeck
  let workspace: TestWorkspace
  let whole: PrintedPdf
  let parts: PrintedPdf
  let read: { whole: ReadPdf; parts: ReadPdf }

  beforeAll(async () => {
    const project = await loadProjectDecks(REPO)
    workspace = project.workspace
    deck = project.decks.get('conference') as ResolvedDeck
    session = startBrowser()
    const print = (slidesPerPrint: number) => printPdf(deck, workspace.renderer, batchContext(session), { layout: { kind: 'slides' }, fragments: false, allowNetwork: false, slidesPerPrint })
    ;[whole, parts] = await Promise.all([print(1000), print(7)])
    read = { whole: await readPdf(whole.bytes), parts: await readPdf(parts.bytes) }
  }, 180_000)
  afterAll(() => session?.close())

  it('has the same pages, with the same text', () => {
    expect(partsOf(deck.slides.length, 7).length).toBeGreaterThan(4)
    expect(parts.pages).toBe(deck.slides.length)
    // Letters and digits: Chromium maps a ligature glyph (JetBrains Mono's `#[`) back to text by
    // the first context it was drawn in, which differs between a part and the whole deck.
    const pages = (pdf: ReadPdf) => pdf.pages.map((page) => ({ ...page, text: squash(page.text) }))
    expect(pages(read.parts)).toEqual(pages(read.whole))
  })

  it('has the same links, the agenda\'s into later parts resolved to their pages', () => {
    const internal = read.parts.links.filter((link) => !link.url)
    expect(internal.length).toBeGreaterThanOrEqual(deck.sections.length)
    expect(internal.every((link) => link.destPage !== undefined)).toBe(true)
    expect(internal.some((link) => (link.destPage ?? 0) >= 7)).toBe(true)
    expect(read.parts.links).toEqual(read.whole.links)
  })

  it('has the same outline, document information and catalog', () => {
    expect(read.parts.outline).toEqual(read.whole.outline)
    const { CreationDate: _a, ModDate: _b, ...info } = read.parts.info
    const { CreationDate: _c, ModDate: _d, ...wholeInfo } = read.whole.info
    expect(info).toEqual(wholeInfo)
    expect(read.parts.catalog).toEqual({ marked: true, structTreeRoot: true, lang: 'en' })
  })

  it('has the same tagged structure on every page', async () => {
    const [fromParts, fromWhole] = await Promise.all([structureOf(parts.bytes), structureOf(whole.bytes)])
    expect(fromWhole.every((page) => page !== null)).toBe(true)
    expect(fromParts).toEqual(fromWhole)
  })

  it('warns of the same layout problems', () => {
    expect(parts.warnings).toEqual(whole.warnings)
  })
})
