#!/usr/bin/env node
/**
 * Export benchmark: how long `talkdeck export` takes, next to the browser's own floor and next to
 * published figures for other slide-to-PDF tools measured on the same kind of machine.
 *
 *   npm run compile && node bench/export-bench.js        (npm run bench)
 *
 * Plain ESM JavaScript on the compiled library (lib/), so it needs nothing but Node and a browser.
 * It generates synthetic projects in a temporary folder — every slide a heading, five bullets and
 * speaker notes, every 5th slide a ~10-line Rust listing instead — and measures, in one run:
 *
 *   render      YAML → slide HTML in this process (openWorkspace + loadDecks + renderer.render)
 *   export      `node bin/talkdeck.js export --root <project> --out <tmp>` as a child process,
 *               wall clock, a fresh process (node + browser) each time
 *   floor       a child process that launches the same browser with the same flags, opens a blank
 *               page, prints it with page.pdf() and closes: what any Chromium-based exporter pays
 *   batch       three 30-slide decks in one export run vs three single-deck runs
 *
 * Every figure is the median of BENCH_RUNS (default 3) runs, after one untimed warm-up export
 * that fills the file system cache; the browser measures run in interleaved rounds. Total runtime
 * is about 1.5 minutes on 2 idle cores.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const BIN = path.join(ROOT, 'bin', 'talkdeck.js')
const LIB = path.join(ROOT, 'lib')
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS) || 3)
/** 30 and 300 are the sizes measured; 200 lines up with the reference figures' large deck. */
const SIZES = [30, 200, 300]

/** Published figures for other tools (seconds, KB), same machine kind; `null` = not published. */
const REFERENCE = {
  floor: 2.4,
  tools: [
    { name: 'reveal.js print-pdf + page.pdf', 30: 4.4, 200: 8.1 },
    { name: 'Marp CLI', 30: 5.0, 200: 6.8, kb30: 154 },
    { name: 'reveal-md', 30: 7.6, 200: 13.1 },
    { name: 'decktape', 30: 10.5, 200: 40.8 },
    { name: 'Slidev', 30: 15.6, 200: null },
  ],
}

if (!existsSync(path.join(LIB, 'index.js')) || !existsSync(path.join(LIB, 'cli.js'))) {
  console.error('bench: lib/ is missing; run "npm run compile" first (npm run bench does).')
  process.exit(2)
}
const talkdeck = await import(pathToFileURL(path.join(LIB, 'index.js')).href)

// ---------------------------------------------------------------------------------------------
// Synthetic projects

const RUST_SNIPPET = (n) => `/// Slide ${n}: a small driver state machine.
pub struct Device${n} {
    state: State,
    retries: u32,
}

impl Device${n} {
    pub fn poll(&mut self) -> Result<(), Error> {
        self.retries += 1;
        match self.state { State::Ready => Ok(()), _ => Err(EAGAIN) }
    }
}`

function writeDataset(dir) {
  const data = path.join(dir, 'data', 'synth')
  mkdirSync(data, { recursive: true })
  writeFileSync(path.join(data, 'topic.yaml'), 'title: Synthetic topic\nsummary: Generated slides for the export benchmark.\n')
  writeFileSync(
    path.join(data, 'sources.yaml'),
    Array.from({ length: 5 }, (_, i) => `- id: s${i + 1}\n  title: Synthetic source ${i + 1}\n  url: https://example.org/source-${i + 1}\n  publisher: Example\n`).join(''),
  )
}

function deckYaml(title, count) {
  const lines = [`title: ${title}`, 'author: Bench', 'data: synth', 'theme: corporate', 'slides:']
  for (let n = 1; n <= count; n++) {
    const notes = `    notes: Speaker notes for slide ${n}. They say a little more than the slide, in two sentences, as notes in a real talk do.`
    const sources = `    sources: [s${(n % 5) + 1}]`
    if (n % 5 === 0) {
      lines.push('  - layout: code', `    title: "Listing ${n}: polling a device"`, '    code:', '      lang: rust', '      source: |')
      for (const line of RUST_SNIPPET(n).split('\n')) lines.push(`        ${line}`)
      lines.push(sources, notes)
    } else {
      lines.push('  - layout: bullets', `    title: Slide ${n} of ${count}, a heading of usual length`)
      lines.push('    points:')
      for (let p = 1; p <= 5; p++) lines.push(`      - Point ${p} of slide ${n}, with **some** emphasis and \`code\``)
      lines.push(sources, notes)
    }
  }
  return `${lines.join('\n')}\n`
}

function makeProject(base, name, decks) {
  const dir = path.join(base, name)
  writeDataset(dir)
  mkdirSync(path.join(dir, 'decks'), { recursive: true })
  for (const [id, count] of Object.entries(decks)) writeFileSync(path.join(dir, 'decks', `${id}.yaml`), deckYaml(`Synthetic deck ${id}`, count))
  return dir
}

// ---------------------------------------------------------------------------------------------
// Measuring

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Runs a child process and returns its wall-clock seconds; throws with its stderr if it fails. */
function timeChild(args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...options })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('exit', (code) => {
      const seconds = (performance.now() - started) / 1000
      if (code === 0) resolve({ seconds, stdout, stderr })
      else reject(new Error(`${path.basename(args[0])} ${args.slice(1).join(' ')} exited ${code}\n${stderr}`))
    })
  })
}

async function medianOf(label, run) {
  const times = []
  for (let i = 0; i < RUNS; i++) times.push(await run(i))
  process.stderr.write(`  ${label.padEnd(34)} ${times.map((t) => t.toFixed(2)).join('  ')} s\n`)
  return median(times)
}

function exportRun(project, out, decks = []) {
  rmSync(out, { recursive: true, force: true })
  return timeChild([BIN, 'export', ...decks, '--root', project, '--out', out]).then((r) => r.seconds)
}

/** The browser floor, in a child process: the same launch code talkdeck uses when it can be imported. */
function floorScript(executablePath) {
  const browserModule = pathToFileURL(path.join(LIB, 'export', 'browser.js')).href
  const playwright = pathToFileURL(path.join(ROOT, 'node_modules', 'playwright-core', 'index.mjs')).href
  return `
import { performance } from 'node:perf_hooks'
const t0 = performance.now()
let session, via
try {
  const { launchBrowser } = await import(${JSON.stringify(browserModule)})
  session = await launchBrowser({ explicit: ${JSON.stringify(executablePath)} })
  via = 'talkdeck launchBrowser'
} catch (error) {
  // lib/export/browser.js moved or changed: the same flags, spelled out.
  const { chromium } = await import(${JSON.stringify(playwright)})
  const args = ['--disable-background-networking', '--disable-component-update', '--disable-default-apps', '--disable-sync',
    '--disable-extensions', '--disable-gpu', '--no-first-run', '--no-default-browser-check', '--metrics-recording-only',
    '--mute-audio', '--font-render-hinting=none', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])]
  const browser = await chromium.launch({ executablePath: ${JSON.stringify(executablePath)}, headless: true, args })
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
  session = { withPage: async (use) => { const page = await context.newPage(); try { return await use(page) } finally { await page.close() } }, close: () => browser.close() }
  via = 'playwright-core (fallback: ' + String(error.message).split('\\n')[0] + ')'
}
const t1 = performance.now()
const bytes = await session.withPage(async (page) => { await page.goto('about:blank'); return page.pdf() })
const t2 = performance.now()
await session.close()
const t3 = performance.now()
process.stdout.write(JSON.stringify({ via, launch: (t1 - t0) / 1000, pdf: (t2 - t1) / 1000, close: (t3 - t2) / 1000, bytes: bytes.length }))
`
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

async function renderSeconds(project) {
  const started = performance.now()
  const workspace = await talkdeck.openWorkspace(project)
  const results = await talkdeck.loadDecks(workspace, await talkdeck.findDecks(workspace.project))
  let slides = 0
  for (const result of results) {
    if (!result.deck) throw new Error(`bench deck did not resolve: ${JSON.stringify(result.problems.slice(0, 3))}`)
    slides += workspace.renderer.render(result.deck, { target: 'print', assetUrl: (file) => pathToFileURL(file).href }).length
  }
  return { seconds: (performance.now() - started) / 1000, slides }
}

/** Pages of a PDF, read with pdf-lib: a sanity check that the export printed every slide. */
async function pageCount(file) {
  const { PDFDocument } = await import('pdf-lib')
  return (await PDFDocument.load(readFileSync(file), { updateMetadata: false })).getPageCount()
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
  const browser = talkdeck.findBrowser()
  let browserVersion = ''
  try {
    const { execFileSync } = await import('node:child_process')
    browserVersion = execFileSync(browser.path, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim()
  } catch {
    browserVersion = '(version unknown)'
  }
  const cpus = os.cpus()
  console.log(`talkdeck export benchmark — ${RUNS} runs each, median`)
  console.log(`node ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB`)
  console.log(`browser ${browser.path} (${browser.origin}) ${browserVersion}`)
  const busyBefore = await cpuBusy()
  console.log(`CPU busy before the bench: ${(busyBefore * 100).toFixed(0)}%${busyBefore > 0.25 ? ' — something else is running: figures will be slow and noisy' : ''}\n`)

  const projects = Object.fromEntries(SIZES.map((n) => [n, makeProject(base, `s${n}`, { [`deck${n}`]: n })]))
  const three = makeProject(base, 'three', { one: 30, two: 30, three: 30 })
  const out = path.join(base, 'out')

  process.stderr.write('warm-up export (untimed)\n')
  await exportRun(projects[30], out)

  // Render is in process and quick: measured on its own. Everything with a browser is measured in
  // rounds — each round runs every measure once — so a burst of load elsewhere hits all of them alike.
  process.stderr.write('measuring (seconds per run)\n')
  const render = {}
  for (const n of SIZES) {
    render[n] = await medianOf(`render ${n} slides (in process)`, async () => {
      const result = await renderSeconds(projects[n])
      if (result.slides !== n) throw new Error(`rendered ${result.slides} slides, expected ${n}`)
      return result.seconds
    })
  }

  const floorFile = path.join(base, 'floor.mjs')
  writeFileSync(floorFile, floorScript(browser.path))
  let floorDetail
  const kb = {}
  const measures = [
    ['browser floor (blank page.pdf)', async () => {
      const run = await timeChild([floorFile])
      floorDetail = JSON.parse(run.stdout)
      return run.seconds
    }],
    ...SIZES.map((n) => [`export ${n} slides`, async () => {
      const seconds = await exportRun(projects[n], out)
      const file = path.join(out, `deck${n}.pdf`)
      const pages = await pageCount(file)
      if (pages !== n) throw new Error(`deck${n}.pdf has ${pages} pages, expected ${n}`)
      kb[n] = statSync(file).size / 1024
      return seconds
    }]),
    ['3 × 30 slides, one run', () => exportRun(three, out)],
    ['3 × 30 slides, three runs', async () => {
      let total = 0
      for (const deck of ['one', 'two', 'three']) total += await exportRun(three, out, [deck])
      return total
    }],
  ]
  const times = new Map(measures.map(([label]) => [label, []]))
  for (let round = 0; round < RUNS; round++) {
    for (const [label, run] of measures) times.get(label).push(await run())
  }
  const result = {}
  for (const [label, values] of times) {
    process.stderr.write(`  ${label.padEnd(34)} ${values.map((t) => t.toFixed(2)).join('  ')} s\n`)
    result[label] = median(values)
  }
  const floor = result['browser floor (blank page.pdf)']
  const exported = Object.fromEntries(SIZES.map((n) => [n, result[`export ${n} slides`]]))
  const together = result['3 × 30 slides, one run']
  const separately = result['3 × 30 slides, three runs']
  // -------------------------------------------------------------------------------------------
  // Report

  const s = (x) => (x === null || x === undefined ? '—' : `${x.toFixed(2)} s`)
  const ratio = (ours, theirs) => (theirs ? `${(ours / theirs).toFixed(2)}×` : '—')
  const rows = []
  const row = (...cells) => rows.push(cells)
  row('measure', 'talkdeck', 'reference', 'reference figure', 'talkdeck / ref')
  row('browser floor (launch, blank page.pdf, close)', s(floor), 'browser floor', s(REFERENCE.floor), ratio(floor, REFERENCE.floor))
  for (const n of [30, 200]) {
    for (const tool of REFERENCE.tools) {
      if (tool[n] === null) continue
      row(`export ${n} slides`, s(exported[n]), tool.name, s(tool[n]), ratio(exported[n], tool[n]))
    }
  }
  row('export 300 slides', s(exported[300]), '—', '—', '—')
  row('export 30 slides minus floor', s(exported[30] - floor), 'reveal.js print-pdf minus floor', s(4.4 - REFERENCE.floor), ratio(exported[30] - floor, 4.4 - REFERENCE.floor))
  row('PDF size, 30 slides', `${kb[30].toFixed(0)} KB`, 'Marp CLI', '154 KB', ratio(kb[30], 154))
  row('PDF size, 200 / 300 slides', `${kb[200].toFixed(0)} / ${kb[300].toFixed(0)} KB`, '—', '—', '—')
  for (const n of SIZES) row(`render ${n} slides (YAML → HTML)`, s(render[n]), '—', '—', `${((render[n] / exported[n]) * 100).toFixed(0)}% of export`)
  row('3 decks × 30 slides: one run', s(together), '3 single runs', s(separately), ratio(together, separately))

  const widths = rows[0].map((_, column) => Math.max(...rows.map((r) => String(r[column]).length)))
  const line = (cells) => `| ${cells.map((cell, column) => String(cell).padEnd(widths[column])).join(' | ')} |`
  console.log(line(rows[0]))
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
  for (const r of rows.slice(1)) console.log(line(r))

  const perSlide = (exported[300] - exported[30]) / 270
  console.log(`\nper extra slide: ${(perSlide * 1000).toFixed(1)} ms; fixed cost above the floor: ${(exported[30] - 30 * perSlide - floor).toFixed(2)} s`)
  console.log(`floor breakdown: launch ${floorDetail.launch.toFixed(2)} s, page.pdf ${floorDetail.pdf.toFixed(2)} s, close ${floorDetail.close.toFixed(2)} s (via ${floorDetail.via})`)
  console.log('Ratios below 1× mean talkdeck is faster or smaller. Reference large-deck figures are for 200 slides.')
  console.log(`bench took ${((performance.now() - benchStarted) / 1000).toFixed(0)} s`)
} finally {
  cleanup()
}
