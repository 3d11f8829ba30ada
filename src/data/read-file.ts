/**
 * Reads a user's file as text, refusing what is not a regular file before opening it: a folder, a
 * FIFO or a device (reading one would hang), a dangling symlink or a loop — each as a problem at
 * that file, never an exception.
 */
import { lstat, open, stat } from 'node:fs/promises'
import { failure, type Problem, type Result } from '../errors.js'

/** Above this a YAML file is refused: no talk needs it, and parsing it would take long. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024

export async function readTextFile(absolutePath: string, display: string, maxBytes = MAX_FILE_BYTES): Promise<Result<string>> {
  const problem = (message: string, code = 'unreadable-file'): Result<string> => failure([{ severity: 'error', code, file: display, message } satisfies Problem])
  let info: Awaited<ReturnType<typeof stat>>
  try {
    info = await stat(absolutePath)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ELOOP') return problem('symbolic link loop: the link points back at itself')
    if (code === 'ENOENT') {
      const link = await lstat(absolutePath).catch(() => undefined)
      if (link?.isSymbolicLink()) return problem('dangling symbolic link: the file it points to does not exist')
      return problem('file not found', 'missing-file')
    }
    if (code === 'EACCES' || code === 'EPERM') return problem('permission denied')
    if (code === 'ENOTDIR') return problem('a part of the path is a file, not a folder')
    throw error
  }
  if (info.isDirectory()) return problem('expected a file, found a folder')
  if (!info.isFile()) return problem('expected a regular file, found a special file (FIFO, socket or device); it was not read')
  if (info.size > maxBytes) return problem(`the file is ${(info.size / 1024 / 1024).toFixed(1)} MB; at most ${maxBytes / 1024 / 1024} MB is read`, 'limit')
  try {
    // Opened and read as one handle: what was checked above is what is read.
    const handle = await open(absolutePath, 'r')
    try {
      const bytes = await handle.readFile()
      const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
      return { ok: true, value: text.replace(/^\uFEFF/, ''), problems: [] }
    } finally {
      await handle.close()
    }
  } catch (error) {
    if (error instanceof TypeError) return problem('the file is not valid UTF-8 text; save it as UTF-8', 'encoding')
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EACCES' || code === 'EPERM') return problem('permission denied')
    if (code === 'EISDIR') return problem('expected a file, found a folder')
    throw error
  }
}
