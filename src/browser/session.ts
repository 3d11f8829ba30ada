import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Readable, Writable } from 'node:stream'
import { pathToFileURL } from 'node:url'
import { realPathOf } from '../data/read-file.js'
import { DEFAULTS, SLIDE_SIZES } from '../defaults.js'
import { PACKAGE_PATHS } from '../package-paths.js'
import { BrowserError, InterruptedError, PageFailedError } from '../errors.js'
import type { SlideSize } from '../deck/types.js'
import { CdpConnection } from './cdp.js'
import { findBrowser, type FindBrowserOptions } from './find-browser.js'
import { mayReadFile, type NetworkPolicy, offlineSwitches, reportBlockedRequests, startClosedProxy } from './network.js'
import { BrowserPage } from './page.js'
import { browserTempDir, createWorkDir, removeLeftoverWorkDirs } from './work-dir.js'

/**
 * Flags for a quiet, local-only headless Chromium. On a closed network Chromium otherwise keeps
 * trying to reach Google's services, and each refused connection costs time.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-sync',
  '--disable-extensions',
  '--disable-component-extensions-with-background-pages',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--no-default-browser-check',
  '--metrics-recording-only',
  '--password-store=basic',
  '--use-mock-keychain',
  '--mute-audio',
  '--font-render-hinting=none',
  // Full Chromium's headless mode preloads the omnibox popup's WebUI in a renderer of its own:
  // about a second of CPU at every start (measured on Chromium 156) for a window nobody sees.
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,PreloadTopChromeWebUI',
  // The network service in the browser's own process (as on Android): one process fewer to start
  // for a browser that loads local files; 0.1–0.2 s of every export (Chromium 156, 2 cores).
  '--enable-features=NetworkServiceInProcess2',
]

/** The sandbox cannot start as root or in most containers; everywhere else it stays on. */
export function needsNoSandbox(): boolean {
  return process.getuid?.() === 0 || existsSync('/.dockerenv') || existsSync('/run/.containerenv')
}

/** One browser for a whole run (or a whole dev server): pages come and go, the browser closes once. */
export interface BrowserSession extends AsyncDisposable {
  executablePath: string
  /** A temporary folder of this session's own (the browser's profile is in it), removed on close. */
  workDir: string
  /** Resolves with the seconds the browser took to start; rejects with a BrowserError if it did not. */
  ready: Promise<number>
  /** Resolves once a page has first been handed to a caller, or the browser failed or closed instead. */
  pageInUse: Promise<void>
  /** Requests to other machines, and reads of files outside the page's folders, the browser blocked for a page since the last call, taken once. */
  takeBlockedRequests(page: BrowserPage): string[]
  /** Set when SIGINT or SIGTERM closed the session. */
  readonly interrupted: NodeJS.Signals | undefined
  /**
   * Runs `use` with a page of the given viewport, one of at most `pages` at a time (others wait):
   * each in a renderer process of its own, reused from one call to the next. `scale` is the device
   * pixel ratio: screenshots come out that many times the viewport's size.
   */
  withPage<T>(use: (page: BrowserPage) => Promise<T>, viewport?: SlideSize, scale?: number): Promise<T>
  close(): Promise<void>
}

export interface LaunchOptions extends FindBrowserOptions, NetworkPolicy {
  /** Seconds the browser may take to start, and a page to load. @default DEFAULTS.browserTimeoutSeconds */
  timeoutSeconds?: number
  /** Pages in use at the same time. @default DEFAULTS.concurrency */
  pages?: number
  /**
   * Close the browser on SIGINT/SIGTERM and remember it (`interrupted`), instead of letting the
   * signal end the process. A server that closes its session itself turns this off. @default true
   */
  handleSignals?: boolean
}

/** The page each tab waits on, between the pages it shows. */
const BLANK_PAGE = '<!doctype html><html><head><meta charset="utf-8"><title></title></head><body></body></html>'

/** Lines of the browser's own output kept for an error message. */
const STDERR_LINES = 12

/**
 * Starts a browser and returns its session at once, so that the browser starts while the caller
 * loads and renders its decks; pages are handed out once it is `ready`. Close it in `finally`, or
 * hold it with `await using`. A browser that does not answer within the timeout is killed, and the
 * error quotes what it printed.
 */
export function startBrowser(options: LaunchOptions = {}): BrowserSession {
  // A browser that cannot be found is reported when a page is needed: a run that fails before
  // needing one (invalid decks) reports that instead.
  let found: { path: string } | Error
  try {
    found = findBrowser(options)
  } catch (error) {
    found = error as Error
  }
  const executablePath = found instanceof Error ? '' : found.path
  const started = performance.now()
  const timeoutMs = (options.timeoutSeconds ?? DEFAULTS.browserTimeoutSeconds) * 1000
  const sweep = removeLeftoverWorkDirs()
  const workDir = createWorkDir()
  const blankFile = path.join(workDir, 'blank.html')
  const blankUrl = pathToFileURL(blankFile).href
  let child: ChildProcess | undefined
  let connection: CdpConnection | undefined
  let proxy: { close(): void } | undefined
  let stderr = ''
  /** Chromium's temporary folder, when it is not in `workDir`. */
  let chromiumTmp: string | undefined
  let interrupted: NodeJS.Signals | undefined
  let closing: Promise<void> | undefined

  const said = () => {
    const lines = stderr.trim().split('\n').filter(Boolean).slice(-STDERR_LINES)
    return lines.length ? `\nThe browser said:\n${lines.map((line) => `  ${line}`).join('\n')}` : ''
  }
  const ready = (async () => {
    if (found instanceof Error) throw found
    // Chromium's own temporary files go into the session's folder too, so that they go with it.
    const tmp = browserTempDir(workDir)
    if (!tmp.startsWith(workDir)) chromiumTmp = tmp
    const [offline] = await Promise.all([options.allowNetwork ? undefined : startClosedProxy(), mkdir(tmp, { recursive: true }), writeFile(blankFile, BLANK_PAGE)])
    proxy = offline
    if (closing !== undefined) {
      offline?.close()
      throw new BrowserError('the browser was closed before it started')
    }
    const args = [...CHROMIUM_ARGS, '--remote-debugging-pipe', `--user-data-dir=${path.join(workDir, 'profile')}`]
    if (needsNoSandbox()) args.push('--no-sandbox')
    if (offline) args.push(...offlineSwitches(offline.port))
    // The first tab opens with the browser, so its renderer starts and its first page loads while
    // the caller still works.
    args.push(blankUrl)
    // Its own process group: Ctrl-C in a terminal reaches talkdeck, which closes it, and a kill takes all of it.
    const spawned = spawn(executablePath, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: true, env: { ...process.env, TMPDIR: tmp } })
    child = spawned
    spawned.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8192)))
    const cdp = new CdpConnection(spawned.stdio[3] as Writable, spawned.stdio[4] as Readable, timeoutMs)
    // A page closed or gone fails what was asked of it, at once rather than at its bound.
    cdp.on('Target.detachedFromTarget', undefined, ({ sessionId }) => cdp.failSession(sessionId, new PageFailedError('using it', 'crashed', 'the page was closed')))
    connection = cdp
    let timer: NodeJS.Timeout | undefined
    try {
      await new Promise<void>((resolve, reject) => {
        spawned.once('error', (error) => reject(new BrowserError(`could not start the browser at ${executablePath}: ${error.message}`, { cause: error })))
        spawned.once('exit', (code, signal) => reject(new BrowserError(`the browser at ${executablePath} stopped before it started (${signal ?? `exit code ${code}`})${said()}`)))
        timer = setTimeout(() => reject(new BrowserError(`the browser at ${executablePath} did not start within ${timeoutMs / 1000} s (--browser-timeout)${said()}`)), timeoutMs)
        cdp.send('Browser.getVersion').then(() => resolve(), () => undefined)
      })
    } catch (error) {
      await close()
      throw error
    } finally {
      clearTimeout(timer)
    }
    return (performance.now() - started) / 1000
  })()
  let handedOut: () => void = () => undefined
  const pageInUse = new Promise<void>((resolve) => (handedOut = resolve))
  // The caller learns of a failed start from `ready` or `withPage`; an unused session must not crash
  // the process. No page will be in use either.
  ready.catch(handedOut)

  // Pages: the first tab, then one browser context each (a context never shares a renderer).
  const limit = Math.max(1, options.pages ?? DEFAULTS.concurrency)
  const idle: BrowserPage[] = []
  const waiting: ((page: Promise<BrowserPage>) => void)[] = []
  let created = 0
  const blocked = new Map<BrowserPage, string[]>()
  /** What every page may read: talkdeck's built client and templates, and this run's own folder. */
  const readableFolders = [PACKAGE_PATHS.client, PACKAGE_PATHS.templates, workDir].map(realPathOf)
  const createPage = async (): Promise<BrowserPage> => {
    const cdp = connection as CdpConnection
    let targetId: string | undefined
    if (created === 1) {
      const { targetInfos } = await cdp.send('Target.getTargets')
      targetId = targetInfos.find((target) => target.type === 'page' && !target.attached)?.targetId
    }
    if (!targetId) {
      const { browserContextId } = await cdp.send('Target.createBrowserContext')
      ;({ targetId } = await cdp.send('Target.createTarget', { url: 'about:blank', browserContextId }))
    }
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true })
    const page = new BrowserPage(cdp, { sessionId, targetId }, timeoutMs)
    // A renderer that crashes (a script that allocates without end) fails what waits on it at once.
    page.on('Inspector.targetCrashed', () => cdp.failSession(sessionId, new PageFailedError('using it', 'crashed', 'its renderer process stopped (out of memory?)')))
    // A dialog (`alert()`) stops the page until someone answers it; nobody is there to.
    page.on('Page.javascriptDialogOpening', () => void cdp.send('Page.handleJavaScriptDialog', { accept: false }, sessionId).catch(() => undefined))
    await Promise.all([
      page.guardFileReads(
        (url) => mayReadFile(url, [...readableFolders, ...page.readableFolders]),
        (url) => blocked.set(page, [...(blocked.get(page) ?? []), url]),
      ),
      cdp.send('Inspector.enable', undefined, sessionId),
      cdp.send('Page.enable', undefined, sessionId),
      cdp.send('Page.setLifecycleEventsEnabled', { enabled: true }, sessionId),
      reportBlockedRequests(page, {
        allowNetwork: options.allowNetwork ?? false,
        onBlockedRequest: (url) => {
          blocked.set(page, [...(blocked.get(page) ?? []), url])
          options.onBlockedRequest?.(url, page)
        },
      }),
    ])
    // Every page waits on a file:// page of its own (the first tab opened with it), so that content
    // set into it may load talkdeck's files (see BrowserPage.setContent). It is loaded again once
    // file reads are guarded, also in the first tab: a document keeps the loaders it had when it
    // was opened, and the first tab's, opened before, let a layout's <img src="file://…"> of any
    // picture through (the frame's own navigations were refused).
    await page.waitForLoad(blankUrl)
    await page.goto(blankUrl)
    return page
  }
  /** A page counted against the limit from the start; one that fails to open frees its place. */
  const newPage = (): Promise<BrowserPage> => {
    created++
    return createPage().catch((error: unknown) => {
      created--
      throw error
    })
  }
  // The first tab is set up as soon as the browser answers, while the caller is still busy.
  let prepared: Promise<BrowserPage> | undefined
  ready.then(
    () => {
      if (closing !== undefined) return
      prepared = newPage()
      prepared.catch(() => undefined)
    },
    () => undefined,
  )
  const acquire = async (): Promise<BrowserPage> => {
    await ready
    if (interrupted) throw new InterruptedError(interrupted)
    const first = prepared
    prepared = undefined
    if (first) return first
    const page = idle.pop()
    if (page) return page
    if (created < limit) return newPage()
    return new Promise<Promise<BrowserPage>>((resolve) => waiting.push(resolve)).then((next) => next)
  }
  const release = (page: BrowserPage, broken: boolean) => {
    const next = waiting.shift()
    if (broken) {
      // A page that failed may be unusable (a crashed renderer): the next caller gets a new one.
      void connection?.send('Target.closeTarget', { targetId: page.targetId }).catch(() => undefined)
      created--
      if (next) next(newPage())
    } else if (next) next(Promise.resolve(page))
    else idle.push(page)
  }

  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = signal
    void close()
  }
  const handleSignals = options.handleSignals ?? true
  if (handleSignals) {
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  }

  async function close(): Promise<void> {
    handedOut()
    closing ??= (async () => {
      connection?.dispose(new BrowserError(interrupted ? `interrupted by ${interrupted}` : 'the browser was closed'))
      // Nothing in a temporary profile is worth a graceful shutdown: the whole process group goes at once.
      const running = child && child.exitCode === null && child.signalCode === null ? child : undefined
      if (running?.pid) {
        const exited = new Promise((resolve) => running.once('exit', resolve))
        try {
          process.kill(-running.pid, 'SIGKILL')
        } catch {
          running.kill('SIGKILL')
        }
        await exited
      }
      proxy?.close()
      await Promise.all([workDir, chromiumTmp].map((folder) => folder && rm(folder, { recursive: true, force: true, maxRetries: 3 })))
      await sweep
      // Only now: a second signal during the clean-up (a impatient Ctrl-C) must not end the
      // process before the folder is gone.
      if (handleSignals) {
        process.off('SIGINT', onSignal)
        process.off('SIGTERM', onSignal)
      }
    })()
    return closing
  }

  return {
    executablePath,
    workDir,
    ready,
    takeBlockedRequests(page) {
      const urls = blocked.get(page) ?? []
      blocked.delete(page)
      return urls
    },
    get interrupted() {
      return interrupted
    },
    pageInUse,
    async withPage(use, viewport = SLIDE_SIZES[DEFAULTS.slideSize], scale = 1) {
      const page = await acquire()
      let broken = true
      try {
        await page.setViewport(viewport, scale)
        // Said as `use` starts (its first command to the page is sent before anything else runs).
        const using = use(page)
        handedOut()
        const result = await using
        broken = false
        return result
      } finally {
        release(page, broken)
      }
    },
    close,
    [Symbol.asyncDispose]: close,
  }
}

/** `startBrowser`, resolved once the browser is ready. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<BrowserSession> {
  const session = startBrowser(options)
  try {
    await session.ready
  } catch (error) {
    await session.close()
    throw error
  }
  return session
}
