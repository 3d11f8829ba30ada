/**
 * Issue 28: a chart's numbers are checked where they are written. A mistake in the block is one
 * message at its line and a failed run; a chart that misleads (no source, a pie that is not a
 * whole, digits the chart hides, a series it never shows) is said at the line to fix.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Problem } from '../src/errors.js'
import { copyProject, FIXTURES, runMain } from './helpers.js'

const cleanups: (() => void)[] = []
afterAll(() => cleanups.splice(0).forEach((cleanup) => cleanup()))

const DECK = 'decks/charts.yaml'

/** The bike-counts project with its deck's text changed by `edit`, checked without a browser. */
async function checkEdited(edit: (deck: string) => string): Promise<{ code: number; problems: Problem[]; deck: string }> {
  const project = copyProject(path.join(FIXTURES, 'bike-counts'))
  cleanups.push(project.cleanup)
  const file = path.join(project.dir, DECK)
  const deck = edit(readFileSync(file, 'utf8'))
  writeFileSync(file, deck)
  const run = await runMain(['check', '--json', '--no-browser', '--root', project.dir])
  return { code: run.code, problems: (JSON.parse(run.stdout) as { problems: Problem[] }).problems, deck }
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1
const replaceOnce = (text: string, from: string, to: string) => {
  expect(text).toContain(from)
  return text.replace(from, to)
}

describe('a chart block with a mistake', () => {
  const cases: [string, string, string, RegExp][] = [
    ['a ragged series', 'values: [600, 800, 1000, 700]', 'values: [600, 800, 1000]', /series "Station" has 3 values, the chart 4 categories \(Winter, Spring, Summer, Autumn\)/],
    ['a string among numbers', 'values: [4.5, 6, 9.5, 14, 18.5, 22]', 'values: [4.5, 6, "9.5 km", 14, 18.5, 22]', /expected a number .*got string "9\.5 km"/],
    ['an unknown chart type', 'type: donut', 'type: doughnut', /expected one of "bar", "stacked-bar", "line", "area", "pie", "donut", "scatter", got string "doughnut"/],
  ]
  for (const [what, from, to, message] of cases) {
    it(`${what} is one located message and a failed run`, async () => {
      const { code, problems, deck } = await checkEdited((text) => replaceOnce(text, from, to))
      expect(code).not.toBe(0)
      const errors = problems.filter((problem) => problem.severity === 'error')
      expect(errors.map((problem) => `${problem.file}:${problem.line} ${problem.message}`)).toHaveLength(1)
      expect(errors[0]?.message).toMatch(message)
      expect(errors[0]).toMatchObject({ file: DECK, line: lineOf(deck, to) })
    })
  }
})

describe('a chart that misleads', () => {
  it('a chart without a source is an error at its series', async () => {
    const { code, problems, deck } = await checkEdited((text) => replaceOnce(text, '      sources: [survey-2025]\n  - layout: chart\n    title: Longer', '  - layout: chart\n    title: Longer'))
    expect(code).not.toBe(0)
    const found = problems.filter((problem) => problem.code === 'unsourced-chart')
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ severity: 'error', file: DECK, line: lineOf(deck, '- name: Answers') })
  })

  it('a chart in a column is checked as one across the slide: without a source, an error at its series', async () => {
    const { code, problems, deck } = await checkEdited((text) => replaceOnce(text, "        sources: [counter-report]\n    notes: The winter months", "    notes: The winter months"))
    expect(code).not.toBe(0)
    const found = problems.filter((problem) => problem.code === 'unsourced-chart')
    expect(found).toHaveLength(1)
    // The column's series "Bridge", not the stacked chart's of the same name further up.
    const seriesLine = deck.split('\n').findIndex((line, index) => index >= lineOf(deck, 'right:') && line.includes('- name: Bridge')) + 1
    expect(seriesLine).toBeGreaterThan(0)
    expect(found[0]).toMatchObject({ severity: 'error', file: DECK, line: seriesLine })
  })

  it('a pie short of a whole, a hidden digit and a series a pie never shows are warnings at their lines', async () => {
    const { problems, deck } = await checkEdited((text) =>
      replaceOnce(
        replaceOnce(text, 'values: [40, 15, 30, 15]', 'values: [40, 15, 30, 10]\n        - name: Last year\n          values: [45, 15, 25, 15]'),
        'values: [300, 520, 640, 900, 1150, 1300]',
        'values: [300, 520.5, 640, 900, 1150, 1300]',
      ),
    )
    const at = (code: string) => problems.filter((problem) => problem.code === code).map((problem) => ({ severity: problem.severity, line: problem.line }))
    expect(at('chart-not-whole')).toEqual([{ severity: 'warning', line: lineOf(deck, 'values: [40, 15, 30, 10]') }])
    expect(at('chart-hidden-series')).toEqual([{ severity: 'warning', line: lineOf(deck, '- name: Last year') }])
    expect(at('chart-digits')).toEqual([{ severity: 'warning', line: lineOf(deck, 'values: [300, 520.5') }])
    expect(problems.find((problem) => problem.code === 'chart-digits')?.message).toMatch(/520\.5 is shown as 521: round it in the data or set "decimals: 1"/)
  })
})
