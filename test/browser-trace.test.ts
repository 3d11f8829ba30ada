/**
 * `TALKDECK_DEBUG=cdp`: a real export says each DevTools command it sent, how long the browser took
 * and how many bytes its answer had, on stderr only — stdout stays what a script reads.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fixture, runCli, tempDir } from './helpers.js'

/** `cdp <command> <seconds> s <bytes> B`, as the trace writes a command that was answered. */
const ANSWERED = /^cdp ([A-Za-z]+\.[A-Za-z]+) (\d+\.\d{3}) s (\d+) B$/

describe('TALKDECK_DEBUG=cdp', () => {
  const out = tempDir()
  afterAll(() => out.cleanup())

  it('prints every command of an export with its time and the size of its result, on stderr', async () => {
    const run = await runCli(['export', '--root', fixture('clean-talk'), '--out', out.dir], { env: { TALKDECK_DEBUG: 'cdp' } })
    expect(run.code, run.stderr).toBe(0)
    const answered = run.stderr.split('\n').flatMap((line) => {
      const match = ANSWERED.exec(line)
      return match ? [{ method: match[1], seconds: Number(match[2]), bytes: Number(match[3]) }] : []
    })
    const prints = answered.filter((command) => command.method === 'Page.printToPDF')
    expect(prints.length).toBeGreaterThan(0)
    // The answer holds the PDF in base64: a third larger than the file, for a deck of one part.
    const pdf = readFileSync(path.join(out.dir, 'tea-talk.pdf'))
    expect(Math.max(...prints.map((command) => command.bytes))).toBeGreaterThan(pdf.length)
    expect(prints.every((command) => command.seconds > 0)).toBe(true)
    expect(answered.map((command) => command.method)).toEqual(expect.arrayContaining(['Browser.getVersion', 'Target.attachToTarget', 'Runtime.evaluate']))
    expect(run.stdout).not.toMatch(/^cdp /m)
  }, 120_000)

  it('prints nothing of the kind without it', async () => {
    const run = await runCli(['export', '--root', fixture('clean-talk'), '--out', out.dir], { env: { TALKDECK_DEBUG: '' } })
    expect(run.code, run.stderr).toBe(0)
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/^cdp /m)
  }, 120_000)
})
