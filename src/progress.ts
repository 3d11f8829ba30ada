/**
 * Progress of long work (a batch export, the themes gallery, PNG export) on a terminal: one live
 * line with a bar, redrawn in place by log-update, above which finished items stay. Off the
 * terminal — piped, in a log file, in CI — it writes nothing at all: the command's own summary
 * lines are what such readers get.
 */
export interface Progress {
  /** Whether anything is shown: a command prints its own summary lines when not. */
  live: boolean
  /** Moves the bar: `done` of `total` finished, `text` being worked on. */
  update(done: number, total: number, text: string): void
  /** A line that stays, printed above the live line (a finished deck, a failure). */
  log(text: string): void
  /** Removes the live line. */
  end(): void
}

const BAR_WIDTH = 20

export const QUIET: Progress = { live: false, update() {}, log() {}, end() {} }

/**
 * Live progress on `stream` when it is a terminal and not CI's; otherwise none. log-update is
 * loaded only for a terminal: it sets up Unicode segmentation as it loads (0.05 s), which a piped
 * export would spend while its browser starts.
 */
export async function createProgress(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): Promise<Progress> {
  if (!stream.isTTY || env.CI) return QUIET
  const { createLogUpdate } = await import('log-update')
  const render = createLogUpdate(stream, { showCursor: true })
  let current = ''
  return {
    live: true,
    update(done, total, text) {
      const filled = total > 0 ? Math.round((done / total) * BAR_WIDTH) : 0
      current = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${done}/${total} ${text}`
      render(current)
    },
    log(text) {
      render.clear()
      stream.write(`${text}\n`)
      if (current) render(current)
    },
    end() {
      render.clear()
      current = ''
    },
  }
}
