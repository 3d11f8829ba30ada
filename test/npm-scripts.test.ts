import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO, tempDir } from './helpers.js'

/** The README's commands go through npm scripts; a package's own bin is not on their PATH. */
function npmRun(script: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['run', '-s', script, '--', ...args], { cwd: REPO }, (error, _stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stderr })
    })
  })
}

describe('npm scripts from the README', () => {
  it('npm run build writes the decks and the index', async () => {
    const out = tempDir()
    try {
      const run = await npmRun('build', ['--out', out.dir])
      expect(run.code, run.stderr).toBe(0)
      expect(existsSync(path.join(out.dir, 'index.html'))).toBe(true)
      expect(existsSync(path.join(out.dir, 'conference', 'index.html'))).toBe(true)
    } finally {
      out.cleanup()
    }
  })

  it('npm run export writes a PDF per deck', async () => {
    const out = tempDir()
    try {
      const run = await npmRun('export', ['lightning', '--out', out.dir])
      expect(run.code, run.stderr).toBe(0)
      expect(existsSync(path.join(out.dir, 'lightning.pdf'))).toBe(true)
    } finally {
      out.cleanup()
    }
  })
})
