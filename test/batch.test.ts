/**
 * The order in which a batch starts its items, with a real browser: one per page at once, and one
 * more — which renders while the pages print — only once a page is in use, so that its rendering
 * never holds up the first page of a browser that was ready first. A browser that fails to start
 * still ends the batch, with its error.
 */
import { chmodSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runBrowserBatch } from '../src/browser/batch.js'
import { startBrowser } from '../src/browser/session.js'
import { tempDir } from './helpers.js'

describe('runBrowserBatch with one page', () => {
  const bin = tempDir()
  afterAll(() => bin.cleanup())

  it('starts the second item once the first has its page, not while the browser starts', async () => {
    const log: string[] = []
    await using session = startBrowser({ pages: 1 })
    const printed = await runBrowserBatch(['a', 'b', 'c'], { session, concurrency: 1 }, async (item, context) => {
      log.push(`render ${item}`)
      return context.session.withPage(async (page) => {
        log.push(`print ${item}`)
        return page.evaluate((name) => `${name} in ${document.readyState}`, item)
      })
    })
    expect(printed).toEqual(['a in complete', 'b in complete', 'c in complete'])
    // Then one item renders while another prints: no order beyond the first is promised.
    expect(log.slice(0, 3)).toEqual(['render a', 'print a', 'render b'])
    expect([...log].sort()).toEqual(['print a', 'print b', 'print c', 'render a', 'render b', 'render c'])
  }, 60_000)

  it('ends with the browser error when the browser does not start', async () => {
    const broken = path.join(bin.dir, 'chrome')
    writeFileSync(broken, '#!/bin/sh\nexit 3\n')
    chmodSync(broken, 0o755)
    await using session = startBrowser({ explicit: broken, pages: 1 })
    const batch = runBrowserBatch(['a', 'b'], { session, concurrency: 1 }, (item, context) => context.session.withPage(async () => item))
    await expect(batch).rejects.toThrow('stopped before it started (exit code 3)')
  }, 60_000)
})
