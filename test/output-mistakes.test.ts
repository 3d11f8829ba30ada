/**
 * A `--out` that cannot be written (issue 24, point 6): under a file, or inside a read-only folder.
 * Each is one message naming the path and what is wrong, exit 5 (output), no stack trace, and
 * nothing of the user's replaced.
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EXIT_CODES } from '../src/errors.js'
import { FIXTURES, copyProject, runMain, type CliRun } from './helpers.js'

const cleanups: (() => void)[] = []
afterAll(() => cleanups.splice(0).reverse().forEach((cleanup) => cleanup()))

function newProject(): string {
  const copy = copyProject(path.join(FIXTURES, 'tea-project'))
  cleanups.push(copy.cleanup)
  return copy.dir
}

function expectOutputError(run: CliRun): void {
  expect(run.code, run.stderr).toBe(EXIT_CODES.output)
  expect(run.stderr).not.toMatch(/^\s{4}at /m)
  expect(run.stderr).not.toMatch(/\bE[A-Z]+: /)
}

/**
 * A folder nothing can be written into. root ignores file modes, so for root it is a read-only
 * file system (a tmpfs mounted read-only), where Node's recursive mkdir said ENOENT; undefined when
 * neither can be had.
 */
function readOnlyFolder(parent: string): string | undefined {
  const folder = path.join(parent, 'read-only')
  mkdirSync(folder)
  if (process.getuid?.() !== 0) {
    chmodSync(folder, 0o555)
    cleanups.push(() => chmodSync(folder, 0o755))
    return folder
  }
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', folder], { stdio: 'ignore' })
  } catch {
    return undefined
  }
  cleanups.push(() => execFileSync('umount', [folder]))
  return folder
}

describe('an --out that cannot be written is one message, exit 5', () => {
  it('--out under an existing file names the file; the file is kept', async () => {
    const root = newProject()
    writeFileSync(path.join(root, 'notes.txt'), 'mine')
    const run = await runMain(['build', '--root', root, '--out', 'notes.txt/dist'])
    expectOutputError(run)
    expect(run.stderr).toContain(`${path.join(root, 'notes.txt')} is not a folder; choose another --out`)
    expect(readFileSync(path.join(root, 'notes.txt'), 'utf8')).toBe('mine')
  })

  it('--out in a read-only folder names the folder that could not be made and why', async () => {
    const root = newProject()
    const readOnly = readOnlyFolder(root)
    if (!readOnly) return
    const run = await runMain(['build', '--root', root, '--out', 'read-only/sub'])
    expectOutputError(run)
    expect(run.stderr).toMatch(new RegExp(`could not make the folder ${path.join(readOnly, 'sub')}: (the file system is read-only|permission denied)`))
    expect(existsSync(path.join(readOnly, 'sub'))).toBe(false)
  })
})
