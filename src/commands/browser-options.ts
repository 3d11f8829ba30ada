/**
 * The options of every command that uses a browser, and how they become launch options. Light on
 * purpose: src/cli-start.ts reads them to start an export's browser before the rest loads.
 */
import type { LaunchOptions } from '../browser/session.js'
import { DEFAULTS } from '../defaults.js'
import { ConfigError } from '../errors.js'

export const BROWSER_OPTIONS = {
  browser: { type: 'string', value: 'PATH', help: 'the Chrome/Chromium to use (default: TALKDECK_BROWSER, CHROME_PATH, install paths, PATH)' },
  'browser-timeout': { type: 'string', value: 'SECONDS', help: `how long the browser may take to start, and a page to load (default: ${DEFAULTS.browserTimeoutSeconds})` },
} as const

/** Option values as parseArgs gives them, before a command reads them with its own types. */
type RawValues = Record<string, string | boolean | (string | boolean)[] | undefined>

/** A whole number option within bounds; anything else is a ConfigError (exit 2), never NaN. */
export function wholeNumber(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`)
  }
  return Number(raw)
}

const text = (value: RawValues[string]): string | undefined => (typeof value === 'string' ? value : undefined)

/** The browser the options ask for: --browser, --browser-timeout, and for export --allow-network and --concurrency. */
export function launchOptionsOf(values: RawValues): LaunchOptions {
  return {
    explicit: text(values.browser),
    timeoutSeconds: wholeNumber(text(values['browser-timeout']), 'browser-timeout', DEFAULTS.browserTimeoutSeconds, 1, 3600),
    allowNetwork: values['allow-network'] === true,
    pages: wholeNumber(text(values.concurrency), 'concurrency', DEFAULTS.concurrency, 1, 16),
  }
}
