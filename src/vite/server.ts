import path from 'node:path'
import { createServer } from 'vite'
import { selectDecks } from '../deck/find-decks.js'
import { createProject } from '../data/project.js'
import { createTalkdeckPlugin } from './plugin.js'

export interface DevServerOptions {
  root: string
  port: number
  host: string
  /** Open at this deck rather than at the list of decks. */
  deck?: string
}

export interface DevServer {
  url: string
  close(): Promise<void>
  /** Settles when the server has been closed (Ctrl-C or `close()`). */
  closed: Promise<void>
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const root = path.resolve(options.root)
  const project = createProject(root)
  const [deck] = options.deck ? await selectDecks(project, [options.deck]) : []
  const server = await createServer({
    configFile: false,
    root,
    logLevel: 'warn',
    clearScreen: false,
    server: { port: options.port, host: options.host },
    plugins: [createTalkdeckPlugin({ root })],
  })
  await server.listen()
  const base = server.resolvedUrls?.local[0] ?? `http://${options.host}:${options.port}/`
  let resolveClosed: () => void
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve))
  const close = async () => {
    await server.close()
    resolveClosed()
  }
  const onSignal = () => void close()
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  return { url: deck ? `${base}${deck.id}/` : base, close, closed }
}
