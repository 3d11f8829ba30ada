/**
 * The first thing `talkdeck export` does: start its browser, before the rest of talkdeck is even
 * loaded. A browser takes longer to start (0.3–0.8 s) than talkdeck takes to load and render a
 * deck, so the two overlap; loading the CLI first cost a quarter of a second of every export.
 * This file is light on purpose: it imports the browser session and nothing of the stages.
 */
import { parseArgs } from 'node:util'
import { startBrowser, type BrowserSession, type LaunchOptions } from './browser/session.js'
import { DEFAULTS } from './defaults.js'
import { ConfigError } from './errors.js'

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>

/** The options of every command that uses a browser. */
export const BROWSER_OPTIONS = {
  browser: { type: 'string', value: 'PATH', help: 'the Chrome/Chromium to use (default: TALKDECK_BROWSER, CHROME_PATH, install paths, PATH)' },
  'browser-timeout': { type: 'string', value: 'SECONDS', help: `how long the browser may take to start, and a page to load (default: ${DEFAULTS.browserTimeoutSeconds})` },
} as const

const text = (value: Values[string]): string | undefined => (typeof value === 'string' ? value : undefined)

export function wholeNumber(values: Values, name: string, fallback: number, min: number, max: number): number {
  const raw = text(values[name])
  if (raw === undefined) return fallback
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`)
  }
  return Number(raw)
}

/** The browser the options ask for: --browser, --browser-timeout, and for export --allow-network and --concurrency. */
export function launchOptionsOf(values: Values): LaunchOptions {
  return {
    explicit: text(values.browser),
    timeoutSeconds: wholeNumber(values, 'browser-timeout', DEFAULTS.browserTimeoutSeconds, 1, 3600),
    allowNetwork: values['allow-network'] === true,
    pages: wholeNumber(values, 'concurrency', DEFAULTS.concurrency, 1, 16),
  }
}

/**
 * Starts the browser `talkdeck export …` will use, from the same options the CLI reads; nothing
 * for another command, for --help, or for options the CLI will refuse (it says why).
 */
export function startExportBrowser(argv: string[]): BrowserSession | undefined {
  const [command, ...rest] = argv
  if (command !== 'export') return undefined
  try {
    const { values } = parseArgs({
      args: rest,
      options: { ...BROWSER_OPTIONS, 'allow-network': { type: 'boolean' }, concurrency: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: false,
    })
    return values.help ? undefined : startBrowser(launchOptionsOf(values))
  } catch {
    return undefined
  }
}
