import path from 'node:path'
import { createRequire } from 'node:module'
import type { Connect, Plugin, ViteDevServer } from 'vite'
import { formatProblem, TalkdeckError, ValidationError } from '../errors.js'
import { findDecks } from '../deck/find-decks.js'
import { PACKAGE_PATHS } from '../package-paths.js'
import { loadDecks, openWorkspace, type Workspace } from '../pipeline.js'
import { escapeHtml } from '../render/markdown.js'
import { renderDeckPage } from '../render/page-html.js'

const require = createRequire(import.meta.url)
const WATCHED_EXTENSIONS = /\.(ya?ml|hbs|css)$/

export interface TalkdeckPluginOptions {
  /** Project folder holding decks/ data/ templates/. @default process.cwd() */
  root?: string
}

/**
 * Serves every deck of a project at `/<deck-id>/`, rendered on request from the YAML, and tells
 * open decks to refresh their slides whenever a data, deck, template or theme file changes.
 */
export function createTalkdeckPlugin(options: TalkdeckPluginOptions = {}): Plugin {
  const root = path.resolve(options.root ?? process.cwd())
  let workspace: Promise<Workspace> | undefined
  const currentWorkspace = () => (workspace ??= openWorkspace(root))

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

function createDeckMiddleware(server: ViteDevServer, currentWorkspace: () => Promise<Workspace>): Connect.NextHandleFunction {
  const fsUrl = (file: string) => `/@fs${file.startsWith('/') ? '' : '/'}${file.split(path.sep).join('/')}`
  return (request, response, next) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const match = /^\/(?:([a-z0-9][a-z0-9_.-]*)\/?)?$/i.exec(url.pathname)
    if (!match || request.method !== 'GET') return next()
    const deckId = match[1]
    if (deckId && !url.pathname.endsWith('/')) {
      response.statusCode = 302
      response.setHeader('location', `/${deckId}/${url.search}`)
      return response.end()
    }
    const send = async (status: number, html: string) => {
      response.statusCode = status
      response.setHeader('content-type', 'text/html; charset=utf-8')
      response.setHeader('cache-control', 'no-store')
      response.end(await server.transformIndexHtml(url.pathname, html))
    }
    void (async () => {
      const ws = await currentWorkspace()
      const refs = await findDecks(ws.project)
      if (!deckId) return send(200, renderDevIndex(refs.map((ref) => ref.id)))
      const ref = refs.find((candidate) => candidate.id === deckId)
      if (!ref) return next()
      const [result] = await loadDecks(ws, [ref])
      if (!result?.deck) throw new ValidationError(result?.problems ?? [])
      const slides = ws.renderer.render(result.deck, { target: 'reveal', assetUrl: fsUrl })
      const html = renderDeckPage(result.deck, slides, {
        styles: [fsUrl(require.resolve('reveal.js/reveal.css'))],
        theme: `${fsUrl(result.deck.theme.file)}?v=${Date.now()}`,
        scripts: [],
        head: `<script type="module" src="${fsUrl(PACKAGE_PATHS.clientEntry)}"></script>`,
      })
      return send(200, html)
    })().catch((error: unknown) => {
      if (!(error instanceof TalkdeckError)) return next(error)
      const lines = error instanceof ValidationError ? error.problems.map(formatProblem) : [error.message]
      server.config.logger.error(lines.join('\n'))
      return send(500, renderDevError(lines))
    })
  }
}

const RELOAD_ON_UPDATE = `<script type="module">import.meta.hot?.on('talkdeck:update', () => location.reload())</script>`

function renderDevIndex(ids: string[]): string {
  const items = ids.map((id) => `<li><a href="/${encodeURIComponent(id)}/">${escapeHtml(id)}</a></li>`).join('')
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>talkdeck dev</title>${RELOAD_ON_UPDATE}</head>
<body style="font:18px/1.5 system-ui;margin:40px"><h1>Decks</h1><ul>${items}</ul></body></html>`
}

/** Shown instead of the deck while its input is broken; it reloads itself once a file changes. */
function renderDevError(lines: string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>talkdeck: errors</title>${RELOAD_ON_UPDATE}</head>
<body style="font:16px/1.5 ui-monospace,monospace;margin:40px;background:#1b1b1f;color:#f3f3f3">
<h1 style="font-family:system-ui;color:#ff8a80">This deck has errors</h1>
<pre id="talkdeck-errors" style="white-space:pre-wrap">${lines.map(escapeHtml).join('\n')}</pre>
<p style="font-family:system-ui;color:#bbb">Fix the file; this page reloads by itself.</p></body></html>`
}
