/**
 * Walks over a user's data that end (issue 24): a YAML value that contains itself, "did you mean"
 * among thousands of names, templates nested thousands deep, a deck past the slide limit, files
 * with CR line breaks and ids holding bidirectional controls. Each is a located error with exit
 * code 2, in about the time a correct project takes, never a stack trace. Cases run the CLI's
 * `main` in this process, the code path of bin/talkdeck.js.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { afterAll, describe, expect, it } from 'vitest'
import { LIMITS } from '../src/defaults.js'
import { suggest } from '../src/suggest.js'
import { FIXTURES, copyProject, runMain, type CliRun } from './helpers.js'

const cleanups: (() => void)[] = []
afterAll(() => cleanups.splice(0).forEach((cleanup) => cleanup()))

/** A copy of the tea project to break, removed after the file's tests. */
function newProject(): string {
  const copy = copyProject(path.join(FIXTURES, 'tea-project'))
  cleanups.push(copy.cleanup)
  return copy.dir
}

const deckFile = (root: string) => path.join(root, 'decks', 'tea-talk.yaml')
const advantages = (root: string) => path.join(root, 'data', 'tea', 'advantages.yaml')
const sources = (root: string) => path.join(root, 'data', 'tea', 'sources.yaml')
/** Adds sources of these ids to the dataset's own. */
const appendSources = (root: string, ids: string[]) =>
  appendFileSync(sources(root), `\n${ids.map((id) => `- id: ${id}\n  title: Source ${id}\n  url: https://example.org/${id}`).join('\n')}\n`)
const layout = (root: string, name: string) => {
  mkdirSync(path.join(root, 'templates', 'layouts'), { recursive: true })
  return path.join(root, 'templates', 'layouts', name)
}

/** Runs a command on the project; returns the run and how long it took. */
async function timed(args: string[]): Promise<{ run: CliRun; seconds: number }> {
  const started = performance.now()
  const run = await runMain(args)
  return { run, seconds: (performance.now() - started) / 1000 }
}
const check = (root: string) => timed(['check', '--no-browser', '--root', root])

/** What a run printed: check's findings on stdout, the other commands' on stderr. */
const printed = (run: CliRun) => `${run.stdout}\n${run.stderr}`

const STACK_LINE = /^\s{4}at /m
/** A user's mistake: the exit code, no stack trace, no JavaScript error, and the message. */
function expectRefused(run: CliRun, code = 2): void {
  expect(run.code, printed(run)).toBe(code)
  expect(printed(run)).not.toMatch(STACK_LINE)
  expect(printed(run)).not.toMatch(/\b(TypeError|ReferenceError|RangeError|SyntaxError)\b|Maximum call stack/)
}
/** `file:line:col: error: ` of an error printed for `file`. */
const errorAt = (file: string, line: number, column?: number) => new RegExp(`${escapeRegExp(path.basename(file))}:${line}${column === undefined ? '(:\\d+)?' : `:${column}`}: error: `)
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

describe('a YAML value that contains itself is one located error', () => {
  it.each([
    ['a list holding itself', '  title: &a [*a]', '*a'],
    ['a mapping holding itself', '  title: &m {x: *m}', '*m'],
    ['a list holding itself deeper down', '  points: &deep\n    - one\n    - [two, {three: *deep}]', '*deep'],
    ['a mapping key that is its own mapping', '  title: &k {? *k : x}', '*k'],
  ])('%s: at the alias, naming the anchor, in check and in build', async (_what, yaml, alias) => {
    const root = newProject()
    writeFileSync(advantages(root), `- id: loop\n${yaml}\n  summary: A loop.\n  sources: [iso-3103]\n`)
    const aliasLine = readFileSync(advantages(root), 'utf8').split('\n').findIndex((line) => line.includes(alias)) + 1
    const checked = await check(root)
    expectRefused(checked.run)
    expect(printed(checked.run)).toMatch(errorAt(advantages(root), aliasLine))
    expect(printed(checked.run)).toContain(`the alias "${alias}" is inside the value its anchor "&${alias.slice(1)}" (line 2) names`)
    expect(printed(checked.run).match(/: error: /g)).toHaveLength(1)
    const built = await timed(['build', '--root', root])
    expectRefused(built.run)
    expect(printed(built.run)).toContain('would contain itself')
  })

  it('an anchor named again inside its value is not a cycle: the alias means the newer one', async () => {
    const root = newProject()
    writeFileSync(advantages(root), '- id: again\n  title: Again\n  points: &a [&a one, *a]\n  summary: Fine.\n  sources: [iso-3103]\n  notes: Fine.\n')
    const { run } = await check(root)
    expect(printed(run)).not.toContain('contain itself')
  })

  it('a deck file holding itself is located too', async () => {
    const root = newProject()
    writeFileSync(deckFile(root), 'title: Loop\ndata: tea\nslides: &s\n  - layout: title\n    points: *s\n')
    const { run } = await check(root)
    expectRefused(run)
    expect(printed(run)).toMatch(errorAt(deckFile(root), 5))
  })

  it('aliases that nest values past the depth limit are refused at the alias', async () => {
    const root = newProject()
    // Each level is 10 deep and holds the one before: 4 levels nest 40 deep, past 32.
    const levels = ['  f0: &l0 [[[[[[[[[[x]]]]]]]]]]']
    for (let level = 1; level <= 4; level++) levels.push(`  f${level}: &l${level} [[[[[[[[[*l${level - 1}]]]]]]]]]`)
    writeFileSync(advantages(root), `- id: deep\n${levels.join('\n')}\n`)
    const { run } = await check(root)
    expectRefused(run)
    expect(printed(run)).toMatch(errorAt(advantages(root), 5))
    expect(printed(run)).toContain(`nests lists and mappings more than ${LIMITS.depth} deep once expanded`)
  })
})

describe('"did you mean" is bounded', () => {
  it('2,810 broken references among 9,990 sources are checked in seconds, each with its suggestion', async () => {
    const root = newProject()
    const known = Array.from({ length: 9_990 }, (_, index) => `source-number-${index}-with-a-longer-name`)
    appendSources(root, known)
    // Typos of real ids (one letter dropped), of the same length as thousands of others.
    const items = Array.from({ length: 2_810 }, (_, index) => `- id: item-${index}\n  title: T\n  summary: S.\n  sources: [source-numbr-${index}-with-a-longer-name]`)
    writeFileSync(advantages(root), `${items.join('\n')}\n`)
    const { run, seconds } = await check(root)
    expectRefused(run)
    expect(printed(run).match(/unknown source id/g)).toHaveLength(2_810)
    expect(printed(run)).toContain('"source-numbr-0-with-a-longer-name" (did you mean "source-number-0-with-a-longer-name"?)')
    expect(seconds).toBeLessThan(15)
  }, 120_000)

  it('suggests the closest name for a typo, and nothing for what is no typo', () => {
    const layouts = ['title', 'agenda', 'section', 'bullets', 'cards', 'timeline', 'comparison', 'code', 'metric', 'quote', 'sources', 'closing']
    expect(suggest('timelime', layouts)).toBe(' (did you mean "timeline"?)')
    expect(suggest('bullet', layouts)).toBe(' (did you mean "bullets"?)')
    expect(suggest('kwote', layouts)).toBe(' (did you mean "quote"?)')
    expect(suggest('spreadsheet', layouts)).toBe('')
    // The first of equally close names, as written.
    expect(suggest('cod', ['cot', 'code'])).toBe(' (did you mean "cot"?)')
  })

  it('a name of 20,000 characters among 10,000 long names costs no more than a short one', () => {
    const known = Array.from({ length: 10_000 }, (_, index) => `${'n'.repeat(90)}${index}`)
    const started = performance.now()
    for (let run = 0; run < 100; run++) {
      suggest('x'.repeat(20_000), known)
      suggest(`${'n'.repeat(85)}zzzzz${run}`, known)
    }
    expect(performance.now() - started).toBeLessThan(5_000)
  })
})

describe('template nesting is bounded', () => {
  it('5,000 nested {{#if}} in a layout are refused at once, at the block past the limit', async () => {
    const root = newProject()
    const depth = 5_000
    writeFileSync(layout(root, 'bullets.hbs'), `{{!-- talkdeck: selection=each role=content needs=title --}}\n<h2>{{slide.title}}</h2>\n${'{{#if slide.title}}\n'.repeat(depth)}x${'{{/if}}'.repeat(depth)}\n`)
    const { run, seconds } = await check(root)
    expectRefused(run)
    // The block that passes the limit is on line 2 + LIMITS.templateNesting + 1.
    expect(printed(run)).toMatch(errorAt('bullets.hbs', 3 + LIMITS.templateNesting, 1))
    expect(printed(run)).toContain(`nested more than ${LIMITS.templateNesting} deep`)
    expect(seconds).toBeLessThan(10)
  }, 120_000)

  it.each([
    ['sub-expressions', `<p>{{md ${'(join '.repeat(200)}slide.points${')'.repeat(200)}}}</p>`],
    ['an "else if" chain', `{{#if slide.title}}a${'{{else if slide.text}}b'.repeat(200)}{{/if}}`],
  ])('%s nested past the limit are refused with their line', async (_what, body) => {
    const root = newProject()
    writeFileSync(layout(root, 'bullets.hbs'), `{{!-- talkdeck: selection=each role=content needs=title --}}\n<h2>{{slide.title}}</h2>\n${body}\n`)
    const { run } = await check(root)
    expectRefused(run)
    expect(printed(run)).toMatch(errorAt('bullets.hbs', 3))
    expect(printed(run)).toContain(`nested more than ${LIMITS.templateNesting} deep`)
  })

  it('nesting in comments, raw blocks and strings is not counted', async () => {
    const root = newProject()
    const many = '{{#if x}}'.repeat(300)
    writeFileSync(layout(root, 'bullets.hbs'), `{{!-- talkdeck: selection=each role=content needs=title --}}\n{{!-- ${many} --}}{{! ${many.replace(/}}/g, '')} }}\n<h2>{{md "${many}"}}</h2>{{{{raw}}}}${many}{{{{/raw}}}}\n`)
    const { run } = await check(root)
    expect(printed(run)).not.toContain('nested more than')
  })
})

describe('the slide limit holds for the resolved deck', () => {
  it('a last entry that passes 10,000 slides is an error at that entry, found without making them all', async () => {
    const root = newProject()
    const items = Array.from({ length: 9_999 }, (_, index) => `- id: item-${index}\n  title: T ${index}\n  summary: S.\n  sources: [iso-3103]\n  notes: N.`)
    writeFileSync(advantages(root), `${items.join('\n')}\n`)
    writeFileSync(deckFile(root), 'title: Big\ndata: tea\nslides:\n  - layout: bullets\n    from: advantages\n  - layout: cards\n    from: advantages\n    perSlide: 1\n')
    const { run } = await check(root)
    expectRefused(run)
    expect(printed(run)).toMatch(errorAt(deckFile(root), 6))
    expect(printed(run)).toContain(`more than ${LIMITS.slides.toLocaleString('en')} slides`)
  }, 120_000)

  it('sources slides count too: thousands of sources entries stop at the limit', async () => {
    const root = newProject()
    const known = Array.from({ length: 2_000 }, (_, index) => `s-${index}`)
    appendSources(root, known)
    const entries = Array.from({ length: 10 }, () => '  - layout: sources\n    perSlide: 1')
    writeFileSync(deckFile(root), `title: Sources\ndata: tea\nslides:\n  - layout: bullets\n    title: All of them\n    sources: [${known.join(', ')}]\n    notes: N.\n${entries.join('\n')}\n`)
    const { run } = await check(root)
    expectRefused(run)
    // 1 + 4 × 2,000 slides fit; the fifth sources entry, on line 16, passes the limit.
    expect(printed(run)).toMatch(errorAt(deckFile(root), 16))
    expect(printed(run)).toContain(`more than ${LIMITS.slides.toLocaleString('en')} slides`)
  }, 120_000)
})

describe('CR-only line breaks are line breaks', () => {
  const toCr = (text: string) => text.replace(/\r?\n/g, '\r')

  it('a data file: the error is at its line', async () => {
    const root = newProject()
    const lines = readFileSync(advantages(root), 'utf8').split('\n')
    const line = lines.findLastIndex((entry) => entry.includes('sources: [iso-3103]')) + 1
    expect(line).toBeGreaterThan(5)
    lines[line - 1] = lines[line - 1]?.replace('iso-3103', 'iso-31O3') ?? ''
    writeFileSync(advantages(root), toCr(lines.join('\n')))
    const { run } = await check(root)
    expectRefused(run)
    expect(printed(run)).toMatch(errorAt(advantages(root), line, 13))
  })

  it('a layout: the syntax error is at its line and column', async () => {
    const root = newProject()
    writeFileSync(layout(root, 'bullets.hbs'), toCr('{{!-- talkdeck: selection=each role=content needs=title --}}\n<h2>{{slide.title}}</h2>\n<p>\n  {{slide.title}\n</p>\n'))
    const { run } = await check(root)
    expectRefused(run)
    expect(printed(run)).toMatch(errorAt('bullets.hbs', 4, 16))
  })

  it('a theme: a reference out of the project is at its line', async () => {
    const root = newProject()
    mkdirSync(path.join(root, 'templates', 'themes'), { recursive: true })
    writeFileSync(path.join(root, 'templates', 'themes', 'brand.css'), toCr('/* A brand */\n.a { color: red }\n.b { background: url(/etc/hostname) }\n'))
    writeFileSync(deckFile(root), readFileSync(deckFile(root), 'utf8').replace('theme: paper', 'theme: brand'))
    const { run } = await check(root)
    expectRefused(run)
    expect(printed(run)).toMatch(errorAt('brand.css', 3, 18))
  })
})

describe('bidirectional controls', () => {
  const CONTROLS = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C']

  it.each(CONTROLS.map((control) => [`U+${control.charCodeAt(0).toString(16).toUpperCase()}`, control]))('%s in an id is refused at its line, and shown escaped', async (name, control) => {
    const root = newProject()
    writeFileSync(advantages(root), readFileSync(advantages(root), 'utf8').replace('- id: repeatable', `- id: "repeat${control}able"`))
    const { run } = await check(root)
    expectRefused(run)
    expect(printed(run)).toMatch(errorAt(advantages(root), 1))
    expect(printed(run)).toContain('expected an id without invisible direction controls')
    expect(printed(run)).toContain(`"repeat\\u${name.slice(2).padStart(4, '0')}able"`)
    expect(printed(run)).not.toContain(control)
  })

  it.each([
    ['an unknown theme', 'theme: "pa\u202Eper"', 'pa\\u202Eper'],
    ['an unknown field, with a terminal escape', 'theme: paper\n"ti\\u2067tle\\e[2J": x', 'ti\\u2067tle'],
  ])('%s: the text echoed in the message shows its controls escaped', async (_what, line, shown) => {
    const root = newProject()
    writeFileSync(deckFile(root), readFileSync(deckFile(root), 'utf8').replace('theme: paper', line))
    const { run } = await check(root)
    expectRefused(run)
    expect(printed(run)).toContain(shown)
    for (const raw of ['\u202E', '\u2067', '\u001B']) expect(printed(run)).not.toContain(raw)
  })
})

describe('a user\'s text in a whole-run message', () => {
  it('shows a bidirectional control escaped, as problems do', async () => {
    const run = await runMain(['check', 'ev\u202Eil', '--root', path.join(FIXTURES, 'plain-project')])
    expect(run.code).toBe(2)
    expect(printed(run)).toContain('unknown deck "ev\\u202Eil"')
    expect(printed(run)).not.toContain('\u202E')
  })
})
