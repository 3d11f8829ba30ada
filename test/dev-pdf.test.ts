/**
 * `talkdeck dev` serves each deck's PDF at `/<deck-id>.pdf`, printed by a browser the server
 * starts on the first request and keeps warm: the file `talkdeck export` writes, updated by an
 * edit, and no browser left once the server is gone — closed, or interrupted with Ctrl-C.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDevServer, type DevServer } from '../src/vite/server.js'
import { FIXTURES, REPO, browserGroups, copyProject, processesInGroups, processesMentioning, runCli, tempDir, workDirs } from './helpers.js'
import { readPdf, squash, type ReadPdf } from './pdf-reader.js'

const BIN = path.join(REPO, 'bin', 'talkdeck.js')
const SLIDES = 6

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function fetchPdf(url: string): Promise<{ status: number; type: string | null; bytes: Uint8Array }> {
  const response = await fetch(url)
  return { status: response.status, type: response.headers.get('content-type'), bytes: new Uint8Array(await response.arrayBuffer()) }
}

describe.skipIf(process.platform !== 'linux')('GET /<deck>.pdf from talkdeck dev', () => {
  const project = copyProject(path.join(FIXTURES, 'tea-project'))
  const out = tempDir()
  // The server runs in this process: its browser's profile goes to a private TMPDIR, to be found.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'talkdeck-tmpdir-'))
  const previousTmp = process.env.TMPDIR
  let server: DevServer
  let first: ReadPdf
  let browserWhileServing: string[] = []
  let browser = new Set<number>()
  let afterEdit: ReadPdf
  let exported: ReadPdf

  beforeAll(async () => {
    process.env.TMPDIR = tmp
    server = await startDevServer({ root: project.dir, port: 0, host: '127.0.0.1' })
    expect(processesMentioning(tmp), 'no browser before the first PDF is asked for').toEqual([])
    const response = await fetchPdf(new URL('/tea-talk.pdf', server.url).href)
    expect(response.status).toBe(200)
    expect(response.type).toBe('application/pdf')
    first = await readPdf(response.bytes)
    browserWhileServing = processesMentioning(tmp)
    browser = browserGroups(tmp)

    const file = path.join(project.dir, 'data', 'tea', 'advantages.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('title: Repeatable cups', 'title: Cups that repeat themselves'))
    afterEdit = await readPdf((await fetchPdf(new URL('/tea-talk.pdf', server.url).href)).bytes)

    const run = await runCli(['export', 'tea-talk', '--root', project.dir, '--out', out.dir])
    expect(run.code, run.stderr).toBe(0)
    exported = await readPdf(path.join(out.dir, 'tea-talk.pdf'))
    await server.close()
    await sleep(300) // let the kernel reap what Chromium's own processes leave behind
  }, 180_000)

  afterAll(() => {
    process.env.TMPDIR = previousTmp
    project.cleanup()
    out.cleanup()
    rmSync(tmp, { recursive: true, force: true })
  })

  it('is a PDF with one 16:9 page per slide', () => {
    expect(first.pages).toHaveLength(SLIDES)
    for (const page of first.pages) expect([Math.round(page.width), Math.round(page.height)]).toEqual([960, 540])
  })

  it('was printed by a browser the server started on that request', () => {
    expect(browserWhileServing.some((p) => /chrom/i.test(p))).toBe(true)
  })

  it('reflects an edit of the data behind a slide', () => {
    const text = afterEdit.pages.map((page) => squash(page.text)).join(' ')
    expect(text).toContain(squash('Cups that repeat themselves'))
    expect(text).not.toContain(squash('Repeatable cups'))
  })

  it('is the file talkdeck export writes: same pages, text, links, outline and information', () => {
    expect(afterEdit.pages).toEqual(exported.pages)
    expect(afterEdit.links).toEqual(exported.links)
    expect(afterEdit.outline).toEqual(exported.outline)
    const { CreationDate: _c, ModDate: _m, ...info } = afterEdit.info
    const { CreationDate: _ec, ModDate: _em, ...exportedInfo } = exported.info
    expect(info).toEqual(exportedInfo)
    expect(afterEdit.catalog).toEqual({ marked: true, structTreeRoot: true, lang: 'en' })
  })

  it('leaves no browser process and no temporary folder once the server is closed', () => {
    expect(processesMentioning(tmp)).toEqual([])
    expect(processesInGroups(browser)).toEqual([])
    expect(workDirs(tmp)).toEqual([])
  })
})

describe.skipIf(process.platform !== 'linux')('talkdeck dev interrupted with SIGINT after serving a PDF', () => {
  const project = copyProject(path.join(FIXTURES, 'tea-project'))
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'talkdeck-tmpdir-'))
  let child: ChildProcess
  let stderr = ''
  let served: number
  let browserBefore: string[] = []
  let browser = new Set<number>()
  let exit: { code: number | null; signal: NodeJS.Signals | null }

  beforeAll(async () => {
    child = spawn(process.execPath, [BIN, 'dev', '--root', project.dir, '--port', '0', '--host', '127.0.0.1'], {
      cwd: REPO,
      env: { ...process.env, TMPDIR: tmp },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    const exited = new Promise<typeof exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`talkdeck dev did not start; stderr:\n${stderr}`)), 60_000)
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString()
        const found = /talkdeck dev: (http:\/\/\S+)/.exec(stderr)?.[1]
        if (found) {
          clearTimeout(timer)
          resolve(found)
        }
      })
    })
    served = (await fetchPdf(new URL('/tea-talk.pdf', url).href)).status
    browserBefore = processesMentioning(tmp)
    browser = browserGroups(tmp)
    child.kill('SIGINT')
    exit = await exited
    await sleep(500)
  }, 120_000)

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL')
    project.cleanup()
    rmSync(tmp, { recursive: true, force: true })
  })

  it('served the PDF from a warm browser before the signal', () => {
    expect(served, stderr).toBe(200)
    expect(browserBefore.some((p) => /chrom/i.test(p))).toBe(true)
  })

  it('ends, leaving no browser process and no temporary folder', () => {
    expect(exit.signal).toBeNull()
    expect(processesMentioning(tmp)).toEqual([])
    expect(processesInGroups(browser)).toEqual([])
    expect(workDirs(tmp)).toEqual([])
  })
})
