import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Page } from 'playwright-core'
import { InterruptedError } from '../errors.js'
import { DEFAULTS } from '../defaults.js'
import { launchBrowser, type BrowserSession, type LaunchOptions } from './session.js'

export interface BatchContext {
  session: BrowserSession
  /** A temporary folder for this run, removed when the batch ends. */
  workDir: string
  /** Remote requests the browser blocked for a page, taken once. */
  takeBlockedRequests(page: Page): string[]
}

export interface BatchOptions {
  browser?: LaunchOptions
  /** Items handled at the same time, each in its own page of the one browser. @default 2 */
  concurrency?: number
  onBrowser?: (executablePath: string, seconds: number) => void
}

/**
 * Runs `work` for every item with one browser for the whole batch, a few pages at a time. The
 * browser and the temporary folder are gone when this returns — also after an exception and on
 * SIGINT/SIGTERM, in which case it throws InterruptedError once the browser is closed.
 */
export async function runBrowserBatch<T, R>(items: T[], options: BatchOptions, work: (item: T, context: BatchContext) => Promise<R>, onResult?: (result: R) => void): Promise<R[]> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'talkdeck-export-'))
  let session: BrowserSession | undefined
  let interrupted: string | undefined
  const blocked = new Map<Page, string[]>()
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = signal
    void session?.close()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    const launchStart = performance.now()
    session = await launchBrowser({
      ...options.browser,
      onBlockedRequest: (url, page) => blocked.set(page, [...(blocked.get(page) ?? []), url]),
    })
    if (interrupted) throw new InterruptedError(interrupted)
    options.onBrowser?.(session.executablePath, (performance.now() - launchStart) / 1000)
    const context: BatchContext = {
      session,
      workDir,
      takeBlockedRequests(page) {
        const urls = blocked.get(page) ?? []
        blocked.delete(page)
        return urls
      },
    }
    const results: R[] = new Array(items.length)
    let next = 0
    const worker = async () => {
      while (next < items.length && !interrupted) {
        const index = next++
        const result = await work(items[index] as T, context)
        if (interrupted) break
        results[index] = result
        onResult?.(result)
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? DEFAULTS.concurrency, items.length)) }, worker))
    if (interrupted) throw new InterruptedError(interrupted)
    return results
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    await session?.close()
    await rm(workDir, { recursive: true, force: true })
  }
}

