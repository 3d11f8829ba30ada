/**
 * Issue 30, second round of the first hour: one `check` lists every problem of a project at once
 * (data, deck fields, references, templates), each once, located, with a hint or a suggestion; a
 * dataset names its own status and severity words, and its badges wear the tones it declares.
 * The projects are on a community garden (test/fixtures/community-garden, and garden-mistakes: the
 * same written with the mistakes people make).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Problem } from '../src/errors.js'
import { copyProject, fixture, launchTestBrowser, loadProjectDecks, runCli, tempDir } from './helpers.js'

/** A finding as `check --json` prints it. */
type Finding = Problem

const cleanups: (() => void)[] = []
afterAll(() => cleanups.splice(0).forEach((cleanup) => cleanup()))

const MISTAKES = fixture('garden-mistakes')
const lineOf = (file: string, needle: string, root = MISTAKES) => readFileSync(path.join(root, file), 'utf8').split('\n').findIndex((line) => line.includes(needle)) + 1

describe('check reports every problem at once', () => {
  it('one run lists each mistake of the garden project once, at its line, with a hint or a suggestion', async () => {
    const run = await runCli(['check', '--json', '--no-browser', '--root', MISTAKES])
    expect(run.code, run.stderr).toBe(2)
    const { problems } = JSON.parse(run.stdout) as { problems: Finding[] }
    const DATA = 'data/garden'
    const DECK = 'decks/garden.yaml'
    const expected: [string, string, RegExp][] = [
      // YAML: each mistake said as such, at the line to fix.
      [`${DATA}/advances.yaml`, 'summary: Note:', /holds ": ", which YAML reads as the start of another key: quote the value, as in summary: "Note: twelve/],
      [`${DATA}/advantages.yaml`, 'title: @home', /may not start with "@": quote it, as in title: "@home grown vegetables"/],
      [`${DATA}/challenges.yaml`, 'sources: [garden-minutes-2026', /the "\[" opened here is not closed: end the list with "\]"/],
      [`${DATA}/use-cases.yaml`, 'Plot #3', /the "#" after "Plot" starts a comment.*quote the value if the "#" belongs to it, as in "Plot #3 for the primary school"/],
      // The dataset's own words, with a suggestion; a missing status lists them.
      [`${DATA}/use-cases.yaml`, 'status: planed', /unknown status "planed" \(did you mean "planned"\?\).*expected one of planned, piloting, growing, dropped \(the words topic\.yaml declares under words\.status\)/],
      [`${DATA}/use-cases.yaml`, '- id: tool-shed', /missing required field "status": expected one of planned, piloting, growing, dropped/],
      [`${DATA}/use-cases.yaml`, 'council-allotment-rule]', /unknown source id "council-allotment-rule" \(did you mean "council-allotment-rules"\?\)/],
      // The deck's fields, though its dataset has errors.
      [DECK, 'titel: Welcome', /unknown field "titel" \(did you mean "title"\?\)/],
      [DECK, 'sort: titel', /expected one of date, version, title, severity, status, id \(prefix "-" for descending\), got string "titel" \(did you mean "title"\?\)/],
      // Its references, though fields and data have errors.
      [DECK, 'theme: kernal', /unknown theme "kernal" \(did you mean "kernel"\?\)/],
      [DECK, 'layout: timelines', /unknown layout "timelines" \(did you mean "timeline"\?\)/],
      [DECK, 'status: pilotin', /unknown status "pilotin" \(did you mean "piloting"\?\)/],
      [DECK, 'ids: [seed-librar]', /unknown item id "seed-librar" \(did you mean "seed-library"\?\)/],
      [DECK, 'sources: [garden-minutes]', /unknown source id "garden-minutes" \(did you mean "garden-minutes-2026"\?\)/],
      // A template the deck uses.
      ['templates/layouts/plot.hbs', 'talkdeck: selection=every', /selection=every in the layout header: expected each, all, none/],
      // Its syntax, though the deck that uses it fails before it is rendered.
      ['templates/layouts/plot.hbs', '{{md slide.text}</p>', /template syntax error: expected "}}}}" or "}}"/],
    ]
    for (const [file, needle, message] of expected) {
      const found = problems.filter((problem) => problem.file === file && message.test(problem.message))
      expect(found, `${file}: ${message}\n${JSON.stringify(problems, null, 2)}`).toHaveLength(1)
      expect(found[0]?.line, `${file}: ${message}`).toBe(lineOf(file, needle))
    }
    // Nothing else: no finding twice, none about what depends on a broken file.
    expect(problems.map((problem) => `${problem.file}:${problem.line}: ${problem.message}`)).toHaveLength(expected.length)
    expect(run.stdout).not.toMatch(/undefined/)
  })

  it('the text report prints them all too, each once, on stdout', async () => {
    const run = await runCli(['check', '--no-browser', '--root', MISTAKES])
    expect(run.stdout).toMatch(/^15 errors, 1 warning$/m)
    const lines = run.stdout.split('\n').filter((line) => / (error|warning): /.test(line))
    expect(new Set(lines).size).toBe(lines.length)
  })

  it('a slide left out for a broken field keeps the others at their own lines', async () => {
    const project = copyProject(fixture('community-garden'))
    cleanups.push(project.cleanup)
    const deck = path.join(project.dir, 'decks', 'garden.yaml')
    const text = readFileSync(deck, 'utf8').replace('  - layout: title\n', '  - layout: title\n    from: nowhere\n').replace('layout: cards', 'layout: kards')
    await import('node:fs').then((fs) => fs.writeFileSync(deck, text))
    const run = await runCli(['check', '--json', '--no-browser', '--root', project.dir])
    const { problems } = JSON.parse(run.stdout) as { problems: Finding[] }
    expect(problems.map((problem) => [problem.line, problem.message.slice(0, 30)])).toEqual([
      [lineOf('decks/garden.yaml', 'from: nowhere', project.dir), expect.stringContaining('expected one of')],
      [lineOf('decks/garden.yaml', 'layout: kards', project.dir), 'unknown layout "kards" (did yo'],
    ])
  })
})

describe('options', () => {
  it('--per-page 4 lists the values there are instead of suggesting one', async () => {
    const run = await runCli(['export', '--format', 'handout', '--per-page', '4', '--root', fixture('community-garden')])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/--per-page must be one of 1, 2, 3, 6, got "4"$/m)
    expect(run.stderr).not.toMatch(/did you mean/)
  })
})

describe("a dataset's own words", () => {
  it('sort: status follows the order the dataset declares its words in, and where: takes its words', async () => {
    const { decks } = await loadProjectDecks(fixture('community-garden'))
    const deck = decks.get('garden')
    const bullets = deck?.slides.filter((slide) => slide.layout === 'bullets').map((slide) => slide.item?.status)
    // planned, piloting, growing as declared (alphabetically growing would come first).
    expect(bullets).toEqual(['planned', 'piloting', 'growing'])
    const cards = deck?.slides.find((slide) => slide.layout === 'cards')
    expect(cards?.items.map((item) => [item.id, item.severityWord])).toEqual([['lease', { label: 'Serious', tone: 'negative' }]])
  })

  it("badges show the declared label and wear the declared tone's colours", async () => {
    const out = tempDir()
    cleanups.push(out.cleanup)
    const run = await runCli(['build', '--root', fixture('community-garden'), '--out', out.dir])
    expect(run.code, run.stderr).toBe(0)
    const html = readFileSync(path.join(out.dir, 'garden', 'index.html'), 'utf8')
    expect(html).toMatch(/<span data-pptx="badge" class="td-badge td-tone-caution td-status-piloting">Piloting<\/span>/)
    expect(html).toMatch(/<span data-pptx="badge" class="td-badge td-tone-positive td-status-growing">Growing<\/span>/)
    expect(html).toMatch(/<span data-pptx="badge" class="td-badge td-tone-neutral td-status-planned">Planned<\/span>/)
    expect(html).toMatch(/<span data-pptx="badge" class="td-badge td-tone-negative td-severity-serious">Serious<\/span>/)
    const session = await launchTestBrowser()
    try {
      const colours = await session.withPage(async (page) => {
        await page.goto(`file://${path.join(out.dir, 'garden', 'index.html')}`)
        await page.waitForFunction(() => window.talkdeck?.reveal?.isReady() === true)
        return page.evaluate(() => {
          const style = (selector: string) => {
            const element = document.querySelector(selector) as Element
            const { backgroundColor, color } = getComputedStyle(element)
            return { backgroundColor, color }
          }
          const root = getComputedStyle(document.documentElement)
          const variable = (name: string) => root.getPropertyValue(name).trim()
          return {
            caution: style('.td-status-piloting'),
            positive: style('.td-status-growing'),
            neutral: style('.td-status-planned'),
            negative: style('.td-severity-serious'),
            expected: { warn: variable('--td-warn-bg'), ok: variable('--td-ok-bg'), badge: variable('--td-badge-bg'), danger: variable('--td-danger-bg') },
          }
        })
      })
      // Each tone its own colour, from the theme's variables (corporate: warn #fef3c7, ok #dcfce7, badge #e0e9ff, danger #fee2e2).
      expect(colours.caution.backgroundColor).toBe('rgb(254, 243, 199)')
      expect(colours.positive.backgroundColor).toBe('rgb(220, 252, 231)')
      expect(colours.neutral.backgroundColor).toBe('rgb(224, 233, 255)')
      expect(colours.negative.backgroundColor).toBe('rgb(254, 226, 226)')
      expect(colours.expected).toEqual({ warn: '#fef3c7', ok: '#dcfce7', badge: '#e0e9ff', danger: '#fee2e2' })
    } finally {
      await session.close()
    }
  })

  it('a dataset that declares no words keeps the kernel words, with their badges as before', async () => {
    const { decks } = await loadProjectDecks(fixture('plain-project'))
    const cards = decks.get('heat-pumps')?.slides.find((slide) => slide.layout === 'cards')
    expect(cards?.items.map((item) => item.severityWord)).toEqual([
      { label: 'medium risk', tone: 'caution' },
      { label: 'high risk', tone: 'negative' },
    ])
  })
})

describe('YAML hints the garden fixture does not carry', () => {
  it.each([
    ['title: `code` first', /a plain YAML value may not start with "`": quote it, as in title: "`code` first"/],
    ['title: {Three units', /the "\{" opened here is not closed: end the mapping with "\}"/],
    ['tags: [a #b, c]', /the "#" in "a #b" starts a comment .* so the "\[" opened at column 9 is never closed: quote the value/],
  ])('%s is said at its line with what to do', async (line, message) => {
    const project = copyProject(fixture('plain-project'))
    cleanups.push(project.cleanup)
    const file = path.join(project.dir, 'data', 'heat-pumps', 'advantages.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('  title: Three units of heat for one of electricity', `  ${line}`))
    const run = await runCli(['check', '--json', '--no-browser', '--root', project.dir])
    expect(run.code, run.stderr).toBe(2)
    const { problems } = JSON.parse(run.stdout) as { problems: Finding[] }
    expect(problems.filter((problem) => problem.file === 'data/heat-pumps/advantages.yaml' && message.test(problem.message)).map((problem) => problem.line)).toEqual([2])
  })
})
