import { DEFAULTS } from '../defaults.js'
import { InterruptedError } from '../errors.js'
import type { BrowserPage } from './page.js'
import { startBrowser, type BrowserSession, type LaunchOptions } from './session.js'

export interface BatchContext {
  session: BrowserSession
  /** A temporary folder for this run, removed when the session closes. */
  workDir: string
  /** Requests to other machines the browser blocked for a page, taken once. */
  takeBlockedRequests(page: BrowserPage): string[]
}

/** The context of work done with `session`, in its temporary folder. */
export function batchContext(session: BrowserSession): BatchContext {
  return { session, workDir: session.workDir, takeBlockedRequests: (page) => session.takeBlockedRequests(page) }
}

export interface BatchOptions {
  browser?: LaunchOptions
  /**
   * A browser the caller started already — early, so that it starts while the decks load. The
   * batch uses it and leaves closing it to the caller; without one the batch starts its own.
   */
  session?: BrowserSession
  /** Pages of the one browser in use at the same time. @default DEFAULTS.concurrency */
  concurrency?: number
  onBrowser?: (executablePath: string, seconds: number) => void
}

/**
 * Runs `work` for every item with one browser for the whole batch. Items start while the browser
 * is still starting (their pages wait for it), one more at a time than there are pages once a
 * page is in use, so that rendering the next item overlaps printing the last. A browser that does
 * not start fails the batch. The browser and its temporary folder are gone when this returns —
 * also after an exception, and on SIGINT/SIGTERM, in which case it throws InterruptedError.
 */
export async function runBrowserBatch<T, R>(items: T[], options: BatchOptions, work: (item: T, context: BatchContext) => Promise<R>, onResult?: (result: R) => void): Promise<R[]> {
  const concurrency = options.concurrency ?? DEFAULTS.concurrency
  const session = options.session ?? startBrowser({ ...options.browser, pages: concurrency })
  const context = batchContext(session)
  try {
    const started = session.ready.then((seconds) => options.onBrowser?.(session.executablePath, seconds))
    const results: R[] = new Array(items.length)
    let next = 0
    const worker = async () => {
      while (next < items.length && !session.interrupted) {
        const index = next++
        const result = await work(items[index] as T, context)
        if (session.interrupted) break
        results[index] = result
        onResult?.(result)
      }
    }
    // A worker per page starts at once. The one more, which renders the next item while the pages
    // print, starts once a page is in use: started with them, its rendering held up the first page
    // whenever the browser was ready first (chrome-headless-shell; 0.07 s of three decks).
    const workers = Math.max(1, Math.min(concurrency + 1, items.length))
    const working = Promise.all(Array.from({ length: workers }, (_, index) => (index < concurrency ? worker() : session.pageInUse.then(worker))))
    // Whichever fails first is reported; the other must not be an unhandled rejection.
    working.catch(() => undefined)
    // After a signal, whatever broke on the way is the interruption.
    const interruption = (error: unknown) => (session.interrupted ? new InterruptedError(session.interrupted) : error)
    try {
      await started
    } catch (error) {
      await working.catch(() => undefined)
      throw interruption(error)
    }
    try {
      await working
    } catch (error) {
      throw interruption(error)
    }
    if (session.interrupted) throw new InterruptedError(session.interrupted)
    return results
  } finally {
    if (!options.session) await session.close()
  }
}
