import { BrowserError, PageFailedError } from '../errors.js'
import type { SlideSize } from '../deck/types.js'
import { type CdpCommand, type CdpConnection, type CdpEvent, type CdpEventParams, type CdpParams, type CdpResult, CdpTimeoutError } from './cdp.js'

/** What Chromium adds in the margins of each printed page (handouts): HTML with its classes `pageNumber`, `totalPages`. */
export interface PrintOptions {
  headerTemplate?: string
  footerTemplate?: string
  /** Pages the print will have, about: the bound on printing grows with it. @default 1 */
  pages?: number
}

/** What talkdeck is doing with a page while it waits for each command, as a message says it. */
const STEPS: Partial<Record<CdpCommand, string>> = {
  'Page.navigate': "loading the deck's page",
  'Page.setDocumentContent': "showing the deck's page",
  'Runtime.evaluate': "running talkdeck's script in the page (loading its fonts, measuring its slides)",
  'Page.printToPDF': 'printing the PDF',
  'Page.captureScreenshot': 'taking a picture of a slide',
}

/** The time printing may take for each page, over the browser timeout: 10,000 slides take 100 s more. */
const PRINT_MS_PER_PAGE = 10

/** A region of the page in CSS pixels, from the top left of the document. */
export interface Clip {
  x: number
  y: number
  width: number
  height: number
}

/** A function run in the page: its source is sent, so it must not use anything from its Node-side scope. */
type PageFunction<A, R> = (arg: A) => R | Promise<R>

/** Anything that runs a function in a page: a `BrowserPage`, or another driver's page in a test. */
export type ScriptRunner = Pick<BrowserPage, 'evaluate'>

/**
 * One tab of the browser, driven over the DevTools protocol: open a URL, run a function in it,
 * print it, take a picture of part of it.
 */
export class BrowserPage {
  readonly #connection: CdpConnection
  readonly #sessionId: string
  readonly #loadTimeoutMs: number
  /** The browser's id of this tab (also the id of its main frame). */
  readonly targetId: string
  /** The viewport last set, as `width×height@scale`. */
  #viewport = ''
  /**
   * The print last asked for, settled once its PDF has come (or failed). Until then the page may
   * show another document (`setContent`) and run scripts, nothing more: a navigation, other media,
   * another viewport or a screenshot wait for it (a navigation made the print fail).
   */
  #printing: Promise<unknown> = Promise.resolve()

  constructor(connection: CdpConnection, target: { sessionId: string; targetId: string }, loadTimeoutMs: number) {
    this.#connection = connection
    this.#sessionId = target.sessionId
    this.targetId = target.targetId
    this.#loadTimeoutMs = loadTimeoutMs
  }

  /**
   * Sends a command to the page. One the page does not answer in time (a script of its own that
   * loops, `alert()`) or that it cannot answer (it crashed, or a script navigated it away) fails
   * as a PageFailedError naming the step; a page that timed out has its scripts stopped, so that
   * it can be closed.
   */
  async #send<M extends CdpCommand>(method: M, params?: CdpParams<M>, timeoutMs = this.#loadTimeoutMs): Promise<CdpResult<M>> {
    try {
      return await this.#connection.send(method, params, this.#sessionId, timeoutMs)
    } catch (error) {
      const step = STEPS[method] ?? method
      if (error instanceof CdpTimeoutError) {
        await this.#connection.send('Runtime.terminateExecution', undefined, this.#sessionId, 5000).catch(() => undefined)
        // A script that emptied its document (document.open) can leave a wait of talkdeck's without
        // an end, a font load the new document dropped: that page was changed, not stuck in a loop.
        if (await this.#holdsNoSlides()) throw new PageFailedError(step, 'changed', 'the page held 0 of its slides: a script replaced its document')
        throw new PageFailedError(step, 'timeout', `no answer within ${error.seconds} s (--browser-timeout)`)
      }
      if (error instanceof PageFailedError) throw new PageFailedError(step, error.reason, error.detail)
      if (error instanceof BrowserError && /already being printed/i.test(error.message)) {
        throw new PageFailedError(step, 'changed', 'a script of the page printed it itself (print())')
      }
      if (error instanceof BrowserError && /navigated or closed|Target closed|No target with given id/i.test(error.message)) {
        throw new PageFailedError(step, 'crashed', 'the page navigated away or closed (a script of the page may have changed location or written a new document)')
      }
      throw error
    }
  }

  /** Whether the page answers, within a second, that its document has no slides. */
  async #holdsNoSlides(): Promise<boolean> {
    const answer = await this.#connection.send('Runtime.evaluate', { expression: "document.querySelectorAll('.slides > section').length", returnByValue: true }, this.#sessionId, 1000).catch(() => undefined)
    return answer?.result.value === 0
  }

  /** Calls `listener` for each `method` event of this page; returns a function that stops it. */
  on<E extends CdpEvent>(method: E, listener: (params: CdpEventParams<E>) => void): () => void {
    return this.#connection.on(method, this.#sessionId, listener)
  }

  /**
   * Folders this page's document may read files from besides talkdeck's own: those of the deck it
   * shows (its project and `--allow-path` folders), set by whoever shows it.
   */
  readableFolders: readonly string[] = []

  /**
   * Pauses every file:// request of the page — documents, frames, objects, pictures, stylesheets,
   * fonts, fetch — and lets it go on only if `mayRead` its URL; the others fail, and `onBlocked`
   * hears of them. The browser's own interception (CDP Fetch): nothing a page does gets around it.
   */
  async guardFileReads(mayRead: (url: string) => boolean, onBlocked: (url: string) => void): Promise<void> {
    this.on('Fetch.requestPaused', ({ requestId, request }) => {
      const url = request.url
      const allowed = mayRead(url)
      if (!allowed) onBlocked(url)
      const answer = allowed ? this.#send('Fetch.continueRequest', { requestId }) : this.#send('Fetch.failRequest', { requestId, errorReason: 'AccessDenied' })
      // A request of a page gone meanwhile has nobody to answer.
      answer.catch(() => undefined)
    })
    await this.#send('Fetch.enable', { patterns: [{ urlPattern: 'file://*' }] })
  }

  /** Calls `listener` with the URL of every request and every WebSocket the page opens from now on. */
  async watchRequests(listener: (url: string) => void): Promise<void> {
    this.on('Network.requestWillBeSent', (event) => listener(event.request.url))
    this.on('Network.webSocketCreated', (event) => listener(event.url))
    await this.#send('Network.enable')
  }

  /** Opens `url` and resolves once its `load` event has fired. */
  async goto(url: string): Promise<void> {
    // A navigation ends the document a print may still be composed from: that print would fail.
    await this.#printing
    // Each navigation has its own loader: a late `load` of an earlier document is not this one's.
    const loaded = new Set<string>()
    let expected: string | undefined
    let resolveLoad: () => void = () => undefined
    const load = new Promise<void>((resolve) => (resolveLoad = resolve))
    const stop = this.on('Page.lifecycleEvent', (event) => {
      if (event.name !== 'load' || event.frameId !== this.targetId) return
      loaded.add(event.loaderId)
      if (event.loaderId === expected) resolveLoad()
    })
    try {
      const result = await this.#send('Page.navigate', { url })
      if (result.errorText) throw new BrowserError(`the browser could not open ${url}: ${result.errorText}`)
      expected = result.loaderId
      if (expected && loaded.has(expected)) return
      await this.#withinLoadTimeout(load, `the page ${url}`)
    } finally {
      stop()
    }
  }

  /** Waits for `loading`, failing once the load timeout has passed or the browser has gone. */
  async #withinLoadTimeout<T>(loading: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined
    let stopClose: () => void = () => undefined
    try {
      return await new Promise<T>((resolve, reject) => {
        loading.then(resolve, reject)
        timer = setTimeout(() => reject(new BrowserError(`${what} did not finish loading in ${this.#loadTimeoutMs / 1000} s`)), this.#loadTimeoutMs)
        stopClose = this.#connection.onClose(reject)
      })
    } finally {
      clearTimeout(timer)
      stopClose()
    }
  }

  /**
   * Replaces the page's document with `html` and resolves once it has loaded (its `load` event,
   * after stylesheets and pictures). No navigation: the page keeps its address, and with it the
   * right to load file:// URLs; full Chromium spends 0.15–0.25 s of CPU on each navigation (its
   * tab machinery), this about a tenth of it. Scripts in `html` run as in any page.
   */
  async setContent(html: string): Promise<void> {
    await this.#send('Page.setDocumentContent', { frameId: this.targetId, html })
    await this.waitForLoad()
  }

  /**
   * Resolves once the page's document has loaded (its `load` event) and its linked stylesheets have
   * arrived, with true — or with false at once if `url` is given and the page shows another.
   *
   * The stylesheets are waited for apart: in a fresh renderer on a busy machine, a document set
   * with `setContent` sometimes reported `complete` before its stylesheets had arrived (4 fresh
   * browsers in 40, both cores busy): no fonts, no theme, for the wait for fonts and the
   * measurement alike. Chromium gives every link it has loaded a `sheet`, an empty one when the
   * load failed, so a link without one is still on its way.
   */
  waitForLoad(url?: string): Promise<boolean> {
    const load = this.evaluate(async (expected) => {
      if (expected !== undefined && location.href !== expected) return false
      if (document.readyState !== 'complete') await new Promise((resolve) => addEventListener('load', resolve, { once: true }))
      const pending = Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel~="stylesheet" i]')).filter((link) => !link.sheet && !link.disabled && !link.relList.contains('alternate'))
      await Promise.all(pending.map((link) => new Promise((resolve) => ['load', 'error'].forEach((type) => link.addEventListener(type, resolve, { once: true })))))
      return true
    }, url)
    // Bounded once, by the command's own timeout, which tells a page a script emptied from one
    // that loops: a second timer of the same length raced it and, winning, named neither.
    return load
  }

  /**
   * Runs `fn(arg)` in the page, or an expression's text (a bundled page script's call), and
   * resolves with its (JSON) result, awaited if it is a promise.
   */
  evaluate<R, A = undefined>(fn: PageFunction<A, R> | string, arg?: A): Promise<R> {
    return this.#evaluate(fn, arg, this.#loadTimeoutMs)
  }

  async #evaluate<R, A>(fn: PageFunction<A, R> | string, arg: A | undefined, timeoutMs: number): Promise<R> {
    // `__name` covers code compiled with esbuild's keepNames (as in tests), which wraps functions in it.
    const expression = typeof fn === 'string' ? fn : `(() => { const __name = (f) => f; return (${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)}) })()`
    const { result, exceptionDetails } = await this.#send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, timeoutMs)
    // talkdeck's own scripts fail only on a page something else has changed: a script of the page's.
    if (exceptionDetails) throw new BrowserError(`talkdeck's script failed in the page, which a script of its own may have changed: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`)
    return result.value as R
  }

  /**
   * Sets the viewport, unless it is set already: a page handed from one deck to the next then
   * starts on the next document at once, without waiting for an answer first.
   */
  async setViewport(size: SlideSize, scale = 1): Promise<void> {
    const viewport = `${size.width}×${size.height}@${scale}`
    if (viewport === this.#viewport) return
    await this.#printing
    await this.#send('Emulation.setDeviceMetricsOverride', {
      width: size.width,
      height: size.height,
      deviceScaleFactor: scale,
      mobile: false,
    })
    this.#viewport = viewport
  }

  /** Lays the page out for `print` (as printing does) or, given nothing, for the screen again. */
  async emulateMedia(media?: 'print'): Promise<void> {
    await this.#printing
    await this.#send('Emulation.setEmulatedMedia', { media: media ?? '' })
  }

  /** Where each element matching `selector` is, in CSS pixels of the page (not of the viewport). */
  boxesOf(selector: string): Promise<Clip[]> {
    return this.evaluate(
      (query) =>
        Array.from(document.querySelectorAll(query)).map((element) => {
          const box = element.getBoundingClientRect()
          return { x: box.x + scrollX, y: box.y + scrollY, width: box.width, height: box.height }
        }),
      selector,
    )
  }

  /**
   * Prints the page as `pdf` does, and resolves as soon as the page may show something else, with
   * the PDF still on its way. Full Chromium's renderer is done 0.06–0.12 s before its PDF arrives
   * (the browser composes it in a process of its own meanwhile): the next deck's page, shown in
   * that time, is laid out while the last is put together. The page says it is done with
   * `afterprint`; a page that never says so is free once its PDF is there.
   */
  async startPdf(options: PrintOptions = {}): Promise<{ pdf: Promise<Uint8Array> }> {
    // It waits as long as the print may take.
    const printed = this.#evaluate(() => new Promise<void>((resolve) => addEventListener('afterprint', () => resolve(), { once: true })), undefined, this.#printBound(options))
    // Commands to the page run in order: once this answers, the listener is in place. The print
    // itself goes by way of the browser, and could overtake it.
    await this.evaluate(() => undefined)
    const pdf = this.pdf(options)
    // Whoever awaits the PDF learns of its failure; until then it is not an unhandled rejection.
    pdf.catch(() => undefined)
    // A listener gone with its document (a renderer that failed) leaves the PDF to say.
    await Promise.race([printed.catch(() => pdf), pdf]).catch(() => undefined)
    return { pdf }
  }

  #printBound(options: PrintOptions): number {
    return this.#loadTimeoutMs + PRINT_MS_PER_PAGE * (options.pages ?? 1)
  }

  /**
   * Prints the page as talkdeck prints every page: backgrounds on, the page size of its CSS
   * `@page`, tagged for screen readers. The outline is not Chromium's: talkdeck writes its own.
   */
  async pdf(options: PrintOptions = {}): Promise<Uint8Array> {
    const headerFooter = options.headerTemplate !== undefined || options.footerTemplate !== undefined
    const params = {
      printBackground: true,
      preferCSSPageSize: true,
      generateTaggedPDF: true,
      generateDocumentOutline: false,
      displayHeaderFooter: headerFooter,
      ...(headerFooter ? { headerTemplate: options.headerTemplate ?? '<span></span>', footerTemplate: options.footerTemplate ?? '<span></span>' } : {}),
      // Used only where the page has no CSS size; the margins come from the page's own `@page`.
      paperWidth: 8.5,
      paperHeight: 11,
      marginTop: 0,
      marginBottom: 0,
      marginLeft: 0,
      marginRight: 0,
    }
    // One print of a tab at a time: asked for a second before the first's PDF has come, Chromium
    // drops the first, which then never answers. A page shown since (`startPdf`) waits here.
    const asked = this.#printing.then(() => this.#send('Page.printToPDF', params, this.#printBound(options)))
    this.#printing = asked.catch(() => undefined)
    const { data } = await asked
    return new Uint8Array(Buffer.from(data, 'base64'))
  }

  /** A picture of `clip`, which may lie outside the viewport. */
  async screenshot(clip: Clip, options: { type: 'jpeg' | 'png'; quality?: number }): Promise<Uint8Array> {
    await this.#printing
    const { data } = await this.#send('Page.captureScreenshot', {
      format: options.type,
      ...(options.quality !== undefined ? { quality: options.quality } : {}),
      clip: { ...clip, scale: 1 },
      captureBeyondViewport: true,
    })
    return new Uint8Array(Buffer.from(data, 'base64'))
  }
}
