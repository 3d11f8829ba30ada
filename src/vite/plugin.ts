import path from 'node:path'
import { createRequire } from 'node:module'
import type { Connect, Plugin, ViteDevServer } from 'vite'
import { formatProblem, TalkdeckError, ValidationError } from '../errors.js'
import { loadWorkspace, type Workspace } from '../data/workspace.js'
import { findDecks } from '../deck/find-decks.js'
import { loadDecks } from '../deck/load-decks.js'
import { PACKAGE_PATHS } from '../package-paths.js'
import type { ResolvedDeck } from '../deck/types.js'
import { renderDeckPage, renderDevError, renderDevIndex } from '../render/pages.js'
import { createSlideRenderer, type SlideRenderer } from '../render/render-slides.js'
import { isUrl } from '../urls.js'
import { createDevPdf, type DevPdf } from './dev-pdf.js'

const require = createRequire(import.meta.url)
const WATCHED_EXTENSIONS = /\.(ya?ml|hbs|css)$/

export interface TalkdeckPluginOptions {
  /** Project folder holding decks/ data/ templates/. @default process.cwd() */
  root?: string
}

/** A file as the dev server serves it; URLs (remote images) stay as they are. */
export const devUrl = (file: string): string => (isUrl(file) ? file : `/@fs${file.startsWith('/') ? '' : '/'}${file.split(path.sep).join('/')}`)

/** Vite's client (live updates) and the deck runtime, as modules: the only difference from a built page. */
const DEV_SCRIPTS = () => `<script type="module" src="/@vite/client"></script>\n<script type="module" src="${devUrl(PACKAGE_PATHS.clientEntry)}"></script>`
/** Pages other than decks reload themselves on any change. */
const RELOAD_ON_UPDATE = `<script type="module">import { createHotContext } from '/@vite/client'; createHotContext('/talkdeck').on('talkdeck:update', () => location.reload())</script>`

/**
 * Serves every deck of a project at `/<deck-id>/`, rendered on request from the YAML, and tells
 * open decks to refresh their slides whenever a data, deck, template or theme file changes.
 */
export function createTalkdeckPlugin(options: TalkdeckPluginOptions = {}): Plugin {
  const root = path.resolve(options.root ?? process.cwd())
  // Read again after any change; between changes every request reuses the templates and renderer.
  let workspace: Promise<DevWorkspace> | undefined
  const currentWorkspace = () =>
    (workspace ??= loadWorkspace(root).then((loaded) => ({ ...loaded, renderer: createSlideRenderer(loaded.templates) })))
  const pdf = createDevPdf()

  return {
    name: 'talkdeck:decks',
    config: () => ({
      appType: 'custom',
      server: { fs: { allow: [root, PACKAGE_PATHS.root] } },
      // Pre-bundle reveal.js, found from the client entry, so the first page load is not a waterfall.
      optimizeDeps: { entries: [PACKAGE_PATHS.clientEntry] },
    }),
    configureServer(server) {
      const watched = ['decks', 'data', 'templates'].map((folder) => path.join(root, folder))
      server.watcher.add(watched)
      const onChange = (file: string) => {
        // The printed PDF's parts know their slides' markup; a stylesheet or picture they use they do not.
        if (file.startsWith(root) && !/\.(ya?ml|hbs)$/.test(file)) pdf.forgetPrintedParts()
        if (!WATCHED_EXTENSIONS.test(file) || !watched.some((folder) => file.startsWith(folder))) return
        workspace = undefined
        server.ws.send({ type: 'custom', event: 'talkdeck:update', data: { file: path.relative(root, file) } })
      }
      server.watcher.on('change', onChange)
      server.watcher.on('add', onChange)
      server.watcher.on('unlink', onChange)
      server.middlewares.use(createPdfMiddleware(server, currentWorkspace, pdf))
      server.middlewares.use(createDeckMiddleware(server, currentWorkspace))
    },
    // The warm browser goes with the server, whatever closed it.
    closeServer: () => pdf.close(),
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
      if (!deckId) return send(200, renderDevIndex((await findDecks(ws.project)).map((ref) => ref.id), RELOAD_ON_UPDATE))
      const deck = await loadDeck(ws, deckId)
      if (!deck) return next()
      const slides = ws.renderer.render(deck, { target: 'reveal', assetUrl: devUrl })
      return send(200, renderDeckPage(deck, slides, {
        styles: [devUrl(require.resolve('reveal.js/reveal.css')), devUrl(PACKAGE_PATHS.styles)],
        theme: `${devUrl(deck.theme.file)}?v=${Date.now()}`,
        scripts: [],
        head: DEV_SCRIPTS(),
      }))
    })().catch((error: unknown) => {
      if (!(error instanceof TalkdeckError)) return next(error)
      return send(500, renderDevError(reportError(server, error), RELOAD_ON_UPDATE))
    })
  }
}

/** The deck `id` as the project is now, or undefined if the project has none; invalid input throws. */
async function loadDeck(ws: DevWorkspace, id: string): Promise<ResolvedDeck | undefined> {
  const ref = (await findDecks(ws.project)).find((candidate) => candidate.id === id)
  if (!ref) return undefined
  const [result] = (await loadDecks(ws, [ref])).decks
  if (!result?.ok) throw result?.error ?? new ValidationError([])
  return result.value
}

/** `/<deck-id>.pdf`: the deck's PDF as `talkdeck export` would write it now. */
function createPdfMiddleware(server: ViteDevServer, currentWorkspace: () => Promise<DevWorkspace>, pdf: DevPdf): Connect.NextHandleFunction {
  return (request, response, next) => {
    const match = /^\/([a-z0-9][a-z0-9_-]*)\.pdf$/i.exec(new URL(request.url ?? '/', 'http://localhost').pathname)
    if (!match || request.method !== 'GET') return next()
    void (async () => {
      const ws = await currentWorkspace()
      const deck = await loadDeck(ws, match[1] as string)
      if (!deck) return next()
      const printed = await pdf.print(deck, ws.renderer)
      for (const warning of printed.warnings) server.config.logger.warn(formatProblem(warning))
      response.statusCode = 200
      response.setHeader('content-type', 'application/pdf')
      response.setHeader('content-disposition', `inline; filename="${deck.id}.pdf"`)
      response.setHeader('cache-control', 'no-store')
      response.end(printed.bytes)
    })().catch((error: unknown) => {
      if (!(error instanceof TalkdeckError)) return next(error)
      const lines = reportError(server, error)
      response.statusCode = 500
      response.setHeader('content-type', 'text/plain; charset=utf-8')
      response.end(`${lines.join('\n')}\n`)
    })
  }
}

/** Logs what a person needs to read of an error — every problem with its place, or the message — and returns its lines. */
function reportError(server: ViteDevServer, error: TalkdeckError): string[] {
  const lines = error instanceof ValidationError ? error.problems.map(formatProblem) : [error.message]
  server.config.logger.error(lines.join('\n'))
  return lines
}
