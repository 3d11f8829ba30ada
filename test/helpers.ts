import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Page } from 'playwright-core'
import { findBrowser } from '../src/browser/find-browser.js'
import { main } from '../src/cli.js'
import type { Theme } from '../src/data/load-templates.js'
import { loadWorkspace, type Workspace } from '../src/data/workspace.js'
import { findDecks, type DeckRef } from '../src/deck/find-decks.js'
import { loadDecks } from '../src/deck/load-decks.js'
import type { ResolvedDeck } from '../src/deck/types.js'
import type { Problem } from '../src/errors.js'
import { createSlideRenderer, type SlideRenderer } from '../src/render/render-slides.js'

export const REPO = fileURLToPath(new URL('..', import.meta.url))
export const FIXTURES = path.join(REPO, 'test', 'fixtures')
const BIN = path.join(REPO, 'bin', 'talkdeck.js')

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs the real CLI in a child process, as a user would. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: options.cwd ?? REPO, env: { ...process.env, ...options.env }, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error && typeof error.code === 'number' ? error.code : error ? 1 : 0
      resolve({ code, stdout, stderr })
    })
  })
}

/**
 * Runs the CLI's `main` in this process: the code path of bin/talkdeck.js without a process per
 * run, for tests that run it hundreds of times. A bug (not a user's mistake) throws, with its stack.
 */
export async function runMain(args: string[]): Promise<CliRun> {
  const stdout: string[] = []
  const stderr: string[] = []
  const code = await main(args, { out: (text) => stdout.push(text), err: (text) => stderr.push(text) })
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') }
}

/** A throwaway copy of a fixture project (or of any folder), removed by the returned function. */
export function copyProject(source: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'talkdeck-test-'))
  cpSync(source, dir, { recursive: true })
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'talkdeck-out-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A temporary folder made on first use (in a hook or a test), so a skipped block leaves nothing behind. */
export function lazy(make: () => { dir: string; cleanup: () => void }): { readonly dir: string; cleanup: () => void } {
  let made: { dir: string; cleanup: () => void } | undefined
  return {
    get dir() {
      made ??= make()
      return made.dir
    },
    cleanup() {
      made?.cleanup()
      made = undefined
    },
  }
}

export const browserPath = (): string => findBrowser().path

export interface TestBrowser {
  /** Runs `use` with a new page of the given viewport, closed afterwards. */
  withPage<T>(use: (page: Page) => Promise<T>, viewport?: { width: number; height: number }): Promise<T>
  close(): Promise<void>
}

/**
 * A browser driven as a person uses one (Playwright), to look at what talkdeck serves and builds.
 * Text is rendered as talkdeck's own browser renders it (no hinting), so pictures compare with PDFs.
 */
export async function launchTestBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({ executablePath: browserPath(), args: ['--no-sandbox', '--font-render-hinting=none'] })
  return {
    async withPage(use, viewport = { width: 1280, height: 720 }) {
      const page = await browser.newPage({ viewport })
      try {
        return await use(page)
      } finally {
        await page.close()
      }
    },
    close: () => browser.close(),
  }
}

let composedRoot: string | undefined
const composed = new Map<string, string>()

/**
 * A fixture project by name. A fixture holds only what it is about (a deck, a theme, a layout, a
 * changed data file); the tea dataset of `tea-project` fills in the rest, so no test copies it.
 */
export function fixture(name: string): string {
  const known = composed.get(name)
  if (known) return known
  if (!composedRoot) {
    const root = mkdtempSync(path.join(os.tmpdir(), 'talkdeck-fixtures-'))
    process.on('exit', () => rmSync(root, { recursive: true, force: true }))
    composedRoot = root
  }
  const dir = path.join(composedRoot, name)
  cpSync(path.join(FIXTURES, 'tea-project', 'data'), path.join(dir, 'data'), { recursive: true })
  cpSync(path.join(FIXTURES, name), dir, { recursive: true })
  composed.set(name, dir)
  return dir
}

/** A project loaded as every command loads it, with the renderer its decks are drawn with. */
export interface TestWorkspace extends Workspace {
  renderer: SlideRenderer
  themes: Map<string, Theme>
}

export async function openTestWorkspace(root: string): Promise<TestWorkspace> {
  const workspace = await loadWorkspace(root)
  return { ...workspace, renderer: createSlideRenderer(workspace.templates), themes: workspace.templates.themes }
}

/** Each deck's outcome in a test's terms: its id, the resolved deck when it resolved, its problems. */
export interface LoadedDeck {
  id: string
  deck: ResolvedDeck | undefined
  problems: Problem[]
}

export async function loadDeckList(workspace: Workspace, refs: DeckRef[]): Promise<LoadedDeck[]> {
  const { decks } = await loadDecks(workspace, refs)
  return decks.map((result) => ({ id: result.deck, deck: result.ok ? result.value : undefined, problems: result.problems }))
}

/** Every deck of a project, resolved; a deck that does not resolve fails the test. */
export async function loadProjectDecks(root: string): Promise<{ workspace: TestWorkspace; decks: Map<string, ResolvedDeck> }> {
  const workspace = await openTestWorkspace(root)
  const decks = new Map<string, ResolvedDeck>()
  for (const result of await loadDeckList(workspace, await findDecks(workspace.project))) {
    if (!result.deck) throw new Error(`deck ${result.id} did not resolve: ${JSON.stringify(result.problems)}`)
    decks.set(result.id, result.deck)
  }
  return { workspace, decks }
}

/** Every live process (not a zombie): its id, its process group and its command line. */
function liveProcesses(): { pid: string; group: number; cmd: string }[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((pid) => {
      try {
        const [, state, group] = /^\d+ \(.*\) (\S) \d+ (\d+)/s.exec(readFileSync(`/proc/${pid}/stat`, 'utf8')) ?? []
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim()
        return state && state !== 'Z' ? [{ pid, group: Number(group), cmd }] : []
      } catch {
        return [] // gone meanwhile
      }
    })
}

/**
 * Every live process whose command line mentions `text`, as "pid command": with a private TMPDIR
 * in `text`, a run's browser (its profile is in it). Full Chromium passes the profile on to every
 * process it starts; chrome-headless-shell does not: see `browserGroups`.
 */
export function processesMentioning(text: string): string[] {
  return liveProcesses().flatMap(({ pid, cmd }) => (cmd.includes(text) ? [`${pid} ${cmd.slice(0, 120)}`] : []))
}

/**
 * The process groups of the processes mentioning `text`. talkdeck starts a browser in a group of
 * its own, and every process the browser starts (zygotes, renderers, GPU) stays in it, whichever
 * Chromium it is: found while the browser runs, a group tells afterwards whether any is left.
 */
export function browserGroups(text: string): Set<number> {
  return new Set(liveProcesses().flatMap(({ group, cmd }) => (cmd.includes(text) ? [group] : [])))
}

/** Every live process in `groups`, as "pid command". */
export function processesInGroups(groups: Set<number>): string[] {
  return liveProcesses().flatMap(({ pid, group, cmd }) => (groups.has(group) ? [`${pid} ${cmd.slice(0, 120)}`] : []))
}

/** The temporary folders of talkdeck's browser sessions in `tmp`. */
export const workDirs = (tmp: string): string[] => readdirSync(tmp).filter((name) => name.startsWith('talkdeck-export-'))
