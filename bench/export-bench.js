#!/usr/bin/env node
/**
 * Export benchmark, like for like: `talkdeck export` beside Marp CLI on the same generated talk,
 * with the same browser executable, whole cold processes, in one run.
 *
 *   npm run bench            (compiles first)      BENCH_RUNS=5 BENCH_BROWSERS=/path/a:/path/b
 *
 * Plain ESM JavaScript on the compiled library (lib/). For each browser — full Chromium, and
 * chrome-headless-shell where one is installed (or in bench/.cache/headless-shell) — it measures,
 * in rounds that alternate every measure so that load from elsewhere hits all alike, median of
 * BENCH_RUNS (default 5) after an untimed warm-up of each:
 *
 *   export N     `talkdeck export` of an N-slide talk (title + 5 bullets + notes a slide, every
 *                5th a Rust listing), N = 30 and 200: node, browser, everything
 *   Marp N       Marp CLI 4.5.1 on the same talk as Markdown, pointed at the same browser
 *                (installed on demand into bench/.cache/marp; never a dependency of talkdeck)
 *   floor        node + talkdeck's browser driver: launch, one blank page printed, close
 *   3 decks      three 30-slide decks in one `talkdeck export`, against one
 *   10 charts    `talkdeck build` and `talkdeck export` of a 10-slide deck of charts, against the
 *                same deck with a metric on each slide instead (issue 28: within 1.3×)
 *   PowerPoint   `export --format pptx` of the shipped conference deck against `--format pdf` of it
 *                (issue 26: within 1.5×)
 *   dev          `talkdeck dev` serving /<deck>.pdf from its warm browser: after an edit of one
 *                slide (30 and 200 slides), and after an edit every slide shows (the deck's title);
 *                and a deck page open in `dev`: from saving the deck file to the new slide shown
 * and, once: the render of a 300-slide `build` (YAML → slide HTML, in process) and PDF sizes.
 * Beside each cold run's time, on Linux, the CPU time the machine spent meanwhile (every process,
 * every core): what a run must get done, whatever overlaps, on however many cores there are.
 */
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { inflateSync } from 'node:zlib'
import { writeMarpTalk, writeNumbersProject, writeTalkdeckProject } from './talks.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const BIN = path.join(ROOT, 'bin', 'talkdeck.js')
const LIB = path.join(ROOT, 'lib')
const CACHE = path.join(ROOT, 'bench', '.cache')
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS) || 5)
const MARP_VERSION = '4.5.1'
const SIZES = [30, 200]
const TARGETS = { marp: 0.5, floor: 1.3, three: 1.3, charts: 1.3, pptx: 1.5, devEdit30: 0.5, devEdit200: 1, render300: 0.3, liveUpdate: 0.15 }

if (!existsSync(path.join(LIB, 'cli.js'))) {
  console.error('bench: lib/ is missing; run "npm run compile" first (npm run bench does).')
  process.exit(2)
}
const lib = (file) => import(pathToFileURL(path.join(LIB, file)).href)

// ---------------------------------------------------------------------------------------------
// What is compared

/** Full Chromium first, then a headless shell if there is one. */
function browsers() {
  if (process.env.BENCH_BROWSERS) return process.env.BENCH_BROWSERS.split(':').filter(Boolean)
  const full = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'].find((file) => existsSync(file))
  const shell = ['/usr/bin/chromium-headless-shell', '/usr/lib/chromium/chromium-headless-shell', path.join(CACHE, 'headless-shell', 'chromium-headless-shell')].find((file) => existsSync(file))
  return [full, shell].filter(Boolean)
}

/** Marp CLI in the benchmark's own cache, installed on first use. */
function marpCli() {
  const bin = path.join(CACHE, 'marp', 'node_modules', '@marp-team', 'marp-cli', 'marp-cli.js')
  if (!existsSync(bin)) {
    process.stderr.write(`installing @marp-team/marp-cli@${MARP_VERSION} into ${path.relative(ROOT, path.join(CACHE, 'marp'))}\n`)
    try {
      execFileSync('npm', ['install', `@marp-team/marp-cli@${MARP_VERSION}`, '--prefix', path.join(CACHE, 'marp'), '--no-audit', '--no-fund', '--no-save'], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' },
      })
    } catch {
      process.stderr.write('could not install Marp CLI: its columns stay empty\n')
      return undefined
    }
  }
  return existsSync(bin) ? bin : undefined
}

// ---------------------------------------------------------------------------------------------
// Measuring

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * Busy CPU seconds of the whole machine so far, all cores (Linux's /proc/stat, in its USER_HZ of
 * 100 a second), or undefined elsewhere. A run's share is the difference: its node, the browser and
 * every process the browser starts, which a child's own accounting misses once they are killed.
 */
function machineCpuSeconds() {
  try {
    const [user, nice, system, , , irq, softirq] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
    return (user + nice + system + irq + softirq) / 100
  } catch {
    return undefined
  }
}

/**
 * Runs a child process to its end and returns its wall-clock seconds and the machine's busy CPU
 * seconds meanwhile; throws with its stderr if it fails.
 */
function timeChild(command, args, env = {}) {
  return new Promise((resolve, reject) => {
    const cpuBefore = machineCpuSeconds()
    const started = performance.now()
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('error', reject)
    child.on('exit', (code) => {
      const seconds = (performance.now() - started) / 1000
      const cpuAfter = machineCpuSeconds()
      const cpu = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore
      if (code === 0) resolve({ seconds, cpu, output })
      else reject(new Error(`${path.basename(args[0] ?? command)} ${args.slice(1).join(' ')} exited ${code}\n${output}`))
    })
  })
}

/** Share of CPU time not idle over one second, all cores: is something else running? */
async function cpuBusy() {
  const sample = () => os.cpus().reduce((t, cpu) => ({ idle: t.idle + cpu.times.idle, total: t.total + Object.values(cpu.times).reduce((a, b) => a + b, 0) }), { idle: 0, total: 0 })
  const before = sample()
  await new Promise((resolve) => setTimeout(resolve, 1000))
  const after = sample()
  const total = after.total - before.total
  return total > 0 ? 1 - (after.idle - before.idle) / total : 0
}

const load = () => `load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} on ${os.cpus().length} cores`

/** The browser floor in a child process: node, talkdeck's driver, launch, a blank page printed, close. */
const FLOOR_SCRIPT = `
const { launchBrowser } = await import(${JSON.stringify(pathToFileURL(path.join(LIB, 'browser', 'session.js')).href)})
const session = await launchBrowser({ explicit: process.argv[2] })
await session.withPage(async (page) => { await page.goto('about:blank'); await page.pdf() })
await session.close()
`

async function pageCount(file) {
  const { PDFDocument } = await import('pdf-lib')
  return (await PDFDocument.load(readFileSync(file), { updateMetadata: false })).getPageCount()
}

/** The render of a `build`: workspace and decks loaded, every slide rendered for the presented deck. */
async function renderSeconds(project) {
  const [{ loadWorkspace }, { findDecks }, { loadDecks }, { createSlideRenderer }] = await Promise.all([lib('data/workspace.js'), lib('deck/find-decks.js'), lib('deck/load-decks.js'), lib('render/render-slides.js')])
  const started = performance.now()
  const workspace = await loadWorkspace(project)
  const { decks } = await loadDecks(workspace, await findDecks(workspace.project))
  const renderer = createSlideRenderer(workspace.templates)
  let slides = 0
  for (const result of decks) {
    if (!result.ok) throw new Error(`bench deck did not resolve: ${result.error.message}`)
    slides += renderer.render(result.value, { target: 'reveal', assetUrl: (file) => pathToFileURL(file).href }).length
  }
  return { seconds: (performance.now() - started) / 1000, slides }
}

/** Whether a PDF holds `text` in one of its compressed streams (titles are in the outline and the document information). */
function pdfContains(bytes, text) {
  const buffer = Buffer.from(bytes)
  const needle = Buffer.from(text, 'latin1')
  for (let at = buffer.indexOf('stream\n'); at >= 0; at = buffer.indexOf('stream\n', at + 1)) {
    const end = buffer.indexOf('\nendstream', at)
    try {
      if (inflateSync(buffer.subarray(at + 7, end)).includes(needle)) return true
    } catch {
      // not a Flate stream
    }
  }
  return false
}

/**
 * `talkdeck dev` in this process, with `browser`: the first PDF (browser start included), then
 * RUNS times an edit of one slide's title followed by the PDF, and RUNS times an edit of the deck's
 * title, which every printed part shows, followed by the PDF. A PDF that does not show the edit yet
 * (the file watcher had not seen it) is not counted; the request is made again.
 */
async function devFigures(project, deckId, browser) {
  const { startDevServer } = await lib('vite/server.js')
  const previous = process.env.TALKDECK_BROWSER
  process.env.TALKDECK_BROWSER = browser
  const server = await startDevServer({ root: project, port: 0, host: '127.0.0.1' })
  const url = new URL(`/${deckId}.pdf`, server.url).href
  const fetchPdf = async () => {
    const started = performance.now()
    const response = await fetch(url)
    const bytes = await response.arrayBuffer()
    if (response.status !== 200) throw new Error(`dev ${url}: ${response.status} ${Buffer.from(bytes).toString()}`)
    return { seconds: (performance.now() - started) / 1000, bytes }
  }
  const deckFile = path.join(project, 'decks', `${deckId}.yaml`)
  const original = readFileSync(deckFile, 'utf8')
  // Edits pile up as a speaker's do: an edit of one slide keeps the deck title the edit before set.
  let current = original
  const timeEdit = async (from, to, shown = to) => {
    current = current.replace(from, to)
    writeFileSync(deckFile, current)
    for (let attempt = 0; attempt < 50; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 150))
      const printed = await fetchPdf()
      if (pdfContains(printed.bytes, shown)) return printed.seconds
    }
    throw new Error(`dev ${url} never showed "${shown}"`)
  }
  try {
    const first = (await fetchPdf()).seconds
    const edits = []
    const fulls = []
    for (let run = 0; run < RUNS; run++) {
      edits.push(await timeEdit(/Slide 7(, edited \d+ times| of \d+, a heading of usual length)/, `Slide 7, edited ${run + 1} times`))
      fulls.push(await timeEdit(/^title: .*$/m, `title: A deck renamed ${run + 1} times`, `A deck renamed ${run + 1} times`))
    }
    const live = await liveUpdates(server, deckId, deckFile, () => current, browser)
    return { first, edit: median(edits), full: median(fulls), edits, fulls, live: median(live), lives: live }
  } finally {
    writeFileSync(deckFile, original)
    await server.close()
    if (previous === undefined) delete process.env.TALKDECK_BROWSER
    else process.env.TALKDECK_BROWSER = previous
  }
}

/**
 * Save to new slide in a deck page open in `dev` (in talkdeck's own browser driver): RUNS times an
 * edit of the open slide's title, timed from just before the file is written to the moment the
 * page has swapped in the new slides (window.talkdeck.updates counts them), both by the clock.
 */
async function liveUpdates(server, deckId, deckFile, currentText, browser) {
  const { launchBrowser } = await lib('browser/session.js')
  // The page talks to the dev server over its WebSocket, which exports block.
  const session = await launchBrowser({ explicit: browser, allowNetwork: true })
  try {
    return await session.withPage(async (page) => {
      await page.goto(new URL(`/${deckId}/`, server.url).href)
      await page.evaluate(() => window.talkdeck.ready.then(() => window.talkdeck.reveal.slide(6)))
      const times = []
      for (let run = 0; run < RUNS; run++) {
        await page.evaluate(() => {
          const start = window.talkdeck.updates
          window.benchApplied = new Promise((resolve) => {
            const tick = () => (window.talkdeck.updates > start ? resolve(Date.now()) : setTimeout(tick, 1))
            tick()
          })
        })
        const text = currentText().replace(/Slide 7(, edited \d+ times| of \d+, a heading of usual length|, live \d+)/, `Slide 7, live ${run + 1}`)
        const saved = Date.now()
        writeFileSync(deckFile, text)
        const applied = await Promise.race([page.evaluate(() => window.benchApplied), new Promise((resolve) => setTimeout(resolve, 20_000).unref())])
        if (applied === undefined) throw new Error(`dev: the open deck page never showed the edit of ${deckFile} (run ${run + 1})`)
        times.push((applied - saved) / 1000)
      }
      return times
    })
  } finally {
    await session.close()
  }
}

// ---------------------------------------------------------------------------------------------

const benchStarted = performance.now()
const base = mkdtempSync(path.join(os.tmpdir(), 'talkdeck-bench-'))
const cleanup = () => rmSync(base, { recursive: true, force: true })
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.on(signal, () => {
    cleanup()
    process.exit(code)
  })
}

try {
  const marp = marpCli()
  const projects = Object.fromEntries(SIZES.map((n) => [n, writeTalkdeckProject(path.join(base, `talk${n}`), { [`talk${n}`]: n })]))
  const three = writeTalkdeckProject(path.join(base, 'three'), { one: 30, two: 30, three: 30 })
  const big = writeTalkdeckProject(path.join(base, 'talk300'), { talk300: 300 })
  const numbers = { charts: writeNumbersProject(path.join(base, 'charts'), 'charts'), metrics: writeNumbersProject(path.join(base, 'metrics'), 'metrics') }
  const markdown = Object.fromEntries(SIZES.map((n) => [n, writeMarpTalk(path.join(base, `marp${n}`, `talk${n}.md`), n)]))
  const out = path.join(base, 'out')
  const cpus = os.cpus()
  console.log(`talkdeck export benchmark — median of ${RUNS} alternating runs; node ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}`)
  const busy = await cpuBusy()
  console.log(`before: ${load()}, CPU ${(busy * 100).toFixed(0)}% busy${busy > 0.25 ? ' — other work is running: figures are slow and noisy' : ''}`)

  const renders = []
  for (let run = 0; run < RUNS + 1; run++) renders.push((await renderSeconds(big)).seconds)
  const render300 = median(renders.slice(1))

  const report = []
  for (const browser of browsers()) {
    const version = execFileSync(browser, ['--version'], { encoding: 'utf8' }).trim()
    process.stderr.write(`\n${browser} (${version})\n`)
    const sizes = {}
    const talkdeck = (n) => async () => {
      rmSync(out, { recursive: true, force: true })
      const timed = await timeChild(process.execPath, [BIN, 'export', '--root', projects[n], '--out', out, '--browser', browser])
      const file = path.join(out, `talk${n}.pdf`)
      if ((await pageCount(file)) !== n) throw new Error(`talk${n}.pdf does not have ${n} pages`)
      sizes[`talkdeck${n}`] = statSync(file).size
      return timed
    }
    const marpRun = (n) => async () => {
      const file = path.join(out, `marp${n}.pdf`)
      rmSync(file, { force: true })
      const timed = await timeChild(process.execPath, [marp, '--pdf', '--allow-local-files', '--no-stdin', '--browser-path', browser, '-o', file, markdown[n]], { CHROME_PATH: browser })
      if ((await pageCount(file)) !== n) throw new Error(`marp${n}.pdf does not have ${n} pages`)
      sizes[`marp${n}`] = statSync(file).size
      return timed
    }
    const floorFile = path.join(base, 'floor.mjs')
    writeFileSync(floorFile, FLOOR_SCRIPT)
    const measures = [
      ['talkdeck 30', talkdeck(30)],
      ...(marp ? [['Marp 30', marpRun(30)]] : []),
      ['talkdeck 200', talkdeck(200)],
      ...(marp ? [['Marp 200', marpRun(200)]] : []),
      ['floor', () => timeChild(process.execPath, [floorFile, browser])],
      ['3 decks', async () => {
        rmSync(out, { recursive: true, force: true })
        return timeChild(process.execPath, [BIN, 'export', '--root', three, '--out', out, '--browser', browser])
      }],
      ...['charts', 'metrics'].flatMap((kind) => [
        [`build 10 ${kind}`, async () => {
          rmSync(out, { recursive: true, force: true })
          return timeChild(process.execPath, [BIN, 'build', '--root', numbers[kind], '--out', out])
        }],
        [`export 10 ${kind}`, async () => {
          rmSync(out, { recursive: true, force: true })
          const timed = await timeChild(process.execPath, [BIN, 'export', '--root', numbers[kind], '--out', out, '--browser', browser])
          if ((await pageCount(path.join(out, 'numbers.pdf'))) !== 10) throw new Error(`the ${kind} deck's PDF does not have 10 pages`)
          return timed
        }],
      ]),
      ...['pdf', 'pptx'].map((format) => [`conference ${format}`, async () => {
        rmSync(out, { recursive: true, force: true })
        return timeChild(process.execPath, [BIN, 'export', 'conference', '--root', ROOT, '--format', format, '--out', out, '--browser', browser])
      }]),
    ]
    process.stderr.write('warm-up (untimed)\n')
    for (const [, run] of measures) await run()
    const times = new Map(measures.map(([label]) => [label, []]))
    const cpuTimes = new Map(measures.map(([label]) => [label, []]))
    for (let round = 0; round < RUNS; round++) {
      process.stderr.write(`round ${round + 1}/${RUNS}\n`)
      for (const [label, run] of measures) {
        const { seconds, cpu } = await run()
        times.get(label).push(seconds)
        if (cpu !== undefined) cpuTimes.get(label).push(cpu)
      }
    }
    for (const [label, values] of times) process.stderr.write(`  ${label.padEnd(14)} ${values.map((t) => t.toFixed(2)).join('  ')} s; CPU ${cpuTimes.get(label).map((t) => t.toFixed(2)).join('  ')} s\n`)
    const m = Object.fromEntries([...times].map(([label, values]) => [label, median(values)]))
    const cpu = Object.fromEntries([...cpuTimes].filter(([, values]) => values.length).map(([label, values]) => [label, median(values)]))
    process.stderr.write('dev server\n')
    const dev30 = await devFigures(projects[30], 'talk30', browser)
    const dev200 = await devFigures(projects[200], 'talk200', browser)
    process.stderr.write(`  dev 30 edits ${dev30.edits.map((t) => t.toFixed(2)).join('  ')}; full ${dev30.fulls.map((t) => t.toFixed(2)).join('  ')} s\n`)
    process.stderr.write(`  dev 200 edits ${dev200.edits.map((t) => t.toFixed(2)).join('  ')}; full ${dev200.fulls.map((t) => t.toFixed(2)).join('  ')} s\n`)
    process.stderr.write(`  live updates 30: ${dev30.lives.map((t) => t.toFixed(3)).join('  ')}; 200: ${dev200.lives.map((t) => t.toFixed(3)).join('  ')} s\n`)
    report.push({ browser, version, m, cpu, sizes, dev30, dev200 })
  }

  // -------------------------------------------------------------------------------------------
  // Report

  const s = (x) => (x === undefined ? '—' : `${x.toFixed(2)} s`)
  const kb = (bytes) => (bytes === undefined ? '—' : `${Math.round(bytes / 1024)} KB`)
  const ratio = (a, b) => (a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}×`)
  const mark = (value, limit) => (value === undefined ? '' : value <= limit ? ' ✓' : ' ✗')
  for (const { browser, version, m, cpu, sizes, dev30, dev200 } of report) {
    const rows = [['measure', 'talkdeck', `Marp CLI ${MARP_VERSION}`, 'ratio', 'target']]
    for (const n of SIZES) rows.push([`cold export, ${n} slides`, s(m[`talkdeck ${n}`]), s(m[`Marp ${n}`]), ratio(m[`talkdeck ${n}`], m[`Marp ${n}`]) + mark(m[`talkdeck ${n}`] / m[`Marp ${n}`], TARGETS.marp), `≤ ${TARGETS.marp}× Marp`])
    rows.push(['browser floor: launch, blank page printed, close', s(m.floor), '', '', ''])
    rows.push(['cold export, 30 slides ÷ floor', '', '', ratio(m['talkdeck 30'], m.floor) + mark(m['talkdeck 30'] / m.floor, TARGETS.floor), `≤ ${TARGETS.floor}×`])
    rows.push(['3 decks × 30 slides in one run ÷ one deck', s(m['3 decks']), '', ratio(m['3 decks'], m['talkdeck 30']) + mark(m['3 decks'] / m['talkdeck 30'], TARGETS.three), `≤ ${TARGETS.three}×`])
    for (const step of ['build', 'export']) rows.push([`${step}, 10 chart slides ÷ the same deck with 10 metrics (${s(m[`${step} 10 metrics`])})`, s(m[`${step} 10 charts`]), '', ratio(m[`${step} 10 charts`], m[`${step} 10 metrics`]) + mark(m[`${step} 10 charts`] / m[`${step} 10 metrics`], TARGETS.charts), `≤ ${TARGETS.charts}×`])
    rows.push([`PowerPoint export of the conference deck ÷ its PDF export (${s(m['conference pdf'])})`, s(m['conference pptx']), '', ratio(m['conference pptx'], m['conference pdf']) + mark(m['conference pptx'] / m['conference pdf'], TARGETS.pptx), `≤ ${TARGETS.pptx}×`])
    for (const n of SIZES) rows.push([`PDF size, ${n} slides`, kb(sizes[`talkdeck${n}`]), kb(sizes[`marp${n}`]), ratio(sizes[`talkdeck${n}`], sizes[`marp${n}`]) + mark(sizes[`talkdeck${n}`] / sizes[`marp${n}`], 1), '≤ Marp'])
    rows.push(['dev /<deck>.pdf, 30 slides, first (browser starts)', s(dev30.first), '', '', ''])
    rows.push(['dev, warm, 30 slides, after an edit of one slide', s(dev30.edit) + mark(dev30.edit, TARGETS.devEdit30), '', '', `≤ ${TARGETS.devEdit30} s`])
    rows.push(['dev, warm, 30 slides, every slide printed again (deck title edited)', s(dev30.full) + mark(dev30.full, TARGETS.devEdit30), '', '', `≤ ${TARGETS.devEdit30} s`])
    rows.push(['dev, warm, 200 slides, after an edit of one slide', s(dev200.edit) + mark(dev200.edit, TARGETS.devEdit200), '', '', `≤ ${TARGETS.devEdit200} s`])
    rows.push(['dev, warm, 200 slides, all printed again', s(dev200.full), '', '', ''])
    for (const [n, dev] of [[30, dev30], [200, dev200]]) rows.push([`dev live update, ${n} slides: save → new slide shown`, s(dev.live) + mark(dev.live, TARGETS.liveUpdate), '', '', `≤ ${TARGETS.liveUpdate} s`])
    rows.push(['build render, 300 slides (YAML → HTML, in process)', s(render300) + mark(render300, TARGETS.render300), '', '', `≤ ${TARGETS.render300} s`])
    const cores = os.cpus().length
    for (const [label, what] of [['talkdeck 30', 'cold export, 30 slides'], ['Marp 30', 'Marp, 30 slides'], ['floor', 'browser floor'], ['3 decks', '3 decks in one run']]) {
      // The machine's busy time over the run: on its cores, a run cannot take less than a share of it.
      if (cpu[label] !== undefined) rows.push([`CPU, all processes: ${what} (≥ ${(cpu[label] / cores).toFixed(2)} s of wall on ${cores} cores)`, label.startsWith('Marp') ? '' : s(cpu[label]), label.startsWith('Marp') ? s(cpu[label]) : '', '', ''])
    }
    const widths = rows[0].map((_, column) => Math.max(...rows.map((r) => String(r[column]).length)))
    const line = (cells) => `| ${cells.map((cell, column) => String(cell).padEnd(widths[column])).join(' | ')} |`
    console.log(`\n${browser} — ${version}, the same executable for both tools`)
    console.log(line(rows[0]))
    console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
    for (const r of rows.slice(1)) console.log(line(r))
  }
  console.log(`\nafter: ${load()}; bench took ${((performance.now() - benchStarted) / 1000).toFixed(0)} s`)
} finally {
  cleanup()
}
