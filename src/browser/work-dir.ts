import { mkdtempSync } from 'node:fs'
import { readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

/** Every run's temporary folder starts with this and the process id, so a later run can tell a dead run's leftovers. */
const WORK_DIR_PREFIX = 'talkdeck-export-'

/**
 * Chromium's own temporary folder (it holds its sockets), given the run's folder: in it, so that it
 * goes with it — unless its path would not leave room for a socket's address (104 bytes on macOS,
 * 108 on Linux): a TMPDIR of 30 characters made Chromium fail with "Socket path too long", and
 * macOS's default TMPDIR has 49. Then a folder of its own under /tmp, made by mkdtemp (the run's
 * alone, mode 0700), named like the run's folders so that a later run removes it if this one is killed.
 */
export function browserTempDir(workDir: string): string {
  const inside = path.join(workDir, 't')
  if (inside.length + CHROMIUM_SOCKET_PATH.length <= MAX_SOCKET_PATH || process.platform === 'win32') return inside
  return mkdtempSync(path.join(SHORT_TEMP_BASE, `${WORK_DIR_PREFIX}${process.pid}-`))
}

/** What Chromium adds to its temporary folder's path for its socket; the longest address macOS takes. */
const CHROMIUM_SOCKET_PATH = '/.org.chromium.Chromium.XXXXXX/SingletonSocket'
const MAX_SOCKET_PATH = 103
const SHORT_TEMP_BASE = '/tmp'

/** A temporary folder of the run's own (its browser profile, its pages), named so that a later run can tell whether this one still lives. */
export function createWorkDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), `${WORK_DIR_PREFIX}${process.pid}-`))
}

/**
 * Removes the temporary folders of runs that were killed (SIGKILL leaves no chance to clean up):
 * those whose process is gone. A folder of a live process — another export, a dev server — stays.
 */
export async function removeLeftoverWorkDirs(): Promise<void> {
  const bases = [...new Set([os.tmpdir(), SHORT_TEMP_BASE])]
  const leftovers = await Promise.all(bases.map(async (base) => (await readdir(base).catch(() => [] as string[])).map((name) => ({ base, name }))))
  await Promise.all(
    leftovers.flat().map(async ({ base, name }) => {
      const pid = new RegExp(`^${WORK_DIR_PREFIX}(\\d+)-`).exec(name)?.[1]
      if (!pid || isAlive(Number(pid))) return
      await rm(path.join(base, name), { recursive: true, force: true }).catch(() => undefined)
    }),
  )
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists, it is someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
