import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkLinks } from '../src/check/check-links.js'
import type { Dataset } from '../src/data/load-dataset.js'
import { copyProject, runCli, fixture } from './helpers.js'

interface Finding {
  severity: string
  code: string
  file: string
  line?: number
  column?: number
  message: string
}

/** Runs `check --json` on a copy of the clean fixture after `change` edits it. */
async function checkVariant(change: (dir: string) => void, extraArgs: string[] = []) {
  const copy = copyProject(fixture('clean-talk'))
  try {
    change(copy.dir)
    const run = await runCli(['check', '--json', '--root', copy.dir, ...extraArgs])
    const report = JSON.parse(run.stdout) as { problems: Finding[]; seconds: number }
    // Files are named relative to the project, wherever talkdeck runs from.
    return { code: run.code, problems: report.problems, stderr: run.stderr }
  } finally {
    copy.cleanup()
  }
}

const deckFile = (dir: string) => path.join(dir, 'decks', 'tea-talk.yaml')
const appendSlide = (dir: string, yaml: string) => appendFileSync(deckFile(dir), `\n${yaml}`)
const edit = (file: string, from: string | RegExp, to: string) => {
  const text = readFileSync(file, 'utf8')
  const next = text.replace(from, to)
  if (next === text) throw new Error(`fixture edit did not apply to ${file}`)
  writeFileSync(file, next)
}

describe('talkdeck check', () => {
  it('a clean deck produces no finding, even with --strict', async () => {
    const result = await checkVariant(() => undefined, ['--strict'])
    expect(result.problems).toEqual([])
    expect(result.code).toBe(0)
  })

  it('a slide whose content does not fit is an overflow error naming the slide and its line', async () => {
    const points = Array.from({ length: 14 }, (_, i) => `      - A long point number ${i + 1} that takes a whole line on the slide by itself, really`).join('\n')
    const result = await checkVariant((dir) => {
      edit(deckFile(dir), 'duration: 1.5', 'duration: 1.9')
      appendSlide(dir, `  - layout: bullets\n    title: Far too much\n    sources: [wiki-tea]\n    notes: Too much text.\n    points:\n${points}\n`)
    })
    expect(result.problems).toHaveLength(1)
    expect(result.problems[0]).toMatchObject({ severity: 'error', code: 'overflow', file: 'decks/tea-talk.yaml', line: 19 })
    expect(result.problems[0]?.message).toMatch(/^slide 7 "Far too much" \(layout bullets\) overflows: \d+px too tall/)
    expect(result.code).toBe(2)
  })

  it("an item's slide whose deck entry sets its points: the overflow is at the deck entry's line, naming the item too", async () => {
    const points = Array.from({ length: 14 }, (_, i) => `      - A long point number ${i + 1} that takes a whole line on the slide by itself, really`).join('\n')
    const result = await checkVariant((dir) => {
      edit(deckFile(dir), 'duration: 1.5', 'duration: 1.9')
      appendSlide(dir, `  - layout: bullets\n    from: advantages\n    ids: [repeatable]\n    notes: Too much text.\n    points:\n${points}\n`)
    })
    const overflows = result.problems.filter((problem) => problem.code === 'overflow')
    expect(overflows).toHaveLength(1)
    expect(overflows[0]).toMatchObject({ severity: 'error', file: 'decks/tea-talk.yaml', line: 19 })
    expect(overflows[0]?.message).toMatch(/overflows: \d+px too tall; the deck entry sets part of its content, the rest is from item "repeatable" at data\/tea\/advantages\.yaml:1;/)
  })

  it('a talk far longer than its duration is a timing warning at the duration line', async () => {
    const result = await checkVariant((dir) => edit(deckFile(dir), 'duration: 1.5', 'duration: 1'))
    expect(result.problems).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'timing', file: 'decks/tea-talk.yaml', line: 3, message: expect.stringMatching(/the talk is too long: about \d\.\d min .* for 1\.0 min planned \(\+\d+%\)/) }),
    ])
    expect(result.code).toBe(0)
  })

  it('--strict turns a warning into a non-zero exit', async () => {
    const result = await checkVariant((dir) => edit(deckFile(dir), 'duration: 1.5', 'duration: 1'), ['--strict'])
    expect(result.code).toBe(6)
  })

  it('a dangling source id is an error at the id', async () => {
    const result = await checkVariant((dir) => edit(deckFile(dir), '  - layout: timeline\n', '  - layout: timeline\n    sources: [no-such-source]\n'))
    expect(result.problems).toEqual([
      expect.objectContaining({ severity: 'error', code: 'unknown-source', file: 'decks/tea-talk.yaml', line: 15, column: 15 }),
    ])
    expect(result.code).toBe(2)
  })

  it('a source that nothing cites is a warning at the source', async () => {
    const result = await checkVariant((dir) =>
      appendFileSync(path.join(dir, 'data', 'tea', 'sources.yaml'), '- id: unused\n  title: Nobody cites this\n  url: https://example.org/unused\n  accessed: "2026-11-20"\n'),
    )
    expect(result.problems).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'unused-source', file: 'data/tea/sources.yaml', line: 12 }),
    ])
  })

  it('two sources with the same URL are a warning', async () => {
    const result = await checkVariant((dir) => {
      appendFileSync(path.join(dir, 'data', 'tea', 'sources.yaml'), '- id: tea-again\n  title: Tea, again\n  url: https://en.wikipedia.org/wiki/Tea/\n  accessed: "2026-11-20"\n')
      edit(path.join(dir, 'data', 'tea', 'challenges.yaml'), 'sources: [wiki-tea]', 'sources: [wiki-tea, tea-again]')
    })
    expect(result.problems).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'duplicate-url', file: 'data/tea/sources.yaml', line: 12 }),
    ])
  })

  it('a selection that matches nothing is a warning at the slide', async () => {
    const result = await checkVariant((dir) => {
      // The slide that is no longer shown no longer takes time either.
      edit(deckFile(dir), 'duration: 1.5', 'duration: 1.2')
      edit(deckFile(dir), '    from: use-cases\n', '    from: use-cases\n    where: { status: experimental }\n')
    })
    expect(result.problems).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'empty-selection', file: 'decks/tea-talk.yaml', line: 10 }),
    ])
  })

  it('a slide without notes and the same item twice are warnings', async () => {
    const result = await checkVariant((dir) => {
      edit(deckFile(dir), 'duration: 1.5', 'duration: 2.1')
      appendSlide(dir, '  - layout: bullets\n    from: advantages\n    ids: [repeatable]\n    notes: Once more, with feeling.\n  - layout: bullets\n    title: Silent\n    sources: [wiki-tea]\n')
    })
    expect(result.problems.map((p) => [p.code, p.line])).toEqual([
      ['duplicate-item', 19],
      ['missing-notes', 23],
    ])
  })

  it('checks every shipped deck with one browser launch and passes --strict', async () => {
    const run = await runCli(['check', '--strict', '--json'])
    const report = JSON.parse(run.stdout) as { problems: Finding[]; decks: string[] }
    expect(report.problems).toEqual([])
    expect(report.decks).toEqual(['briefing', 'conference', 'conference-es', 'lightning', 'lightning-de'])
    expect(run.code).toBe(0)
  })
})

describe('check --links', () => {
  /** A dataset holding only sources at these URLs, for checkLinks. */
  const datasetOf = (urls: string[]) =>
    ({
      sources: new Map(urls.map((url, index) => [`s${index}`, { source: { id: `s${index}`, title: `Source ${index}`, url }, location: { file: 'data/x/sources.yaml', line: 1 + index * 3 } }])),
    }) as unknown as Dataset

  it('says once that the machine is offline when no source can be reached at all', async () => {
    const problems = await checkLinks([datasetOf(['https://one.invalid/a', 'https://two.invalid/b', 'https://three.invalid/c'])], { timeoutSeconds: 5 })
    expect(problems).toEqual([expect.objectContaining({ severity: 'warning', code: 'offline', file: 'data/x/sources.yaml' })])
    expect(problems[0]?.message).toMatch(/none of the 3 source URLs could be reached \(ENOTFOUND\).*offline/)
  })

  it('names each dead link when others answer', async () => {
    const server = createServer((request, response) => {
      response.writeHead(request.url === '/gone' ? 404 : 200)
      response.end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const problems = await checkLinks([datasetOf([`${base}/ok`, `${base}/gone`, 'https://nowhere.invalid/'])], { timeoutSeconds: 5 })
      expect(problems.map((problem) => [problem.code, problem.line])).toEqual([
        ['dead-link', 4],
        ['dead-link', 7],
      ])
    } finally {
      server.close()
    }
  })
})
