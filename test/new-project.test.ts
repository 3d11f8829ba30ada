/**
 * `talkdeck new <dir>`: a project that works at once — sample data whose sources say when they were
 * read, a talk and a briefing that pass `check --strict`, npm scripts, schemas the YAML files name,
 * a .gitignore and a README — and bad input to it and to the sharing options of export: a clear
 * message, exit 2, nothing written.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { load } from 'js-yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXIT_CODES } from '../src/errors.js'
import { talkdeckDependency } from '../src/scaffold/dependency.js'
import { REPO, loadProjectDecks, runCli, tempDir, type CliRun } from './helpers.js'

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version
const STACK_TRACE = /^\s+at .+[(:]\d+/m

function filesUnder(dir: string, relative = ''): string[] {
  return readdirSync(path.join(dir, relative), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(dir, path.join(relative, entry.name)) : [path.join(relative, entry.name)],
  )
}

describe('talkdeck new', () => {
  const parent = tempDir()
  const root = path.join(parent.dir, 'Tea Talks')
  let run: CliRun
  beforeAll(async () => {
    run = await runCli(['new', root])
  })
  afterAll(() => parent.cleanup())

  it('writes the project and says what to run next', () => {
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toContain('next:')
    expect(run.stderr).toMatch(/npm install/)
    expect(run.stderr).toMatch(/npm run dev/)
    expect(filesUnder(root).sort()).toEqual(
      [
        '.gitignore',
        'README.md',
        'package.json',
        'data/tea/advances.yaml',
        'data/tea/advantages.yaml',
        'data/tea/challenges.yaml',
        'data/tea/sources.yaml',
        'data/tea/topic.yaml',
        'data/tea/use-cases.yaml',
        'decks/briefing.yaml',
        'decks/talk.yaml',
        ...['advances', 'advantages', 'challenges', 'deck', 'messages', 'sources', 'topic', 'topic-translation', 'translation', 'use-cases'].map((name) => `schema/${name}.schema.json`),
      ].sort(),
    )
  })

  it('has npm scripts for dev, build, export and check, with talkdeck from where it runs (this checkout) as a dev dependency', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; private: boolean; scripts: Record<string, string>; devDependencies: Record<string, string> }
    expect(pkg.name).toBe('tea-talks')
    expect(pkg.private).toBe(true)
    expect(pkg.scripts).toEqual({ dev: 'talkdeck dev', build: 'talkdeck build', export: 'talkdeck export', check: 'talkdeck check --strict' })
    // Run from a folder (this checkout), the project installs talkdeck from that folder.
    expect(pkg.devDependencies).toEqual({ talkdeck: `file:${path.relative(root, REPO).split(path.sep).join('/')}` })
    expect(readFileSync(path.join(root, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['node_modules/', 'dist/']))
    expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toMatch(/npm run dev/)
  })

  it('names a schema written into the project on the first line of every YAML file', () => {
    const yamlFiles = filesUnder(root).filter((file) => file.endsWith('.yaml'))
    expect(yamlFiles).toHaveLength(8)
    for (const file of yamlFiles) {
      const first = readFileSync(path.join(root, file), 'utf8').split('\n')[0] ?? ''
      const schema = /^# yaml-language-server: \$schema=(\S+)$/.exec(first)?.[1]
      expect(schema, file).toBeDefined()
      const target = path.resolve(path.dirname(path.join(root, file)), schema!)
      expect(existsSync(target), `${file} → ${schema}`).toBe(true)
      expect(path.basename(target)).toBe(file.startsWith('decks') ? 'deck.schema.json' : `${path.basename(file, '.yaml')}.schema.json`)
    }
  })

  it('cites sources that say when they were read, and decks that resolve from them', async () => {
    const sources = load(readFileSync(path.join(root, 'data', 'tea', 'sources.yaml'), 'utf8')) as { accessed?: string }[]
    expect(sources.length).toBeGreaterThan(1)
    for (const source of sources) expect(source.accessed).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    const { decks } = await loadProjectDecks(root)
    expect([...decks.keys()].sort()).toEqual(['briefing', 'talk'])
    expect(decks.get('talk')?.theme.name).toBe('corporate')
  })

  it('passes check --strict, layout in the browser included', async () => {
    const check = await runCli(['check', '--strict', '--root', root])
    expect(check.stdout).toMatch(/no problems/)
    expect(check.code, check.stdout).toBe(EXIT_CODES.ok)
  })

  it('passes check --strict in another theme given with --theme', async () => {
    const themed = path.join(parent.dir, 'contrast')
    const created = await runCli(['new', themed, '--theme', 'contrast'])
    expect(created.code, created.stderr).toBe(0)
    expect(readFileSync(path.join(themed, 'decks', 'talk.yaml'), 'utf8')).toMatch(/^theme: contrast$/m)
    const check = await runCli(['check', '--strict', '--root', themed])
    expect(check.code, check.stdout).toBe(EXIT_CODES.ok)
  })

  it('writes into an empty folder, or one holding only .git, and keeps the folder itself', async () => {
    const empty = path.join(parent.dir, 'empty')
    mkdirSync(path.join(empty, '.git'), { recursive: true })
    const before = statSync(empty).ino
    const created = await runCli(['new', '.'], { cwd: empty })
    expect(created.code, created.stderr).toBe(0)
    expect(statSync(empty).ino).toBe(before)
    expect(existsSync(path.join(empty, 'decks', 'talk.yaml'))).toBe(true)
    expect(created.stderr).not.toMatch(/\bcd\b/)
    expect(readdirSync(empty).some((name) => name.includes('.talkdeck-tmp-'))).toBe(false)
  })
})

describe('bad input: a clear message, exit 2, nothing written', () => {
  const parent = tempDir()
  afterAll(() => parent.cleanup())

  const expectRefused = (result: CliRun, message: RegExp) => {
    expect(result.code).toBe(EXIT_CODES.invalidInput)
    expect(result.stderr).toMatch(message)
    expect(result.stderr).not.toMatch(STACK_TRACE)
  }

  it('new into a folder that is not empty', async () => {
    const folder = path.join(parent.dir, 'notes')
    mkdirSync(folder)
    writeFileSync(path.join(folder, 'todo.txt'), 'mine')
    expectRefused(await runCli(['new', folder]), /notes is not empty \(todo\.txt\).*new or empty folder/)
    expect(readdirSync(folder)).toEqual(['todo.txt'])
  })

  it('new with an unknown theme', async () => {
    const folder = path.join(parent.dir, 'themed')
    expectRefused(await runCli(['new', folder, '--theme', 'contrastt']), /unknown theme "contrastt".*did you mean "contrast"\?.*corporate/)
    expect(existsSync(folder)).toBe(false)
  })

  it('new without a folder', async () => {
    expectRefused(await runCli(['new']), /talkdeck new takes one folder/)
  })

  it('export --per-page 4', async () => {
    const out = path.join(parent.dir, 'per-page')
    expectRefused(await runCli(['export', 'lightning', '--format', 'handout', '--per-page', '4', '--out', out]), /--per-page must be one of 1, 2, 3, 6, got "4"/)
    expect(existsSync(out)).toBe(false)
  })

  it('export --scale 0', async () => {
    const out = path.join(parent.dir, 'scale')
    expectRefused(await runCli(['export', 'lightning', '--format', 'png', '--scale', '0', '--out', out]), /--scale must be a whole number from 1 to 4, got "0"/)
    expect(existsSync(out)).toBe(false)
  })
})

describe('the talkdeck dependency of a new project installs from where talkdeck came from', () => {
  const work = tempDir()
  afterAll(() => work.cleanup())
  /** A project `app` with talkdeck in its node_modules, as npm installed it, the lockfile entry given. */
  function installedIn(name: string, entry: Record<string, unknown>, lockfile = 'node_modules/.package-lock.json'): string {
    const app = path.join(work.dir, name)
    const installed = path.join(app, 'node_modules', 'talkdeck')
    mkdirSync(installed, { recursive: true })
    writeFileSync(path.join(app, lockfile), JSON.stringify({ name, lockfileVersion: 3, packages: { 'node_modules/talkdeck': { version: VERSION, ...entry } } }))
    return installed
  }

  it('from the registry: the version range', () => {
    const installed = installedIn('from-registry', { resolved: `https://registry.npmjs.org/talkdeck/-/talkdeck-${VERSION}.tgz` })
    expect(talkdeckDependency(path.join(work.dir, 'from-registry', 'talks'), installed, VERSION)).toBe(`^${VERSION}`)
  })

  it('from a tarball: the same tarball, relative to the new project', () => {
    const installed = installedIn('from-tarball', { resolved: `file:../talkdeck-${VERSION}.tgz` })
    expect(talkdeckDependency(path.join(work.dir, 'from-tarball', 'talks'), installed, VERSION)).toBe(`file:../../talkdeck-${VERSION}.tgz`)
    const locked = installedIn('tarball-package-lock', { resolved: 'file:vendor/talkdeck.tgz' }, 'package-lock.json')
    expect(talkdeckDependency(path.join(work.dir, 'elsewhere', 'talks'), locked, VERSION)).toBe('file:../../tarball-package-lock/vendor/talkdeck.tgz')
  })

  it('from a folder: that folder, whether npm linked it or it runs where it is', () => {
    const linked = installedIn('from-folder', { resolved: '../checkout', link: true })
    expect(talkdeckDependency(path.join(work.dir, 'from-folder', 'talks'), linked, VERSION)).toBe('file:../../checkout')
    expect(talkdeckDependency(path.join(work.dir, 'talks'), path.join(work.dir, 'checkout'), VERSION)).toBe('file:../checkout')
  })

  it('with no record (a global install): the version range', () => {
    const installed = path.join(work.dir, 'global', 'lib', 'node_modules', 'talkdeck')
    mkdirSync(installed, { recursive: true })
    expect(talkdeckDependency(path.join(work.dir, 'talks'), installed, VERSION)).toBe(`^${VERSION}`)
  })
})
