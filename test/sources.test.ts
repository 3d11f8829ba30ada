/**
 * Sources that know their age: every shipped source carries the date it was last checked; check
 * warns when a talk's facts or sources have aged; `talkdeck sources` shows who cites what;
 * `check --links` asks every URL (here a local server); `since:` picks what changed; and the
 * sources slides list every source whole (their layout: sources-slides.test.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import path from 'node:path'
import { load } from 'js-yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { estimateTiming } from '../src/deck/timing.js'
import { REPO, copyProject, fixture, loadProjectDecks, runCli } from './helpers.js'

const cleanups: (() => void)[] = []
afterAll(() => cleanups.splice(0).forEach((cleanup) => cleanup()))

function plainProject(change: Record<string, (text: string) => string>): string {
  const project = copyProject(fixture('plain-project'))
  cleanups.push(project.cleanup)
  for (const [file, edit] of Object.entries(change)) {
    const target = path.join(project.dir, file)
    mkdirSync(path.dirname(target), { recursive: true })
    let text = ''
    try {
      text = readFileSync(target, 'utf8')
    } catch {}
    writeFileSync(target, edit(text))
  }
  return project.dir
}

interface Finding {
  code: string
  file: string
  line?: number
  message: string
}

async function findings(root: string, ...args: string[]): Promise<Finding[]> {
  const run = await runCli(['check', '--json', '--no-browser', '--root', root, ...args])
  return (JSON.parse(run.stdout) as { problems: Finding[] }).problems
}

describe('the shipped dataset', () => {
  it('says when every source was last checked, and when the dataset was reviewed', () => {
    const sources = load(readFileSync(path.join(REPO, 'data', 'rust-in-linux', 'sources.yaml'), 'utf8')) as { id: string; accessed?: string }[]
    const unchecked = sources.filter((source) => !/^\d{4}-\d{2}-\d{2}$/.test(source.accessed ?? '')).map((source) => source.id)
    expect(unchecked).toEqual([])
    const topic = load(readFileSync(path.join(REPO, 'data', 'rust-in-linux', 'topic.yaml'), 'utf8')) as { asOf?: string }
    expect(topic.asOf).toMatch(/^2026-12/)
  })

  it('the briefing lists every source over its sources slides, read rather than presented', async () => {
    const { decks } = await loadProjectDecks(REPO)
    const briefing = decks.get('briefing')
    const sourceSlides = briefing?.slides.filter((slide) => slide.layout === 'sources') ?? []
    // As many slides as the entries need, whole titles and addresses at 16 px (see sources-slides.test.ts).
    expect(sourceSlides.length).toBeGreaterThan(1)
    expect(sourceSlides.flatMap((slide) => slide.sources)).toEqual(briefing?.sources)
    expect(sourceSlides.every((slide) => slide.role === 'reference')).toBe(true)
    const timing = briefing ? estimateTiming(briefing) : undefined
    // Reference slides take only the time of what is said over them: no minimum.
    for (const slide of sourceSlides) expect(timing?.slides[slide.number - 1]).toBeLessThan(10)
  })
})

describe('age warnings', () => {
  it('a talk given long after the dataset was reviewed is a warning naming asOf and maxAge', async () => {
    const root = plainProject({ 'data/heat-pumps/topic.yaml': (text) => `${text}asOf: "2025-01"\n` })
    const age = (await findings(root)).filter((finding) => finding.code === 'dataset-age')
    expect(age).toEqual([expect.objectContaining({ file: 'decks/heat-pumps.yaml', message: expect.stringMatching(/last reviewed 2025-01 \(asOf\), 22 months before this talk; .*"maxAge" \(now 6 months\)/) })])
    const allowed = plainProject({ 'data/heat-pumps/topic.yaml': (text) => `${text}asOf: "2025-01"\n`, 'decks/heat-pumps.yaml': (text) => `maxAge: 24\n${text}` })
    expect((await findings(allowed)).filter((finding) => finding.code === 'dataset-age')).toEqual([])
  })

  it('names a source never checked, and one checked too long ago', async () => {
    const root = plainProject({
      'data/heat-pumps/sources.yaml': (text) => text.replace('  accessed: "2026-11-20"\n', '').replace('  accessed: "2026-11-20"\n', '  accessed: "2024-02-01"\n'),
    })
    const age = (await findings(root)).filter((finding) => finding.code === 'source-age')
    expect(age.map((finding) => finding.message)).toEqual([
      expect.stringContaining('source "iea-heat-pumps" was never checked'),
      expect.stringContaining('source "energy-saving-trust" was last checked 2024-02-01, over 6 months ago'),
    ])
  })

  it('the sources slide says how current the facts are', async () => {
    const root = plainProject({ 'data/heat-pumps/topic.yaml': (text) => `${text}asOf: "2026-10"\n` })
    const { decks } = await loadProjectDecks(root)
    expect(decks.get('heat-pumps')?.topic.asOf).toBe('2026-10')
    const { openTestWorkspace } = await import('./helpers.js')
    const workspace = await openTestWorkspace(root)
    const deck = decks.get('heat-pumps')
    if (!deck) throw new Error('no deck')
    const html = workspace.renderer.render(deck, { target: 'print', assetUrl: (file) => file }).join('\n')
    expect(html).toContain('Facts as of Oct 2026')
  })
})

describe('talkdeck sources', () => {
  it('lists for each source the decks and slides that cite it, and the sources no deck cites', async () => {
    const root = plainProject({ 'data/heat-pumps/sources.yaml': (text) => `${text}- id: spare\n  title: Not cited\n  url: https://example.org/spare\n  accessed: "2026-11-20"\n` })
    const run = await runCli(['sources', '--json', '--root', root])
    expect(run.code, run.stderr).toBe(0)
    const report = JSON.parse(run.stdout) as { datasets: { dataset: string; uncited: string[]; sources: { id: string; items: string[]; decks: { deck: string; slides: { number: number }[] }[] }[] }[] }
    const heat = report.datasets.find((entry) => entry.dataset === 'heat-pumps')
    expect(heat?.uncited).toEqual(['spare'])
    const iea = heat?.sources.find((source) => source.id === 'iea-heat-pumps')
    expect(iea?.items.sort()).toEqual(['efficiency', 'global-sales-record', 'lower-emissions'])
    expect(iea?.decks).toEqual([{ deck: 'heat-pumps', slides: [expect.objectContaining({ number: 3 }), expect.objectContaining({ number: 4 }), expect.objectContaining({ number: 5 })] }])
    const text = await runCli(['sources', '--root', root])
    expect(text.stdout).toContain('not cited by any deck: spare')
  })
})

describe('check --links (against a local server)', () => {
  let server: Server
  let base = ''
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/live') response.writeHead(200).end('ok')
      else if (request.url === '/moved') response.writeHead(301, { location: '/live' }).end()
      else response.writeHead(404).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  })
  afterAll(() => new Promise((resolve) => server.close(resolve)))

  it('reports the dead link and the redirect at their sources, in parallel, and passes the live one', async () => {
    const root = plainProject({
      'data/heat-pumps/sources.yaml': (text) =>
        text
          .replace('https://www.iea.org/reports/the-future-of-heat-pumps', `${base}/live`)
          .replace('https://energysavingtrust.org.uk/advice/air-source-heat-pumps/', `${base}/gone`)
          .replace('https://www.energy.gov/energysaver/heat-pump-systems', `${base}/moved`),
    })
    const links = (await findings(root, '--links')).filter((finding) => ['dead-link', 'redirect'].includes(finding.code))
    expect(links).toEqual([
      expect.objectContaining({ code: 'dead-link', file: 'data/heat-pumps/sources.yaml', line: 7, message: expect.stringContaining('HTTP 404') }),
      expect.objectContaining({ code: 'redirect', file: 'data/heat-pumps/sources.yaml', line: 12, message: expect.stringContaining(`redirects (301) to ${base}/live`) }),
    ])
  })
})

describe('what changed since the last briefing', () => {
  it('where: { since: YYYY-MM } keeps items dated or updated after that month', async () => {
    const root = plainProject({
      'data/heat-pumps/advantages.yaml': (text) => text.replace('  notes: Every year the grid adds renewables', '  updated: "2026-09"\n  notes: Every year the grid adds renewables'),
      'decks/heat-pumps.yaml': (text) => text.replace('  - layout: bullets\n    from: advantages\n', '  - layout: bullets\n    from: advantages\n    where: { since: "2026-06" }\n').replace('  - layout: timeline\n    from: advances\n', '  - layout: timeline\n    from: advances\n    where: { since: "2022-06" }\n'),
    })
    const { decks } = await loadProjectDecks(root)
    const deck = decks.get('heat-pumps')
    expect(deck?.slides.filter((slide) => slide.layout === 'bullets').map((slide) => slide.item?.id)).toEqual(['lower-emissions'])
    expect(deck?.slides.find((slide) => slide.layout === 'timeline')?.items.map((item) => item.id)).toEqual(['global-sales-record'])
  })
})
