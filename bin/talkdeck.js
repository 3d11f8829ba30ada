#!/usr/bin/env node
// An export's browser starts first, while the rest of talkdeck loads (see src/cli-start.ts).
import { startExportBrowser } from '../lib/cli-start.js'

const argv = process.argv.slice(2)
const browser = startExportBrowser(argv)
try {
  const { main } = await import('../lib/cli.js')
  process.exitCode = await main(argv, undefined, browser)
} finally {
  await browser?.close()
}
