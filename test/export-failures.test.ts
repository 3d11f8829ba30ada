/**
 * What `talkdeck export` does when things go wrong: no browser, a deck that fails in the middle of
 * a batch, Ctrl-C while Chromium is printing, and a slide that wants something from the network.
 * Every case runs the real CLI; the child gets its own TMPDIR so its temporary files can be counted.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXIT_CODES } from '../src/errors.js'
import { FIXTURES, REPO, lazy, copyProject, runCli, tempDir, type CliRun, fixture } from './helpers.js'
import { readPdf } from './pdf-reader.js'

const BIN = path.join(REPO, 'bin', 'talkdeck.js')
const STACK_TRACE = /^\s+at .+[(:]\d+/m

/** A private os.tmpdir() for one CLI run. */
function privateTmp(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'talkdeck-tmpdir-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

const leftovers = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((name) => /\.tmp-|\.html$|^\.?talkdeck-/.test(name)) : [])
const exportWorkDirs = (tmp: string) => readdirSync(tmp).filter((name) => name.startsWith('talkdeck-export-'))

describe('no browser', () => {
  const project = path.join(FIXTURES, 'tea-project')
  const out = lazy(tempDir)
  const tmp = lazy(privateTmp)
  let flag: CliRun
  let variable: CliRun

  beforeAll(async () => {
    ;[flag, variable] = await Promise.all([
      runCli(['export', '--root', project, '--out', out.dir, '--browser', '/nonexistent/chrome'], { env: { TMPDIR: tmp.dir, TALKDECK_BROWSER: '', CHROME_PATH: '' } }),
      runCli(['export', '--root', project, '--out', out.dir], { env: { TMPDIR: tmp.dir, TALKDECK_BROWSER: '/nonexistent', CHROME_PATH: '' } }),
    ])
  })
  afterAll(() => {
    out.cleanup()
    tmp.cleanup()
  })

  it('--browser /nonexistent/chrome: exit 4, names the flag and the path, no stack trace', () => {
    expect(flag.code, flag.stderr).toBe(EXIT_CODES.browser)
    expect(flag.stderr).toContain('--browser')
    expect(flag.stderr).toContain('/nonexistent/chrome')
    expect(flag.stderr).toMatch(/^talkdeck: /m)
    expect(flag.stderr).not.toMatch(STACK_TRACE)
  })

  it('TALKDECK_BROWSER=/nonexistent: exit 4, names the variable and the path, no stack trace', () => {
    expect(variable.code, variable.stderr).toBe(EXIT_CODES.browser)
    expect(variable.stderr).toContain('TALKDECK_BROWSER')
    expect(variable.stderr).toContain('/nonexistent')
    expect(variable.stderr).not.toMatch(STACK_TRACE)
  })

  it('writes nothing and leaves no temporary folder', () => {
    expect(readdirSync(out.dir)).toEqual([])
    expect(exportWorkDirs(tmp.dir)).toEqual([])
  })
})

describe('a deck that fails in the middle of a batch (fixture three-decks)', () => {
  const project = lazy(() => copyProject(fixture('three-decks')))
  const out = lazy(tempDir)
  const tmp = lazy(privateTmp)
  let first: CliRun
  let second: CliRun
  let goodBeta: Buffer
  let goodBetaMtime: number

  beforeAll(async () => {
    first = await runCli(['export', '--root', project.dir, '--out', out.dir], { env: { TMPDIR: tmp.dir } })
    goodBeta = readFileSync(path.join(out.dir, 'beta.pdf'))
    goodBetaMtime = statSync(path.join(out.dir, 'beta.pdf')).mtimeMs
    // The other two are exported again from scratch; beta's layout now uses a field slides lack.
    rmSync(path.join(out.dir, 'alpha.pdf'))
    rmSync(path.join(out.dir, 'gamma.pdf'))
    writeFileSync(
      path.join(project.dir, 'templates', 'layouts', 'speaker.hbs'),
      '{{!-- talkdeck: selection=none --}}\n<header class="td-head"><h2>{{md slide.title}}</h2></header>\n<p class="td-lead">{{slide.speakerBio}}</p>\n',
    )
    second = await runCli(['export', '--root', project.dir, '--out', out.dir], { env: { TMPDIR: tmp.dir } })
  })
  afterAll(() => {
    project.cleanup()
    out.cleanup()
    tmp.cleanup()
  })

  it('the working version exports all three decks', () => {
    expect(first.code, first.stderr).toBe(0)
    expect(goodBeta.subarray(0, 5).toString()).toBe('%PDF-')
  })

  it('exits with the template error code and names the layout line, the slide and the deck', () => {
    expect(second.code, second.stderr).toBe(EXIT_CODES.template)
    expect(second.stderr).toMatch(/speaker\.hbs:3(:\d+)?: .*speakerBio/)
    expect(second.stderr).toMatch(/slide 3 "About the speaker" of deck "beta"/)
    expect(second.stderr).toMatch(/decks\/beta\.yaml:\d+/)
    expect(second.stderr).not.toMatch(STACK_TRACE)
  })

  it('still writes the decks before and after it', async () => {
    expect(second.stderr).toMatch(/exported alpha → /)
    expect(second.stderr).toMatch(/exported gamma → /)
    for (const id of ['alpha', 'gamma']) {
      const pdf = await readPdf(path.join(out.dir, `${id}.pdf`))
      expect(pdf.pages.length).toBe(2)
      expect(pdf.info.Title).toBe(`Tea deck ${id}`)
    }
  })

  it("keeps the previous good PDF of the failing deck as it was, and leaves no partial or temporary file", () => {
    expect(readdirSync(out.dir).sort()).toEqual(['alpha.pdf', 'beta.pdf', 'gamma.pdf'])
    expect(readFileSync(path.join(out.dir, 'beta.pdf')).equals(goodBeta)).toBe(true)
    expect(statSync(path.join(out.dir, 'beta.pdf')).mtimeMs).toBe(goodBetaMtime)
    expect(leftovers(out.dir)).toEqual([])
    expect(exportWorkDirs(tmp.dir)).toEqual([])
  })
})

interface Proc {
  pid: number
  ppid: number
  state: string
  cmd: string
}

function processes(): Proc[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
        const match = /^\d+ \(.*\) (\S) (\d+)/s.exec(stat)
        if (!match) return []
        const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim()
        return [{ pid: Number(name), state: match[1] as string, ppid: Number(match[2]), cmd }]
      } catch {
        return [] // gone meanwhile
      }
    })
}

function descendants(root: number): Proc[] {
  const all = processes()
  const found: Proc[] = []
  let parents = new Set([root])
  while (parents.size) {
    const children = all.filter((p) => parents.has(p.ppid))
    found.push(...children)
    parents = new Set(children.map((p) => p.pid))
  }
  return found
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A project with one deck of `count` bullet slides. */
function syntheticProject(dir: string, count: number): void {
  mkdirSync(path.join(dir, 'data', 'synth'), { recursive: true })
  mkdirSync(path.join(dir, 'decks'), { recursive: true })
  writeFileSync(path.join(dir, 'data', 'synth', 'topic.yaml'), 'title: Synthetic\nsummary: A generated dataset.\n')
  writeFileSync(path.join(dir, 'data', 'synth', 'sources.yaml'), '- id: s1\n  title: Source one\n  url: https://example.org/one\n')
  const slides = Array.from({ length: count }, (_, i) => [
    `  - layout: bullets`,
    `    title: Slide ${i + 1}`,
    `    points: [First point of slide ${i + 1}, Second point, Third point, Fourth point, Fifth point]`,
    `    sources: [s1]`,
    `    notes: Notes for slide ${i + 1}.`,
  ].join('\n'))
  writeFileSync(path.join(dir, 'decks', 'big.yaml'), `title: Big deck\ndata: synth\nslides:\n  - layout: title\n    notes: Hello.\n${slides.join('\n')}\n`)
}

describe.skipIf(process.platform !== 'linux')('SIGINT while Chromium prints', () => {
  const project = lazy(tempDir)
  const out = lazy(tempDir)
  const tmp = lazy(privateTmp)
  let exit: { code: number | null; signal: NodeJS.Signals | null }
  let stderr = ''
  let browserTree: Proc[] = []
  let workDirsWhileRunning: string[] = []

  beforeAll(async () => {
    syntheticProject(project.dir, 600)
    const child = spawn(process.execPath, [BIN, 'export', '--root', project.dir, '--out', out.dir], {
      cwd: REPO,
      env: { ...process.env, TMPDIR: tmp.dir },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise<typeof exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
    const pid = child.pid!
    // Wait until Chromium has a renderer for the print page, then give it a moment to be busy.
    const deadline = Date.now() + 45_000
    while (!descendants(pid).some((p) => p.cmd.includes('--type=renderer'))) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`Chromium never started under the CLI (pid ${pid}); stderr:\n${stderr}`)
      await sleep(25)
    }
    await sleep(300)
    browserTree = descendants(pid)
    workDirsWhileRunning = exportWorkDirs(tmp.dir)
    child.kill('SIGINT')
    exit = await exited
    await sleep(300) // let the kernel reap what Chromium's own processes leave behind
  }, 90_000)
  afterAll(() => {
    project.cleanup()
    out.cleanup()
    tmp.cleanup()
  })

  it('was interrupted while Chromium was running', () => {
    expect(browserTree.some((p) => /chrom/i.test(p.cmd))).toBe(true)
    expect(workDirsWhileRunning).toHaveLength(1)
  })

  it('exits with code 130 and says so, without a stack trace', () => {
    expect(exit, stderr).toEqual({ code: EXIT_CODES.interrupted, signal: null })
    expect(stderr).toMatch(/interrupted by SIGINT/)
    expect(stderr).not.toMatch(STACK_TRACE)
  })

  it('leaves no Chromium process behind', () => {
    const alive = new Map(processes().filter((p) => p.state !== 'Z').map((p) => [p.pid, p]))
    const survivors = browserTree.filter((p) => alive.get(p.pid)?.cmd === p.cmd)
    expect(survivors.map((p) => `${p.pid} ${p.cmd.slice(0, 120)}`)).toEqual([])
    // Nothing started later either: every Chromium of this run had the private TMPDIR in its profile path.
    const strays = processes().filter((p) => p.state !== 'Z' && p.cmd.includes(tmp.dir))
    expect(strays.map((p) => `${p.pid} ${p.cmd.slice(0, 120)}`)).toEqual([])
  })

  it('leaves no PDF, partial file or temporary work folder', () => {
    expect(existsSync(path.join(out.dir, 'big.pdf'))).toBe(false)
    expect(leftovers(out.dir)).toEqual([])
    expect(exportWorkDirs(tmp.dir)).toEqual([])
  })
})

/** This machine's first non-loopback IPv4 address: a URL on it is "remote" to the export's filter. */
function lanAddress(): string | undefined {
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === 'IPv4' && !address.internal) return address.address
  }
  return undefined
}

describe('a remote image (fixture remote-image)', () => {
  const out = lazy(tempDir)
  let run: CliRun

  beforeAll(async () => {
    run = await runCli(['export', '--root', fixture('remote-image'), '--out', out.dir])
  })
  afterAll(() => out.cleanup())

  it('exports anyway and warns, naming the slide, that the image is not loaded', async () => {
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/decks\/remote\.yaml:\d+: warning: slide 2 "A cup seen from above": remote image https:\/\/example\.com\/x\.png is not loaded during export \(use --allow-network\)/)
    expect((await readPdf(path.join(out.dir, 'remote.pdf'))).pages).toHaveLength(3)
  })

  it('the browser blocked the request instead of making it', () => {
    expect(run.stderr).toMatch(/warning: blocked a request to https:\/\/example\.com\/x\.png: exports load nothing from the network/)
  })

  describe.skipIf(!lanAddress())('with the image on a server this test runs', () => {
    let server: Server
    const requests: string[] = []
    let url = ''
    const project = lazy(() => copyProject(fixture('remote-image')))
    const blockedOut = lazy(tempDir)
    const allowedOut = lazy(tempDir)
    let blocked: CliRun
    let allowed: CliRun

    beforeAll(async () => {
      server = createServer((request, response) => {
        requests.push(request.url ?? '')
        response.writeHead(404).end()
      })
      await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve))
      const port = (server.address() as { port: number }).port
      url = `http://${lanAddress()}:${port}/x.png`
      const file = path.join(project.dir, 'data', 'tea', 'advantages.yaml')
      writeFileSync(file, readFileSync(file, 'utf8').replace('https://example.com/x.png', url))
      blocked = await runCli(['export', '--root', project.dir, '--out', blockedOut.dir])
      const seenWhileBlocked = requests.length
      allowed = await runCli(['export', '--root', project.dir, '--out', allowedOut.dir, '--allow-network'])
      requests.splice(seenWhileBlocked, 0, '--- --allow-network ---')
    })
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve))
      project.cleanup()
      blockedOut.cleanup()
      allowedOut.cleanup()
    })

    it('no request reaches the server during a normal export', () => {
      expect(blocked.code, blocked.stderr).toBe(0)
      expect(blocked.stderr).toContain(`blocked a request to ${url}`)
      expect(requests.indexOf('--- --allow-network ---')).toBe(0)
    })

    it('(control) with --allow-network the same export does fetch it, without the warnings', () => {
      expect(allowed.code, allowed.stderr).toBe(0)
      expect(requests.slice(1)).toContain('/x.png')
      expect(allowed.stderr).not.toContain('blocked a request')
      expect(allowed.stderr).not.toContain('remote image')
    })
  })
})
