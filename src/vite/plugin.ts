import path from 'node:path'
import type { Connect, Plugin, ViteDevServer } from 'vite'
import { formatProblem, TalkdeckError, ValidationError } from '../errors.js'
import { loadWorkspace, type Workspace } from '../data/workspace.js'
import { findDecks } from '../deck/find-decks.js'
import { loadDecks } from '../deck/load-decks.js'
import { CLIENT_FILES, PACKAGE_PATHS, assertClientBuilt } from '../package-paths.js'
import { renderDeckPage, renderDevError, renderDevIndex } from '../render/pages.js'
import { createSlideRenderer, type SlideRenderer } from '../render/render-slides.js'
import { isUrl } from '../urls.js'

const WATCHED_EXTENSIONS = /\.(ya?ml|hbs|css)$/

export interface TalkdeckPluginOptions {
  /** Project folder holding decks/ data/ templates/. @default process.cwd() */
  root?: string
}

/** A file as the dev server serves it; URLs (remote images) stay as they are. */
export const devUrl = (file: string): string => (isUrl(file) ? file : `/@fs${file.startsWith('/') ? '' : '/'}${file.split(path.sep).join('/')}`)

/** Vite's client and the call that swaps in new slides: the only difference from a built page. */
const LIVE_UPDATE = `<script type="module">import { createHotContext } from '/@vite/client'; createHotContext('/talkdeck').on('talkdeck:update', () => window.talkdeck.refresh())</script>`
/** The built client runtime (reveal.js, notes, fonts, layout CSS): the files `build` copies. */
const client = (file: string) => devUrl(path.join(PACKAGE_PATHS.client, file))
/** Pages other than decks reload themselves on any change. */
const RELOAD_ON_UPDATE = `<script type="module">import { createHotContext } from '/@vite/client'; createHotContext('/talkdeck').on('talkdeck:update', () => location.reload())</script>`

/**
 * Serves every deck of a project at `/<deck-id>/`, rendered on request from the YAML, and tells
 * open decks to refresh their slides whenever a data, deck, template or theme file changes.
 */
export function createTalkdeckPlugin(options: TalkdeckPluginOptions = {}): Plugin {
  const root = path.resolve(options.root ?? process.cwd())
  assertClientBuilt()
  // Read again after any change; between changes every request reuses the templates and renderer.
  let workspace: Promise<DevWorkspace> | undefined
  const currentWorkspace = () =>
    (workspace ??= loadWorkspace(root).then((loaded) => ({ ...loaded, renderer: createSlideRenderer(loaded.templates) })))

  return {
    name: 'talkdeck:decks',
    config: () => ({
      appType: 'custom',
      server: { fs: { allow: [root, PACKAGE_PATHS.root] } },
      // Nothing to pre-bundle: the runtime is built; without this Vite would scan the project for entries.
      optimizeDeps: { noDiscovery: true, include: [] },
    }),
    configureServer(server) {
      const watched = ['decks', 'data', 'templates'].map((folder) => path.join(root, folder))
      server.watcher.add(watched)
      const onChange = (file: string) => {
        if (!WATCHED_EXTENSIONS.test(file) || !watched.some((folder) => file.startsWith(folder))) return
        workspace = undefined
        server.ws.send({ type: 'custom', event: 'talkdeck:update', data: { file: path.relative(root, file) } })
      }
      server.watcher.on('change', onChange)
      server.watcher.on('add', onChange)
      server.watcher.on('unlink', onChange)
      server.middlewares.use(createDeckMiddleware(server, currentWorkspace))
    },
  }
}

type DevWorkspace = Workspace & { renderer: SlideRenderer }

function createDeckMiddleware(server: ViteDevServer, currentWorkspace: () => Promise<DevWorkspace>): Connect.NextHandleFunction {
  return (request, response, next) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const match = /^\/(?:([a-z0-9][a-z0-9_-]*)\/?)?$/i.exec(url.pathname)
    if (!match || request.method !== 'GET') return next()
    const deckId = match[1]
    if (deckId && !url.pathname.endsWith('/')) {
      response.statusCode = 302
      response.setHeader('location', `/${deckId}/${url.search}`)
      return response.end()
    }
    // Served as rendered, with no HTML transform: what dev shows is what build writes.
    const send = (status: number, html: string) => {
      response.statusCode = status
      response.setHeader('content-type', 'text/html; charset=utf-8')
      response.setHeader('cache-control', 'no-store')
      response.end(html)
    }
    void (async () => {
      const ws = await currentWorkspace()
      const refs = await findDecks(ws.project)
      if (!deckId) return send(200, renderDevIndex(refs.map((ref) => ref.id), RELOAD_ON_UPDATE))
      const ref = refs.find((candidate) => candidate.id === deckId)
      if (!ref) return next()
      const { decks } = await loadDecks(ws, [ref])
      const [result] = decks
      if (!result?.ok) throw result?.error ?? new ValidationError([])
      const deck = result.value
      const slides = ws.renderer.render(deck, { target: 'reveal', assetUrl: devUrl })
      return send(200, renderDeckPage(deck, slides, {
        styles: [client(CLIENT_FILES.revealCss), client(CLIENT_FILES.css)],
        theme: `${devUrl(deck.theme.file)}?v=${Date.now()}`,
        scripts: [client(CLIENT_FILES.script)],
        head: LIVE_UPDATE,
      }))
    })().catch((error: unknown) => {
      if (!(error instanceof TalkdeckError)) return next(error)
      const lines = error instanceof ValidationError ? error.problems.map(formatProblem) : [error.message]
      server.config.logger.error(lines.join('\n'))
      return send(500, renderDevError(lines, RELOAD_ON_UPDATE))
    })
  }
}
