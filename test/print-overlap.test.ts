/**
 * One page prints a deck while it already shows the next: full Chromium composes a PDF in a process
 * of its own once the page is done with it, and the next deck is laid out meanwhile. Each PDF is
 * still the one of its own deck, page for page as a picture; two prints asked of one page at once
 * both come (Chromium itself answers only the second, and the first never); and a page that is to
 * navigate (PNG, the next format of the same deck) waits for its print first.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowser, type BrowserSession } from '../src/browser/session.js'
import { exportDecks } from '../src/export/export-decks.js'
import type { ResolvedDeck } from '../src/deck/types.js'
import { slideImageName } from '../src/output/slide-images.js'
import { fixture, loadProjectDecks, tempDir, type TestWorkspace } from './helpers.js'
import { readPdf, squash } from './pdf-reader.js'
import { PARITY_LIMIT, rasterisePdf, readPng, slideDifference } from './pictures.js'

/** Rejects after `seconds`: a print that never answers fails the test instead of hanging it. */
const within = <T>(promise: Promise<T>, seconds: number): Promise<T> =>
  Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${seconds} s`)), seconds * 1000))])

describe('prints of one page', () => {
  let session: BrowserSession
  let workspace: TestWorkspace
  let decks: ResolvedDeck[]
  const out = tempDir()

  beforeAll(async () => {
    const project = await loadProjectDecks(fixture('three-decks'))
    workspace = project.workspace
    decks = [...project.decks.values()]
    session = startBrowser({ pages: 1 })
  }, 60_000)
  afterAll(async () => {
    await session?.close()
    out.cleanup()
  })

  it('both come when two are asked for at once', async () => {
    const pages = await session.withPage(async (page) => {
      await page.setContent('<style>@page { size: 400px 300px; margin: 0 } p { break-after: page }</style><p>one</p><p>two</p>')
      return within(Promise.all([page.pdf(), page.pdf()]), 20)
    })
    for (const pdf of pages) expect((await readPdf(pdf)).pages.map((page) => page.text.trim())).toEqual(['one', 'two'])
  }, 60_000)

  it('leave a page to the next format only once its PDF has come, when it would navigate or take pictures', async () => {
    // PNG opens its page by navigating: a navigation while the last deck's PDF is composed made
    // that print fail ("Printing failed").
    const results = await within(exportDecks(decks, workspace.renderer, { outDir: path.join(out.dir, 'formats'), formats: ['pdf', 'png', 'handout'], session, concurrency: 1 }), 120)
    expect(results.map((result) => (result.ok ? result.value.map((file) => `${result.deck} ${file.format} ${file.pages}`) : String(result.error)))).toEqual(
      decks.map((deck) => [`${deck.id} pdf ${deck.slides.length}`, `${deck.id} png ${deck.slides.length}`, `${deck.id} handout ${deck.slides.length}`]),
    )
    // The pictures, taken once the page was free again, show what the PDF's pages show.
    for (const deck of decks) {
      const pages = await rasterisePdf(path.join(out.dir, 'formats', `${deck.id}.pdf`), path.join(out.dir, 'formats-pages', deck.id))
      pages.forEach((page, index) => {
        const picture = readPng(readFileSync(path.join(out.dir, 'formats', deck.id, slideImageName(index + 1))))
        expect(slideDifference(picture, page, `overlap-png-${deck.id}-${index + 1}`)).toBeLessThanOrEqual(PARITY_LIMIT)
      })
    }
  }, 180_000)

  it('give each deck of a batch its own pages, as when it is printed alone', async () => {
    expect(decks.map((deck) => deck.id).sort()).toEqual(['alpha', 'beta', 'gamma'])
    const exportTo = async (dir: string, batch: ResolvedDeck[]) => {
      const results = await within(exportDecks(batch, workspace.renderer, { outDir: dir, session, concurrency: 1 }), 60)
      expect(results.map((result) => result.ok)).toEqual(batch.map(() => true))
    }
    // All three in one batch, each shown while the one before is composed; then each alone.
    await exportTo(path.join(out.dir, 'together'), decks)
    for (const deck of decks) await exportTo(path.join(out.dir, 'alone'), [deck])

    for (const deck of decks) {
      const file = (dir: string) => path.join(out.dir, dir, `${deck.id}.pdf`)
      const [together, alone] = await Promise.all([readPdf(file('together')), readPdf(file('alone'))])
      expect(together.pages.length).toBe(deck.slides.length)
      expect(together.info.Title).toBe(deck.title)
      expect(together.pages.map((page) => squash(page.text))).toEqual(alone.pages.map((page) => squash(page.text)))
      const [seen, expected] = await Promise.all([rasterisePdf(file('together'), path.join(out.dir, 'png', deck.id, 'together')), rasterisePdf(file('alone'), path.join(out.dir, 'png', deck.id, 'alone'))])
      expect(seen.length).toBe(expected.length)
      seen.forEach((picture, index) => expect(slideDifference(picture, expected[index] as typeof picture, `overlap-${deck.id}-${index + 1}`)).toBeLessThanOrEqual(PARITY_LIMIT))
    }
  }, 180_000)
})
