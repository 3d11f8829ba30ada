/**
 * The first thing `talkdeck export` does: start its browser, before the rest of talkdeck is even
 * loaded. A browser takes longer to start (0.3–0.8 s) than talkdeck takes to load and render a
 * deck, so the two overlap; loading the CLI first cost a quarter of a second of every export.
 * This file is light on purpose: it imports the browser session, the browser options and the
 * format registry (whose writers load when they write), nothing of the stages.
 */
import { parseArgs } from 'node:util'
import { startBrowser, type BrowserSession } from './browser/session.js'
import { BROWSER_OPTIONS, launchOptionsOf } from './commands/browser-options.js'
import { resolveFormats } from './export/formats/registry.js'

/**
 * Starts the browser `talkdeck export …` will use, from the same options the CLI reads; nothing
 * for another command, for --help, for formats drawn without a browser (`--format md`), or for
 * options the CLI will refuse (it says why).
 */
export function startExportBrowser(argv: string[]): BrowserSession | undefined {
  const [command, ...rest] = argv
  if (command !== 'export') return undefined
  try {
    const { values } = parseArgs({
      args: rest,
      options: { ...BROWSER_OPTIONS, 'allow-network': { type: 'boolean' }, concurrency: { type: 'string' }, format: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: false,
    })
    const formats = resolveFormats((values.format ?? []).filter((value) => typeof value === 'string'))
    if (values.help || !formats.some((format) => format.needsBrowser)) return undefined
    return startBrowser(launchOptionsOf(values))
  } catch {
    return undefined
  }
}
