/**
 * The fuzz test's browser half (issue 24): broken projects whose layouts carry markup of a page's
 * own (test/fuzz-projects.ts PAGE_MARKUP: scripts that loop, allocate, wait for a person, print,
 * navigate or rewrite the page; reads of files outside the project) exported to PDF by the real
 * binary with a short --browser-timeout, some with a TMPDIR too long for Chromium's sockets.
 * Whatever the markup, talkdeck must end within its bounds, exit 0 or 2–5, print no stack trace,
 * put nothing from outside the project into the PDF, write only whole PDFs, and leave no
 * temporary folder.
 *
 * `npm test` runs a seeded sample; `npm run fuzz` (TALKDECK_FUZZ=long) runs 100 cases.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FIXTURES, fixture, runCli, workDirs } from './helpers.js'
import { makeProject, pagePlanArbitrary, type Plan } from './fuzz-projects.js'
import { readPdf } from './pdf-reader.js'

const LONG = process.env.TALKDECK_FUZZ === 'long'
const RUNS = LONG ? 100 : 6
const SEED = Number(process.env.TALKDECK_FUZZ_SEED ?? 24)
/** Loading, printing and closing each have the timeout; far past their sum, a case has hung. */
const TIMEOUT_SECONDS = 3
const HANG_MS = 90_000
const STACK_LINE = /^\s{4}at /m
const JS_ERROR = /\b(TypeError|ReferenceError|RangeError|SyntaxError|AssertionError)\b/
const EXIT_CODES = new Set([0, 2, 3, 4, 5])
/** What a file from outside the project looks like in a PDF's text. */
const OUTSIDE_TEXT = /OUTSIDE-SENTINEL|root:x:0:0/

const bases = (): Record<Plan['base'], string> => ({ 'tea-project': path.join(FIXTURES, 'tea-project'), 'three-decks': fixture('three-decks') })

async function runCase(plan: Plan, longTmp: boolean): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'talkdeck-fuzz-pages-'))
  // A TMPDIR longer than a socket address leaves room for (macOS's is 49 characters).
  const tmp = path.join(dir, longTmp ? `tmp-${'x'.repeat(60)}` : 'tmp')
  mkdirSync(tmp)
  const out = path.join(dir, 'out')
  const failures: string[] = []
  try {
    const { root } = makeProject(plan, bases()[plan.base], dir)
    const started = performance.now()
    let timer: NodeJS.Timeout | undefined
    const run = await Promise.race([
      runCli(['export', '--root', root, '--out', out, '--browser-timeout', String(TIMEOUT_SECONDS)], { env: { TMPDIR: tmp } }),
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), HANG_MS)
      }),
    ])
    clearTimeout(timer)
    if (!run) return [`no answer in ${HANG_MS / 1000} s`]
    const printed = `${run.stdout}\n${run.stderr}`
    if (!EXIT_CODES.has(run.code)) failures.push(`exit ${run.code}`)
    if (STACK_LINE.test(run.stderr) || JS_ERROR.test(printed)) failures.push(`a stack trace or a JavaScript error: ${run.stderr.slice(0, 1500)}`)
    for (const name of existsSync(out) ? readdirSync(out).filter((file) => file.endsWith('.pdf')) : []) {
      const bytes = readFileSync(path.join(out, name))
      if (!bytes.subarray(-1024).toString('latin1').includes('%%EOF')) failures.push(`${name} is incomplete`)
      const text = (await readPdf(new Uint8Array(bytes))).pages.map((page) => page.text).join('\n')
      if (OUTSIDE_TEXT.test(text)) failures.push(`${name} holds a file from outside the project`)
    }
    if (workDirs(tmp).length) failures.push(`left ${workDirs(tmp).join(', ')} in TMPDIR`)
    if (performance.now() - started > HANG_MS / 2) failures.push(`slow: ${Math.round(performance.now() - started)} ms`)
  } catch (error) {
    failures.push(`the case itself failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return failures
}

describe(`fuzz: pages of broken projects (${LONG ? 'long' : 'seeded sample'}, seed ${SEED})`, () => {
  it(`export: ${RUNS} cases`, async () => {
    const cases = fc.sample(fc.tuple(pagePlanArbitrary, fc.boolean()), { seed: SEED, numRuns: RUNS })
    const failed: { plan: string; failures: string[] }[] = []
    const started = performance.now()
    for (const [index, [plan, longTmp]] of cases.entries()) {
      const failures = await runCase(plan, longTmp)
      if (failures.length) {
        failed.push({ plan: JSON.stringify(plan).slice(0, 2000), failures })
        console.log(`fuzz pages ${index} FAILED: ${JSON.stringify({ plan, longTmp, failures }).slice(0, 4000)}`)
      }
    }
    console.log(`fuzz pages: ${JSON.stringify({ seed: SEED, cases: cases.length, failed: failed.length, seconds: Math.round((performance.now() - started) / 100) / 10 })}`)
    expect(failed).toEqual([])
  }, LONG ? 6 * 3600_000 : 600_000)
})
