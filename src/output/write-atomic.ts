/**
 * The one way talkdeck writes output: into a temporary name beside the target, renamed over it
 * when complete. A failure (full disk, read-only folder, Ctrl-C) never leaves a truncated file or a
 * half-filled folder where the previous output was.
 *
 * Nothing talkdeck did not write is replaced: a folder only when it holds talkdeck's marker file,
 * a file never by a folder nor a folder by a file, a symbolic link never. Leftovers of a run that
 * was killed (SIGKILL, power loss) are removed by the next run that writes beside them.
 */
import { existsSync } from 'node:fs'
import { copyFile, lstat, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { OutputError } from '../errors.js'

/** Marks temporary names, so that leftovers of a killed run can be recognised and removed. */
const TEMPORARY_MARK = '.talkdeck-tmp-'
const LEFTOVER = /\.talkdeck-tmp-(\d+)-\d+(-old)?$/

/** The file in every folder talkdeck writes whole (a built deck): only such a folder is replaced. */
export const OUTPUT_MARKER = '.talkdeck-output'
const MARKER_TEXT = 'This folder was written by talkdeck; the next build replaces it whole.\n'

function temporaryName(target: string): string {
  return path.join(path.dirname(target), `${path.basename(target)}${TEMPORARY_MARK}${process.pid}-${Date.now()}`)
}

export async function writeFileAtomically(file: string, content: string | Uint8Array): Promise<void> {
  await writeAtomically(file, 'file', (temporary) => writeFile(temporary, content))
}

export interface FolderOptions {
  /** Files of the previous folder carried into the new one (pictures another command wrote there). */
  keep?: RegExp
}

/** Fills a new folder and swaps it in whole for `target`, which must be talkdeck's own if it exists. */
export async function writeFolderAtomically(target: string, fill: (folder: string) => Promise<void>, options: FolderOptions = {}): Promise<void> {
  await writeAtomically(target, 'folder', async (temporary, existing) => {
    await mkdir(temporary)
    await fill(temporary)
    const { keep } = options
    if (keep && existing === 'folder') {
      for (const name of (await readdir(target)).filter((name) => keep.test(name))) await copyFile(path.join(target, name), path.join(temporary, name))
    }
    await writeFile(path.join(temporary, OUTPUT_MARKER), MARKER_TEXT)
  })
}

/**
 * Makes `target` a folder of talkdeck's to write single files into (the pictures of a deck): created
 * with the marker if missing, refused if it is anything talkdeck did not write.
 */
export async function ensureOutputFolder(target: string): Promise<void> {
  const existing = await whatIsAt(target)
  const refusal = refuseToReplace(target, 'folder', existing, existing === 'folder' && (await isMarked(target)))
  if (refusal) throw new OutputError(refusal)
  if (existing === 'none') await writeFolderAtomically(target, async () => {})
}

async function isMarked(folder: string): Promise<boolean> {
  return (await whatIsAt(path.join(folder, OUTPUT_MARKER))) === 'file'
}

async function writeAtomically(target: string, kind: 'file' | 'folder', write: (temporary: string, existing: Entry) => Promise<void>): Promise<void> {
  const existing = await whatIsAt(target)
  const refusal = refuseToReplace(target, kind, existing, existing === 'folder' && (await isMarked(target)))
  if (refusal) throw new OutputError(refusal)
  await makeFolders(path.dirname(target), target)
  const temporary = temporaryName(target)
  try {
    await removeLeftovers(path.dirname(target))
    await write(temporary, existing)
    if (existing === 'folder') {
      // A folder cannot be renamed over another: move the old one aside, then drop it.
      const previous = `${temporary}-old`
      await rename(target, previous)
      await rename(temporary, target)
      await rm(previous, { recursive: true, force: true })
    } else {
      await rename(temporary, target)
    }
  } catch (error) {
    await removeAfterFailure(temporary)
    throw new OutputError(`could not write ${target}: ${describeFileError(error)}`, { cause: error })
  }
}

/**
 * Makes `folder` and its missing parents one at a time, so that a failure names the folder that
 * could not be made and why: a recursive mkdir says ENOENT on a read-only file system, and a file
 * in the way (`--out notes.txt/dist`) is best named as that file.
 */
async function makeFolders(folder: string, target: string): Promise<void> {
  const missing: string[] = []
  let existing = folder
  for (;;) {
    const found = await stat(existing).catch(() => undefined)
    if (found) {
      if (!found.isDirectory()) throw new OutputError(`could not write ${target}: ${existing} is not a folder; choose another --out`)
      break
    }
    missing.unshift(existing)
    existing = path.dirname(existing)
  }
  for (const parent of missing) {
    try {
      await mkdir(parent)
    } catch (error) {
      // Made meanwhile by another run writing beside this one.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue
      throw new OutputError(`could not write ${target}: could not make the folder ${parent}: ${describeFileError(error)}`, { cause: error })
    }
  }
}

/** Drops what a failed write made; the failure itself is what the user needs to hear, not a failed cleanup. */
async function removeAfterFailure(temporary: string): Promise<void> {
  await rm(temporary, { recursive: true, force: true }).catch(() => undefined)
}

type Entry = 'none' | 'file' | 'folder' | 'link' | 'other'

async function whatIsAt(file: string): Promise<Entry> {
  try {
    const info = await lstat(file)
    return info.isSymbolicLink() ? 'link' : info.isDirectory() ? 'folder' : info.isFile() ? 'file' : 'other'
  } catch {
    // Not there (or a part of the path is a file: the write itself fails and says so).
    return 'none'
  }
}

function refuseToReplace(target: string, kind: 'file' | 'folder', existing: Entry, marked: boolean): string | undefined {
  const keep = 'talkdeck replaces only what it wrote: move it away or choose another --out'
  if (existing === 'none') return undefined
  if (existing === 'link') return `${target} is a symbolic link; ${keep}`
  if (existing === 'other') return `${target} is a FIFO, socket or device; ${keep}`
  if (kind === 'file' && existing === 'folder') return `${target} is a folder where talkdeck writes a file; ${keep}`
  if (kind === 'folder' && existing === 'file') return `${target} is a file where talkdeck writes a folder; ${keep}`
  if (kind === 'folder' && !marked) return `${target} is a folder talkdeck did not write (it has no ${OUTPUT_MARKER} file); ${keep}`
  return undefined
}

/** Folders already cleaned by this process. */
const cleaned = new Set<string>()

/**
 * Removes temporary files and folders that a killed talkdeck left in `folder`: those whose process
 * is gone. A run still writing (this one, or another at the same time) keeps its own.
 */
async function removeLeftovers(folder: string): Promise<void> {
  if (cleaned.has(folder)) return
  cleaned.add(folder)
  for (const name of await readdir(folder).catch(() => [])) {
    const pid = Number(LEFTOVER.exec(name)?.[1])
    if (pid && !isRunning(pid)) await rm(path.join(folder, name), { recursive: true, force: true })
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
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
    await removeAfterFailure(created ? target : temporary)
    throw new OutputError(`could not write ${target}: ${describeFileError(error)}`, { cause: error })
  }
}
