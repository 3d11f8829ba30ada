/**
 * The real CLI (bin/talkdeck.js in a child process): build, list and check as a user runs them.
 * A user's mistake must give a non-zero exit, file:line on stderr, no stack trace, and leave the
 * previous output of the deck exactly as it was.
 */
import { createHash } from 'node:crypto'
import { appendFileSync, cpSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES, REPO, copyProject, runCli, tempDir, type CliRun } from './helpers.js'

const TEA = path.join(FIXTURES, 'tea-project')
const OVERRIDE = path.join(FIXTURES, 'layout-override')
const REPO_DECKS = readdirSync(path.join(REPO, 'decks'))
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => name.replace(/\.ya?ml$/, ''))
  .sort()

const cleanups: (() => void)[] = []
afterAll(() => cleanups.splice(0).forEach((cleanup) => cleanup()))
const newOut = () => {
  const out = tempDir()
  cleanups.push(out.cleanup)
  return out.dir
}
const newCopy = (source: string) => {
  const copy = copyProject(source)
  cleanups.push(copy.cleanup)
  return copy.dir
}

/** Every file under `dir` with a hash of its bytes. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {}
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const full = path.join(current, name)
      if (statSync(full).isDirectory()) walk(full)
      else files[path.relative(dir, full)] = createHash('sha1').update(readFileSync(full)).digest('hex')
    }
  }
  if (existsSync(dir)) walk(dir)
  return files
}

/** Leftovers of an interrupted or failed atomic write. */
const leftovers = (dir: string) => Object.keys(snapshot(dir)).concat(existsSync(dir) ? readdirSync(dir) : []).filter((name) => /\.(tmp|old)-/.test(name))

const STACK_LINE = /^\s{4}at /m
function expectCleanFailure(run: CliRun, code = 2) {
  expect(run.code, run.stderr).toBe(code)
  expect(run.stderr).not.toMatch(STACK_LINE)
  expect(run.stderr).not.toMatch(/\b(TypeError|ReferenceError|SyntaxError):/)
}

const lineOf = (file: string, needle: string) => readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1

describe('talkdeck build on the repository', () => {
  let out: string
  let run: CliRun
  beforeAll(async () => {
    out = newOut()
    run = await runCli(['build', '--out', out])
  })

  it('exits 0 and writes <out>/<deck>/index.html for every deck', () => {
    expect(run.code, run.stderr).toBe(0)
    expect(REPO_DECKS).toEqual(expect.arrayContaining(['briefing', 'conference', 'lightning']))
    for (const deck of REPO_DECKS) {
      const html = readFileSync(path.join(out, deck, 'index.html'), 'utf8')
      expect(html.startsWith('<!doctype html>'), deck).toBe(true)
      expect(html).toContain('<div class="reveal">')
      // Everything the page needs is in the output folder, so it opens from file://.
      for (const asset of html.matchAll(/(?:src|href)="((?:\.\.\/)?assets\/[^"?#]+)"/g)) {
        expect(existsSync(path.join(out, deck, asset[1]!)), `${deck}: ${asset[1]}`).toBe(true)
      }
      expect(existsSync(path.join(out, deck, 'assets', 'theme.css'))).toBe(true)
    }
    expect(run.stderr).not.toMatch(STACK_LINE)
    expect(leftovers(out)).toEqual([])
  })

  it('writes <out>/index.html linking to every deck with its title', () => {
    const index = readFileSync(path.join(out, 'index.html'), 'utf8')
    for (const deck of REPO_DECKS) {
      expect(index).toContain(`href="${deck}/index.html"`)
      const title = /^title:\s*(.+)$/m.exec(readFileSync(path.join(REPO, 'decks', `${deck}.yaml`), 'utf8'))?.[1]?.replace(/^["']|["']$/g, '')
      expect(index).toContain(`>${title}</a>`)
    }
    // Each deck in its own language: the Spanish and German decks among the English ones.
    expect(index.match(/<li class="deck" lang="(en|es|de)" dir="ltr">/g)).toHaveLength(REPO_DECKS.length)
    expect(index).toContain('<li class="deck" lang="es" dir="ltr">')
    expect(index).toContain('<li class="deck" lang="de" dir="ltr">')
    expect(index).toContain('<html lang="en" dir="ltr">')
  })

  it('uses each deck\'s theme', () => {
    const conference = readFileSync(path.join(out, 'conference', 'assets', 'theme.css'))
    expect(conference.equals(readFileSync(path.join(REPO, 'templates', 'themes', 'kernel.css')))).toBe(true)
    const lightning = readFileSync(path.join(out, 'lightning', 'assets', 'theme.css'))
    expect(lightning.equals(readFileSync(path.join(REPO, 'templates', 'themes', 'contrast.css')))).toBe(true)
  })

  it('rebuilding replaces the output in place and leaves nothing temporary', async () => {
    const again = await runCli(['build', 'lightning', '--out', out])
    expect(again.code, again.stderr).toBe(0)
    expect(existsSync(path.join(out, 'conference', 'index.html'))).toBe(true)
    expect(leftovers(out)).toEqual([])
    // The index still lists every deck built into the folder, not only the one just built.
    const index = readFileSync(path.join(out, 'index.html'), 'utf8')
    for (const deck of REPO_DECKS) expect(index).toContain(`href="${deck}/index.html"`)
  })
})

describe('talkdeck build: other projects and deck arguments', () => {
  it('builds test/fixtures/tea-project with --root, without touching the fixture', async () => {
    const before = snapshot(TEA)
    const out = newOut()
    const run = await runCli(['build', '--root', 'test/fixtures/tea-project', '--out', out])
    expect(run.code, run.stderr).toBe(0)
    expect(readdirSync(out).sort()).toEqual(['assets', 'index.html', 'tea-talk'])
    const html = readFileSync(path.join(out, 'tea-talk', 'index.html'), 'utf8')
    expect(html).toContain('<title>Brewing better tea</title>')
    expect(html).toContain('Repeatable cups')
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('href="tea-talk/index.html"')
    expect(snapshot(TEA)).toEqual(before)
  })

  it('builds only the deck given as a path to its file', async () => {
    const out = newOut()
    const run = await runCli(['build', 'decks/lightning.yaml', '--out', out])
    expect(run.code, run.stderr).toBe(0)
    expect(readdirSync(out).sort()).toEqual(['assets', 'index.html', 'lightning'])
    const copy = newCopy(TEA)
    const outside = newOut()
    const byPath = await runCli(['build', path.join(copy, 'decks', 'tea-talk.yaml'), '--root', copy, '--out', outside])
    expect(byPath.code, byPath.stderr).toBe(0)
    expect(existsSync(path.join(outside, 'tea-talk', 'index.html'))).toBe(true)
  })

  it('builds only the decks given by id', async () => {
    const out = newOut()
    const run = await runCli(['build', 'briefing', 'lightning', '--out', out])
    expect(run.code, run.stderr).toBe(0)
    expect(readdirSync(out).sort()).toEqual(['assets', 'briefing', 'index.html', 'lightning'])
  })

  it('an unknown deck exits 2 with the known decks listed, and writes nothing', async () => {
    const out = newOut()
    const run = await runCli(['build', 'no-such-deck', '--out', out])
    expectCleanFailure(run, 2)
    expect(run.stderr).toContain('"no-such-deck"')
    for (const deck of REPO_DECKS) expect(run.stderr).toContain(deck)
    expect(readdirSync(out)).toEqual([])
  })

  it('an unknown command or option exits 2 without a stack trace', async () => {
    expectCleanFailure(await runCli(['bild']), 2)
    expectCleanFailure(await runCli(['build', '--nope']), 2)
  })
})

/** Ways to break a copy of tea-project; each returns the file and the text of the offending line. */
const BREAKAGES: { name: string; code?: string; breakIt: (root: string) => { file: string; needle: string } }[] = [
  {
    name: 'a YAML syntax error in the deck',
    breakIt: (root) => {
      const file = path.join(root, 'decks', 'tea-talk.yaml')
      writeFileSync(file, readFileSync(file, 'utf8').replace('duration: 3', 'duration: [3'))
      return { file, needle: 'duration: [3' } // at the unclosed bracket, not where js-yaml notices it (the next line)
    },
  },
  {
    name: 'a schema violation in a data file',
    breakIt: (root) => {
      const file = path.join(root, 'data', 'tea', 'use-cases.yaml')
      writeFileSync(file, readFileSync(file, 'utf8').replace('status: merged', 'status: shipped'))
      return { file, needle: 'status: shipped' }
    },
  },
  {
    name: 'an unknown field in the deck',
    breakIt: (root) => {
      const file = path.join(root, 'decks', 'tea-talk.yaml')
      writeFileSync(file, readFileSync(file, 'utf8').replace('duration: 3', 'duration: 3\nspeaker: Someone'))
      return { file, needle: 'speaker: Someone' }
    },
  },
  {
    name: 'a duplicate item id',
    breakIt: (root) => {
      const file = path.join(root, 'data', 'tea', 'challenges.yaml')
      appendFileSync(file, '- id: repeatable\n  title: Again\n  summary: Same id as an advantage.\n  sources: [wiki-tea]\n')
      return { file, needle: 'id: repeatable' }
    },
  },
  {
    name: 'an unknown source',
    breakIt: (root) => {
      const file = path.join(root, 'data', 'tea', 'challenges.yaml')
      writeFileSync(file, readFileSync(file, 'utf8').replace('sources: [wiki-tea]', 'sources: [wiki-coffee]'))
      return { file, needle: 'wiki-coffee' }
    },
  },
  {
    name: 'an unknown layout',
    breakIt: (root) => {
      const file = path.join(root, 'decks', 'tea-talk.yaml')
      writeFileSync(file, readFileSync(file, 'utf8').replace('layout: timeline', 'layout: timelime'))
      return { file, needle: 'timelime' }
    },
  },
  {
    name: 'an unknown theme',
    breakIt: (root) => {
      const file = path.join(root, 'decks', 'tea-talk.yaml')
      writeFileSync(file, readFileSync(file, 'utf8').replace('theme: paper', 'theme: papyrus'))
      return { file, needle: 'theme: papyrus' }
    },
  },
  {
    name: 'an unknown dataset',
    breakIt: (root) => {
      const file = path.join(root, 'decks', 'tea-talk.yaml')
      writeFileSync(file, readFileSync(file, 'utf8').replace('data: tea', 'data: coffee'))
      return { file, needle: 'data: coffee' }
    },
  },
]

describe('talkdeck build with bad input keeps the previous output', () => {
  // One good build of the fixture; each case starts from a copy of its output, as if it had just
  // built the unbroken deck into its own folder.
  let goodOut: string
  beforeAll(async () => {
    goodOut = newOut()
    const first = await runCli(['build', '--root', newCopy(TEA), '--out', goodOut])
    expect(first.code, first.stderr).toBe(0)
  })

  it.each(BREAKAGES)('$name: exit 2, file:line on stderr, no stack, old output intact', async ({ breakIt }) => {
    const root = newCopy(TEA)
    const out = newOut()
    cpSync(goodOut, out, { recursive: true })
    const before = snapshot(out)
    expect(Object.keys(before)).toContain(path.join('tea-talk', 'index.html'))

    const { file, needle } = breakIt(root)
    const line = lineOf(file, needle)
    expect(line).toBeGreaterThan(0)
    const run = await runCli(['build', '--root', root, '--out', out])
    expectCleanFailure(run, 2)
    expect(run.stderr).toContain(`${path.relative(root, file)}:${line}`)
    expect(run.stderr).toMatch(/error/)
    expect(snapshot(out)).toEqual(before)
    expect(leftovers(out)).toEqual([])
  })

  it('a template error exits 3 naming the layout line and the deck line; the old output stays', async () => {
    const root = newCopy(OVERRIDE)
    const out = newOut()
    const layout = path.join(root, 'templates', 'layouts', 'p2-missing.hbs')
    const broken = readFileSync(layout, 'utf8')
    writeFileSync(layout, broken.replace('{{slide.nope}}', '{{slide.title}}'))
    const first = await runCli(['build', 'missing-field', '--root', root, '--out', out])
    expect(first.code, first.stderr).toBe(0)
    const before = snapshot(out)

    writeFileSync(layout, broken)
    const run = await runCli(['build', 'missing-field', '--root', root, '--out', out])
    expectCleanFailure(run, 3)
    expect(run.stderr).toContain(`${path.relative(root, layout)}:${lineOf(layout, 'slide.nope')}`)
    const deckFile = path.join(root, 'decks', 'missing-field.yaml')
    expect(run.stderr).toContain(`${path.relative(root, deckFile)}:${lineOf(deckFile, 'layout: p2-missing')}`)
    expect(snapshot(out)).toEqual(before)
    expect(leftovers(out)).toEqual([])
  })

  it('one broken deck does not stop the others from building', async () => {
    const root = newCopy(OVERRIDE)
    const out = newOut()
    const run = await runCli(['build', '--root', root, '--out', out])
    expect(run.code).toBe(3)
    expect(run.stderr).not.toMatch(STACK_LINE)
    expect(existsSync(path.join(out, 'override', 'index.html'))).toBe(true)
    expect(existsSync(path.join(out, 'missing-field'))).toBe(false)
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('href="override/index.html"')
    expect(leftovers(out)).toEqual([])
  })
})

describe('talkdeck list --json', () => {
  it('lists the decks, datasets, layouts and themes of the repository', async () => {
    const run = await runCli(['list', '--json'])
    expect(run.code, run.stderr).toBe(0)
    const listing = JSON.parse(run.stdout) as {
      decks: { id: string; file: string }[]
      datasets: string[]
      layouts: { name: string; selection: string; file: string }[]
      themes: { name: string; builtIn: boolean; file: string }[]
    }
    expect(listing.decks.map((d) => d.id)).toEqual(REPO_DECKS)
    expect(listing.decks.find((d) => d.id === 'conference')?.file).toMatch(/decks\/conference\.yaml$/)
    expect(listing.datasets).toContain('rust-in-linux')
    const layouts = Object.fromEntries(listing.layouts.map((l) => [l.name, l.selection]))
    expect(layouts).toMatchObject({ title: 'none', agenda: 'none', section: 'none', bullets: 'each', code: 'each', cards: 'all', timeline: 'all', sources: 'all' })
    expect(listing.layouts).toHaveLength(readdirSync(path.join(REPO, 'templates', 'layouts')).filter((f) => f.endsWith('.hbs')).length)
    expect(listing.themes.map((t) => t.name).sort()).toEqual(expect.arrayContaining(['contrast', 'corporate', 'kernel', 'paper']))
    expect(listing.themes.find((t) => t.name === 'kernel')?.file).toMatch(/templates\/themes\/kernel\.css$/)
  })

  it('marks the shipped themes as built-in in another project', async () => {
    const run = await runCli(['list', '--json', '--root', 'test/fixtures/tea-project'])
    expect(run.code, run.stderr).toBe(0)
    const listing = JSON.parse(run.stdout) as { decks: { id: string }[]; datasets: string[]; themes: { name: string; builtIn: boolean }[] }
    expect(listing.decks.map((d) => d.id)).toEqual(['tea-talk'])
    expect(listing.datasets).toEqual(['tea'])
    expect(listing.themes.filter((t) => ['contrast', 'corporate', 'kernel', 'paper'].includes(t.name)).map((t) => t.builtIn)).toEqual([true, true, true, true])
  })

  // BUG (src/themes/resolve-theme.ts loadThemes): `builtIn` is computed as "not under the
  // project's templates/", so in talkdeck's own folder (project templates = package templates)
  // every shipped theme is listed with builtIn: false.
  it('marks the shipped themes as built-in in the repository too', async () => {
    const run = await runCli(['list', '--json'])
    const listing = JSON.parse(run.stdout) as { themes: { name: string; builtIn: boolean }[] }
    expect(listing.themes.filter((t) => ['contrast', 'corporate', 'kernel', 'paper'].includes(t.name)).map((t) => t.builtIn)).toEqual([true, true, true, true])
  })

  it('lists a project\'s own layouts, overrides included', async () => {
    const run = await runCli(['list', '--json', '--root', 'test/fixtures/layout-override'])
    expect(run.code, run.stderr).toBe(0)
    const listing = JSON.parse(run.stdout) as { decks: { id: string }[]; datasets: string[]; layouts: { name: string; selection: string; file: string }[] }
    expect(listing.decks.map((d) => d.id)).toEqual(['missing-field', 'missing-in-helper', 'override'])
    expect(listing.datasets).toEqual(['brew'])
    const bullets = listing.layouts.find((l) => l.name === 'bullets')
    expect(bullets).toMatchObject({ selection: 'all', file: 'templates/layouts/bullets.hbs' })
    expect(listing.layouts.map((l) => l.name)).toEqual(expect.arrayContaining(['p2-missing', 'title', 'cards']))
  })
})

describe('talkdeck check', () => {
  it('exits 0 on the repository', async () => {
    const run = await runCli(['check'])
    expect(run.code, run.stdout).toBe(0)
    expect(run.stdout).not.toMatch(/\berror\b:/)
    expect(run.stdout).not.toMatch(STACK_LINE)
  })

  it('exits 2 on a broken copy and prints every problem at once, each with file:line', async () => {
    const root = newCopy(TEA)
    const deck = path.join(root, 'decks', 'tea-talk.yaml')
    writeFileSync(deck, readFileSync(deck, 'utf8').replace('theme: paper', 'theme: papyrus').replace('layout: timeline', 'layout: timelime'))
    const data = path.join(root, 'data', 'tea', 'use-cases.yaml')
    writeFileSync(data, readFileSync(data, 'utf8').replace('status: merged', 'status: shipped').replace('area: Industry', 'area: Industry\n  owner: Someone'))
    const run = await runCli(['check', '--root', root])
    expectCleanFailure(run, 2)
    // Two different errors in one data file, both printed…
    expect(run.stdout).toContain(`${path.relative(root, data)}:${lineOf(data, 'status: shipped')}`)
    expect(run.stdout).toContain(`${path.relative(root, data)}:${lineOf(data, 'owner: Someone')}`)
    expect(run.stdout).toContain('"shipped"')
    expect(run.stdout).toContain('unknown field "owner"')
  })

  it('prints two different errors of one deck file together', async () => {
    const root = newCopy(TEA)
    const deck = path.join(root, 'decks', 'tea-talk.yaml')
    writeFileSync(deck, readFileSync(deck, 'utf8').replace('theme: paper', 'theme: papyrus').replace('layout: timeline', 'layout: timelime'))
    const run = await runCli(['check', '--root', root])
    expectCleanFailure(run, 2)
    expect(run.stdout).toContain(`${path.relative(root, deck)}:${lineOf(deck, 'theme: papyrus')}`)
    expect(run.stdout).toContain(`${path.relative(root, deck)}:${lineOf(deck, 'timelime')}`)
    expect(run.stdout).toMatch(/2 errors/)
  })

  it('--json reports the problems as data', async () => {
    const root = newCopy(TEA)
    const deck = path.join(root, 'decks', 'tea-talk.yaml')
    writeFileSync(deck, readFileSync(deck, 'utf8').replace('layout: timeline', 'layout: timelime'))
    const run = await runCli(['check', '--json', '--root', root])
    expect(run.code).toBe(2)
    const { problems } = JSON.parse(run.stdout) as { problems: { code: string; file: string; line: number; severity: string }[] }
    expect(problems.filter((p) => p.severity === 'error')).toEqual([
      expect.objectContaining({ code: 'unknown-layout', file: 'decks/tea-talk.yaml', line: lineOf(deck, 'timelime') }),
    ])
  })

  // BUG (src/cli.ts checkCommand): a dataset with errors makes its decks unresolved, so it is not
  // in `used`, and its problems used to be added a second time from all datasets: one duplicate id is
  // printed twice and counted as "2 errors".
  it('reports an error in a dataset once', async () => {
    const root = newCopy(TEA)
    const data = path.join(root, 'data', 'tea', 'challenges.yaml')
    appendFileSync(data, '- id: repeatable\n  title: Again\n  summary: Same id as an advantage.\n  sources: [wiki-tea]\n')
    const run = await runCli(['check', '--root', root])
    expect(run.code).toBe(2)
    const location = `${path.relative(root, data)}:${lineOf(data, 'id: repeatable')}`
    expect(run.stdout.split(location).length - 1).toBe(1)
    expect(run.stdout).toMatch(/\b1 error\b/)
  })
})
