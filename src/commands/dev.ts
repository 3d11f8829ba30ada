import { DEFAULTS } from '../defaults.js'
import { EXIT_CODES } from '../errors.js'
import { BROWSER_OPTIONS, launchOptionsOf, wholeNumber } from './browser-options.js'
import { defineCommand, PROJECT } from './command.js'

export const devCommand = defineCommand({
  name: 'dev',
  usage: 'dev [deck]',
  summary: `serve decks with live updates (http://${DEFAULTS.host}:${DEFAULTS.port})`,
  options: {
    ...PROJECT,
    port: { type: 'string', value: 'N', help: `port to listen on, or the next free one (default: ${DEFAULTS.port})` },
    'strict-port': { type: 'boolean', help: 'fail if the port is taken instead of taking the next free one' },
    host: { type: 'string', value: 'HOST', help: `interface to listen on (default: ${DEFAULTS.host})` },
    ...BROWSER_OPTIONS,
  },
  async run(values, positionals, output) {
    const port = wholeNumber(values.port, 'port', DEFAULTS.port, 0, 65535)
    const { startDevServer } = await import('../vite/server.js')
    const server = await startDevServer({
      root: values.root ?? '.',
      port,
      strictPort: values['strict-port'] === true,
      host: values.host ?? DEFAULTS.host,
      allowPaths: values['allow-path'],
      deck: positionals[0],
      browser: launchOptionsOf(values),
    })
    if (port !== 0 && server.port !== port) output.err(`talkdeck dev: port ${port} is taken; using ${server.port} (--strict-port fails instead)`)
    output.err(`talkdeck dev: ${server.url}`)
    const signal = await server.closed
    return signal ? EXIT_CODES.interrupted : EXIT_CODES.ok
  },
})
