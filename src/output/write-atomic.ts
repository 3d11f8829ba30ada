/**
 * The one way talkdeck writes output: into a temporary name beside the target, renamed over it
 * when complete. A failure (full disk, read-only folder, Ctrl-C) never leaves a truncated file or a
 * half-filled folder where the previous output was.
 */
import { existsSync } from 'node:fs'
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { OutputError } from '../errors.js'

/** Marks temporary names, so that leftovers of a killed run can be recognised and removed. */
export const TEMPORARY_MARK = '.talkdeck-tmp-'

function temporaryName(target: string): string {
  return path.join(path.dirname(target), `${path.basename(target)}${TEMPORARY_MARK}${process.pid}-${Date.now()}`)
}

export async function writeFileAtomically(file: string, content: string | Uint8Array): Promise<void> {
  await writeAtomically(file, (temporary) => writeFile(temporary, content))
}

/** Fills a new folder and swaps it in whole for `target`. */
export async function writeFolderAtomically(target: string, fill: (folder: string) => Promise<void>): Promise<void> {
  await writeAtomically(target, async (temporary) => {
    await mkdir(temporary)
    await fill(temporary)
  })
}

async function writeAtomically(target: string, write: (temporary: string) => Promise<void>): Promise<void> {
  const temporary = temporaryName(target)
  try {
    await mkdir(path.dirname(target), { recursive: true })
    await write(temporary)
    if (existsSync(target) && (await stat(target)).isDirectory()) {
      // A folder cannot be renamed over another: move the old one aside, then drop it.
      const previous = `${temporary}-old`
      await rename(target, previous)
      await rename(temporary, target)
      await rm(previous, { recursive: true, force: true })
    } else {
      await rename(temporary, target)
    }
  } catch (error) {
    await rm(temporary, { recursive: true, force: true })
    throw new OutputError(`could not write ${target}: ${describeFileError(error)}`, { cause: error })
  }
}

/** Node's file errors in words: the code says more to a person than the syscall details. */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code
  const known: Record<string, string> = {
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'the file system is read-only',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EISDIR: 'it is a folder',
  }
  return (code && known[code]) ?? (error instanceof Error ? error.message.split('\n')[0] ?? String(error) : String(error))
}

/**
 * Fills a new or empty folder, which stays where it is (it may be the current folder): the files
 * are made in a temporary folder inside it and moved up once all are there. A failure leaves the
 * folder as it was.
 */
export async function fillFolderAtomically(target: string, fill: (folder: string) => Promise<void>): Promise<void> {
  const created = !existsSync(target)
  const temporary = path.join(target, `${TEMPORARY_MARK}${process.pid}-${Date.now()}`)
  try {
    await mkdir(temporary, { recursive: true })
    await fill(temporary)
    for (const name of await readdir(temporary)) await rename(path.join(temporary, name), path.join(target, name))
    await rm(temporary, { recursive: true, force: true })
  } catch (error) {
    await rm(created ? target : temporary, { recursive: true, force: true })
    throw new OutputError(`could not write ${target}: ${describeFileError(error)}`, { cause: error })
  }
}
