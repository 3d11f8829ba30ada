/**
 * argv → commands; errors → messages and exit codes. Nothing else lives here: the library throws
 * TalkdeckErrors, and only this file decides what a person sees and which code the process returns.
 */
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { EXIT_CODES, TalkdeckError, ValidationError, formatProblem, type ExitCode, type Problem } from './errors.js'
import { buildDecks, writeIndex } from './build/build-decks.js'
import { createJsonSchemas } from './data/schema.js'
import { findDecks, selectDecks } from './deck/find-decks.js'
import type { ResolvedDeck } from './deck/types.js'
import { TALKDECK_VERSION } from './package-paths.js'
import { loadDecks, loadOtherDatasets, openWorkspace, type DeckResult, type Workspace } from './pipeline.js'
import { listDatasets } from './project.js'
import { PRINT_THEME } from './themes/resolve-theme.js'

const HELP = `talkdeck — YAML facts → reveal.js talk decks → PDF

Usage: talkdeck <command> [options]

Commands:
  dev [deck]           serve decks with live reload (http://localhost:5173)
  build [deck…]        write DIR/<deck>/index.html and DIR/index.html
  export [deck…]       write DIR/<deck>.pdf (or .handout.pdf)
  check [deck…]        validate data and decks, measure overflow, timing, sources
  list                 list decks, datasets, layouts and themes
  themes [deck]        render every layout in every theme: DIR/themes/index.html
  schema               write JSON Schemas for editor completion

Options:
  --root DIR           project folder holding decks/ data/ templates/ (default: .)
  --out DIR            output folder (default: dist)
  --json               machine-readable output (list, check, export)
  -h, --help           this help
  -v, --version        talkdeck's version

A deck is a deck id (decks/<id>.yaml) or a path to a deck file. Run "talkdeck <command> --help"
for a command's own options.`

const COMMON_OPTIONS = {
  root: { type: 'string', default: '.' },
  out: { type: 'string', default: 'dist' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options']

type Output = { out: (text: string) => void; err: (text: string) => void }
const consoleOutput: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
}

export async function main(argv: string[], output: Output = consoleOutput): Promise<ExitCode> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case 'build':
        return await buildCommand(rest, output)
      case 'check':
        return await checkCommand(rest, output)
      case 'list':
        return await listCommand(rest, output)
      case 'schema':
        return await schemaCommand(rest, output)
      case 'dev':
        return await devCommand(rest, output)
      case 'export':
        return await exportCommand(rest, output)
      case 'themes':
        return await themesCommand(rest, output)
      case '-v':
      case '--version':
        output.out(TALKDECK_VERSION)
        return EXIT_CODES.ok
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        output.out(HELP)
        return EXIT_CODES.ok
      default:
        output.err(`talkdeck: unknown command "${command}"\n\n${HELP}`)
        return EXIT_CODES.invalidInput
    }
  } catch (error) {
    return reportError(error, output)
  }
}

function reportError(error: unknown, output: Output): ExitCode {
  if (error instanceof ValidationError) {
    printProblems(error.problems, output)
    return error.exitCode
  }
  if (error instanceof TalkdeckError) {
    output.err(`talkdeck: ${error.message}`)
    return error.exitCode
  }
  if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    output.err(`talkdeck: ${error.message}; see "talkdeck --help"`)
    return EXIT_CODES.invalidInput
  }
  // Not a user's mistake: keep the stack so the bug can be found.
  throw error
}

function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  return parseArgs({ args, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true })
}

export function printProblems(problems: Problem[], output: Output): void {
  const byDeck = new Map<string, Problem[]>()
  for (const problem of problems) {
    const key = problem.deck ?? ''
    byDeck.set(key, [...(byDeck.get(key) ?? []), problem])
  }
  for (const [deck, list] of byDeck) {
    if (deck) output.err(`deck ${deck}:`)
    for (const problem of list) output.err(`${deck ? '  ' : ''}${formatProblem(problem)}`)
  }
  const errors = problems.filter((p) => p.severity === 'error').length
  const warnings = problems.length - errors
  if (problems.length) output.err(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`)
}

async function loadSelected(args: { root: string }, positionals: string[]) {
  const workspace = await openWorkspace(args.root)
  const refs = await selectDecks(workspace.project, positionals)
  const results = await loadDecks(workspace, refs)
  return { workspace, results }
}

const resolvedDecks = (results: DeckResult[]): ResolvedDeck[] =>
  results.flatMap((result) => (result.deck ? [result.deck] : []))
const hasErrors = (problems: Problem[]) => problems.some((p) => p.severity === 'error')

/** Every deck of the project, for the index: the decks already loaded when none were named. */
async function allDecks(workspace: Workspace, results: DeckResult[], named: string[]): Promise<ResolvedDeck[]> {
  return resolvedDecks(named.length ? await loadDecks(workspace, await findDecks(workspace.project)) : results)
}

async function buildCommand(argv: string[], output: Output): Promise<ExitCode> {
  const { values, positionals } = parse(argv, {})
  if (values.help) {
    output.out('Usage: talkdeck build [deck…] [--out DIR] [--root DIR]\nWrites DIR/<deck>/index.html (opens from file:// too) and DIR/index.html.')
    return EXIT_CODES.ok
  }
  const { workspace, results } = await loadSelected(values, positionals)
  const problems = results.flatMap((r) => r.problems)
  printProblems(problems, output)
  const outDir = path.resolve(values.out)
  const outcomes = await buildDecks(resolvedDecks(results), workspace.renderer, outDir)
  for (const outcome of outcomes) {
    if (outcome.error) output.err(`talkdeck: ${outcome.error.message}`)
    else output.err(`built ${outcome.deck} → ${workspace.project.displayPath(outcome.file ?? '')}`)
  }
  const built = outcomes.filter((o) => !o.error)
  if (built.length) {
    const index = await writeIndex(outDir, await allDecks(workspace, results, positionals))
    output.err(`index → ${workspace.project.displayPath(index)}`)
  }
  for (const result of results) if (!result.deck) output.err(`talkdeck: deck ${result.ref.id} not built: fix the errors above`)
  if (hasErrors(problems)) return EXIT_CODES.invalidInput
  const failed = outcomes.find((o) => o.error)
  return failed?.error instanceof TalkdeckError ? failed.error.exitCode : EXIT_CODES.ok
}

async function checkCommand(argv: string[], output: Output): Promise<ExitCode> {
  const { values, positionals } = parse(argv, {
    strict: { type: 'boolean', default: false },
    browser: { type: 'string' },
    'no-browser': { type: 'boolean', default: false },
  })
  if (values.help) {
    output.out(`Usage: talkdeck check [deck…] [--strict] [--json] [--root DIR] [--browser PATH] [--no-browser]
Validates data and decks and reports, with file:line: overflowing slides (measured in a real
browser), timing against "duration" and section "minutes", sources, notes and repeated items.
Exit 0 when there are no errors (and, with --strict, no warnings).`)
    return EXIT_CODES.ok
  }
  const started = performance.now()
  const { workspace, results } = await loadSelected(values, positionals)
  const problems = results.flatMap((r) => r.problems)
  if (positionals.length === 0) {
    // Datasets no deck uses are checked too; those the decks use were read and reported with them.
    const read = new Set(results.flatMap((result) => (result.dataset ? [result.dataset] : [])))
    for (const dataset of (await loadOtherDatasets(workspace, read)).values()) problems.push(...dataset.problems)
  }
  const decks = resolvedDecks(results)
  if (!values['no-browser'] && decks.length) {
    const { checkOverflow } = await import('./check/measure-decks.js')
    problems.push(...(await checkOverflow(decks, workspace.renderer, { browser: { explicit: values.browser } })))
  }
  const seconds = (performance.now() - started) / 1000
  if (values.json) output.out(JSON.stringify({ decks: results.map((r) => r.ref.id), seconds: Number(seconds.toFixed(3)), problems }, null, 2))
  else {
    printProblems(sortProblems(problems), output)
    if (!problems.length) output.err(`checked ${results.length} deck${results.length === 1 ? '' : 's'} in ${seconds.toFixed(1)} s: no problems`)
  }
  if (hasErrors(problems)) return EXIT_CODES.invalidInput
  return values.strict && problems.length ? EXIT_CODES.warnings : EXIT_CODES.ok
}

/** Grouped by deck in the order decks were given, then by file and line. */
function sortProblems(problems: Problem[]): Problem[] {
  const deckOrder = [...new Set(problems.map((p) => p.deck ?? ''))]
  return [...problems].sort((a, b) =>
    deckOrder.indexOf(a.deck ?? '') - deckOrder.indexOf(b.deck ?? '') || a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0),
  )
}

async function listCommand(argv: string[], output: Output): Promise<ExitCode> {
  const { values } = parse(argv, {})
  const workspace = await openWorkspace(values.root)
  const decks = await findDecks(workspace.project)
  const datasets = await listDatasets(workspace.project)
  const listing = {
    decks: decks.map((deck) => ({ id: deck.id, file: workspace.project.displayPath(deck.file) })),
    datasets,
    layouts: [...workspace.templates.layouts.values()].map((layout) => ({ name: layout.name, selection: layout.selection, file: workspace.project.displayPath(layout.file) })),
    themes: [...workspace.themes.values()].map((theme) => ({ name: theme.name, builtIn: theme.builtIn, file: workspace.project.displayPath(theme.file) })),
  }
  if (values.json) {
    output.out(JSON.stringify(listing, null, 2))
    return EXIT_CODES.ok
  }
  output.out(`decks:    ${listing.decks.map((d) => d.id).join(', ') || '(none)'}`)
  output.out(`datasets: ${datasets.join(', ') || '(none)'}`)
  output.out(`layouts:  ${listing.layouts.map((l) => l.name).join(', ')}`)
  output.out(`themes:   ${listing.themes.map((t) => t.name).join(', ')}`)
  return EXIT_CODES.ok
}

async function themesCommand(argv: string[], output: Output): Promise<ExitCode> {
  const { values, positionals } = parse(argv, { browser: { type: 'string' } })
  if (values.help) {
    output.out('Usage: talkdeck themes [deck] [--out DIR] [--root DIR] [--browser PATH]\nRenders each layout of the deck (default: the deck using the most layouts) in every theme into DIR/themes/.')
    return EXIT_CODES.ok
  }
  const { workspace, results } = await loadSelected(values, positionals.slice(0, 1))
  const problems = results.flatMap((r) => r.problems)
  if (hasErrors(problems)) {
    printProblems(problems, output)
    return EXIT_CODES.invalidInput
  }
  const layoutCount = (deck: ResolvedDeck) => new Set(deck.slides.map((slide) => slide.layout)).size
  const [deck] = resolvedDecks(results).sort((a, b) => layoutCount(b) - layoutCount(a))
  if (!deck) return EXIT_CODES.invalidInput
  const { renderThemeGallery } = await import('./themes/gallery.js')
  const gallery = await renderThemeGallery(deck, [...workspace.themes.values()], workspace.renderer, path.resolve(values.out, 'themes'), { browser: { explicit: values.browser } })
  output.err(`${gallery.images} images of deck ${deck.id} → ${workspace.project.displayPath(gallery.file)}`)
  return EXIT_CODES.ok
}

async function schemaCommand(argv: string[], output: Output): Promise<ExitCode> {
  const { values } = parse(argv, {})
  const outDir = path.resolve(values.out === 'dist' ? 'schema' : values.out)
  await mkdir(outDir, { recursive: true })
  for (const [name, schema] of Object.entries(createJsonSchemas())) {
    await writeFile(path.join(outDir, name), `${JSON.stringify(schema, null, 2)}\n`)
  }
  output.err(`JSON Schemas written to ${outDir}`)
  return EXIT_CODES.ok
}

async function devCommand(argv: string[], output: Output): Promise<ExitCode> {
  const { values, positionals } = parse(argv, { port: { type: 'string', default: '5173' }, host: { type: 'string', default: 'localhost' } })
  const { startDevServer } = await import('./vite/server.js')
  const server = await startDevServer({ root: values.root, port: Number(values.port), host: values.host, deck: positionals[0] })
  output.err(`talkdeck dev: ${server.url}`)
  await server.closed
  return EXIT_CODES.ok
}

async function exportCommand(argv: string[], output: Output): Promise<ExitCode> {
  const { values, positionals } = parse(argv, {
    format: { type: 'string', default: 'pdf' },
    fragments: { type: 'boolean', default: false },
    browser: { type: 'string' },
    'allow-network': { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '2' },
    theme: { type: 'string' },
  })
  if (values.help) {
    output.out(`Usage: talkdeck export [deck…] [--out DIR] [--root DIR] [--format pdf|handout] [--fragments]
                       [--theme NAME] [--browser PATH] [--allow-network] [--json]
Writes DIR/<deck>.pdf (one page per slide) or DIR/<deck>.handout.pdf (A4, slides with notes).
--theme prints with another theme; a handout uses the print-friendly "paper" theme by default.
The browser is found in: --browser, TALKDECK_BROWSER, CHROME_PATH, install paths, PATH.`)
    return EXIT_CODES.ok
  }
  if (values.format !== 'pdf' && values.format !== 'handout') {
    output.err(`talkdeck: --format must be pdf or handout, got "${values.format}"`)
    return EXIT_CODES.invalidInput
  }
  const { workspace, results } = await loadSelected(values, positionals)
  const problems = results.flatMap((r) => r.problems)
  printProblems(problems, output)
  const themeName = values.theme ?? (values.format === 'handout' ? PRINT_THEME : undefined)
  const theme = themeName === undefined ? undefined : workspace.themes.get(themeName)
  if (themeName !== undefined && !theme) {
    output.err(`talkdeck: unknown theme "${themeName}": expected one of ${[...workspace.themes.keys()].join(', ')}`)
    return EXIT_CODES.invalidInput
  }
  const decks = resolvedDecks(results).map((deck) => (theme ? { ...deck, theme } : deck))
  const progress = !values.json && process.stderr.isTTY
  const { exportDecks } = await import('./export/pdf.js')
  const exported = decks.length
    ? await exportDecks(decks, workspace.renderer, {
        outDir: path.resolve(values.out),
        format: values.format as 'pdf' | 'handout',
        fragments: values.fragments,
        concurrency: Math.max(1, Number(values.concurrency) || 1),
        browser: { explicit: values.browser, allowNetwork: values['allow-network'] },
        onProgress: (event) => {
          if (!progress) return
          if (event.type === 'browser') output.err(`browser ${event.executablePath} (${event.seconds.toFixed(1)} s)`)
          else {
            const r = event.result
            output.err(r.error ? `✗ ${r.deck}: ${r.error.message}` : `✓ ${r.deck}: ${r.pages} pages, ${Math.round((r.bytes ?? 0) / 1024)} KB, ${r.seconds.toFixed(1)} s`)
          }
        },
      })
    : []
  const outDir = path.resolve(values.out)
  // A built deck index links the PDFs beside it; refresh it when new PDFs arrive.
  if (exported.some((r) => r.file) && existsSync(path.join(outDir, 'index.html'))) {
    await writeIndex(outDir, await allDecks(workspace, results, positionals))
  }
  const warnings = exported.flatMap((r) => r.warnings)
  if (values.json) {
    output.out(JSON.stringify({
      decks: exported.map((r) => ({ deck: r.deck, file: r.file ?? null, pages: r.pages ?? null, bytes: r.bytes ?? null, seconds: Number(r.seconds.toFixed(3)), warnings: r.warnings.map(formatProblem), error: r.error?.message ?? null })),
      problems,
    }, null, 2))
  } else {
    printProblems(warnings, output)
    for (const r of exported) {
      if (r.error) output.err(`talkdeck: ${r.error.message}`)
      else if (!progress) output.err(`exported ${r.deck} → ${workspace.project.displayPath(r.file ?? '')} (${r.pages} pages)`)
    }
    for (const result of results) if (!result.deck) output.err(`talkdeck: deck ${result.ref.id} not exported: fix the errors above`)
  }
  if (hasErrors(problems)) return EXIT_CODES.invalidInput
  const failed = exported.find((r) => r.error)
  return failed?.error ? failed.error.exitCode : EXIT_CODES.ok
}
