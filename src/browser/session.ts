import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { DEFAULTS, SLIDE_SIZES } from '../defaults.js'
import { BrowserError } from '../errors.js'
import type { SlideSize } from '../deck/types.js'
import { findBrowser, type FindBrowserOptions } from './find-browser.js'
import { applyNetworkPolicy, type NetworkPolicy } from './network.js'

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

/** One browser for a whole run: pages come and go, the browser closes once (also via `await using`). */
export interface BrowserSession extends AsyncDisposable {
  executablePath: string
  /**
   * Runs `use` with a fresh page of the given viewport that is closed afterwards, whatever happens.
   * `scale` is the device pixel ratio: screenshots come out that many times the viewport's size.
   */
  withPage<T>(use: (page: Page) => Promise<T>, viewport?: SlideSize, scale?: number): Promise<T>
  close(): Promise<void>
}

export interface LaunchOptions extends FindBrowserOptions, NetworkPolicy {}

/** Launches one browser for a whole run. Close it in `finally`, or hold it with `await using`. */
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
  // One context per pixel ratio (it is fixed when a context is made), each with the network policy.
  const contexts = new Map<number, Promise<BrowserContext>>()
  const contextFor = (scale: number) => {
    let context = contexts.get(scale)
    if (!context) {
      context = browser.newContext({ deviceScaleFactor: scale }).then(async (made) => {
        await applyNetworkPolicy(made, options)
        return made
      })
      contexts.set(scale, context)
    }
    return context
  }
  try {
    await contextFor(1)
  } catch (error) {
    await browser.close()
    throw error
  }
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    await browser.close().catch(() => undefined)
  }
  return {
    executablePath,
    async withPage(use, viewport = SLIDE_SIZES[DEFAULTS.slideSize], scale = 1) {
      const page = await (await contextFor(scale)).newPage()
      try {
        await page.setViewportSize(viewport)
        return await use(page)
      } finally {
        await page.close().catch(() => undefined)
      }
    },
    close,
    [Symbol.asyncDispose]: close,
  }
}
