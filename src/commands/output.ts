/** What a person sees: problems grouped by deck, each once; failed decks; exit codes from results. */
import path from 'node:path'
import { EXIT_CODES, ValidationError, escapeUnprintable, formatProblem, hasErrors, type DeckResult, type ExitCode, type Problem } from '../errors.js'
import { outputFormats } from '../export/formats/registry.js'
import { createProgress, type Progress } from '../progress.js'

export interface Output {
  out: (text: string) => void
  err: (text: string) => void
  progress?: () => Promise<Progress>
}

export const consoleOutput: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  progress: () => createProgress(process.stderr),
}

/**
 * Problems grouped by deck, each once, then how many. `check` prints its findings on stdout, as
 * linters do (`talkdeck check | less`); the other commands print theirs on stderr beside their
 * progress, their stdout being what they make (`--json`, a listing).
 */
export function printProblems(problems: Problem[], output: Output, to: 'out' | 'err' = 'err'): void {
  const print = to === 'out' ? output.out : output.err
  const unique = uniqueProblems(problems)
  const byDeck = new Map<string, Problem[]>()
  for (const problem of unique) {
    const key = problem.deck ?? ''
    byDeck.set(key, [...(byDeck.get(key) ?? []), problem])
  }
  for (const [deck, list] of byDeck) {
    if (deck) print(`deck ${deck}:`)
    for (const problem of list) print(`${deck ? '  ' : ''}${formatProblem(problem)}`)
  }
  const errors = unique.filter((p) => p.severity === 'error').length
  const warnings = unique.length - errors
  if (unique.length) print(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`)
}

/**
 * Each finding once: the same fault found twice (a slide measured for the PDF and again for the
 * PNGs of one export) is one thing to fix.
 */
export function uniqueProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>()
  return problems.filter((problem) => {
    const key = JSON.stringify([problem.deck, problem.file, problem.line, problem.column, problem.severity, problem.code, problem.message, problem.path])
    return !seen.has(key) && seen.add(key)
  })
}

/** Grouped by deck in the order decks were given, then by file and line. */
export function sortProblems(problems: Problem[]): Problem[] {
  const deckOrder = [...new Set(problems.map((p) => p.deck ?? ''))]
  return [...problems].sort(
    (a, b) => deckOrder.indexOf(a.deck ?? '') - deckOrder.indexOf(b.deck ?? '') || a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0),
  )
}

export function exitCodeOf(problems: Problem[], results: DeckResult<unknown>[]): ExitCode {
  if (hasErrors(problems)) return EXIT_CODES.invalidInput
  const failed = results.find((result) => !result.ok)
  return failed && !failed.ok ? failed.error.exitCode : EXIT_CODES.ok
}

export function reportFailedDecks(results: DeckResult<unknown>[], verb: string, output: Output): void {
  for (const result of results) {
    if (result.ok) continue
    if (result.error instanceof ValidationError) output.err(`talkdeck: deck ${result.deck} not ${verb}: fix the errors above`)
    else output.err(`talkdeck: ${escapeUnprintable(result.error.message)}`)
  }
}

/** An exported file as a person finds it (PNG is a picture per slide in the deck's folder), and how much it holds. */
export function describeFile(file: string, exported: { format: string; pages: number }): string {
  const unit = outputFormats().find((format) => format.id === exported.format)?.unit ?? 'pages'
  return `${exported.format === 'png' ? `${file}${path.sep}*.png` : file} (${exported.pages} ${unit})`
}
