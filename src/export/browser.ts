import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { BrowserError } from '../errors.js'
import { findBrowser, type FindBrowserOptions } from './find-browser.js'

/**
 * Flags for a quiet, local-only headless Chromium. On a closed network Chromium otherwise keeps
 * trying to reach Google's services, and each refused connection costs time.
 */
const CHROMIUM_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-sync',
  '--disable-extensions',
  '--disable-gpu',
  '--no-first-run',
  '--no-default-browser-check',
  '--metrics-recording-only',
  '--mute-audio',
  '--font-render-hinting=none',
]

/** The sandbox cannot start as root or in most containers; everywhere else it stays on. */
export function needsNoSandbox(): boolean {
  return process.getuid?.() === 0 || existsSync('/.dockerenv') || existsSync('/run/.containerenv')
}

export interface BrowserSession {
  executablePath: string
  /** Runs `use` with a fresh page that is closed afterwards, whatever happens. */
  withPage<T>(use: (page: Page) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export interface LaunchOptions extends FindBrowserOptions {
  /** Let pages load remote URLs; by default only file:// and local URLs load. */
  allowNetwork?: boolean
  /** Called once per blocked request. */
  onBlockedRequest?: (url: string, page: Page) => void
}

/** Launches one browser for a whole run. Callers close it in `finally`. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<BrowserSession> {
  const { path: executablePath } = findBrowser(options)
  let browser: Browser
  try {
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: needsNoSandbox() ? [...CHROMIUM_ARGS, '--no-sandbox'] : CHROMIUM_ARGS,
      // talkdeck closes the browser itself on signals, after removing partial files.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    })
  } catch (error) {
    throw new BrowserError(`could not start the browser at ${executablePath}: ${(error as Error).message.split('\n')[0]}`, { cause: error })
  }
  let context: BrowserContext
  try {
    context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
    if (!options.allowNetwork) {
      await context.route(/^(https?|wss?|ftp):\/\//i, async (route) => {
        const url = route.request().url()
        if (/^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//i.test(url)) return route.continue()
        const page = route.request().frame().page()
        options.onBlockedRequest?.(url, page)
        await route.abort('blockedbyclient')
      })
    }
  } catch (error) {
    await browser.close()
    throw error
  }
  let closed = false
  return {
    executablePath,
    async withPage(use) {
      const page = await context.newPage()
      try {
        return await use(page)
      } finally {
        await page.close().catch(() => undefined)
      }
    },
    async close() {
      if (closed) return
      closed = true
      await browser.close().catch(() => undefined)
    },
  }
}
