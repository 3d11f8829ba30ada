/**
 * One look everywhere: the same slide shown by `talkdeck dev`, by the built deck opened from
 * file:// and on its PDF page is the same picture — in every built-in theme, in project themes
 * (one with branding, one with a short font stack of its own), on the shipped decks and on a
 * project written the plain way. And in `dev`, after a data, deck, template or theme file is
 * edited, the open slide shows the change, looks like a fresh build of the edited project, and is
 * still the same slide.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDevServer, type DevServer } from '../src/vite/server.js'
import { REPO, copyProject, fixture, launchTestBrowser, loadProjectDecks, runCli, tempDir, type TestBrowser } from './helpers.js'
import { PARITY_LIMIT, rasterisePdf, readPng, slideDifference } from './pictures.js'

/** Chrome that is reveal.js's, not the slide's: arrows and progress bar; fragments all shown, as in the PDF. */
const SLIDE_ONLY = `.reveal .controls, .reveal .progress { display: none !important }
.reveal .slides section .fragment { opacity: 1 !important; visibility: inherit !important; transform: none !important }`

let session: TestBrowser
beforeAll(async () => {
  session = await launchTestBrowser()
}, 60_000)
afterAll(async () => {
  await session?.close()
})

/** Opens a presented deck (dev or built) and returns a function that pictures slide `index`. */
async function presentedDeck(page: Page, url: string): Promise<(index: number) => Promise<Buffer>> {
  await page.goto(url)
  await page.waitForFunction(() => window.talkdeck?.reveal?.isReady() === true, null, { timeout: 30_000 })
  await page.addStyleTag({ content: SLIDE_ONLY })
  await page.evaluate(() => window.talkdeck.reveal.configure({ transition: 'none', backgroundTransition: 'none' }))
  return async (index) => {
    await page.evaluate((n) => window.talkdeck.reveal.slide(n, 0), index)
    await page.evaluate(() => document.fonts.ready.then(() => undefined))
    return page.screenshot()
  }
}

interface ProjectCase {
  name: string
  root: () => string
  /** Deck ids to compare; each with every slide. */
  decks: () => string[]
}

/** The plain project's deck once in every theme, as a newcomer would switch themes. */
function themedPlainProject(): { dir: string; decks: string[] } {
  const { dir } = copyProject(fixture('plain-project'))
  const deck = readFileSync(path.join(dir, 'decks', 'heat-pumps.yaml'), 'utf8')
  const decks = ['corporate', 'kernel', 'contrast', 'paper', 'garden'].map((theme) => {
    writeFileSync(path.join(dir, 'decks', `heat-pumps-${theme}.yaml`), `theme: ${theme}\n${deck}`)
    return `heat-pumps-${theme}`
  })
  return { dir, decks }
}

let plain: { dir: string; decks: string[] } | undefined
const plainOnce = () => {
  plain ??= themedPlainProject()
  return plain
}
const CASES: ProjectCase[] = [
  { name: 'the shipped decks, the Spanish and German ones included', root: () => REPO, decks: () => ['briefing', 'conference', 'conference-es', 'lightning', 'lightning-de'] },
  { name: 'a Spanish deck from its translations, on paper', root: () => fixture('tea-in-spanish'), decks: () => ['te'] },
  { name: 'a plain project in every theme (built-in and its own)', root: () => plainOnce().dir, decks: () => plainOnce().decks },
  { name: 'a project theme with branding', root: () => fixture('custom-theme'), decks: () => ['tea-talk'] },
]

describe.each(CASES)('dev, build and PDF show the same slides: $name', ({ root, decks }) => {
  const out = tempDir()
  let server: DevServer
  beforeAll(async () => {
    const ids = decks()
    const build = await runCli(['build', ...ids, '--root', root(), '--out', out.dir])
    expect(build.code, build.stderr).toBe(0)
    const exported = await runCli(['export', ...ids, '--root', root(), '--out', out.dir])
    expect(exported.code, exported.stderr).toBe(0)
    server = await startDevServer({ root: root(), port: 0, host: '127.0.0.1' })
  }, 240_000)
  afterAll(async () => {
    await server?.close()
    out.cleanup()
  })

  it('every slide is the same picture in all three', async () => {
    const { decks: resolved } = await loadProjectDecks(root())
    const faults: string[] = []
    for (const id of decks()) {
      const deck = resolved.get(id)
      if (!deck) throw new Error(`deck ${id} did not resolve`)
      const pdf = await rasterisePdf(path.join(out.dir, `${id}.pdf`), path.join(out.dir, 'pages', id))
      expect(pdf, `${id}: PDF pages`).toHaveLength(deck.slides.length)
      await session.withPage(async (buildPage) => {
        await session.withPage(async (devPage) => {
          const built = await presentedDeck(buildPage, pathToFileURL(path.join(out.dir, id, 'index.html')).href)
          const dev = await presentedDeck(devPage, new URL(`${id}/`, server.url).href)
          for (const slide of deck.slides) {
            const index = slide.number - 1
            const [buildShot, devShot] = [readPng(await built(index)), readPng(await dev(index))]
            const page = pdf[index]
            if (!page) continue
            const name = `${id}-${slide.number}`
            const devVsBuild = slideDifference(devShot, buildShot, `${name}-dev-build`)
            const buildVsPdf = slideDifference(buildShot, page, `${name}-build-pdf`)
            if (devVsBuild > PARITY_LIMIT) faults.push(`${name} (${slide.layout}): dev differs from the build (${devVsBuild})`)
            if (buildVsPdf > PARITY_LIMIT) faults.push(`${name} (${slide.layout}): the build differs from the PDF page (${buildVsPdf})`)
          }
        }, deck.size)
      }, deck.size)
    }
    expect(faults, 'pictures are in test/.tmp/diffs').toEqual([])
  }, 900_000)
})

/**
 * A dev server on a copy of `fixture` with one page held open on `slideId` of `deckId`, as a
 * speaker's is; `edit` saves a change and pictures the slide once the page has applied it.
 */
function devEditSession(fixtureName: string, deckId: string, slideId: string, prepare: (file: (...parts: string[]) => string) => void = () => undefined) {
  const project = copyProject(fixture(fixtureName))
  const file = (...parts: string[]) => path.join(project.dir, ...parts)
  let server: DevServer
  let page: Page
  let closePage: () => void
  beforeAll(async () => {
    prepare(file)
    server = await startDevServer({ root: project.dir, port: 0, host: '127.0.0.1' })
    await new Promise<void>((ready) => {
      void session.withPage(async (opened) => {
        page = opened
        ready()
        await new Promise<void>((resolve) => (closePage = resolve))
      })
    })
    await page.goto(new URL(`${deckId}/#/${slideId}`, server.url).href)
    await page.waitForFunction(() => window.talkdeck?.reveal?.isReady() === true, null, { timeout: 30_000 })
    await page.addStyleTag({ content: SLIDE_ONLY })
  }, 120_000)
  afterAll(async () => {
    closePage?.()
    await server?.close()
    project.cleanup()
  })

  /** Saves a change and waits until the open page has applied it. */
  async function edit(target: string, change: (text: string) => string): Promise<Buffer> {
    const before = await page.evaluate(() => window.talkdeck.updates)
    mkdirSync(path.dirname(target), { recursive: true })
    let text = ''
    try {
      text = readFileSync(target, 'utf8')
    } catch {}
    writeFileSync(target, change(text))
    // Applied, and from this file (an earlier save may still be arriving).
    const changed = path.relative(project.dir, target)
    await page.waitForFunction(([count, file]) => window.talkdeck.updates > Number(count) && window.talkdeck.lastChange === file, [before, changed] as const, { timeout: 30_000 })
    await page.evaluate(() => document.fonts.ready.then(() => undefined))
    return page.screenshot()
  }

  /** The same slide in a fresh build of the project as it is now. */
  async function freshBuild(): Promise<Buffer> {
    const out = tempDir()
    try {
      const build = await runCli(['build', deckId, '--root', project.dir, '--out', out.dir])
      expect(build.code, build.stderr).toBe(0)
      return await session.withPage(async (fresh) => {
        await fresh.goto(`${pathToFileURL(path.join(out.dir, deckId, 'index.html')).href}#/${slideId}`)
        await fresh.waitForFunction(() => window.talkdeck?.reveal?.isReady() === true, null, { timeout: 30_000 })
        await fresh.addStyleTag({ content: SLIDE_ONLY })
        await fresh.evaluate(() => document.fonts.ready.then(() => undefined))
        return fresh.screenshot()
      })
    } finally {
      out.cleanup()
    }
  }

  async function expectUpdated(name: string, before: Buffer, after: Buffer): Promise<void> {
    expect(await page.evaluate(() => window.talkdeck.reveal.getCurrentSlide()?.id), 'the same slide stays open').toBe(slideId)
    expect(slideDifference(readPng(after), readPng(before)), `${name}: the slide shows the change`).toBeGreaterThan(PARITY_LIMIT)
    const fresh = readPng(await freshBuild())
    expect(slideDifference(readPng(after), fresh, `edit-${name}`), `${name}: looks like a fresh build (test/.tmp/diffs)`).toBeLessThanOrEqual(PARITY_LIMIT)
  }

  return { file, edit, expectUpdated, page: () => page }
}

/** A diagram slide for the bread-baking deck, which has tables and formulas but no diagram. */
const PROVING_SLIDE = `  - layout: figure
    id: proving
    title: The order of the work
    diagram:
      alt: Mix, then knead, then prove, then bake.
      mermaid: |
        flowchart LR
          M[Mix] --> K[Knead] --> P[Prove] --> B[Bake]
    sources: [kaf-hydration]
    notes: Four steps, always in this order.
`

describe.each([
  { block: 'a table: a row removed', slideId: 'flour-table', change: (deck: string) => deck.replace('        - [Bread flour, 12.5 %, Crusty loaves]\n', '') },
  { block: 'a formula: a term changed', slideId: 'hydration', change: (deck: string) => deck.replace('\\times 100\\,', () => '\\times 1000\\,') },
  { block: 'a diagram: a step added', slideId: 'proving', change: (deck: string) => deck.replace('P[Prove] --> B[Bake]', 'P[Prove] --> S[Shape] --> B[Bake]') },
])('dev after an edit of $block: the open slide changes in place and looks like a fresh build', ({ block, slideId, change }) => {
  const deckFile = (file: (...parts: string[]) => string) => file('decks', 'baking.yaml')
  const { file, edit, expectUpdated, page } = devEditSession('bread-baking', 'baking', slideId, (file) => {
    writeFileSync(deckFile(file), readFileSync(deckFile(file), 'utf8').replace('  - layout: sources', `${PROVING_SLIDE}  - layout: sources`))
  })

  it('shows the edit, and the same picture as the build', async () => {
    const before = await page().screenshot()
    const after = await edit(deckFile(file), (deck) => {
      const changed = change(deck)
      expect(changed, 'the edit applies to the fixture').not.toBe(deck)
      return changed
    })
    await expectUpdated(block, before, after)
  })
})

describe('dev after an edit: the open slide changes in place and looks like a fresh build', () => {
  const { file, edit, expectUpdated, page: open } = devEditSession('plain-project', 'heat-pumps', 'efficiency', (file) => {
    writeFileSync(file('decks', 'heat-pumps.yaml'), `theme: garden\n${readFileSync(file('decks', 'heat-pumps.yaml'), 'utf8')}`)
  })
  let page: Page
  beforeAll(() => {
    page = open()
  })

  it('a data file', async () => {
    const before = await page.screenshot()
    // A mark on the title slide's element, which the edit does not change: it must stay as it was.
    await page.evaluate(() => document.querySelector<HTMLElement>('.reveal .slides > section')?.setAttribute('data-test-kept', ''))
    const after = await edit(file('data', 'heat-pumps', 'advantages.yaml'), (text) => text.replace('Three units of heat for one of electricity', 'Four units of heat for one of electricity'))
    await expectUpdated('data', before, after)
    expect(await page.evaluate(() => document.querySelector('.reveal .slides > section')?.hasAttribute('data-test-kept')), 'only the changed slides are replaced').toBe(true)
  })

  it('two saves in quick succession: the open slide shows the second (Vite\'s watcher reports only the first)', async () => {
    const target = file('data', 'heat-pumps', 'advantages.yaml')
    const save = (from: string, to: string) => writeFileSync(target, readFileSync(target, 'utf8').replace(from, to))
    const before = await page.screenshot()
    // The second save follows as soon as the page has fetched the first: well within the watcher's 50 ms.
    await page.evaluate(() => {
      const original = window.fetch
      const watched = window as unknown as { fetched: Promise<void> }
      watched.fetched = new Promise<void>((resolve) => {
        window.fetch = async (...args) => {
          const response = await original(...args)
          resolve()
          return response
        }
      })
    })
    save('Four units of heat for one of electricity', 'The first of two quick saves')
    await page.evaluate(() =>
      Promise.race([(window as unknown as { fetched: Promise<void> }).fetched, new Promise((_, reject) => setTimeout(() => reject(new Error('the page did not refresh within 20 s')), 20_000))]),
    )
    save('The first of two quick saves', 'The second of two quick saves, the one that stays')
    await page.waitForFunction(() => document.querySelector('.reveal .slides > section.present')?.textContent?.includes('The second of two quick saves, the one that stays'), null, { timeout: 20_000 })
    await expectUpdated('two saves', before, await page.screenshot())
  })

  it('a deck file: a slide inserted before the open one', async () => {
    const before = await page.screenshot()
    const after = await edit(file('decks', 'heat-pumps.yaml'), (text) =>
      text.replace('  - layout: bullets\n    from: advantages\n', '  - layout: bullets\n    title: Before we start\n    points: [An inserted slide]\n    notes: New.\n    sources: [iea-heat-pumps]\n  - layout: bullets\n    from: advantages\n    text: A sentence the deck adds.\n'),
    )
    await expectUpdated('deck', before, after)
  })

  it('a template: the project overrides a partial', async () => {
    const before = await page.screenshot()
    const points = readFileSync(path.join(REPO, 'templates', 'partials', 'points.hbs'), 'utf8')
    const after = await edit(file('templates', 'partials', 'points.hbs'), () => `<p class="td-lead">Our own points:</p>\n${points}`)
    await expectUpdated('template', before, after)
  })

  it('a theme', async () => {
    const before = await page.screenshot()
    const after = await edit(file('templates', 'themes', 'garden.css'), (text) => text.replace('--td-bg: #f6fbf4;', '--td-bg: #fff1d6;'))
    await expectUpdated('theme', before, after)
  })
})
