#!/usr/bin/env node
// An export's browser starts first, while the rest of talkdeck loads (see src/cli-start.ts).
// lib/cli-bundle holds the command line bundled with its libraries (see vite.cli.config.ts).
import { startExportBrowser } from '../lib/cli-bundle/cli-start.js'

// A reader that stops early (talkdeck check | head) closes the pipe: the rest of the output goes
// nowhere, and the command still finishes and cleans up, instead of stopping on an EPIPE stack trace.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error
})

const argv = process.argv.slice(2)
const browser = startExportBrowser(argv)
try {
  const { main } = await import('../lib/cli-bundle/cli.js')
  process.exitCode = await main(argv, undefined, browser)
} finally {
  await browser?.close()
}
