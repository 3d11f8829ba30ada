/**
 * A page set with `setContent` is loaded once its linked stylesheets have arrived, not only once it
 * says `complete`: in a fresh renderer on a busy machine, Chromium sometimes said `complete` before
 * talkdeck.css and the theme had arrived, and the wait for fonts and the overflow measurement then
 * saw a page without fonts or theme. Here a stylesheet is linked as the page loads and served late,
 * which puts the page in that state every time.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowser, type BrowserSession } from '../src/browser/session.js'

describe('setContent', () => {
  let server: Server
  let origin: string
  let session: BrowserSession

  beforeAll(async () => {
    server = createServer((request, response) => {
      const css = request.url === '/broken.css' ? undefined : 'body { color: rgb(1, 2, 3) }'
      setTimeout(() => {
        if (css) response.writeHead(200, { 'content-type': 'text/css' }).end(css)
        else response.destroy()
      }, 500)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    session = startBrowser({ pages: 1, allowNetwork: true })
  }, 60_000)
  afterAll(async () => {
    await session?.close()
    server?.close()
  })

  /** A page that links `file` when its `load` event fires, so that it is `complete` before the stylesheet is there. */
  const linkingOnLoad = (file: string) =>
    `<!doctype html><html><head><script>addEventListener('load', () => document.head.append(Object.assign(document.createElement('link'), { rel: 'stylesheet', href: '${origin}/${file}' })))</script></head><body>text</body></html>`

  it('resolves once a stylesheet still on its way after the load event has arrived', async () => {
    const color = await session.withPage(async (page) => {
      await page.setContent(linkingOnLoad('late.css'))
      return page.evaluate(() => getComputedStyle(document.body).color)
    })
    expect(color).toBe('rgb(1, 2, 3)')
  }, 60_000)

  it('resolves too when that stylesheet fails to load', async () => {
    const sheets = await session.withPage(async (page) => {
      await page.setContent(linkingOnLoad('broken.css'))
      return page.evaluate(() => Array.from(document.querySelectorAll('link')).map((link) => link.sheet !== null))
    })
    expect(sheets).toEqual([true])
  }, 60_000)
})
