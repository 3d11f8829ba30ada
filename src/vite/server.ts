import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { createServer } from 'vite'
import { ConfigError } from '../errors.js'
import { selectDecks } from '../deck/find-decks.js'
import { createProject } from '../data/project.js'
import type { LaunchOptions } from '../browser/session.js'
import { createTalkdeckPlugin } from './plugin.js'

export interface DevServerOptions {
  root: string
  port: number
  /** Fail when `port` is taken rather than take the next free one. @default false */
  strictPort?: boolean
  host: string
  /** Folders outside the root the project's files may come from (`--allow-path`), relative to the root. */
  allowPaths?: string[]
  /** Open at this deck rather than at the list of decks. */
  deck?: string
  /** The browser that prints `/<deck>.pdf`. */
  browser?: LaunchOptions
}

export interface DevServer {
  url: string
  /** The port listened on: the one asked for, or the next free one. */
  port: number
  close(): Promise<void>
  /** Settles when the server has been closed: with the signal that closed it (SIGINT, SIGTERM), if one did. */
  closed: Promise<NodeJS.Signals | undefined>
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const root = path.resolve(options.root)
  // Checked before Vite starts: a wrong --root or --allow-path is said in talkdeck's words.
  const project = createProject(root, process.cwd(), { allowPaths: options.allowPaths })
  const [deck] = options.deck ? await selectDecks(project, [options.deck]) : []
  const server = await createServer({
    configFile: false,
    root,
    logLevel: 'warn',
    clearScreen: false,
    server: { port: options.port, strictPort: options.strictPort ?? false, host: options.host },
    plugins: [createTalkdeckPlugin({ root, allowPaths: options.allowPaths, ...(options.browser ? { browser: options.browser } : {}) })],
  })
  try {
    await server.listen()
  } catch (error) {
    await server.close()
    const taken = error instanceof Error && /already in use/i.test(error.message)
    const reason = taken ? 'the port is taken (drop --strict-port to take the next free one)' : error instanceof Error ? error.message : String(error)
    throw new ConfigError(`could not listen on ${options.host}:${options.port}: ${reason}`, { cause: error })
  }
  const port = (server.httpServer?.address() as AddressInfo | null)?.port ?? options.port
  const base = server.resolvedUrls?.local[0] ?? `http://${options.host}:${port}/`
  let resolveClosed: (signal: NodeJS.Signals | undefined) => void
  const closed = new Promise<NodeJS.Signals | undefined>((resolve) => (resolveClosed = resolve))
  const close = async (signal?: NodeJS.Signals) => {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    await server.close()
    resolveClosed(signal)
  }
  const onSignal = (signal: NodeJS.Signals) => void close(signal)
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  return { url: deck ? `${base}${deck.id}/` : base, port, close: () => close(), closed }
}
