/**
 * What a project's own templates can do to talkdeck's pages, and what they cannot. A layout may
 * hold a script, and a script may loop, allocate without end, open a dialog, print, navigate or
 * rewrite the document; a layout may name a file outside the project. Every wait on the page has
 * a bound: the deck fails with a message naming the template and the step, the other decks are
 * still written, and no temporary folder is left. No file outside the project reaches an export.
 * Every case runs the real CLI with a private TMPDIR.
 */
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXIT_CODES } from '../src/errors.js'
import { startDevServer, type DevServer } from '../src/vite/server.js'
import { FIXTURES, REPO, copyProject, lazy, runCli, tempDir, workDirs, type CliRun } from './helpers.js'
import { readPdf } from './pdf-reader.js'

const STACK_TRACE = /^\s+at .+[(:]\d+/m
const TIMEOUT = 4

/**
 * The plain project with a closing slide of the project's own layout `closing.hbs` (body given),
 * and a second deck without it that must be exported whatever the first does.
 */
function projectWithClosing(body: string): { dir: string; cleanup: () => void } {
  const project = copyProject(path.join(FIXTURES, 'plain-project'))
  mkdirSync(path.join(project.dir, 'templates', 'layouts'), { recursive: true })
  writeFileSync(path.join(project.dir, 'templates', 'layouts', 'closing.hbs'), `{{!-- talkdeck: selection=none role=closing --}}\n<h2>Thanks</h2>\n${body}\n`)
  const deck = path.join(project.dir, 'decks', 'heat-pumps.yaml')
  const source = readFileSync(deck, 'utf8')
  writeFileSync(path.join(project.dir, 'decks', 'other.yaml'), source)
  writeFileSync(deck, `${source.trimEnd()}\n  - layout: closing\n    notes: Thanks.\n`)
  return project
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function privateTmp(name = 'talkdeck-tmpdir-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), name))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** The pictures a PDF page draws, as poppler lists them. */
const picturesOn = (pdf: string, page: number): string[] =>
  execFileSync('pdfimages', ['-list', '-f', String(page), '-l', String(page), pdf], { encoding: 'utf8' }).split('\n').slice(2).filter((line) => line.trim())

describe('a layout that names files outside the project', () => {
  // A picture outside the project: its pixels must not reach the export.
  const outside = lazy(tempDir)
  const picture = () => {
    const file = path.join(outside.dir, 'secret.png')
    const red = new PNG({ width: 32, height: 32 })
    for (let at = 0; at < red.data.length; at += 4) red.data.set([220, 20, 20, 255], at)
    writeFileSync(file, PNG.sync.write(red))
    return file
  }
  const project = lazy(() => projectWithClosing(`<iframe src="file:///etc/passwd" style="width:900px;height:200px"></iframe>\n<img src="file://${picture()}" alt="secret">`))
  const out = lazy(tempDir)
  let exported: CliRun
  let checked: CliRun
  let staticOnly: CliRun

  beforeAll(async () => {
    ;[exported, checked, staticOnly] = await Promise.all([
      runCli(['export', 'heat-pumps', '--root', project.dir, '--out', out.dir, '--format', 'pdf,png']),
      runCli(['check', 'heat-pumps', '--root', project.dir]),
      runCli(['check', 'heat-pumps', '--root', project.dir, '--no-browser']),
    ])
  })
  afterAll(() => {
    project.cleanup()
    out.cleanup()
    outside.cleanup()
  })

  it('puts none of them into the PDF', async () => {
    expect(exported.code, exported.stderr).toBe(EXIT_CODES.ok)
    const pdf = await readPdf(path.join(out.dir, 'heat-pumps.pdf'))
    expect(pdf.pages).toHaveLength(9)
    expect(pdf.pages.map((page) => page.text).join('\n')).not.toContain('root:x:0:0')
    // The browser's own icons for a refused frame and picture may be there; the 32×32 picture is not.
    expect(picturesOn(path.join(out.dir, 'heat-pumps.pdf'), 9).filter((line) => /^\s*\d+\s+\d+\s+image\s+32\s+32\s/.test(line))).toEqual([])
  })

  it('names each blocked file at the template line that asks for it, in export and in check (with or without the browser)', () => {
    for (const run of [exported, checked, staticOnly]) {
      expect(run.stderr + run.stdout).toMatch(/templates\/layouts\/closing\.hbs:3: warning: blocked reading \/etc\/passwd: a page reads no file outside the project/)
      expect(run.stderr + run.stdout).toMatch(/templates\/layouts\/closing\.hbs:4: warning: blocked reading \/.*\/secret\.png/)
      expect(run.stderr + run.stdout).not.toMatch(STACK_TRACE)
    }
  })
})

/** Each script, what the run must end with, and a word the message must have. */
const SCRIPTS: { name: string; script: string; code: number; says?: RegExp }[] = [
  { name: 'a loop after load', script: 'addEventListener("load",()=>setTimeout(()=>{for(;;){}},0))', code: EXIT_CODES.template, says: /stopped answering while .*no answer within 4 s \(--browser-timeout\); likely a script that loops/ },
  { name: 'an allocation without end', script: 'addEventListener("load",()=>{const kept=[];for(;;){kept.push(new Array(1e6).fill(1))}})', code: EXIT_CODES.template, says: /(stopped answering|crashed or went away) while/ },
  { name: 'a document rewritten after load', script: 'addEventListener("load",()=>{document.open();document.write("<p>gone</p>");document.close()})', code: EXIT_CODES.template, says: /was changed by a script while [^:]+: the page held 0 of its (9 )?slides/ },
  { name: 'a navigation away', script: 'setTimeout(()=>{location.href="about:blank"},0)', code: EXIT_CODES.template, says: /deck heat-pumps: the page/ },
  { name: 'alert()', script: 'alert("hello")', code: EXIT_CODES.ok },
  { name: 'print()', script: 'print()', code: EXIT_CODES.ok },
]

describe.each(SCRIPTS)('a layout with $name', ({ script, code, says }) => {
  const project = lazy(() => projectWithClosing(`<script>${script}</script>`))
  const out = lazy(tempDir)
  const tmp = lazy(privateTmp)
  let run: CliRun
  let seconds: number

  beforeAll(async () => {
    const started = Date.now()
    run = await runCli(['export', '--root', project.dir, '--out', out.dir, '--browser-timeout', String(TIMEOUT)], { env: { TMPDIR: tmp.dir } })
    seconds = (Date.now() - started) / 1000
  }, 120_000)
  afterAll(() => {
    project.cleanup()
    out.cleanup()
    tmp.cleanup()
  })

  it('ends within its bound, with the documented exit code and no stack trace', () => {
    expect(run.code, run.stderr).toBe(code)
    // Loading, the print and the clean-up each have the bound; nothing waits without one.
    expect(seconds).toBeLessThan(60)
    expect(run.stderr).not.toMatch(STACK_TRACE)
  })

  it.runIf(code !== EXIT_CODES.ok)('names the deck and the template whose script is the likely cause', () => {
    expect(run.stderr).toMatch(/templates\/layouts\/closing\.hbs:3: deck heat-pumps: the page/)
    expect(run.stderr).toMatch(says as RegExp)
  })

  it('still writes the other deck, and leaves no temporary folder', async () => {
    const pdf = await readPdf(path.join(out.dir, 'other.pdf'))
    expect(pdf.pages).toHaveLength(8)
    expect(workDirs(tmp.dir)).toEqual([])
  })
})

describe('check with a looping layout', () => {
  const project = lazy(() => projectWithClosing('<script>addEventListener("load",()=>setTimeout(()=>{for(;;){}},0))</script>'))
  let run: CliRun

  beforeAll(async () => {
    run = await runCli(['check', '--root', project.dir, '--browser-timeout', String(TIMEOUT), '--json'])
  }, 120_000)
  afterAll(() => project.cleanup())

  it('reports the deck as an error at the template, and still checks the other deck', () => {
    expect(run.code, run.stderr).toBe(EXIT_CODES.invalidInput)
    const { problems } = JSON.parse(run.stdout) as { problems: { code: string; file: string; line?: number; deck?: string; severity: string }[] }
    expect(problems.filter((problem) => problem.code === 'page-script')).toEqual([expect.objectContaining({ severity: 'error', file: 'templates/layouts/closing.hbs', line: 3, deck: 'heat-pumps' })])
    expect(problems.filter((problem) => problem.deck === 'other' && problem.severity === 'error')).toEqual([])
  })
})

describe('a long TMPDIR', () => {
  // macOS's own is 49 characters; from 30 on, Chromium's socket path did not fit.
  const tmp = lazy(() => privateTmp(`talkdeck-${'x'.repeat(40)}-`))
  const out = lazy(tempDir)
  let run: CliRun
  let leftInTmp: string[] = []

  beforeAll(async () => {
    const before = new Set(workDirs('/tmp'))
    run = await runCli(['export', '--root', path.join(FIXTURES, 'plain-project'), '--out', out.dir], { env: { TMPDIR: tmp.dir } })
    // Chromium's sockets went to a folder of their own under /tmp; the run's, not another test's, is gone.
    leftInTmp = workDirs('/tmp').filter((name) => !before.has(name) && !isAlive(Number(/-(\d+)-/.exec(name)?.[1])))
  }, 120_000)
  afterAll(() => {
    tmp.cleanup()
    out.cleanup()
  })

  it('still exports, and leaves nothing behind', async () => {
    expect(tmp.dir.length).toBeGreaterThanOrEqual(60)
    expect(run.code, run.stderr).toBe(EXIT_CODES.ok)
    expect((await readPdf(path.join(out.dir, 'heat-pumps.pdf'))).pages).toHaveLength(8)
    expect(workDirs(tmp.dir)).toEqual([])
    expect(leftInTmp).toEqual([])
  })
})

describe('talkdeck dev, asked for the PDF of a deck whose layout loops', () => {
  const project = lazy(() => projectWithClosing('<script>addEventListener("load",()=>setTimeout(()=>{for(;;){}},0))</script>'))
  let server: DevServer
  let hung: { status: number; text: string; seconds: number }
  let next: { status: number; bytes: Uint8Array }

  beforeAll(async () => {
    server = await startDevServer({ root: project.dir, port: 0, host: '127.0.0.1', browser: { timeoutSeconds: TIMEOUT } })
    const started = Date.now()
    const response = await fetch(new URL('/heat-pumps.pdf', server.url))
    hung = { status: response.status, text: await response.text(), seconds: (Date.now() - started) / 1000 }
    const other = await fetch(new URL('/other.pdf', server.url))
    next = { status: other.status, bytes: new Uint8Array(await other.arrayBuffer()) }
  }, 120_000)
  afterAll(async () => {
    await server?.close()
    project.cleanup()
  })

  it('answers within the bound with the failure, naming the template', () => {
    expect(hung.status).toBeGreaterThanOrEqual(400)
    expect(hung.seconds).toBeLessThan(30)
    expect(hung.text).toContain('templates/layouts/closing.hbs:3')
    expect(hung.text).toContain('stopped answering')
  })

  it('serves the next PDF from a new browser', async () => {
    expect(next.status).toBe(200)
    expect((await readPdf(next.bytes)).pages).toHaveLength(8)
  })
})

describe.skipIf(process.platform !== 'linux')('a second signal while an interrupted export cleans up', () => {
  // The page loops, so the export is surely still running when it is interrupted.
  const project = lazy(() => projectWithClosing('<script>addEventListener("load",()=>setTimeout(()=>{for(;;){}},0))</script>'))
  const out = lazy(tempDir)
  const tmp = lazy(privateTmp)
  let exit: { code: number | null; signal: NodeJS.Signals | null }
  let stderr = ''

  beforeAll(async () => {
    const child = spawn(process.execPath, [path.join(REPO, 'bin', 'talkdeck.js'), 'export', '--root', project.dir, '--out', out.dir], { cwd: REPO, env: { ...process.env, TMPDIR: tmp.dir }, stdio: ['ignore', 'ignore', 'pipe'] })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise<typeof exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
    const deadline = Date.now() + 45_000
    while (workDirs(tmp.dir).length === 0 || !existsSync(path.join(tmp.dir, workDirs(tmp.dir)[0] as string, 'profile'))) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the export never started its browser; stderr:\n${stderr}`)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
    child.kill('SIGINT')
    // An impatient second Ctrl-C, while the browser is stopped and the folder removed.
    await new Promise((resolve) => setTimeout(resolve, 10))
    child.kill('SIGTERM')
    exit = await exited
  }, 90_000)
  afterAll(() => {
    project.cleanup()
    out.cleanup()
    tmp.cleanup()
  })

  it('still ends as interrupted, with its temporary folder gone', () => {
    expect(exit, stderr).toEqual({ code: EXIT_CODES.interrupted, signal: null })
    expect(workDirs(tmp.dir)).toEqual([])
    expect(stderr).not.toMatch(STACK_TRACE)
  })
})
