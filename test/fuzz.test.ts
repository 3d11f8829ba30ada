/**
 * A mutation fuzzer over two small projects (issue 11): fast-check makes broken projects
 * (test/fuzz-projects.ts) and each is run through `check --no-browser` or `build`. Whatever the
 * input, talkdeck must exit 0 or 2–5, print no stack trace, name a file in every error, write
 * nothing outside --out, copy nothing from outside the project, and leave every output it had
 * either as it was or complete.
 *
 * `npm test` runs a seeded, bounded sample; `npm run fuzz` (TALKDECK_FUZZ=long) runs 10,000 check
 * and 500 build cases and prints the figures. Cases run the CLI's `main` in this process (the code
 * path of bin/talkdeck.js); one in BINARY_EVERY runs the real binary. TALKDECK_FUZZ_SEED changes
 * the seed, TALKDECK_FUZZ_REPORT names a file for the figures as JSON.
 */
import { createHash } from 'node:crypto'
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SHARED_FOLDER } from '../src/build/build-deck.js'
import { FIXTURES, fixture, runCli, runMain, type CliRun } from './helpers.js'
import { buildPlanArbitrary, makeProject, outArbitrary, planArbitrary, type OutChoice, type Plan } from './fuzz-projects.js'

const LONG = process.env.TALKDECK_FUZZ === 'long'
const RUNS = LONG ? { check: 10_000, build: 500 } : { check: 80, build: 8 }
const SEED = Number(process.env.TALKDECK_FUZZ_SEED ?? 11)
const BINARY_EVERY = 50
/** A case running longer than this has hung. */
const HANG_MS = 60_000
const SLOW_MS = 20_000

const STACK_LINE = /^\s{4}at /m
const JS_ERROR = /\b(TypeError|ReferenceError|RangeError|SyntaxError|AssertionError)\b/
const EXIT_CODES = new Set([0, 2, 3, 4, 5])
const SENTINEL = 'OUTSIDE-SENTINEL'
/** What a payload of fuzz-projects.ts would look like had it become markup or a link (the page's own icon is `data:,`). */
const INJECTED = /<script>window\.pwned|<img src=x onerror|onerror="window|href="\s*(javascript:|vbscript:|data:[^,])|src="\s*(javascript|data:text)|<\/section><\/div><script>/i

const bases = (): Record<Plan['base'], string> => ({ 'tea-project': path.join(FIXTURES, 'tea-project'), 'three-decks': fixture('three-decks') })

/** Every entry under `dir` (links not followed, FIFOs not opened) with a hash of each regular file. */
function snapshot(dir: string, skip?: string): Map<string, string> {
  const entries = new Map<string, string>()
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const full = path.join(current, name)
      if (full === skip) continue
      const info = lstatSync(full)
      if (info.isDirectory()) {
        entries.set(full, 'folder')
        walk(full)
      } else entries.set(full, info.isFile() ? createHash('sha1').update(readFileSync(full)).digest('hex') : info.isSymbolicLink() ? 'link' : 'special')
    }
  }
  if (existsSync(dir)) walk(dir)
  return entries
}

const changedEntries = (before: Map<string, string>, after: Map<string, string>): string[] =>
  [...new Set([...before.keys(), ...after.keys()])].filter((key) => before.get(key) !== after.get(key))

/** What a problem line or a message must name: a file or folder, by its path. */
const NAMES_A_FILE = /(\/|\.ya?ml\b|\.hbs\b|\.css\b)/

/** The lines of stderr that report an error and name no file. */
function errorsWithoutFile(stderr: string): string[] {
  return stderr.split('\n').filter((line) => {
    const problem = /^\s*(.*?)(:\d+)*: error: /.exec(line)
    if (problem) return !NAMES_A_FILE.test(problem[1] ?? '')
    // "deck x not built: fix the errors above" points at errors that name their files.
    if (line.startsWith('talkdeck: ')) return !/not (built|exported): fix the errors above$/.test(line) && !NAMES_A_FILE.test(line)
    return false
  })
}

/** Prepares `--out` as the case asks; returns the argument and the folder it names. */
function prepareOut(choice: OutChoice, root: string, deckIds: string[]): { args: string[]; outDir: string } {
  const previous = (dir: string, marked: boolean) => {
    // The folder exists even when no deck is left to have built into it (decks/ removed).
    mkdirSync(dir, { recursive: true })
    for (const id of deckIds) {
      mkdirSync(path.join(dir, id, 'assets'), { recursive: true })
      writeFileSync(path.join(dir, id, 'index.html'), `previous ${id}`)
      writeFileSync(path.join(dir, id, 'assets', 'kept.txt'), 'previous asset')
      if (marked) writeFileSync(path.join(dir, id, '.talkdeck-output'), 'written by talkdeck\n')
    }
    // A deck named "index.html" had a folder of that name built for it.
    if (!existsSync(path.join(dir, 'index.html'))) writeFileSync(path.join(dir, 'index.html'), 'previous index')
  }
  const dist = path.join(root, 'dist')
  switch (choice) {
    case 'default':
      return { args: [], outDir: dist }
    case 'previous-build':
      previous(dist, true)
      return { args: [], outDir: dist }
    case 'absolute-previous-build': {
      // An absolute --out beside the project, as CI scripts write it.
      const elsewhere = path.join(path.dirname(root), 'site')
      previous(elsewhere, true)
      return { args: ['--out', elsewhere], outDir: elsewhere }
    }
    case 'unmarked-folder':
      previous(dist, false)
      return { args: [], outDir: dist }
    case 'file-in-the-way':
      mkdirSync(dist)
      for (const id of deckIds) writeFileSync(path.join(dist, id), 'a file of mine')
      return { args: [], outDir: dist }
    case 'a-file':
      writeFileSync(path.join(root, 'notes.txt'), 'mine')
      return { args: ['--out', 'notes.txt'], outDir: path.join(root, 'notes.txt') }
    default:
      return { args: ['--out', choice], outDir: path.resolve(root, choice) }
  }
}

/** What is wrong with `outDir` after a build: a deck folder neither as it was nor complete, leftovers, a copied outside file. */
function damagedOutput(outDir: string, before: Map<string, string>, after: Map<string, string>): string[] {
  const damage: string[] = []
  if (!existsSync(outDir) || !lstatSync(outDir).isDirectory()) return damage
  for (const name of readdirSync(outDir)) {
    const full = path.join(outDir, name)
    if (/\.talkdeck-tmp-/.test(name)) damage.push(`leftover ${name}`)
    const info = lstatSync(full)
    const unchanged = [...after.keys()].filter((key) => key === full || key.startsWith(`${full}${path.sep}`)).every((key) => before.get(key) === after.get(key))
    if (unchanged) continue
    if (name === SHARED_FOLDER) {
      for (const file of ['.talkdeck-output', 'reveal.css', 'talkdeck.css', 'talkdeck.js']) if (!existsSync(path.join(full, file))) damage.push(`${name}: missing ${file}`)
    } else if (info.isFile() && name === 'index.html') {
      if (!readFileSync(full, 'utf8').trimEnd().endsWith('</html>')) damage.push('index.html incomplete')
    } else if (info.isDirectory()) {
      const html = existsSync(path.join(full, 'index.html')) ? readFileSync(path.join(full, 'index.html'), 'utf8') : ''
      if (!html.startsWith('<!doctype html>') || !html.trimEnd().endsWith('</html>')) damage.push(`${name}/index.html incomplete`)
      if (!existsSync(path.join(full, '.talkdeck-output'))) damage.push(`${name} has no marker`)
      for (const asset of html.matchAll(/(?:src|href)="((?:\.\.\/)?assets\/[^"?#]+)"/g)) if (!existsSync(path.join(full, asset[1] ?? ''))) damage.push(`${name}: missing ${asset[1]}`)
      const markup = INJECTED.exec(html)
      if (markup) damage.push(`${name}/index.html holds markup from data: ${markup[0]}`)
    }
  }
  for (const [file, hash] of after) {
    if (!file.startsWith(`${outDir}${path.sep}`) || before.get(file) === hash || hash.length !== 40) continue
    if (readFileSync(file).includes(SENTINEL)) damage.push(`a file from outside the project was copied to ${path.relative(outDir, file)}`)
  }
  return damage
}

interface Outcome {
  index: number
  command: 'check' | 'build'
  plan: Plan
  out?: OutChoice
  binary: boolean
  code: number | 'hang' | 'threw'
  ms: number
  failures: string[]
  unlocated: number
}

async function runCase(index: number, command: 'check' | 'build', plan: Plan, out: OutChoice | undefined, base: string): Promise<Outcome> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'talkdeck-fuzz-'))
  const binary = index % BINARY_EVERY === BINARY_EVERY - 1
  const failures: string[] = []
  let code: Outcome['code'] = 'threw'
  let ms = 0
  let unlocated = 0
  try {
    const { root } = makeProject(plan, base, dir)
    const deckIds = readdirSync(path.join(root, 'decks')).map((name) => name.replace(/\.ya?ml$/, ''))
    const prepared = command === 'build' ? prepareOut(out ?? 'default', root, deckIds) : { args: [], outDir: undefined }
    const before = snapshot(dir)
    const args = [command, '--root', root, ...(command === 'check' ? ['--no-browser'] : prepared.args)]
    const started = performance.now()
    let run: CliRun | undefined
    let timer: NodeJS.Timeout | undefined
    try {
      run = await Promise.race([
        binary ? runCli(args) : runMain(args),
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), HANG_MS)
        }),
      ])
      code = run ? run.code : 'hang'
    } catch (error) {
      failures.push(`threw (a stack trace): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    } finally {
      clearTimeout(timer)
    }
    ms = performance.now() - started
    if (code === 'hang') failures.push(`no answer in ${HANG_MS / 1000} s`)
    if (run) {
      // check prints its findings on stdout, the other commands on stderr: both are read.
      const printed = `${run.stdout}\n${run.stderr}`
      if (!EXIT_CODES.has(run.code)) failures.push(`exit ${run.code}`)
      if (STACK_LINE.test(run.stderr) || JS_ERROR.test(printed)) failures.push(`a stack trace or a JavaScript error: ${run.stderr.slice(0, 1500)}`)
      const nameless = errorsWithoutFile(printed)
      if (nameless.length) failures.push(`errors naming no file: ${nameless.slice(0, 3).join(' | ')}`)
      unlocated = printed.split('\n').filter((line) => /^\s*[^:\s][^:]*: error: /.test(line)).length
      if (run.code === 0 && command === 'build' && /: error: /.test(printed)) failures.push('exit 0 with errors')
    }
    const after = snapshot(dir)
    const outDir = prepared.outDir
    const outside = changedEntries(before, after).filter((file) => !(outDir && (file === outDir || file.startsWith(`${outDir}${path.sep}`))))
    if (outside.length) failures.push(`wrote outside --out: ${outside.slice(0, 5).map((file) => path.relative(dir, file)).join(', ')}`)
    if (outDir) failures.push(...damagedOutput(outDir, before, after).map((damage) => `damaged output: ${damage}`))
  } catch (error) {
    failures.push(`the case itself failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return { index, command, plan, ...(out ? { out } : {}), binary, code, ms, failures, unlocated }
}

interface Figures {
  seed: number
  cases: number
  binaryCases: number
  exitCodes: Record<string, number>
  stackTraces: number
  hangs: number
  slow: number
  damagedOutputs: number
  writesOutsideOut: number
  errorsWithoutFile: number
  /** Problem lines with a file but no line number: about a whole file (unreadable, missing, a deck id). */
  problemsWithoutLine: number
  seconds: number
  slowestMs: number
}

async function fuzz(command: 'check' | 'build', runs: number, seed: number): Promise<{ figures: Figures; failed: Outcome[] }> {
  const cases = fc.sample(fc.tuple(command === 'build' ? buildPlanArbitrary : planArbitrary, outArbitrary), { seed, numRuns: runs })
  const baseDirs = bases()
  const started = performance.now()
  const outcomes: Outcome[] = []
  for (const [index, [plan, out]] of cases.entries()) {
    // TALKDECK_FUZZ_TRACE=1 names each case before it runs: the last one named is the one that hung or crashed the process.
    if (process.env.TALKDECK_FUZZ_TRACE) console.log(`fuzz ${command} ${index}: ${JSON.stringify({ plan, out }).slice(0, 3000)}`)
    const outcome = await runCase(index, command, plan, command === 'build' ? out : undefined, baseDirs[plan.base])
    // Said at once: a long run shows what it found before it ends.
    if (outcome.failures.length) console.log(`fuzz ${command} ${index} FAILED: ${JSON.stringify({ plan, out, failures: outcome.failures }).slice(0, 4000)}`)
    outcomes.push(outcome)
  }
  const count = (test: (outcome: Outcome) => boolean) => outcomes.filter(test).length
  const has = (outcome: Outcome, prefix: string) => outcome.failures.some((failure) => failure.startsWith(prefix))
  const figures: Figures = {
    seed,
    cases: outcomes.length,
    binaryCases: count((outcome) => outcome.binary),
    exitCodes: Object.fromEntries([...new Set(outcomes.map((outcome) => String(outcome.code)))].sort().map((code) => [code, count((outcome) => String(outcome.code) === code)])),
    stackTraces: count((outcome) => has(outcome, 'threw') || has(outcome, 'a stack trace')),
    hangs: count((outcome) => outcome.code === 'hang'),
    slow: count((outcome) => outcome.ms > SLOW_MS),
    damagedOutputs: count((outcome) => has(outcome, 'damaged output')),
    writesOutsideOut: count((outcome) => has(outcome, 'wrote outside')),
    errorsWithoutFile: count((outcome) => has(outcome, 'errors naming no file')),
    problemsWithoutLine: outcomes.reduce((sum, outcome) => sum + outcome.unlocated, 0),
    seconds: Math.round((performance.now() - started) / 100) / 10,
    slowestMs: Math.round(Math.max(0, ...outcomes.map((outcome) => outcome.ms))),
  }
  return { figures, failed: outcomes.filter((outcome) => outcome.failures.length) }
}

const report: Record<string, Figures> = {}
function record(command: string, figures: Figures): void {
  report[command] = figures
  console.log(`fuzz ${command}: ${JSON.stringify(figures)}`)
  if (process.env.TALKDECK_FUZZ_REPORT) writeFileSync(process.env.TALKDECK_FUZZ_REPORT, `${JSON.stringify(report, null, 2)}\n`)
}

describe(`fuzz: broken projects (${LONG ? 'long' : 'seeded sample'}, seed ${SEED})`, () => {
  it(`check --no-browser: ${RUNS.check} cases`, async () => {
    const { figures, failed } = await fuzz('check', RUNS.check, SEED)
    record('check', figures)
    expect(failed.map(({ index, plan, failures }) => ({ index, plan: JSON.stringify(plan).slice(0, 2000), failures }))).toEqual([])
  }, LONG ? 6 * 3600_000 : 600_000)

  it(`build: ${RUNS.build} cases`, async () => {
    const { figures, failed } = await fuzz('build', RUNS.build, SEED + 1)
    record('build', figures)
    expect(failed.map(({ index, plan, out, failures }) => ({ index, out, plan: JSON.stringify(plan).slice(0, 2000), failures }))).toEqual([])
  }, LONG ? 6 * 3600_000 : 600_000)
})
