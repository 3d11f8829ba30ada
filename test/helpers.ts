import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { findBrowser } from '../src/export/find-browser.js'

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
