import { createHash } from 'node:crypto'
import { realpathSync } from 'node:fs'
import path from 'node:path'
import { readFile, stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import type { Connect, Plugin, ViteDevServer } from 'vite'
import { formatProblem, TalkdeckError, ValidationError } from '../errors.js'
import { createProject } from '../data/project.js'
import { isInside } from '../data/read-file.js'
import { loadWorkspace, type Workspace } from '../data/workspace.js'
import { findDecks, type DeckRef } from '../deck/find-decks.js'
import { resolveMessages, textDirection } from '../deck/resolve-messages.js'
import { loadYamlFile } from '../data/load-yaml.js'
import { loadEnglishCatalog, type MessageCatalog } from '../data/messages.js'
import { DEFAULTS } from '../defaults.js'
import { loadDecks } from '../deck/load-decks.js'
import { CLIENT_FILES, PACKAGE_PATHS, assertClientBuilt } from '../package-paths.js'
import type { ResolvedDeck, SlideSize } from '../deck/types.js'
import { renderDeckPage, renderDevError, renderDevIndex, type PageWords } from '../render/pages.js'
import { createSlideRenderer, type SlideRenderer } from '../render/render-slides.js'
import { rewriteThemeUrls } from '../render/theme-css.js'
import { isUrl } from '../urls.js'
import { createDevFiles, type DevFiles } from './dev-files.js'
import { outputFormats } from '../export/formats/registry.js'
import { drawDiagrams } from '../browser/diagrams.js'
import type { LaunchOptions } from '../browser/session.js'

const WATCHED_EXTENSIONS = /\.(ya?ml|hbs|css)$/
/** Vite's file watcher (chokidar) reports at most one change of a file in this time. */
const WATCHER_THROTTLE_MS = 50

/** What tells one version of a file from the next: its time of change and size ('' once it is gone). */
const fileVersion = (file: string): Promise<string> => stat(file).then((stats) => `${stats.mtimeMs} ${stats.size}`, () => '')

export interface TalkdeckPluginOptions {
  /** Project folder holding decks/ data/ templates/. @default process.cwd() */
  root?: string
  /** Folders outside the root the project's files may come from, relative to the root (`--allow-path`). @default [] */
  allowPaths?: string[]
  /** The browser that prints `/<deck>.pdf` and the other exports (`--browser`, `--browser-timeout`). @default found, with the default timeout */
  browser?: LaunchOptions
}

/** A file as the dev server serves it; URLs (remote images) stay as they are. */
export const devUrl = (file: string): string => (isUrl(file) ? file : `/@fs${file.startsWith('/') ? '' : '/'}${file.split(path.sep).join('/')}`)

/** Vite's client and the call that swaps in new slides: the only difference from a built page. */
const LIVE_UPDATE = `<script type="module">import { createHotContext } from '/@vite/client'; window.talkdeck.offerPdf(); createHotContext('/talkdeck').on('talkdeck:update', (change) => window.talkdeck.refresh(change))</script>`
/** The built client runtime (reveal.js, notes, fonts, layout CSS): the files `build` copies. */
const client = (file: string) => devUrl(path.join(PACKAGE_PATHS.client, file))
/**
 * talkdeck's own folders a page loads from: the built client runtime (reveal.js, CSS, script, fonts)
 * and the built-in themes, whose url()s point into their folder. Not the package root: its source,
 * node_modules and build output are no page's business (Vite adds the folder of its own client).
 */
const TALKDECK_SERVED = [PACKAGE_PATHS.client, path.join(PACKAGE_PATHS.templates, 'themes')]
/** Pages other than decks reload themselves on any change. */
const RELOAD_ON_UPDATE = `<script type="module">import { createHotContext } from '/@vite/client'; createHotContext('/talkdeck').on('talkdeck:update', () => location.reload())</script>`

/**
 * Serves every deck of a project at `/<deck-id>/`, rendered on request from the YAML, and tells
 * open decks to refresh their slides whenever a data, deck, template or theme file changes.
 */
export function createTalkdeckPlugin(options: TalkdeckPluginOptions = {}): Plugin {
  const root = path.resolve(options.root ?? process.cwd())
  const allowPaths = options.allowPaths ?? []
  const folders = [root, ...allowPaths.map((folder) => path.resolve(root, folder))]
  assertClientBuilt()
  // Read again after any change; between changes every request reuses the templates and renderer.
  let workspace: Promise<DevWorkspace> | undefined
  const currentWorkspace = () =>
    (workspace ??= loadWorkspace(root, process.cwd(), { allowPaths }).then((loaded) => ({ ...loaded, renderer: createSlideRenderer(loaded.templates), browser: options.browser ?? {} })))
  const files = createDevFiles(options.browser)
  const errors = createErrorReporter()

  return {
    name: 'talkdeck:decks',
    config: () => ({
      appType: 'custom',
      server: { fs: { allow: [...folders, ...TALKDECK_SERVED] } },
      // Nothing to pre-bundle: the runtime is built; without this Vite would scan the project for entries.
      optimizeDeps: { noDiscovery: true, include: [] },
    }),
    configureServer(server) {
      const watched = ['decks', 'data', 'templates'].map((folder) => path.join(root, folder))
      const templates = path.join(root, 'templates') + path.sep
      server.watcher.add(watched)
      const settling = new Map<string, NodeJS.Timeout>()
      const onChange = (file: string) => {
        // The printed PDF's parts know their slides' markup; a stylesheet or picture they use they do not.
        if (file.startsWith(root) && !/\.(ya?ml|hbs)$/.test(file)) files.forgetPrintedParts()
        if (!WATCHED_EXTENSIONS.test(file) || !watched.some((folder) => file.startsWith(folder))) return
        // Decks and data are read on every request; templates once, so only their change reloads them.
        if (file.startsWith(templates)) workspace = undefined
        server.ws.send({ type: 'custom', event: 'talkdeck:update', data: { file: path.relative(root, file) } })
        // Vite's watcher drops a file's change that follows the one it reported within 50 ms (a
        // second save, a formatter's rewrite): the open page would keep the first. So each change
        // is looked at again after that, and reported again if the file changed since.
        void fileVersion(file).then((seen) => {
          clearTimeout(settling.get(file))
          const timer = setTimeout(async () => {
            settling.delete(file)
            if ((await fileVersion(file)) !== seen) onChange(file)
          }, WATCHER_THROTTLE_MS + 10)
          timer.unref()
          settling.set(file, timer)
        })
      }
      server.watcher.on('change', onChange)
      server.watcher.on('add', onChange)
      server.watcher.on('unlink', onChange)
      // Added here, before Vite's own middlewares: a file is refused before Vite's static serving sees it.
      const realFolders = [...createProject(root, process.cwd(), { allowPaths }).allowed, ...TALKDECK_SERVED.map((folder) => realpathSync(folder))]
      server.middlewares.use(createFileAccessMiddleware(root, folders, realFolders))
      server.middlewares.use(createExportMiddleware(server, currentWorkspace, files, errors))
      server.middlewares.use(createDeckMiddleware(server, currentWorkspace, errors))
    },
    // The warm browser goes with the server, whatever closed it.
    closeServer: () => files.close(),
  }
}

type DevWorkspace = Workspace & { renderer: SlideRenderer; browser: LaunchOptions }

/**
 * Vite's `server.fs.allow` judges a file by the path in its URL; a symbolic link inside the project
 * would still serve whatever it points to. A file whose path is in the project (or an allowed
 * folder) is served only if its real path is too, as `build` would copy it only then.
 */
function createFileAccessMiddleware(root: string, folders: string[], realFolders: string[]): Connect.NextHandleFunction {
  return (request, response, next) => {
    let pathname: string
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    } catch {
      return next()
    }
    const file = pathname.startsWith('/@fs/') ? pathname.slice('/@fs'.length) : path.join(root, pathname)
    if (!folders.some((folder) => isInside(file, folder))) return next()
    let real: string
    try {
      real = realpathSync(file)
    } catch {
      return next()
    }
    if (realFolders.some((folder) => isInside(real, folder))) return next()
    response.statusCode = 403
    response.setHeader('content-type', 'text/plain; charset=utf-8')
    response.end(`talkdeck: ${pathname} is a link to a file outside the project; it is not served (allow its folder with --allow-path DIR)\n`)
  }
}

function createDeckMiddleware(server: ViteDevServer, currentWorkspace: () => Promise<DevWorkspace>, errors: ErrorReporter): Connect.NextHandleFunction {
  return (request, response, next) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const theme = /^\/([a-z0-9][a-z0-9_-]*)\/theme\.css$/i.exec(url.pathname)
    if (theme?.[1] && request.method === 'GET') return serveTheme(theme[1], currentWorkspace, response, next)
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
      if (!deckId) {
        const refs = await findDecks(ws.project)
        return send(200, renderDevIndex(refs.map((ref) => ref.id), servedFormats(), RELOAD_ON_UPDATE, await pageWords(ws.templates.messages, refs)))
      }
      const deck = await loadDeck(ws, deckId)
      if (!deck) return next()
      const slides = ws.renderer.render(deck, { target: 'reveal', assetUrl: devUrl })
      errors.recovered()
      return send(200, renderDeckPage(deck, slides, {
        // KaTeX's CSS always: a live edit may add the first formula to a page already open.
        styles: [client(CLIENT_FILES.revealCss), client(CLIENT_FILES.css), client(CLIENT_FILES.katexCss)],
        // Served by talkdeck (Vite would cache it as a module); named by its text, so that an open
        // page fetches and applies it again only when it changed: for 200 slides that took most
        // of a live update.
        theme: `theme.css?v=${createHash('sha256').update(await readFile(deck.theme.file)).digest('hex').slice(0, 12)}`,
        scripts: [client(CLIENT_FILES.script)],
        head: LIVE_UPDATE,
      }))
    })().catch((error: unknown) => {
      if (!(error instanceof TalkdeckError)) return next(error)
      // In the deck's language; in English when the project itself could not be read.
      const words = currentWorkspace()
        .then(async (ws) => pageWords(ws.templates.messages, (await findDecks(ws.project)).filter((ref) => ref.id === deckId)))
        .catch(async () => pageWords([await loadEnglishCatalog()], []))
      return words.then((found) => send(500, renderDevError(errors.report(server, error), RELOAD_ON_UPDATE, found)))
    })
  }
}

/** A deck's theme as the build writes it (its own url()s pointing at its files), read on every request. */
function serveTheme(deckId: string, currentWorkspace: () => Promise<DevWorkspace>, response: ServerResponse, next: Connect.NextFunction): void {
  void (async () => {
    const deck = await loadDeck(await currentWorkspace(), deckId).catch(() => undefined)
    if (!deck) return next()
    const { file } = deck.theme
    const css = rewriteThemeUrls(await readFile(file, 'utf8'), file, devUrl)
    response.setHeader('content-type', 'text/css; charset=utf-8')
    response.setHeader('cache-control', 'no-store')
    response.end(css)
  })().catch(next)
}

/** The deck `id` as the project is now (laid out at `size` if given), or undefined if the project has none; invalid input throws. */
async function loadDeck(ws: DevWorkspace, id: string, size?: SlideSize): Promise<ResolvedDeck | undefined> {
  const ref = (await findDecks(ws.project)).find((candidate) => candidate.id === id)
  if (!ref) return undefined
  const [result] = (await loadDecks(ws, [ref], size ? { size } : {})).decks
  if (!result?.ok) throw result?.error ?? new ValidationError([])
  // A diagram new since the last request is drawn now; one drawn before is not drawn again.
  const diagramProblems = await drawDiagrams([result.value], ws.browser)
  if (diagramProblems.length) throw new ValidationError(diagramProblems)
  return result.value
}

/**
 * talkdeck's words on a dev page about `decks`: in their language when they share one, else in
 * English. A deck's language is read from its file as written (a deck with errors has no other).
 */
async function pageWords(catalogs: readonly MessageCatalog[], decks: DeckRef[]): Promise<PageWords> {
  const languages = new Set(await Promise.all(decks.map(async (ref) => {
    const loaded = await loadYamlFile(ref.file, ref.file).catch(() => undefined)
    const value = loaded?.ok ? (loaded.value.value as { language?: unknown } | null) : null
    return typeof value?.language === 'string' ? value.language : DEFAULTS.language
  })))
  const language = languages.size === 1 ? ([...languages][0] ?? DEFAULTS.language) : DEFAULTS.language
  return { language, direction: textDirection(language), messages: resolveMessages(catalogs, language).messages }
}

/** The registered formats dev serves: those that write one file, with a media type. */
const servedFormats = () => outputFormats().flatMap((format) => (format.mediaType && format.indexLabel ? [{ suffix: format.fileName(''), label: format.indexLabel }] : []))

/**
 * `/<deck-id>.pdf`, `.pptx`, `.md` …: the deck in every registered format that writes one file,
 * as `talkdeck export` would write it now.
 */
function createExportMiddleware(server: ViteDevServer, currentWorkspace: () => Promise<DevWorkspace>, files: DevFiles, errors: ErrorReporter): Connect.NextHandleFunction {
  return (request, response, next) => {
    const match = /^\/([a-z0-9][a-z0-9_-]*)(\.[a-z0-9.]+)$/i.exec(new URL(request.url ?? '/', 'http://localhost').pathname)
    const [, deckId = '', suffix = ''] = match ?? []
    const format = outputFormats().find((candidate) => candidate.mediaType && candidate.fileName(deckId) === `${deckId}${suffix}`)
    if (!format?.mediaType || request.method !== 'GET') return next()
    const mediaType = format.mediaType
    void (async () => {
      const ws = await currentWorkspace()
      const deck = await loadDeck(ws, deckId)
      if (!deck) return next()
      const written = await files.write(format, deck, ws.renderer, async (shown, size) => (await loadDeck(ws, shown.id, size)) ?? shown)
      for (const warning of written.warnings) server.config.logger.warn(formatProblem(warning))
      response.statusCode = 200
      response.setHeader('content-type', mediaType)
      response.setHeader('content-disposition', `inline; filename="${format.fileName(deck.id)}"`)
      response.setHeader('cache-control', 'no-store')
      response.end(written.bytes)
    })().catch((error: unknown) => {
      if (!(error instanceof TalkdeckError)) return next(error)
      const lines = errors.report(server, error)
      response.statusCode = 500
      response.setHeader('content-type', 'text/plain; charset=utf-8')
      response.end(`${lines.join('\n')}\n`)
    })
  }
}

interface ErrorReporter {
  report(server: ViteDevServer, error: TalkdeckError): string[]
  /** A page rendered: the next error is said again even if it is the last one. */
  recovered(): void
}

/**
 * Logs what a person needs to read of an error — every problem with its place, or the message —
 * and returns its lines. The error page reloads itself on every change: the terminal says each
 * error once, not per reload.
 */
function createErrorReporter(): ErrorReporter {
  let lastLogged = ''
  return {
    report(server, error) {
      const lines = error instanceof ValidationError ? error.problems.map(formatProblem) : [error.message]
      if (lines.join('\n') !== lastLogged) server.config.logger.error(lines.join('\n'))
      lastLogged = lines.join('\n')
      return lines
    },
    recovered: () => {
      lastLogged = ''
    },
  }
}
