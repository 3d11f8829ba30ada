import { performance } from 'node:perf_hooks'
import type { Readable, Writable } from 'node:stream'
import type { ProtocolMapping } from 'devtools-protocol/types/protocol-mapping.js'
import { BrowserError } from '../errors.js'

/**
 * The Chrome DevTools Protocol over the pipe Chromium opens with `--remote-debugging-pipe`: JSON
 * messages, each ended by a NUL byte, in on file descriptor 3 and out on 4. This is all talkdeck
 * needs of a browser driver; importing one (playwright-core) cost 0.5–0.75 s of every export.
 * The messages are typed from `devtools-protocol` (types only, nothing of it runs).
 */

/** A command of the protocol, e.g. `Page.printToPDF`. */
export type CdpCommand = keyof ProtocolMapping.Commands
/** What `method` takes (puppeteer's reading of the mapping: a command without parameters takes none). */
export type CdpParams<M extends CdpCommand> = ProtocolMapping.Commands[M]['paramsType'][0]
export type CdpResult<M extends CdpCommand> = ProtocolMapping.Commands[M]['returnType']
/** An event of the protocol, e.g. `Page.lifecycleEvent`. */
export type CdpEvent = keyof ProtocolMapping.Events
export type CdpEventParams<E extends CdpEvent> = ProtocolMapping.Events[E][0]

/** A message from the browser: the answer to a command (`id`), or an event (`method`). */
interface Incoming {
  id?: number
  result?: unknown
  error?: { message?: string }
  method?: string
  params?: unknown
  sessionId?: string
}

/**
 * `TALKDECK_DEBUG=cdp`: each command, its time and the bytes of its result, on stderr — to see
 * what a browser step waits on, and which answers are large.
 */
const TRACE = (process.env.TALKDECK_DEBUG ?? '').split(',').includes('cdp')

/**
 * The one place outside the commands that writes to the terminal: a trace asked for with an
 * environment variable, for whoever debugs the browser layer. It goes to stderr, never into a
 * command's output, and is written as each command ends, also when nothing else is printed.
 */
function traceCommand(method: string, started: number, outcome: string): void {
  process.stderr.write(`cdp ${method} ${((performance.now() - started) / 1000).toFixed(3)} s ${outcome}\n`)
}

interface Pending {
  method: string
  sessionId: string | undefined
  timer: NodeJS.Timeout
  resolve(value: unknown): void
  reject(error: Error): void
}

/** A command the browser did not answer within its bound. */
export class CdpTimeoutError extends BrowserError {
  readonly method: string
  readonly seconds: number
  constructor(method: string, seconds: number) {
    super(`the browser did not answer ${method} within ${seconds} s (--browser-timeout)`)
    this.method = method
    this.seconds = seconds
  }
}

export class CdpConnection {
  #nextId = 1
  readonly #pending = new Map<number, Pending>()
  readonly #listeners = new Map<string, Set<(params: unknown) => void>>()
  readonly #closeListeners = new Set<(error: Error) => void>()
  #closed: Error | undefined
  readonly #input: Writable
  readonly #timeoutMs: number

  /**
   * Every command has a bound, `timeoutMs` unless the caller gives another: a page whose script
   * loops answers nothing, and a browser that hangs must not hang talkdeck with it.
   */
  constructor(input: Writable, output: Readable, timeoutMs: number) {
    this.#input = input
    this.#timeoutMs = timeoutMs
    let buffered: Buffer[] = []
    output.on('data', (chunk: Buffer) => {
      let start = 0
      for (let end = chunk.indexOf(0); end >= 0; end = chunk.indexOf(0, start)) {
        buffered.push(chunk.subarray(start, end))
        const message = Buffer.concat(buffered).toString('utf8')
        buffered = []
        start = end + 1
        let parsed: Incoming
        try {
          parsed = JSON.parse(message) as Incoming
        } catch {
          this.dispose(new BrowserError('the browser sent a message that is not JSON'))
          return
        }
        this.#receive(parsed)
      }
      if (start < chunk.length) buffered.push(chunk.subarray(start))
    })
    output.on('close', () => this.dispose(new BrowserError('the browser closed the connection (it stopped or crashed)')))
    output.on('error', (error) => this.dispose(new BrowserError(`lost the connection to the browser: ${error.message}`, { cause: error })))
    // Writing to a browser that just died fails; the pending commands learn it from dispose().
    input.on('error', () => undefined)
  }

  get closed(): boolean {
    return this.#closed !== undefined
  }

  /**
   * Sends a command, to the browser or (with `sessionId`) to one page, and resolves with its
   * result; rejects with a CdpTimeoutError if no answer came within `timeoutMs`.
   */
  send<M extends CdpCommand>(method: M, params?: CdpParams<M>, sessionId?: string, timeoutMs = this.#timeoutMs): Promise<CdpResult<M>> {
    if (this.#closed) return Promise.reject(this.#closed)
    const id = this.#nextId++
    const started = TRACE ? performance.now() : 0
    const sent = new Promise<CdpResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id)
        reject(new CdpTimeoutError(method, timeoutMs / 1000))
      }, timeoutMs)
      this.#pending.set(id, { method, sessionId, timer, resolve: (result) => resolve(result as CdpResult<M>), reject })
      const message = { id, method, params: params ?? {}, ...(sessionId ? { sessionId } : {}) }
      this.#input.write(`${JSON.stringify(message)}\0`)
    })
    if (TRACE) {
      sent.then(
        (result) => traceCommand(method, started, `${Buffer.byteLength(JSON.stringify(result ?? {}))} B`),
        (error: Error) => traceCommand(method, started, `failed: ${error.message}`),
      )
    }
    return sent
  }

  /** Fails the pending commands of one page with `error`: its renderer crashed, or it was closed. */
  failSession(sessionId: string, error: Error): void {
    for (const [id, pending] of this.#pending) {
      if (pending.sessionId !== sessionId) continue
      this.#pending.delete(id)
      clearTimeout(pending.timer)
      pending.reject(error)
    }
  }

  /** Calls `listener` for every `method` event of the page `sessionId` (or of the browser); returns a function that stops it. */
  on<E extends CdpEvent>(method: E, sessionId: string | undefined, listener: (params: CdpEventParams<E>) => void): () => void {
    const key = `${sessionId ?? ''} ${method}`
    const listeners = this.#listeners.get(key) ?? new Set()
    this.#listeners.set(key, listeners)
    // The browser sends each event with the parameters the protocol declares for it.
    const heard = (params: unknown) => listener(params as CdpEventParams<E>)
    listeners.add(heard)
    return () => listeners.delete(heard)
  }

  /** Calls `listener` once if the connection closes (at once if it has); returns a function that stops it. */
  onClose(listener: (error: Error) => void): () => void {
    if (this.#closed) {
      listener(this.#closed)
      return () => undefined
    }
    this.#closeListeners.add(listener)
    return () => this.#closeListeners.delete(listener)
  }

  /** Fails every pending command with `error`; later sends fail at once. */
  dispose(error: Error): void {
    if (this.#closed) return
    this.#closed = error
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer)
      pending.reject(error)
    }
    this.#pending.clear()
    for (const listener of this.#closeListeners) listener(error)
    this.#closeListeners.clear()
  }

  #receive(message: Incoming): void {
    if (typeof message.id === 'number') {
      const pending = this.#pending.get(message.id)
      if (!pending) return
      this.#pending.delete(message.id)
      clearTimeout(pending.timer)
      if (message.error) pending.reject(new BrowserError(`the browser failed: ${pending.method}: ${message.error.message ?? 'protocol error'}`))
      else pending.resolve(message.result)
      return
    }
    const listeners = this.#listeners.get(`${message.sessionId ?? ''} ${message.method}`)
    if (listeners) for (const listener of [...listeners]) listener(message.params)
  }
}
