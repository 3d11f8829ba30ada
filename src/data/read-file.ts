/**
 * Reads a user's file as text, refusing what is not a regular file before opening it: a folder, a
 * FIFO or a device (reading one would hang), a dangling symlink or a loop — each as a problem at
 * that file, never an exception. A file reached through a symlink is judged by where it really is:
 * a project's files must stay inside the folders it may read (see `Project.allowed`).
 */
import { constants, lstatSync, realpathSync, statSync, type Stats } from 'node:fs'
import { open } from 'node:fs/promises'
import path from 'node:path'
import { failure, type Problem, type Result } from '../errors.js'
import { LIMITS } from '../defaults.js'

/** Whether `file` is `folder` or inside it (both absolute). */
export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file)
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative))
}

/** Why a file cannot be used: `missing` (not there), `outside` (beyond the allowed folders) or `unreadable`. */
export interface FileProblem {
  kind: 'missing' | 'outside' | 'unreadable'
  /** Said after the file's name and a colon: "a folder, not a file". */
  message: string
}

/**
 * Why `file` cannot be used as a file of the project, or `undefined` when it can. `allowed` lists
 * the real paths of the folders it may be in; without it any place will do (a file the user named
 * on the command line).
 */
export function fileProblem(file: string, allowed?: readonly string[]): FileProblem | undefined {
  // Where it is first, whether it exists or not: a missing file outside says nothing of what is there.
  if (allowed) {
    const real = realPathOf(file)
    if (!allowed.some((folder) => isInside(real, folder))) return outsideProblem(file, real)
  }
  let info: Stats
  try {
    info = statSync(file)
  } catch (error) {
    return describeStatError(error, file)
  }
  if (info.isDirectory()) return { kind: 'unreadable', message: 'a folder, not a file' }
  if (!info.isFile()) return { kind: 'unreadable', message: 'a FIFO, socket or device, not a regular file; it is not read' }
  return undefined
}

/**
 * The real path of `file` through the part of it that exists: every symbolic link on the way is
 * followed, and what does not exist yet is kept as written.
 */
export function realPathOf(file: string): string {
  let existing = path.resolve(file)
  const rest: string[] = []
  for (;;) {
    try {
      return path.join(realpathSync(existing), ...rest)
    } catch {
      // Missing, a dangling link or a loop: judge it by the folder it is in.
      const parent = path.dirname(existing)
      if (parent === existing) return path.resolve(file)
      rest.unshift(path.basename(existing))
      existing = parent
    }
  }
}

/** A file that resolves outside the folders a project may read; `real` is where a link leads. */
const outsideProblem = (file: string, real: string): FileProblem => ({
  kind: 'outside',
  message: `outside the project${real === path.resolve(file) ? '' : ` (a link to ${real})`}; talkdeck reads only the project's own files (allow another folder with --allow-path DIR)`,
})

function describeStatError(error: unknown, file: string): FileProblem {
  const code = (error as NodeJS.ErrnoException).code
  const unreadable = (message: string): FileProblem => ({ kind: 'unreadable', message })
  if (code === 'ELOOP') return unreadable('a symbolic link loop: the link points back at itself')
  if (code === 'ENOENT') {
    let link = false
    try {
      link = lstatSync(file).isSymbolicLink()
    } catch {
      // Not there at all.
    }
    return link ? unreadable('a dangling symbolic link: the file it points to does not exist') : { kind: 'missing', message: 'not found' }
  }
  if (code === 'EACCES' || code === 'EPERM') return unreadable('not readable (permission denied)')
  if (code === 'ENOTDIR') return { kind: 'missing', message: 'not found (a part of its path is a file, not a folder)' }
  if (code === 'ENAMETOOLONG') return { kind: 'missing', message: 'not found (the path is too long)' }
  return unreadable(`unreadable (${code ?? String(error)})`)
}

/**
 * Why a file a deck or dataset names cannot be used, as a problem message. `what` names it ("logo
 * file"), `hint` says what its path is relative to.
 */
export function describeFileProblem(what: string, file: string, why: FileProblem, hint: string): string {
  return why.kind === 'missing' ? `${what} not found: ${file} (${hint})` : `${what} ${file}: ${why.message}`
}

/** The `code` of a Problem about a file, by kind. */
export const PROBLEM_CODES: Record<FileProblem['kind'], string> = { missing: 'missing-file', outside: 'outside-project', unreadable: 'unreadable-file' }

export interface ReadOptions {
  /** Real paths of the folders the file may be in (see `fileProblem`). */
  allowed?: readonly string[]
  /** @default LIMITS.fileBytes */
  maxBytes?: number
}

export async function readTextFile(absolutePath: string, display: string, options: ReadOptions = {}): Promise<Result<string>> {
  const maxBytes = options.maxBytes ?? LIMITS.fileBytes
  const problem = (message: string, code = 'unreadable-file'): Result<string> => failure([{ severity: 'error', code, file: display, message } satisfies Problem])
  const why = fileProblem(absolutePath, options.allowed)
  if (why) return problem(why.kind === 'missing' ? 'file not found' : `cannot read the file: it is ${why.message}`, PROBLEM_CODES[why.kind])
  try {
    // Opened without blocking (a FIFO swapped in since the check would wait for a writer) and
    // checked again through the handle: what was checked is what is read.
    const handle = await open(absolutePath, constants.O_RDONLY | constants.O_NONBLOCK)
    try {
      const info = await handle.stat()
      if (!info.isFile()) return problem('the file is not a regular file; it is not read')
      if (info.size > maxBytes) return problem(`the file is ${(info.size / 1024 / 1024).toFixed(1)} MB; at most ${maxBytes / 1024 / 1024} MB is read`, 'limit')
      const bytes = await handle.readFile()
      const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
      return { ok: true, value: text.replace(/^\uFEFF/, ''), problems: [] }
    } finally {
      await handle.close()
    }
  } catch (error) {
    if (error instanceof TypeError) return problem('the file is not valid UTF-8 text; save it as UTF-8', 'encoding')
    return problem(`cannot read the file: it is ${describeStatError(error, absolutePath).message}`)
  }
}
