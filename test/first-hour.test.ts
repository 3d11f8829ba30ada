/**
 * A newcomer's first hour on a project written the plain way (test/fixtures/plain-project, on
 * heat pumps): no finding it should not have, no blank slide, and for each mistake a newcomer
 * makes exactly one message, at the right file and line, saying what was expected.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { sampleLayouts } from '../src/export/gallery.js'
import { copyProject, fixture, launchTestBrowser, loadProjectDecks, runCli, tempDir } from './helpers.js'
import { readPdf } from './pdf-reader.js'

interface Finding {
  severity: 'error' | 'warning'
  code: string
  file: string
  line?: number
  column?: number
  message: string
  deck?: string
}

const cleanups: (() => void)[] = []
afterAll(() => cleanups.splice(0).forEach((cleanup) => cleanup()))

/** A copy of the plain project, changed by `change` (file → new text, or null to delete). */
function plainProject(change: Record<string, string | ((text: string) => string) | null> = {}): string {
  const project = copyProject(fixture('plain-project'))
  cleanups.push(project.cleanup)
  for (const [file, next] of Object.entries(change)) {
    const target = path.join(project.dir, file)
    if (next === null) rmSync(target, { force: true })
    else {
      mkdirSync(path.dirname(target), { recursive: true })
      writeFileSync(target, typeof next === 'string' ? next : next(readFileSync(target, 'utf8')))
    }
  }
  return project.dir
}

async function check(root: string, ...args: string[]): Promise<{ code: number; problems: Finding[]; stderr: string }> {
  const run = await runCli(['check', '--json', '--root', root, ...args])
  expect(run.stderr, 'no stack trace').not.toMatch(/^\s+at /m)
  const report = JSON.parse(run.stdout) as { problems: Finding[] }
  return { code: run.code, problems: report.problems, stderr: run.stderr }
}

const lineOf = (root: string, file: string, needle: string) => readFileSync(path.join(root, file), 'utf8').split('\n').findIndex((line) => line.includes(needle)) + 1
const DECK = 'decks/heat-pumps.yaml'
const errors = (problems: Finding[]) => problems.filter((problem) => problem.severity === 'error')

describe('the plain project', () => {
  it('passes check --strict in a real browser: no false overflow on title-only sections, nothing blank', async () => {
    const result = await check(plainProject(), '--strict')
    expect(result.problems).toEqual([])
    expect(result.code).toBe(0)
  })

  it('"- layout: sources" on its own lists every source the deck cites', async () => {
    const { decks } = await loadProjectDecks(plainProject())
    const deck = decks.get('heat-pumps')
    const listed = deck?.slides.filter((slide) => slide.layout === 'sources').flatMap((slide) => slide.sources.map((source) => source.id))
    expect(listed).toEqual(deck?.sources.map((source) => source.id))
    expect(listed?.length).toBe(3)
  })

  it('the PDF outline keeps the words of a title that wraps, and the title slide shows its date as every date', async () => {
    const title = 'A heat pump moves heat instead of making it, which is why it delivers several times the energy it uses'
    const root = plainProject({ 'data/heat-pumps/advantages.yaml': (text) => text.replace('Three units of heat for one of electricity', title) })
    const out = tempDir()
    cleanups.push(out.cleanup)
    const run = await runCli(['export', '--root', root, '--out', out.dir])
    expect(run.code, run.stderr).toBe(0)
    const pdf = await readPdf(path.join(out.dir, 'heat-pumps.pdf'))
    const titles = JSON.stringify(pdf.outline)
    expect(titles).toContain(title)
    expect(pdf.pages[0]?.text).toContain('Nov 2026')
    expect(pdf.pages[0]?.text).not.toContain('2026-11-20')
  })
})

describe('slides that would show nothing', () => {
  it('a layout given nothing to show is one error at the deck line, saying what it needs', async () => {
    const root = plainProject({ [DECK]: (text) => text.replace('  - layout: timeline\n    from: advances\n', '  - layout: timeline\n') })
    const result = await check(root, '--no-browser')
    expect(errors(result.problems)).toEqual([expect.objectContaining({ code: 'nothing-to-show', file: DECK, line: lineOf(root, DECK, '- layout: timeline') })])
    expect(errors(result.problems)[0]?.message).toMatch(/needs items \(a selection such as "from: advances"/)
    expect(result.code).toBe(2)
  })

  it('check reports a slide that renders no content at all', async () => {
    const root = plainProject({
      'templates/layouts/spacer.hbs': '{{!-- talkdeck: selection=none role=divider --}}\n<div class="spacer"></div>\n',
      [DECK]: (text) => `${text}  - layout: spacer\n    notes: A pause.\n`,
    })
    const result = await check(root)
    expect(result.problems).toEqual([expect.objectContaining({ code: 'blank-slide', file: DECK, line: lineOf(root, DECK, 'layout: spacer') })])
  })

  it('check catches a code block whose last line is cut by its border', async () => {
    const code = Array.from({ length: 17 }, (_, i) => `    let line${i} = compute(${i}); // a comment that makes the line long enough`).join('\n')
    const root = plainProject({ [DECK]: (text) => `${text}  - layout: code\n    title: Long code\n    code:\n      lang: rust\n      source: |\n${code.replace(/^/gm, '    ')}\n    notes: Code.\n    sources: [doe-heat-pumps]\n` })
    const result = await check(root)
    const overflow = errors(result.problems).find((problem) => problem.code === 'overflow')
    expect(overflow, JSON.stringify(result.problems)).toMatchObject({ file: DECK, line: lineOf(root, DECK, 'layout: code') })
    expect(overflow?.message).toMatch(/cut off|too tall|too wide/)
  })
})

describe('check --no-browser renders every slide', () => {
  const layout = (body: string) => ({ 'templates/layouts/bullets.hbs': `{{!-- talkdeck: selection=each role=content needs=title --}}\n<h2>{{md slide.title}}</h2>\n${body}\n` })
  it.each([
    ['a template syntax error, with line, column and the expected token', '{{#if slide.text}}<p>{{md slide.text}}</p>', /template syntax error: expected .*got the end of the file/, 4],
    ['an unknown helper, called a helper', '<p>{{shout slide.text}}</p>', /unknown helper "shout"/, 3],
    ['a missing partial', '{{> footnote}}', /unknown partial "footnote"/, undefined],
    ['a field the slide does not have', '<p>{{slide.summary}}</p>', /the layout uses "slide.summary", which this slide does not have/, 3],
  ])('%s', async (_name, body, message, line) => {
    const result = await check(plainProject(layout(body)), '--no-browser')
    expect(errors(result.problems)).toHaveLength(1)
    expect(errors(result.problems)[0]).toMatchObject({ code: 'template', file: 'templates/layouts/bullets.hbs', ...(line ? { line } : {}) })
    expect(errors(result.problems)[0]?.message).toMatch(message)
    expect(result.code).toBe(2)
  })
})

describe('one mistake, one message', () => {
  const SOURCES = 'data/heat-pumps/sources.yaml'
  it.each([
    ['a source URL without https://', (text: string) => text.replace('https://www.iea.org/reports/the-future-of-heat-pumps', 'www.iea.org/reports/the-future-of-heat-pumps'), /expected an http\(s\) URL, got string "www\.iea\.org/, 'url: www.iea.org'],
    ['a source without a title', (text: string) => text.replace('  title: The Future of Heat Pumps\n', ''), /missing required field "title"/, 'id: iea-heat-pumps'],
  ])('%s is one error at its line in sources.yaml, none for the items citing it', async (_name, change, message, needle) => {
    const root = plainProject({ [SOURCES]: change })
    const result = await check(root, '--no-browser')
    expect(errors(result.problems)).toEqual([expect.objectContaining({ file: SOURCES, line: lineOf(root, SOURCES, needle) })])
    expect(errors(result.problems)[0]?.message).toMatch(message)
  })

  it('a dataset error is counted once however many decks use the dataset', async () => {
    const root = plainProject({
      'data/heat-pumps/advances.yaml': (text) => text.replace('date: "2021-05"', 'date: May 2021'),
      'decks/second.yaml': readFileSync(path.join(fixture('plain-project'), DECK), 'utf8'),
    })
    const result = await check(root, '--no-browser')
    expect(errors(result.problems)).toHaveLength(1)
    expect(errors(result.problems)[0]?.message).toMatch(/expected a date as "YYYY-MM" or "YYYY-MM-DD" \(quoted\), got string "May 2021"/)
  })

  it('selecting from a kind the dataset has no file for names that file', async () => {
    const root = plainProject({ 'data/heat-pumps/advantages.yaml': null })
    const result = await check(root, '--no-browser')
    expect(errors(result.problems)).toEqual([expect.objectContaining({ file: DECK, line: lineOf(root, DECK, 'from: advantages') })])
    expect(errors(result.problems)[0]?.message).toContain('has no advantages.yaml: add data/heat-pumps/advantages.yaml')
  })

  it('an empty file says so', async () => {
    const root = plainProject({ 'data/heat-pumps/challenges.yaml': '# nothing yet\n' })
    const result = await check(root, '--no-browser')
    expect(errors(result.problems)).toEqual([expect.objectContaining({ file: 'data/heat-pumps/challenges.yaml', message: expect.stringContaining('the file is empty') })])
  })

  it.each([
    ['an unknown item id', (text: string) => text.replace('  - layout: timeline\n    from: advances\n', '  - layout: timeline\n    from: advances\n    ids: [cold-climate-model]\n'), /unknown item id "cold-climate-model" \(did you mean "cold-climate-models"\?\)/, 'ids:'],
    ['an unknown field', (text: string) => text.replace('  - layout: title\n', '  - layout: title\n    titel: Welcome\n'), /unknown field "titel" \(did you mean "title"\?\)/, 'titel:'],
    ['an unknown layout', (text: string) => text.replace('  - layout: timeline\n', '  - layout: timelines\n'), /unknown layout "timelines" \(did you mean "timeline"\?\)/, 'layout: timelines'],
    ['an unknown theme', (text: string) => `theme: kernal\n${text}`, /unknown theme "kernal" \(did you mean "kernel"\?\)/, 'theme: kernal'],
  ])('%s: one error echoing it, with "did you mean"', async (_name, change, message, needle) => {
    const root = plainProject({ [DECK]: change })
    const result = await check(root, '--no-browser')
    expect(errors(result.problems)).toEqual([expect.objectContaining({ file: DECK, line: lineOf(root, DECK, needle) })])
    expect(errors(result.problems)[0]?.message).toMatch(message)
  })

  it('names files relative to the project, wherever talkdeck runs from', async () => {
    const root = plainProject({ [DECK]: (text) => text.replace('  - layout: title\n', '  - layout: title\n    titel: Welcome\n') })
    const run = await runCli(['check', '--no-browser', '--root', root], { cwd: os.tmpdir() })
    expect(run.stdout).toMatch(new RegExp(`${DECK}:${lineOf(root, DECK, 'titel:')}:\\d+: error: unknown field "titel"`))
    expect(run.stdout).not.toContain(root)
  })
})

describe('the CLI behaves like its peers', () => {
  it.each(['build', 'export', 'check', 'dev', 'list', 'themes', 'schema'])('%s --help works in any folder, lists every option and writes nothing', async (command) => {
    const empty = tempDir()
    cleanups.push(empty.cleanup)
    const run = await runCli([command, '--help'], { cwd: empty.dir })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain(`Usage: talkdeck ${command}`)
    expect(run.stdout).toContain('--root DIR')
    expect(run.stdout).toContain('--help')
    expect(readdirSync(empty.dir)).toEqual([])
  })

  it.each([
    [['dev', '--port', 'abc'], /--port must be a whole number from 0 to 65535, got "abc"/],
    [['export', '--concurrency', '0'], /--concurrency must be a whole number from 1 to 16, got "0"/],
    [['export', '--format', 'pfd'], /--format must be pdf, handout, pptx.*got "pfd" \(did you mean "pdf"\?\)/],
    [['build', '--nope'], /Unknown option '--nope'/],
  ])('%j is exit 2 with a message, no stack', async (args, message) => {
    const run = await runCli([...args, '--root', plainProject()])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(run.stderr).not.toMatch(/^\s+at /m)
  })

  it('relative --out and schema folders resolve against --root', async () => {
    const root = plainProject()
    const cwd = tempDir()
    cleanups.push(cwd.cleanup)
    expect((await runCli(['build', '--root', root, '--out', 'site'], { cwd: cwd.dir })).code).toBe(0)
    expect(existsSync(path.join(root, 'site', 'heat-pumps', 'index.html'))).toBe(true)
    expect((await runCli(['schema', '--root', root], { cwd: cwd.dir })).code).toBe(0)
    expect(existsSync(path.join(root, 'schema', 'deck.schema.json'))).toBe(true)
    expect(readdirSync(cwd.dir)).toEqual([])
  })

  it('export --theme takes a theme file as theme: in a deck does', async () => {
    const root = plainProject()
    const out = tempDir()
    cleanups.push(out.cleanup)
    const run = await runCli(['export', '--root', root, '--out', out.dir, '--theme', path.join(root, 'templates', 'themes', 'garden.css')])
    expect(run.code, run.stderr).toBe(0)
    expect(existsSync(path.join(out.dir, 'heat-pumps.pdf'))).toBe(true)
  })
})

describe('themes that are hard to break', () => {
  it("a theme's short font stack still gets the emoji and CJK fallbacks; accent text follows the accent", async () => {
    const root = plainProject({ 'templates/themes/garden.css': ":root { --td-accent: #b91c1c; --td-font-heading: 'Atkinson Hyperlegible', serif; --td-font-body: Inter, sans-serif; }\n", [DECK]: (text) => `theme: garden\n${text}` })
    const out = tempDir()
    cleanups.push(out.cleanup)
    expect((await runCli(['build', '--root', root, '--out', out.dir])).code).toBe(0)
    const session = await launchTestBrowser()
    try {
      const styles = await session.withPage(async (page) => {
        await page.goto(`file://${path.join(out.dir, 'heat-pumps', 'index.html')}#/advances`)
        await page.waitForFunction(() => window.talkdeck?.reveal?.isReady() === true)
        return page.evaluate(() => ({
          heading: getComputedStyle(document.querySelector('.td-title-block h1') as Element).fontFamily,
          body: getComputedStyle(document.querySelector('.reveal') as Element).fontFamily,
          date: getComputedStyle(document.querySelector('.td-timeline-date') as Element).color,
        }))
      })
      for (const family of [styles.heading, styles.body]) expect(family).toMatch(/Noto Sans.*Twemoji.*Noto Sans SC/)
      expect(styles.date).toBe('rgb(185, 28, 28)')
    } finally {
      await session.close()
    }
  })

  it("check tells a contrast problem of the deck's own theme once, at the theme's declaration, naming a slide and the colours", async () => {
    const root = plainProject({
      'templates/themes/garden.css': ':root {\n  --td-bg: #ffffff;\n  --td-fg: #9a9a9a;\n}\n',
      [DECK]: (text) => `theme: garden\n${text}`,
    })
    const result = await check(root)
    const contrast = result.problems.filter((problem) => problem.code === 'contrast')
    // Several slides show the grey text: one finding, at the line that sets it, not one per slide at the data.
    expect(contrast).toEqual([expect.objectContaining({ severity: 'warning', file: 'templates/themes/garden.css', line: 3 })])
    expect(contrast[0]?.message).toMatch(/theme "garden": --td-fg: #9a9a9a \(the text colour, on --td-bg: #ffffff at line 2\) gives text of contrast 2\.\d+:1 \(#9a9a9a on #ffffff, ".+" on slide \d+ ".*" of deck heat-pumps and \d+ other slides\)/)
  })

  it("a colour the theme sets as a background is named the same way (white label text on a light accent)", async () => {
    const root = plainProject({
      'templates/themes/garden.css': ':root { --td-accent: #d97706; }\n',
      [DECK]: (text) => `theme: garden\nbranding: { confidentiality: Internal }\n${text}`,
    })
    const contrast = (await check(root)).problems.filter((problem) => problem.code === 'contrast')
    expect(contrast).toHaveLength(1)
    expect(contrast[0]).toMatchObject({ file: 'templates/themes/garden.css', line: 1 })
    expect(contrast[0]?.message).toMatch(/--td-accent: #d97706 \(the background\) gives text of contrast 3\.\d+:1 \(#ffffff on #d97706, "Internal" on slide/)
  })

  it('check names the fonts a theme asks for that are neither bundled nor installed, at the theme line', async () => {
    const root = plainProject({
      'templates/themes/garden.css': ":root {\n  --td-font-heading: Georgia, 'Atkinson Hyperlegible', serif;\n  --td-font-body: \"Source Sans 3\", 'DejaVu Sans', Inter, sans-serif;\n}\n",
      [DECK]: (text) => `theme: garden\n${text}`,
    })
    const fonts = (await check(root)).problems.filter((problem) => problem.code === 'font-unavailable')
    // Bundled (Atkinson Hyperlegible, Inter) and installed (DejaVu Sans, the test machine's) families are not named.
    expect(fonts.map((problem) => [problem.file, problem.line])).toEqual([
      ['templates/themes/garden.css', 2],
      ['templates/themes/garden.css', 3],
    ])
    expect(fonts[0]?.message).toMatch(/font "Georgia" \(--td-font-heading\) is neither bundled with talkdeck nor installed here, so text set in it is drawn in "Atkinson Hyperlegible"/)
    expect(fonts[1]?.message).toMatch(/font "Source Sans 3" \(--td-font-body\)/)
  })
})

describe('what the CLI prints, and where', () => {
  it("check prints its findings on stdout, as linters do, and nothing on stderr", async () => {
    const root = plainProject({ [DECK]: (text) => text.replace('  - layout: title\n', '  - layout: title\n    titel: Welcome\n') })
    const run = await runCli(['check', '--no-browser', '--root', root])
    expect(run.code).toBe(2)
    expect(run.stdout).toMatch(new RegExp(`${DECK}:${lineOf(root, DECK, 'titel:')}:\\d+: error: unknown field "titel"`))
    expect(run.stdout).toMatch(/^1 error, \d+ warnings?$/m)
    expect(run.stderr).toBe('')
    const clean = await runCli(['check', '--no-browser', '--root', plainProject()])
    expect(clean.stdout).toMatch(/checked 1 deck in [\d.]+ s: no problems/)
  })

  it('list shows each layout with its role', async () => {
    const run = await runCli(['list', '--root', plainProject()])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/^layouts: .*\bsection \(divider\).*\bsources \(reference\)/m)
    expect(run.stdout).toMatch(/\bbullets \(content\)/)
  })

  it('an overflow found while exporting several formats is told once', async () => {
    const out = tempDir()
    cleanups.push(out.cleanup)
    const run = await runCli(['export', '--root', fixture('overflowing-slide'), '--out', out.dir, '--format', 'pdf,png'])
    expect(run.code, run.stderr).toBe(0)
    const overflows = run.stderr.split('\n').filter((line) => / overflows: /.test(line))
    expect(overflows.length).toBeGreaterThan(0)
    expect(new Set(overflows).size).toBe(overflows.length)
  })
})

describe('the themes gallery', () => {
  it('numbers its sample slides 1 to n and shows the deck\'s own theme first', async () => {
    const { decks } = await loadProjectDecks(plainProject())
    const deck = decks.get('heat-pumps')
    if (!deck) throw new Error('no deck')
    const sample = sampleLayouts(deck)
    expect(sample.slides.map((slide) => slide.number)).toEqual(sample.slides.map((_, index) => index + 1))
    const root = plainProject({ [DECK]: (text) => `theme: garden\n${text}` })
    const out = tempDir()
    cleanups.push(out.cleanup)
    const run = await runCli(['themes', '--root', root, '--out', out.dir])
    expect(run.code, run.stderr).toBe(0)
    const index = readFileSync(path.join(out.dir, 'themes', 'index.html'), 'utf8')
    expect(index.indexOf('theme: garden')).toBeGreaterThan(0)
    expect(index.indexOf('theme: garden')).toBeLessThan(index.indexOf('theme: corporate'))
    // Five themes fit a 1400 px window: no picture past its right edge, the last theme's included.
    const session = await launchTestBrowser()
    try {
      const fit = await session.withPage(async (page) => {
        await page.goto(`file://${path.join(out.dir, 'themes', 'index.html')}`)
        return page.evaluate(() => ({
          width: document.documentElement.scrollWidth,
          rights: Array.from(document.images, (image) => image.getBoundingClientRect().right),
          captions: Array.from(document.querySelectorAll('figcaption'), (caption) => caption.textContent),
        }))
      }, { width: 1400, height: 900 })
      expect(fit.width).toBeLessThanOrEqual(1400)
      expect(fit.rights.length).toBeGreaterThan(5)
      for (const right of fit.rights) expect(right).toBeLessThanOrEqual(1400)
      expect(fit.captions).toContain('paper')
    } finally {
      await session.close()
    }
  })
})

describe('the index of built decks', () => {
  it("is set in the decks' Inter, from the fonts built beside it", async () => {
    const out = tempDir()
    cleanups.push(out.cleanup)
    const run = await runCli(['build', '--root', plainProject(), '--out', out.dir])
    expect(run.code, run.stderr).toBe(0)
    const session = await launchTestBrowser()
    try {
      const fonts = await session.withPage(async (page) => {
        await page.goto(`file://${path.join(out.dir, 'index.html')}`)
        return page.evaluate(async () => {
          await document.fonts.ready
          return {
            family: getComputedStyle(document.querySelector('h1') as Element).fontFamily,
            loaded: Array.from(document.fonts).filter((face) => face.status === 'loaded').map((face) => face.family.replace(/["']/g, '')),
          }
        })
      })
      expect(fonts.family).toMatch(/^Inter\b/)
      expect(fonts.loaded).toContain('Inter')
    } finally {
      await session.close()
    }
  })
})
