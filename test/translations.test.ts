import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Item } from '../src/data/schema.js'
import { fieldText, withFieldText } from '../src/data/translations.js'
import type { Problem } from '../src/errors.js'
import { copyProject, fixture, loadProjectDecks, runCli } from './helpers.js'

/** `check --json` (no browser: translations are found from the data alone) on a copy of the Spanish tea fixture after `change`. */
async function checkSpanish(change: (dir: string) => void, args: string[] = []) {
  const copy = copyProject(fixture('tea-in-spanish'))
  try {
    change(copy.dir)
    const run = await runCli(['check', '--json', '--no-browser', '--root', copy.dir, ...args])
    return { code: run.code, problems: (JSON.parse(run.stdout) as { problems: Problem[] }).problems }
  } finally {
    copy.cleanup()
  }
}

const edit = (file: string, from: string, to: string) => {
  const text = readFileSync(file, 'utf8')
  if (!text.includes(from)) throw new Error(`fixture edit did not apply to ${file}`)
  writeFileSync(file, text.replace(from, to))
}
const data = (dir: string, file: string) => path.join(dir, 'data', 'tea', file)

describe('translations beside the data', () => {
  it('a deck whose items are all translated checks clean, also with --strict', async () => {
    const result = await checkSpanish(() => undefined, ['--strict'])
    expect(result.problems).toEqual([])
    expect(result.code).toBe(0)
  })

  it('an original edited after its translation is a stale translation, said once at the translation with the new text', async () => {
    const result = await checkSpanish((dir) => edit(data(dir, 'advantages.yaml'), 'Measuring leaf and time gives', 'Weighing the leaf and timing the steep give'))
    expect(result.problems).toHaveLength(1)
    expect(result.problems[0]).toMatchObject({ severity: 'warning', code: 'stale-translation', file: 'data/tea/i18n/es/advantages.yaml', line: 6 })
    expect(result.problems[0]?.message).toContain('"Weighing the leaf and timing the steep give the same cup every morning."')
    expect(result.code).toBe(0)
    expect((await checkSpanish((dir) => edit(data(dir, 'advantages.yaml'), 'Measuring leaf and time gives', 'Measuring gives'), ['--strict'])).code).toBe(6)
  })

  it('an item shown untranslated is a warning at the deck entry showing it, naming the item, the field and the file to add it to', async () => {
    const result = await checkSpanish((dir) => edit(data(dir, 'i18n/es/challenges.yaml'), '  mitigation:\n    text: Usar agua filtrada.\n    hash: a36f3473\n', ''), ['--strict'])
    expect(result.problems).toHaveLength(1)
    expect(result.problems[0]).toMatchObject({ severity: 'warning', code: 'missing-translation', file: 'decks/te.yaml', line: 18 })
    expect(result.problems[0]?.message).toMatch(/^item "water" has no Spanish \(es\) translation of mitigation: add it to data\/tea\/i18n\/es\/challenges\.yaml/)
    expect(result.code).toBe(6)
  })

  it('a deck in a language the dataset has no translation into is said once, at its language', async () => {
    const result = await checkSpanish((dir) => edit(path.join(dir, 'decks', 'te.yaml'), 'language: es', 'language: de'))
    expect(result.problems).toMatchObject([{ severity: 'warning', code: 'missing-translation', file: 'decks/te.yaml', line: 5 }])
    expect(result.problems[0]?.message).toContain('no German (de) translation')
  })

  it('a translation file with a mistake is an error at its line', async () => {
    const result = await checkSpanish((dir) => edit(data(dir, 'i18n/es/challenges.yaml'), '    hash: a36f3473', '    hash: a36f3473\n    txet: Agua'))
    expect(result.problems).toMatchObject([{ severity: 'error', code: 'schema', file: 'data/tea/i18n/es/challenges.yaml', line: 11 }])
    expect(result.problems[0]?.message).toMatch(/unknown field "txet" \(did you mean "text"\?\)/)
    expect(result.code).toBe(2)
  })

  it("topic.yaml's texts and the dataset's own badge words follow the deck's language: what is missing said once at language:, translate writes it, the translation shows on the badges", async () => {
    const copy = copyProject(fixture('tea-in-spanish'))
    try {
      writeFileSync(data(copy.dir, 'topic.yaml'), `${readFileSync(data(copy.dir, 'topic.yaml'), 'utf8')}words:\n  severity:\n    low: { label: mild, tone: neutral }\n    medium: { label: bitter, tone: caution }\n    high: { label: scalding, tone: negative }\n`)
      const check = async () => {
        const run = await runCli(['check', '--json', '--no-browser', '--root', copy.dir])
        return (JSON.parse(run.stdout) as { problems: Problem[] }).problems
      }
      const missing = await check()
      expect(missing).toMatchObject([{ code: 'missing-translation', file: 'decks/te.yaml', line: 5 }])
      expect(missing[0]?.message).toContain('no Spanish (es) translation of words.severity.low, words.severity.medium, words.severity.high: add them to data/tea/i18n/es/topic.yaml')
      const translate = await runCli(['translate', 'es', '--root', copy.dir])
      expect(translate.stdout).toContain('data/tea/i18n/es/topic.yaml: 3 to translate, 0 to review')
      const file = data(copy.dir, 'i18n/es/topic.yaml')
      edit(file, 'words.severity.medium:\n  original: bitter\n  text:\n', 'words.severity.medium:\n  text: amargo\n')
      const { decks } = await loadProjectDecks(copy.dir)
      const badges = decks.get('te')?.slides.flatMap((slide) => slide.items.flatMap((item) => (item.severityWord ? [item.severityWord.label] : [])))
      expect(badges).toContain('amargo')
      // The original edited after: stale, at the translation's line.
      edit(data(copy.dir, 'topic.yaml'), 'label: bitter', 'label: harsh')
      expect((await check()).filter((problem) => problem.code === 'stale-translation')).toMatchObject([{ file: 'data/tea/i18n/es/topic.yaml', message: expect.stringContaining('"harsh"') }])
    } finally {
      copy.cleanup()
    }
  })

  it('translate round trip: the originals written to translate, one filled, its original edited, check finds it stale, translate again puts the new original beside the kept translation', async () => {
    const copy = copyProject(fixture('tea-in-spanish'))
    try {
      const file = data(copy.dir, 'i18n/es/advantages.yaml')
      rmSync(file)
      const first = await runCli(['translate', 'es', '--dataset', 'tea', '--root', copy.dir])
      expect(first.code).toBe(0)
      expect(first.stdout).toContain('data/tea/i18n/es/advantages.yaml: 4 to translate, 0 to review')
      expect(readFileSync(file, 'utf8')).toContain('  title:\n    original: Repeatable cups\n    text:\n    hash: 6c3e2e61\n')
      // A translator fills the title, drops its original, and leaves a comment.
      edit(file, 'repeatable:\n  title:\n    original: Repeatable cups\n    text:\n', '# Revisado por Ana\nrepeatable:\n  title:\n    text: Tazas repetibles # corto\n')
      const check = async () => {
        const run = await runCli(['check', '--json', '--no-browser', '--root', copy.dir])
        return (JSON.parse(run.stdout) as { problems: Problem[] }).problems
      }
      expect((await check()).map((problem) => problem.message)).toEqual([expect.stringMatching(/^item "repeatable" has no Spanish \(es\) translation of summary, points, notes:/)])
      edit(data(copy.dir, 'advantages.yaml'), 'title: Repeatable cups', 'title: Cups you can repeat')
      const stale = (await check()).filter((problem) => problem.code === 'stale-translation')
      expect(stale).toMatchObject([{ file: 'data/tea/i18n/es/advantages.yaml', line: 7 }])
      expect(stale[0]?.message).toContain('"Cups you can repeat"')
      const second = await runCli(['translate', 'es', '--root', copy.dir])
      expect(second.stdout).toContain('data/tea/i18n/es/advantages.yaml: 3 to translate, 1 to review')
      const updated = readFileSync(file, 'utf8')
      expect(updated).toContain('# Revisado por Ana\nrepeatable:\n  title:\n    text: Tazas repetibles # corto\n')
      expect(updated).toContain('    original: Cups you can repeat\n')
      const review = (await check()).filter((problem) => problem.code !== 'missing-translation')
      expect(review).toMatchObject([{ code: 'translation-review', file: 'data/tea/i18n/es/advantages.yaml', line: 10 }])
    } finally {
      copy.cleanup()
    }
  })
})

describe("a chart's words translated", () => {
  const item = {
    id: 'cups',
    title: 'Cups',
    summary: 'Cups a day.',
    sources: ['wiki-tea'],
    chart: { type: 'bar', categories: ['Green', 'Black'], series: [{ name: 'Cups a day', values: [2, 3] }], highlight: 'Black', yTitle: 'Cups', sources: ['wiki-tea'] },
  } as unknown as Item

  it('asks for categories, series names and titles, but not for categories that are numbers', () => {
    expect(fieldText(item, 'chart.categories')).toEqual(['Green', 'Black'])
    expect(fieldText(item, 'chart.series')).toEqual(['Cups a day'])
    expect(fieldText(item, 'chart.yTitle')).toBe('Cups')
    const years = { ...item, chart: { ...item.chart, categories: ['2019', '2024'] } } as Item
    expect(fieldText(years, 'chart.categories')).toBeUndefined()
  })

  it('renames the highlight with the category or series it names', () => {
    const translated = withFieldText(withFieldText(item, 'chart.categories', ['Verde', 'Negro']), 'chart.series', ['Tazas al día'])
    expect(translated.chart).toMatchObject({ categories: ['Verde', 'Negro'], series: [{ name: 'Tazas al día', values: [2, 3] }], highlight: 'Negro' })
    expect(item.chart?.highlight).toBe('Black')
  })

  it('a translation with another number of categories than the original is an error at its line', async () => {
    const result = await checkSpanish((dir) => {
      edit(data(dir, 'advantages.yaml'), 'sources: [', 'chart: { type: bar, categories: [Green, Black], series: [{ name: Cups, values: [2, 3] }], sources: [iso-3103] }\n  sources: [')
      const file = data(dir, 'i18n/es/advantages.yaml')
      const text = readFileSync(file, 'utf8')
      const id = /^([a-z0-9-]+):$/m.exec(text)?.[1] ?? ''
      writeFileSync(file, text.replace(`${id}:\n`, `${id}:\n  chart.categories:\n    text: [Verde]\n    hash: abcdef01\n`))
    })
    expect(result.problems).toContainEqual(expect.objectContaining({ severity: 'error', file: 'data/tea/i18n/es/advantages.yaml', message: expect.stringMatching(/^expected 2 lines, one for each of the original's chart.categories/) }))
  })
})
