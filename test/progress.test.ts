/**
 * Progress of long work: a live bar on a terminal, redrawn in place; nothing at all when the output
 * is piped or in CI, where the commands print their summary lines instead.
 */
import { execFile, execFileSync } from 'node:child_process'
import { Writable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { createProgress } from '../src/progress.js'
import { REPO, runCli, tempDir } from './helpers.js'

/** A stream that says it is a terminal of 100×24 and keeps what is written to it. */
function terminal(): { stream: NodeJS.WriteStream; written: () => string } {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk))
      callback()
    },
  }) as unknown as NodeJS.WriteStream
  Object.assign(stream, { isTTY: true, columns: 100, rows: 24 })
  return { stream, written: () => chunks.join('') }
}

const ERASE_LINE = '\u001b[2K'

describe('createProgress', () => {
  it('draws a bar on a terminal, keeps logged lines and clears the bar at the end', async () => {
    const { stream, written } = terminal()
    const progress = await createProgress(stream, {})
    expect(progress.live).toBe(true)
    progress.update(1, 4, 'decks exported')
    progress.log('✓ briefing')
    progress.update(2, 4, 'decks exported')
    progress.end()
    const output = written()
    expect(output).toContain('█████░░░░░░░░░░░░░░░ 1/4 decks exported')
    expect(output).toContain('██████████░░░░░░░░░░ 2/4 decks exported')
    expect(output).toContain('✓ briefing\n')
    expect(output).toContain(ERASE_LINE)
  })

  it('writes nothing in CI or when the output is not a terminal', async () => {
    const ci = terminal()
    const inCi = await createProgress(ci.stream, { CI: 'true' })
    inCi.update(1, 2, 'decks exported')
    inCi.log('✓ briefing')
    expect(inCi.live).toBe(false)
    expect(ci.written()).toBe('')
    const piped = terminal()
    Object.assign(piped.stream, { isTTY: false })
    const whenPiped = await createProgress(piped.stream, {})
    whenPiped.update(1, 2, 'decks exported')
    expect(piped.written()).toBe('')
  })
})

const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

/** Runs the CLI under a pseudo-terminal of 24 rows (util-linux `script`), as a person at a terminal would. */
function runOnTerminal(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const command = `stty rows 24 cols 120; node bin/talkdeck.js ${args.join(' ')}`
  return new Promise((resolve) => {
    execFile('script', ['-qec', command, '/dev/null'], { cwd: REPO, env: { ...process.env, ...env }, maxBuffer: 8 * 1024 * 1024 }, (_error, stdout) => resolve(stdout))
  })
}

describe('talkdeck export --format png on a terminal', () => {
  const out = tempDir()
  afterAll(() => out.cleanup())

  it.skipIf(!hasScript)('shows the bar and each slide as its picture is taken, and says nothing of it in CI', async () => {
    const env = { CI: '' }
    const live = await runOnTerminal(['export', 'lightning', '--format', 'png', '--out', out.dir], env)
    expect(live).toContain('0/1 decks exported (png)')
    expect(live).toMatch(/lightning: slide 1 of \d+/)
    expect(live).toContain('1/1 decks exported (png)')
    expect(live).toContain(ERASE_LINE)
    const inCi = await runOnTerminal(['export', 'lightning', '--format', 'png', '--out', out.dir], { CI: 'true' })
    expect(inCi).not.toContain('decks exported')
    expect(inCi).not.toContain(ERASE_LINE)
    expect(inCi).toContain('exported lightning →')
  }, 240_000)

  it('prints only the summary when the output is piped', async () => {
    const run = await runCli(['export', 'lightning', '--format', 'png', '--out', out.dir])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).not.toContain('\u001b[')
    expect(run.stderr).not.toContain('█')
    expect(run.stderr).toMatch(/exported lightning → .*\*\.png \(\d+ pictures\)/)
  })
})
