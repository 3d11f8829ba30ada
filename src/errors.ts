/**
 * One error hierarchy for the whole library. The library only throws; `cli.ts` alone turns these
 * into messages and exit codes, so a user's mistake never prints a stack trace while a bug does.
 */

export const EXIT_CODES = {
  ok: 0,
  /** Bug or unexpected failure: the stack is printed. */
  internal: 1,
  /** Bad YAML, schema violation, bad reference: the user's input. */
  invalidInput: 2,
  /** A layout failed to render (strict Handlebars, missing field). */
  template: 3,
  /** No browser found, or it could not be launched. */
  browser: 4,
  /** Export or build wrote nothing for at least one deck. */
  output: 5,
  /** `check --strict` found warnings only. */
  warnings: 6,
  /** Interrupted by SIGINT/SIGTERM. */
  interrupted: 130,
} as const

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES]

export type Severity = 'error' | 'warning'

/** Where in a user's file a problem is: always a file, a line and column where known. */
export interface SourceLocation {
  file: string
  line?: number
  column?: number
}

/** One finding about a user's input: what is wrong, where, and what was expected. */
export interface Problem extends SourceLocation {
  severity: Severity
  /** Stable machine-readable kind, e.g. `schema`, `unknown-source`, `overflow`. */
  code: string
  message: string
  /** YAML path of the offending value, e.g. `[3].sources[0]`. */
  path?: string
  /** The deck the problem was found in, when it is about a deck. */
  deck?: string
}

/**
 * What became of one piece of work (a dataset, a deck, a build, an export): its value, or the error
 * that stopped it — with the problems found on the way either way.
 */
export type Result<T> =
  | { ok: true; value: T; problems: Problem[] }
  | { ok: false; error: TalkdeckError; problems: Problem[] }

/** A Result for one deck. */
export type DeckResult<T> = Result<T> & { deck: string }

export const hasErrors = (problems: Problem[]): boolean => problems.some((p) => p.severity === 'error')

/** A failed Result from problems that include errors. */
export function failure(problems: Problem[]): { ok: false; error: ValidationError; problems: Problem[] } {
  return { ok: false, error: new ValidationError(problems.filter((p) => p.severity === 'error')), problems }
}

export function formatLocation(location: SourceLocation): string {
  let text = location.file
  if (location.line !== undefined) {
    text += `:${location.line}`
    if (location.column !== undefined) text += `:${location.column}`
  }
  return text
}

/**
 * The invisible characters that change the order in which the text around them is shown: an id
 * or a message holding U+202E reads as something else than it is ("Trojan Source").
 */
const BIDI_CONTROLS = '\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069'
export const BIDI_CONTROL = new RegExp(`[${BIDI_CONTROLS}]`)
/** What a message never prints raw: bidirectional controls, and the control characters a terminal acts on (tab and newline aside). */
const UNPRINTABLE = new RegExp(`[\u0000-\u0008\u000B-\u001F\u007F-\u009F${BIDI_CONTROLS}]`, 'g')
/** `text` with the characters a terminal would act on or hide shown as `\u202E`: for a user's text echoed in a message. */
export const escapeUnprintable = (text: string) => text.replace(UNPRINTABLE, (character) => `\\u${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)

/** One problem as a line of text; a user's text echoed in it shows its invisible characters as `\u202E`. */
export function formatProblem(problem: Problem): string {
  const path = problem.path ? ` (at ${problem.path})` : ''
  return escapeUnprintable(`${formatLocation(problem)}: ${problem.severity}: ${problem.message}${path}`)
}

export class TalkdeckError extends Error {
  readonly exitCode: ExitCode
  constructor(message: string, options: { exitCode?: ExitCode; cause?: unknown } = {}) {
    super(message, { cause: options.cause })
    this.name = new.target.name
    this.exitCode = options.exitCode ?? EXIT_CODES.internal
  }
}

/** Unusable project layout or options: a missing folder, an unknown deck, a bad flag. */
export class ConfigError extends TalkdeckError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { exitCode: EXIT_CODES.invalidInput, ...options })
  }
}

/** The data or a deck is invalid; carries every problem found, not only the first. */
export class ValidationError extends TalkdeckError {
  readonly problems: Problem[]
  constructor(problems: Problem[], summary?: string) {
    const errors = problems.filter((p) => p.severity === 'error')
    super(summary ?? `${errors.length} problem${errors.length === 1 ? '' : 's'} found`, {
      exitCode: EXIT_CODES.invalidInput,
    })
    this.problems = problems
  }
}

/** A layout could not render a slide; names the template, the slide and the deck line. */
export class TemplateError extends TalkdeckError {
  /** Where in the template the mistake is, when known; `message` starts with it. */
  readonly location: SourceLocation | undefined
  /** The message without the location. */
  readonly detail: string
  constructor(detail: string, options: { cause?: unknown; location?: SourceLocation } = {}) {
    super(options.location ? `${formatLocation(options.location)}: ${detail}` : detail, { exitCode: EXIT_CODES.template, cause: options.cause })
    this.location = options.location
    this.detail = detail
  }
}

export class BrowserError extends TalkdeckError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { exitCode: EXIT_CODES.browser, ...options })
  }
}

const PAGE_FAILURES = { timeout: 'stopped answering', crashed: 'crashed or went away', changed: 'was changed by a script' } as const

/**
 * A page stopped answering or went away while talkdeck used it: a command got no answer within its
 * bound, or the page's renderer crashed. Usually a script of the page's own is to blame; the page
 * is not used again.
 */
export class PageFailedError extends BrowserError {
  /** What talkdeck was doing with the page, in a person's words ("printing the PDF"). */
  readonly step: string
  /** Why: no answer within the bound, a renderer that crashed or a page gone, or a document not the deck's any more. */
  readonly reason: 'timeout' | 'crashed' | 'changed'
  /** What was seen, after the step ("no answer within 10 s"). */
  readonly detail: string
  constructor(step: string, reason: 'timeout' | 'crashed' | 'changed', detail: string) {
    super(`the page ${PAGE_FAILURES[reason]} while ${step}: ${detail}`)
    this.step = step
    this.reason = reason
    this.detail = detail
  }
}

/** Writing a deck's output failed; the previous output is left as it was. */
export class OutputError extends TalkdeckError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { exitCode: EXIT_CODES.output, ...options })
  }
}

export class InterruptedError extends TalkdeckError {
  constructor(signal: string) {
    super(`interrupted by ${signal}; nothing partial was written`, { exitCode: EXIT_CODES.interrupted })
  }
}

/** Runs `work` for each deck in turn: a TalkdeckError fails that deck alone, anything else is a bug and throws. */
export async function forEachDeck<D extends { id: string }, T>(decks: D[], work: (deck: D) => Promise<T>): Promise<DeckResult<T>[]> {
  const results: DeckResult<T>[] = []
  for (const deck of decks) {
    try {
      results.push({ deck: deck.id, ok: true, value: await work(deck), problems: [] })
    } catch (error) {
      if (!(error instanceof TalkdeckError)) throw error
      results.push({ deck: deck.id, ok: false, error, problems: [] })
    }
  }
  return results
}
