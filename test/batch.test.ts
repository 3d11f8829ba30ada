/**
 * The order in which a batch starts its items: one per page at once, and one more — which renders
 * while the pages print — only once a page is in use, so that its rendering never holds up the
 * first page of a browser that was ready first. A browser that fails to start still ends the batch.
 */
import { describe, expect, it } from 'vitest'
import { runBrowserBatch } from '../src/browser/batch.js'
import type { BrowserPage } from '../src/browser/page.js'
import type { BrowserSession } from '../src/browser/session.js'
import { BrowserError } from '../src/errors.js'

/** A session with one page whose browser answers when `start` is called (or fails on `fail`). */
function fakeSession(): BrowserSession & { start(): void; fail(): void } {
  let started: (seconds: number) => void = () => undefined
  let failed: (error: Error) => void = () => undefined
  let handedOut: () => void = () => undefined
  const ready = new Promise<number>((resolve, reject) => {
    started = resolve
    failed = reject
  })
  ready.catch(() => undefined)
  const pageInUse = new Promise<void>((resolve) => (handedOut = resolve))
  ready.catch(handedOut)
  let busy: Promise<unknown> = Promise.resolve()
  const session = {
    executablePath: '/fake/chrome',
    workDir: '/fake/work',
    ready,
    pageInUse,
    interrupted: undefined,
    takeBlockedRequests: () => [],
    withPage<T>(use: (page: BrowserPage) => Promise<T>): Promise<T> {
      const turn = busy.then(async () => {
        await ready
        handedOut()
        return use({} as BrowserPage)
      })
      busy = turn.catch(() => undefined)
      return turn
    },
    close: async () => handedOut(),
    [Symbol.asyncDispose]: async () => undefined,
    start: () => started(0.1),
    fail: () => failed(new BrowserError('the browser at /fake/chrome stopped before it started')),
  }
  return session
}

describe('runBrowserBatch with one page', () => {
  it('starts the second item once the first has its page, not while the browser starts', async () => {
    const log: string[] = []
    const session = fakeSession()
    const batch = runBrowserBatch(['a', 'b', 'c'], { session, concurrency: 1 }, async (item, context) => {
      log.push(`render ${item}`)
      return context.session.withPage(async () => {
        log.push(`print ${item}`)
        return item
      })
    })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(log).toEqual(['render a'])
    session.start()
    expect(await batch).toEqual(['a', 'b', 'c'])
    // Then one item renders while another prints: no order beyond the first is promised.
    expect(log.slice(0, 3)).toEqual(['render a', 'print a', 'render b'])
    expect([...log].sort()).toEqual(['print a', 'print b', 'print c', 'render a', 'render b', 'render c'])
  })

  it('ends with the browser error when the browser does not start', async () => {
    const session = fakeSession()
    const batch = runBrowserBatch(['a', 'b'], { session, concurrency: 1 }, (item, context) => context.session.withPage(async () => item))
    session.fail()
    await expect(batch).rejects.toThrow('stopped before it started')
  })
})
