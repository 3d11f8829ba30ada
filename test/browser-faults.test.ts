/**
 * What the browser layer does when the browser misbehaves or a template's script reaches out:
 * a browser that never answers (or dies at once) is stopped after --browser-timeout with its own
 * words in the message; a page reaches no other machine by any channel unless --allow-network;
 * an export killed outright leaves a temporary folder that the next run removes.
 * Every case runs the real CLI with a private TMPDIR.
 */
import { spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createSocket, type Socket } from 'node:dgram'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXIT_CODES } from '../src/errors.js'
import { FIXTURES, REPO, browserGroups, copyProject, fixture, lazy, processesInGroups, processesMentioning, runCli, tempDir, workDirs, type CliRun } from './helpers.js'

const BIN = path.join(REPO, 'bin', 'talkdeck.js')
const STACK_TRACE = /^\s+at .+[(:]\d+/m
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
function privateTmp(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'talkdeck-tmpdir-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A shell script standing in for a browser. */
function fakeBrowser(dir: string, body: string): string {
  const file = path.join(dir, 'chrome')
  writeFileSync(file, `#!/bin/sh\n${body}\n`)
  chmodSync(file, 0o755)
  return file
}

describe.skipIf(process.platform !== 'linux')('a browser that never answers', () => {
  const tmp = lazy(privateTmp)
  const bin = lazy(tempDir)
  const out = lazy(tempDir)
  // A sleep no other process has: its survival would be a browser left behind.
  const marker = `${600 + Math.floor(Math.random() * 1000)}.${process.pid}`
  let run: CliRun
  let seconds: number

  beforeAll(async () => {
    const browser = fakeBrowser(bin.dir, `echo "fake browser: listening nowhere" >&2\nexec sleep ${marker}`)
    const started = Date.now()
    run = await runCli(['export', '--root', path.join(FIXTURES, 'tea-project'), '--out', out.dir, '--browser', browser, '--browser-timeout', '2'], { env: { TMPDIR: tmp.dir } })
    seconds = (Date.now() - started) / 1000
    await sleep(300)
  }, 120_000)
  afterAll(() => {
    tmp.cleanup()
    bin.cleanup()
    out.cleanup()
  })

  it('is given up after --browser-timeout: exit 4, a message with the browser\'s own words, no stack trace', () => {
    expect(run.code, run.stderr).toBe(EXIT_CODES.browser)
    expect(run.stderr).toMatch(/did not start within 2 s \(--browser-timeout\)/)
    expect(run.stderr).toContain('fake browser: listening nowhere')
    expect(run.stderr).not.toMatch(STACK_TRACE)
    expect(seconds).toBeLessThan(25)
  })

  it('is stopped, and nothing is left behind', () => {
    expect(processesMentioning(`sleep ${marker}`)).toEqual([])
    expect(workDirs(tmp.dir)).toEqual([])
    expect(readdirSync(out.dir)).toEqual([])
  })
})

describe.skipIf(process.platform !== 'linux')('a browser that exits at once', () => {
  const bin = lazy(tempDir)
  const out = lazy(tempDir)
  let run: CliRun

  beforeAll(async () => {
    const browser = fakeBrowser(bin.dir, 'echo "fake browser: missing libfoo.so" >&2\nexit 3')
    run = await runCli(['export', '--root', path.join(FIXTURES, 'tea-project'), '--out', out.dir, '--browser', browser])
  })
  afterAll(() => {
    bin.cleanup()
    out.cleanup()
  })

  it('exits 4 quoting the browser and its exit code', () => {
    expect(run.code, run.stderr).toBe(EXIT_CODES.browser)
    expect(run.stderr).toMatch(/stopped before it started \(exit code 3\)/)
    expect(run.stderr).toContain('fake browser: missing libfoo.so')
  })
})

/** This machine's first non-loopback IPv4 address: another machine, as far as a page can tell. */
function lanAddress(): string | undefined {
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === 'IPv4' && !address.internal) return address.address
  }
  return undefined
}

describe.skipIf(!lanAddress())('a layout whose script opens a WebSocket, an EventSource, a fetch, a beacon and WebRTC to another machine (fixture phoning-home)', () => {
  const project = lazy(() => copyProject(fixture('phoning-home')))
  const blockedOut = lazy(tempDir)
  const allowedOut = lazy(tempDir)
  const seen = { blocked: { tcp: 0, udp: 0 }, allowed: { tcp: 0, udp: 0 } }
  let phase: keyof typeof seen = 'blocked'
  let target = ''
  let server: Server
  let udp: Socket
  let blocked: CliRun
  let allowed: CliRun

  beforeAll(async () => {
    // One port for both: TCP for HTTP and WebSocket, UDP for WebRTC's STUN requests.
    server = createServer((_request, response) => response.writeHead(204).end())
    server.on('connection', () => seen[phase].tcp++)
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve))
    const port = (server.address() as { port: number }).port
    udp = createSocket('udp4')
    udp.on('message', () => seen[phase].udp++)
    await new Promise<void>((resolve) => udp.bind(port, '0.0.0.0', resolve))
    target = `${lanAddress()}:${port}`
    const layout = path.join(project.dir, 'templates', 'layouts', 'beacon.hbs')
    writeFileSync(layout, readFileSync(layout, 'utf8').replace('BEACON_TARGET', target))

    blocked = await runCli(['export', '--root', project.dir, '--out', blockedOut.dir])
    await sleep(1000) // anything late would still arrive
    phase = 'allowed'
    allowed = await runCli(['export', '--root', project.dir, '--out', allowedOut.dir, '--allow-network'])
    await sleep(1000)
  }, 180_000)
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
    udp.close()
    project.cleanup()
    blockedOut.cleanup()
    allowedOut.cleanup()
  })

  it('(control) with --allow-network the script does reach the server, over TCP and UDP', () => {
    expect(allowed.code, allowed.stderr).toBe(0)
    expect(seen.allowed.tcp).toBeGreaterThan(0)
    expect(seen.allowed.udp).toBeGreaterThan(0)
  })

  it('exports, and not one connection or packet reaches the server', () => {
    expect(blocked.code, blocked.stderr).toBe(0)
    expect(existsSync(path.join(blockedOut.dir, 'phone.pdf'))).toBe(true)
    expect(seen.blocked).toEqual({ tcp: 0, udp: 0 })
  })

  it('names the WebSocket, the EventSource and the fetch it blocked', () => {
    for (const url of [`ws://${target}/socket`, `http://${target}/events`, `http://${target}/fetch`]) {
      expect(blocked.stderr).toContain(`blocked a request to ${url}`)
    }
  })
})

/** A project with one deck of `count` bullet slides. */
function syntheticProject(dir: string, count: number): void {
  mkdirSync(path.join(dir, 'data', 'synth'), { recursive: true })
  mkdirSync(path.join(dir, 'decks'), { recursive: true })
  writeFileSync(path.join(dir, 'data', 'synth', 'topic.yaml'), 'title: Synthetic\nsummary: A generated dataset.\n')
  writeFileSync(path.join(dir, 'data', 'synth', 'sources.yaml'), '- id: s1\n  title: Source one\n  url: https://example.org/one\n')
  const slides = Array.from({ length: count }, (_, i) => `  - layout: bullets\n    title: Slide ${i + 1}\n    points: [First point, Second point, Third point]\n    sources: [s1]`)
  writeFileSync(path.join(dir, 'decks', 'big.yaml'), `title: Big deck\ndata: synth\nslides:\n${slides.join('\n')}\n`)
}

describe.skipIf(process.platform !== 'linux')('an export killed with SIGKILL', () => {
  const project = lazy(tempDir)
  const out = lazy(tempDir)
  const tmp = lazy(privateTmp)
  let leftBehind: string[] = []
  let browserAfterKill: string[] = []
  let next: CliRun
  const live = `talkdeck-export-${process.pid}-alive`

  beforeAll(async () => {
    syntheticProject(project.dir, 300)
    // A run still going (this process): its folder is not touched.
    mkdirSync(path.join(tmp.dir, live))
    const child = spawn(process.execPath, [BIN, 'export', '--root', project.dir, '--out', out.dir], { cwd: REPO, env: { ...process.env, TMPDIR: tmp.dir }, stdio: 'ignore' })
    const exited = new Promise((resolve) => child.on('exit', resolve))
    const deadline = Date.now() + 60_000
    let browser = browserGroups(tmp.dir)
    while (!processesInGroups(browser).some((cmd) => cmd.includes('--type=renderer'))) {
      if (Date.now() > deadline) throw new Error('Chromium never started under the CLI')
      await sleep(25)
      browser = browserGroups(tmp.dir)
    }
    child.kill('SIGKILL')
    await exited
    leftBehind = workDirs(tmp.dir).filter((name) => name !== live)
    // Chromium notices that its pipe closed and exits by itself, renderers and all.
    const gone = Date.now() + 20_000
    const left = () => [...processesInGroups(browser), ...processesMentioning(tmp.dir)]
    while (left().length && Date.now() < gone) await sleep(100)
    browserAfterKill = left()
    rmSync(path.join(project.dir, 'decks', 'big.yaml'))
    syntheticProject(project.dir, 2)
    next = await runCli(['export', '--root', project.dir, '--out', out.dir], { env: { TMPDIR: tmp.dir } })
  }, 180_000)
  afterAll(() => {
    project.cleanup()
    out.cleanup()
    tmp.cleanup()
  })

  it('left its temporary folder (it had no chance to remove it), but no browser', () => {
    expect(leftBehind).toHaveLength(1)
    expect(browserAfterKill).toEqual([])
  })

  it('the next run removes it, and leaves the folder of a run still going', () => {
    expect(next.code, next.stderr).toBe(0)
    expect(workDirs(tmp.dir)).toEqual([live])
  })
})
