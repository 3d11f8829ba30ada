/**
 * argv → commands; results → messages and exit codes. The library throws TalkdeckErrors and
 * returns Results; only this file decides what a person sees and which code the process returns.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { DEFAULTS } from './defaults.js'
import { ConfigError, EXIT_CODES, TalkdeckError, ValidationError, escapeUnprintable, formatProblem, hasErrors, type DeckResult, type ExitCode, type Problem } from './errors.js'
import { listDatasets, resolveOutDir } from './data/project.js'
import { createJsonSchemas } from './data/schema.js'
import { loadWorkspace, type Workspace } from './data/workspace.js'
import { findDecks, selectDecks } from './deck/find-decks.js'
import { loadDecks, loadOtherDatasets, resolvedDecks, type LoadedDecks } from './deck/load-decks.js'
import { resolveTheme } from './deck/resolve-theme.js'
import type { ResolvedDeck } from './deck/types.js'
import { checkDeck, checkSources } from './check/static-checks.js'
import { writeFileAtomically } from './output/write-atomic.js'
import { TALKDECK_VERSION } from './package-paths.js'
import { HANDOUT_PER_PAGE, PAPER_SIZES, type HandoutPerPage, type PaperSize } from './render/pages.js'
import { createSlideRenderer } from './render/render-slides.js'
import { QUIET, createProgress, type Progress } from './progress.js'
import { suggest } from './suggest.js'
import type { BrowserSession } from './browser/session.js'
import { BROWSER_OPTIONS, launchOptionsOf, wholeNumber } from './cli-start.js'

type Output = { out: (text: string) => void; err: (text: string) => void; progress?: () => Promise<Progress> }
const consoleOutput: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  progress: () => createProgress(process.stderr),
}

interface OptionSpec {
  type: 'string' | 'boolean'
  short?: string
  multiple?: boolean
  /** Placeholder of the value in the help, e.g. DIR. */
  value?: string
  help: string
}
type Options = Record<string, OptionSpec>
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>

interface Command {
  usage: string
  summary: string
  options: Options
  /** `started`: the browser bin/talkdeck.js started for this command before loading the CLI. */
  run(values: Values, positionals: string[], output: Output, started?: BrowserSession): Promise<ExitCode>
}

const ROOT: Options = { root: { type: 'string', value: 'DIR', help: 'project folder holding decks/ data/ templates/ (default: .)' } }
/** Options of every command that reads a project. */
const PROJECT: Options = {
  ...ROOT,
  'allow-path': { type: 'string', multiple: true, value: 'DIR', help: 'a folder outside the project its files may come from (images, themes, symlinks); repeatable, relative to --root' },
}
const OUT: Options = { out: { type: 'string', value: 'DIR', help: `output folder, relative to --root (default: ${DEFAULTS.outDir})` } }
const JSON_OPTION: Options = { json: { type: 'boolean', help: 'machine-readable output on stdout' } }
const BROWSER: Options = BROWSER_OPTIONS

const COMMANDS: Record<string, Command> = {
  new: {
    usage: 'new <dir>',
    summary: 'start a project in a new folder: sample data, a talk, a briefing, npm scripts',
    options: { theme: { type: 'string', value: 'NAME', help: `the decks' theme: a built-in one (default: ${DEFAULTS.theme})` } },
    run: newCommand,
  },
  dev: {
    usage: 'dev [deck]',
    summary: `serve decks with live updates (http://${DEFAULTS.host}:${DEFAULTS.port})`,
    options: {
      ...PROJECT,
      port: { type: 'string', value: 'N', help: `port to listen on, or the next free one (default: ${DEFAULTS.port})` },
      'strict-port': { type: 'boolean', help: 'fail if the port is taken instead of taking the next free one' },
      host: { type: 'string', value: 'HOST', help: `interface to listen on (default: ${DEFAULTS.host})` },
      ...BROWSER,
    },
    run: devCommand,
  },
  build: {
    usage: 'build [deck…]',
    summary: 'write DIR/<deck>/index.html (opens from file:// too) and DIR/index.html, or DIR/<deck>.html',
    options: { ...PROJECT, ...OUT, 'single-file': { type: 'boolean', help: 'one DIR/<deck>.html per deck, everything inside: presents from a double click, offline' } },
    run: buildCommand,
  },
  export: {
    usage: 'export [deck…]',
    summary: 'write DIR/<deck>.pdf (or .handout.pdf, .pptx, DIR/<deck>/001.png …)',
    options: {
      ...PROJECT,
      ...OUT,
      format: { type: 'string', multiple: true, value: 'FORMAT', help: 'pdf (default), handout, pptx or png; repeat it or give a list (pdf,png)' },
      scale: { type: 'string', value: 'N', help: 'png: pixels per slide pixel, 1 to 4 (2: 2560×1440 for a 16:9 deck) (default: 1)' },
      'pptx-template': { type: 'string', value: 'FILE', help: 'pptx: a .pptx or .potx whose masters and layouts the slides use (default: the deck\'s pptx.template)' },
      'per-page': { type: 'string', value: 'N', help: `handout: slides a page, ${HANDOUT_PER_PAGE.join(', ')} (1: with notes; 3: with lines to write on) (default: 1)` },
      paper: { type: 'string', value: 'SIZE', help: `handout: ${Object.keys(PAPER_SIZES).join(' or ')} (default: a4)` },
      fragments: { type: 'boolean', help: 'print every fragment step as its own page' },
      theme: { type: 'string', value: 'NAME|FILE', help: `print with another theme (a handout uses "${DEFAULTS.printTheme}" unless given)` },
      concurrency: { type: 'string', value: 'N', help: `pages printed at the same time, each in a browser process of its own (default: one per two cores, here ${DEFAULTS.concurrency})` },
      ...BROWSER,
      'allow-network': { type: 'boolean', help: 'let slides load remote URLs (blocked by default)' },
      ...JSON_OPTION,
    },
    run: exportCommand,
  },
  check: {
    usage: 'check [deck…]',
    summary: 'validate data and decks, measure layout in a browser, check timing and sources',
    options: {
      ...PROJECT,
      strict: { type: 'boolean', help: 'exit 6 on warnings too' },
      'no-browser': { type: 'boolean', help: 'skip the layout measurement (every slide is still rendered)' },
      links: { type: 'boolean', help: 'also request every source URL (goes online) and report dead links and redirects' },
      ...BROWSER,
      ...JSON_OPTION,
    },
    run: checkCommand,
  },
  list: {
    usage: 'list',
    summary: 'list decks, datasets, layouts and themes',
    options: {
      ...PROJECT,
      'pptx-template': { type: 'string', value: 'FILE', help: 'also show which layout of this .pptx or .potx each layout\'s slides go on, and why' },
      ...JSON_OPTION,
    },
    run: listCommand,
  },
  sources: {
    usage: 'sources',
    summary: 'each source with the items and slides that cite it, and the sources no deck cites',
    options: { ...PROJECT, ...JSON_OPTION },
    run: sourcesCommand,
  },
  themes: {
    usage: 'themes [deck]',
    summary: 'render every layout in every theme: DIR/themes/index.html',
    options: { ...PROJECT, ...OUT, ...BROWSER },
    run: themesCommand,
  },
  schema: {
    usage: 'schema',
    summary: `write JSON Schemas for editor completion (default: ${DEFAULTS.schemaDir}/)`,
    options: { ...ROOT, out: { type: 'string', value: 'DIR', help: `folder, relative to --root (default: ${DEFAULTS.schemaDir})` } },
    run: schemaCommand,
  },
}

const HELP_OPTION: Options = { help: { type: 'boolean', short: 'h', help: 'this help' } }

function usageLine(options: Options): string {
  return Object.entries(options)
    .map(([name, spec]) => `[--${name}${spec.value ? ` ${spec.value}` : ''}]`)
    .join(' ')
}

function commandHelp(command: Command): string {
  const options = { ...command.options, ...HELP_OPTION }
  const rows = Object.entries(options).map(([option, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${option}${spec.value ? ` ${spec.value}` : ''}`
    return `  ${flag.padEnd(26)} ${spec.help}`
  })
  return `Usage: talkdeck ${command.usage} ${usageLine(command.options)}\n${command.summary}.\n\nOptions:\n${rows.join('\n')}`
}

const HELP = `talkdeck — YAML facts → reveal.js talk decks → PDF

Usage: talkdeck <command> [options]

Commands:
${Object.values(COMMANDS)
  .map((command) => `  ${command.usage.padEnd(20)} ${command.summary}`)
  .join('\n')}

A deck is a deck id (decks/<id>.yaml) or a path to a deck file. "talkdeck <command> --help" lists a
command's options. Exit codes: 0 ok, 2 invalid input, 3 template error, 4 no browser, 5 output
failed, 6 warnings under --strict, 130 interrupted.`

export async function main(argv: string[], output: Output = consoleOutput, started?: BrowserSession): Promise<ExitCode> {
  const [name, ...rest] = argv
  if (name === '-v' || name === '--version') {
    output.out(TALKDECK_VERSION)
    return EXIT_CODES.ok
  }
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    output.out(HELP)
    return EXIT_CODES.ok
  }
  const command = COMMANDS[name]
  if (!command) {
    output.err(`talkdeck: unknown command "${name}"${suggest(name, Object.keys(COMMANDS))}; see "talkdeck --help"`)
    return EXIT_CODES.invalidInput
  }
  try {
    const options = { ...command.options, ...HELP_OPTION }
    const { values, positionals } = parseArgs({ args: rest, options, allowPositionals: true, strict: true })
    // Help first, before anything reads or writes: it works in any folder and has no side effect.
    if (values.help) {
      output.out(commandHelp(command))
      return EXIT_CODES.ok
    }
    return await command.run(values, positionals, output, started)
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
    output.err(`talkdeck: ${escapeUnprintable(error.message)}`)
    return error.exitCode
  }
  if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    output.err(`talkdeck: ${escapeUnprintable(error.message)}; see "talkdeck <command> --help"`)
    return EXIT_CODES.invalidInput
  }
  // Not a user's mistake: keep the stack so the bug can be found.
  throw error
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
function uniqueProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>()
  return problems.filter((problem) => {
    const key = JSON.stringify([problem.deck, problem.file, problem.line, problem.column, problem.severity, problem.code, problem.message, problem.path])
    return !seen.has(key) && seen.add(key)
  })
}

/** Grouped by deck in the order decks were given, then by file and line. */
function sortProblems(problems: Problem[]): Problem[] {
  const deckOrder = [...new Set(problems.map((p) => p.deck ?? ''))]
  return [...problems].sort(
    (a, b) => deckOrder.indexOf(a.deck ?? '') - deckOrder.indexOf(b.deck ?? '') || a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0),
  )
}

// ---- option values --------------------------------------------------------------------------

const text = (value: Values[string]): string | undefined => (typeof value === 'string' ? value : undefined)

/** A whole number option within bounds; anything else is a ConfigError (exit 2), never NaN. */

function oneOf<T extends string | number>(values: Values, name: string, allowed: readonly T[], fallback: T): T {
  const raw = text(values[name])
  if (raw === undefined) return fallback
  const found = allowed.find((candidate) => String(candidate) === raw.toLowerCase())
  // Among numbers a one-character typo is no typo ("4" is not a misspelt "1"): the list says it all.
  const hint = allowed.every((candidate) => typeof candidate === 'number') ? '' : suggest(raw, allowed.map(String))
  if (found === undefined) throw new ConfigError(`--${name} must be one of ${allowed.join(', ')}, got "${raw}"${hint}`)
  return found
}

// ---- shared steps ---------------------------------------------------------------------------

interface Loaded extends LoadedDecks {
  workspace: Workspace
  /** Folder given by --out, resolved against the project root like Vite's `root`; '' for a command that writes nothing. */
  outDir: string
}

const openWorkspace = (values: Values): Promise<Workspace> => loadWorkspace(text(values.root) ?? '.', process.cwd(), { allowPaths: values['allow-path'] as string[] | undefined })

async function loadSelected(values: Values, positionals: string[], { writes = true } = {}): Promise<Loaded> {
  const workspace = await openWorkspace(values)
  // Refused before any deck is read: an --out that could replace the project.
  const outDir = writes ? resolveOutDir(workspace.project, text(values.out) ?? DEFAULTS.outDir) : ''
  const refs = await selectDecks(workspace.project, positionals)
  const loaded = await loadDecks(workspace, refs)
  return { ...loaded, workspace, outDir }
}

/** The checks every command that writes decks runs first: warnings about content, timing, sources. */
function staticProblems(loaded: LoadedDecks): Problem[] {
  const problems = loaded.decks.flatMap((result) => result.problems)
  const decks = resolvedDecks(loaded.decks)
  for (const deck of decks) problems.push(...checkDeck(deck))
  // Source findings are about a dataset: reported once, with the first deck that uses it.
  for (const [name, dataset] of loaded.datasets) {
    const using = decks.filter((deck) => deck.dataset === name)
    if (!dataset.ok || !using[0]) continue
    const cited = new Set(using.flatMap((deck) => deck.sources.map((source) => source.id)))
    problems.push(...checkSources(dataset.value, cited, { deck: using[0].id, maxAgeMonths: using[0].maxAgeMonths }))
  }
  return problems
}

/** Every deck of the project, for the index: the decks already loaded when none were named. */
async function allDecks(loaded: Loaded, named: string[]): Promise<ResolvedDeck[]> {
  if (!named.length) return resolvedDecks(loaded.decks)
  return resolvedDecks((await loadDecks(loaded.workspace, await findDecks(loaded.workspace.project))).decks)
}

function exitCodeOf(problems: Problem[], results: DeckResult<unknown>[]): ExitCode {
  if (hasErrors(problems)) return EXIT_CODES.invalidInput
  const failed = results.find((result) => !result.ok)
  return failed && !failed.ok ? failed.error.exitCode : EXIT_CODES.ok
}

function reportFailedDecks(results: DeckResult<unknown>[], verb: string, output: Output): void {
  for (const result of results) {
    if (result.ok) continue
    if (result.error instanceof ValidationError) output.err(`talkdeck: deck ${result.deck} not ${verb}: fix the errors above`)
    else output.err(`talkdeck: ${escapeUnprintable(result.error.message)}`)
  }
}

/** An exported file as a person finds it: PNG is a picture per slide in the deck's folder. */
const describeFile = (file: string, format: string) => (format === 'png' ? `${file}${path.sep}*.png` : file)

// ---- commands -------------------------------------------------------------------------------

async function buildCommand(values: Values, positionals: string[], output: Output): Promise<ExitCode> {
  const loaded = await loadSelected(values, positionals)
  const { workspace, outDir } = loaded
  const problems = staticProblems(loaded)
  printProblems(problems, output)
  const { buildDecks } = await import('./build/build-deck.js')
  const { buildSingleFiles } = await import('./build/single-file.js')
  const { writeIndex } = await import('./build/write-index.js')
  const decks = resolvedDecks(loaded.decks)
  const renderer = createSlideRenderer(workspace.templates)
  const everyDeck = await allDecks(loaded, positionals)
  const singleFile = values['single-file'] === true
  const built = singleFile ? await buildSingleFiles(decks, renderer, outDir) : await buildDecks(decks, renderer, outDir)
  for (const result of built) if (result.ok) output.err(`built ${result.deck} → ${workspace.project.displayPath(result.value)}`)
  // Single files need no index; one already there links them.
  if (built.some((result) => result.ok) && (!singleFile || existsSync(path.join(outDir, 'index.html')))) {
    const index = await writeIndex(outDir, everyDeck)
    output.err(`index → ${workspace.project.displayPath(index)}`)
  }
  reportFailedDecks([...loaded.decks, ...built], 'built', output)
  return exitCodeOf(problems, [...loaded.decks, ...built])
}

async function checkCommand(values: Values, positionals: string[], output: Output): Promise<ExitCode> {
  try {
    return await checkProject(values, positionals, output)
  } catch (error) {
    // Problems that stop the check early are its findings too: on stdout with the others.
    if (!(error instanceof ValidationError) || values.json) throw error
    printProblems(sortProblems(error.problems), output, 'out')
    return error.exitCode
  }
}

async function checkProject(values: Values, positionals: string[], output: Output): Promise<ExitCode> {
  const started = performance.now()
  const loaded = await loadSelected(values, positionals, { writes: false })
  const problems = staticProblems(loaded)
  if (positionals.length === 0) {
    // Datasets no deck uses are checked too; those the decks use were read and reported with them.
    for (const dataset of (await loadOtherDatasets(loaded.workspace, loaded.datasets)).values()) problems.push(...dataset.problems)
  }
  const decks = resolvedDecks(loaded.decks)
  const renderer = createSlideRenderer(loaded.workspace.templates)
  const { checkLayout, checkRendering, checkTemplateSyntax } = await import('./check/check-decks.js')
  const syntax = checkTemplateSyntax(loaded.workspace.templates)
  const rendering = checkRendering(decks, renderer)
  // A syntax error a deck's rendering met is said once, as the rendering says it (naming the deck and slide).
  const at = (problem: Problem) => `${problem.file}:${problem.line}:${problem.column}`
  problems.push(...rendering, ...syntax.filter((found) => !rendering.some((problem) => at(found) === at(problem))))
  // A deck whose slides do not render cannot be laid out; the others still are.
  const renderable = decks.filter((deck) => !rendering.some((problem) => problem.deck === deck.id))
  if (!values['no-browser'] && renderable.length) {
    problems.push(...(await checkLayout(renderable, renderer, { browser: launchOptionsOf(values), display: (file) => loaded.workspace.project.displayPath(file) })))
  }
  if (values.links) {
    const { checkLinks } = await import('./check/check-links.js')
    const datasets = [...loaded.datasets.values()].flatMap((dataset) => (dataset.ok ? [dataset.value] : []))
    problems.push(...(await checkLinks(datasets)))
  }
  const seconds = (performance.now() - started) / 1000
  if (values.json) output.out(JSON.stringify({ decks: loaded.decks.map((r) => r.deck), seconds: Number(seconds.toFixed(3)), problems }, null, 2))
  else {
    printProblems(sortProblems(problems), output, 'out')
    if (!problems.length) output.out(`checked ${loaded.decks.length} deck${loaded.decks.length === 1 ? '' : 's'} in ${seconds.toFixed(1)} s: no problems`)
  }
  if (hasErrors(problems)) return EXIT_CODES.invalidInput
  return values.strict && problems.length ? EXIT_CODES.warnings : EXIT_CODES.ok
}

async function listCommand(values: Values, _positionals: string[], output: Output): Promise<ExitCode> {
  const workspace = await openWorkspace(values)
  const { project, templates } = workspace
  const listing = {
    decks: (await findDecks(project)).map((deck) => ({ id: deck.id, file: project.displayPath(deck.file) })),
    datasets: await listDatasets(project),
    layouts: [...templates.layouts.values()].map((layout) => ({ name: layout.name, role: layout.role, selection: layout.selection, file: project.displayPath(layout.file) })),
    themes: [...templates.themes.values()].map((theme) => ({ name: theme.name, builtIn: theme.builtIn, file: project.displayPath(theme.file) })),
  }
  const templateFile = text(values['pptx-template'])
  const { describeTemplateLayouts } = templateFile ? await import('./export/pptx/read-template.js') : { describeTemplateLayouts: undefined }
  const pptx = templateFile && describeTemplateLayouts ? await describeTemplateLayouts(path.resolve(templateFile), listing.layouts) : undefined
  if (values.json) {
    output.out(JSON.stringify(pptx ? { ...listing, pptxTemplate: { file: templateFile, layouts: pptx } } : listing, null, 2))
    return EXIT_CODES.ok
  }
  output.out(`decks:    ${listing.decks.map((d) => d.id).join(', ') || '(none)'}`)
  output.out(`datasets: ${listing.datasets.join(', ') || '(none)'}`)
  // A layout's role (from its header) decides what check and the timing ask of its slides.
  output.out(`layouts:  ${listing.layouts.map((l) => `${l.name} (${l.role})`).join(', ')}`)
  output.out(`themes:   ${listing.themes.map((t) => t.name).join(', ')}`)
  if (pptx) {
    output.out(`PowerPoint template ${templateFile} (pptx.layouts in a deck overrides):`)
    const width = Math.max(...pptx.map((row) => row.layout.length))
    for (const row of pptx) {
      output.out(`  ${row.layout.padEnd(width)} → "${row.uses}": ${row.reason}`)
      if (row.withShapes) output.out(`  ${''.padEnd(width)}   slides with shapes → "${row.withShapes.uses}": ${row.withShapes.reason}`)
    }
  }
  return EXIT_CODES.ok
}

async function sourcesCommand(values: Values, _positionals: string[], output: Output): Promise<ExitCode> {
  const loaded = await loadSelected(values, [])
  const problems = loaded.decks.flatMap((result) => result.problems)
  const datasets = new Map([...loaded.datasets, ...(await loadOtherDatasets(loaded.workspace, loaded.datasets))])
  for (const dataset of datasets.values()) if (!dataset.ok) problems.push(...dataset.problems.filter((p) => !problems.includes(p)))
  if (hasErrors(problems)) {
    printProblems(problems, output)
    return EXIT_CODES.invalidInput
  }
  const { describeSourceUsage } = await import('./check/source-usage.js')
  const decks = resolvedDecks(loaded.decks)
  const report = [...datasets.entries()].flatMap(([name, dataset]) => (dataset.ok ? [{ dataset: name, sources: describeSourceUsage(dataset.value, decks) }] : []))
  if (values.json) {
    output.out(JSON.stringify({ datasets: report.map((entry) => ({ ...entry, uncited: entry.sources.filter((source) => source.decks.length === 0).map((source) => source.id) })) }, null, 2))
    return EXIT_CODES.ok
  }
  for (const { dataset, sources } of report) {
    output.out(`dataset ${dataset}: ${sources.length} sources`)
    for (const source of sources) {
      const cited = source.decks.map((usage) => `${usage.deck} slide${usage.slides.length === 1 ? '' : 's'} ${usage.slides.map((slide) => slide.number).join(', ')}`).join(' · ')
      output.out(`  ${source.id}  ${source.location}${source.accessed ? `  (checked ${source.accessed})` : '  (never checked)'}`)
      output.out(`    ${source.title} <${source.url}>`)
      output.out(`    ${cited || 'cited by no deck'}${source.items.length ? `; items: ${source.items.join(', ')}` : ''}`)
    }
    const uncited = sources.filter((source) => source.decks.length === 0)
    output.out(uncited.length ? `  not cited by any deck: ${uncited.map((source) => source.id).join(', ')}` : '  every source is cited by a deck')
  }
  return EXIT_CODES.ok
}

async function themesCommand(values: Values, positionals: string[], output: Output): Promise<ExitCode> {
  const loaded = await loadSelected(values, positionals.slice(0, 1))
  const problems = loaded.decks.flatMap((result) => result.problems)
  if (hasErrors(problems)) {
    printProblems(problems, output)
    return EXIT_CODES.invalidInput
  }
  const { pickGalleryDeck, renderThemeGallery, usableThemes } = await import('./export/gallery.js')
  const deck = pickGalleryDeck(resolvedDecks(loaded.decks))
  if (!deck) return EXIT_CODES.invalidInput
  const { workspace } = loaded
  const { themes, problems: themeProblems } = await usableThemes(deck, workspace)
  printProblems(themeProblems, output)
  const progress = (await output.progress?.()) ?? QUIET
  progress.update(0, themes.length, 'themes drawn')
  const gallery = await renderThemeGallery(deck, themes, createSlideRenderer(workspace.templates), path.join(loaded.outDir, 'themes'), {
    browser: launchOptionsOf(values),
    onTheme: (done, total, name) => progress.update(done, total, `themes drawn (${name})`),
  }).finally(() => progress.end())
  output.err(`${gallery.images} images of deck ${deck.id} → ${workspace.project.displayPath(gallery.file)}`)
  return hasErrors(themeProblems) ? EXIT_CODES.invalidInput : EXIT_CODES.ok
}

async function schemaCommand(values: Values, _positionals: string[], output: Output): Promise<ExitCode> {
  const root = path.resolve(text(values.root) ?? '.')
  const outDir = path.resolve(root, text(values.out) ?? DEFAULTS.schemaDir)
  for (const [name, schema] of Object.entries(createJsonSchemas())) {
    await writeFileAtomically(path.join(outDir, name), `${JSON.stringify(schema, null, 2)}\n`)
  }
  output.err(`JSON Schemas written to ${path.relative(process.cwd(), outDir) || '.'}`)
  return EXIT_CODES.ok
}

async function newCommand(values: Values, positionals: string[], output: Output): Promise<ExitCode> {
  const [target, ...extra] = positionals
  if (!target || extra.length) throw new ConfigError('talkdeck new takes one folder, e.g. "talkdeck new my-talks"')
  const { writeNewProject } = await import('./scaffold/new-project.js')
  const project = await writeNewProject(target, { theme: text(values.theme) })
  const relative = path.relative(process.cwd(), project.root)
  const where = relative.startsWith('..') || path.isAbsolute(relative) ? project.root : relative
  output.err(`created ${where || '.'}: decks ${project.decks.join(' and ')} on a sample dataset (data/tea), npm scripts, schemas for your editor`)
  output.err('next:')
  if (where) output.err(`  cd ${where.includes(' ') ? JSON.stringify(where) : where}`)
  output.err(`  npm install       talkdeck ${TALKDECK_VERSION}`)
  output.err(`  npm run dev       the decks at http://${DEFAULTS.host}:${DEFAULTS.port}, updated as you save`)
  output.err('  npm run check     data, decks, layout, timing, sources')
  output.err('  npm run export    dist/<deck>.pdf')
  return EXIT_CODES.ok
}

async function devCommand(values: Values, positionals: string[], output: Output): Promise<ExitCode> {
  const port = wholeNumber(values, 'port', DEFAULTS.port, 0, 65535)
  const { startDevServer } = await import('./vite/server.js')
  const server = await startDevServer({
    root: text(values.root) ?? '.',
    port,
    strictPort: values['strict-port'] === true,
    host: text(values.host) ?? DEFAULTS.host,
    allowPaths: values['allow-path'] as string[] | undefined,
    deck: positionals[0],
    browser: launchOptionsOf(values),
  })
  if (port !== 0 && server.port !== port) output.err(`talkdeck dev: port ${port} is taken; using ${server.port} (--strict-port fails instead)`)
  output.err(`talkdeck dev: ${server.url}`)
  const signal = await server.closed
  return signal ? EXIT_CODES.interrupted : EXIT_CODES.ok
}

async function exportCommand(values: Values, positionals: string[], output: Output, started?: BrowserSession): Promise<ExitCode> {
  const { EXPORT_FORMATS } = await import('./export/export-decks.js')
  const requested = ((values.format as string[] | undefined) ?? ['pdf']).flatMap((value) => value.split(',')).map((value) => value.trim().toLowerCase()).filter(Boolean)
  const formats = [...new Set(requested)].map((format) => {
    const known = EXPORT_FORMATS.find((candidate) => candidate === format)
    if (!known) throw new ConfigError(`--format must be ${EXPORT_FORMATS.join(', ')} (or a list of them), got "${format}"${suggest(format, EXPORT_FORMATS)}`)
    return known
  })
  const perPage = oneOf<HandoutPerPage>(values, 'per-page', HANDOUT_PER_PAGE, 1)
  const paper = oneOf<PaperSize>(values, 'paper', Object.keys(PAPER_SIZES) as PaperSize[], 'a4')
  const scale = wholeNumber(values, 'scale', 1, 1, 4)
  const launch = launchOptionsOf(values)
  // The browser starts before the decks are read and rendered (bin/talkdeck.js started it before
  // loading the CLI, from the same options); it is closed when this returns.
  const { startBrowser } = await import('./browser/session.js')
  await using session = started ?? startBrowser(launch)
  const loaded = await loadSelected(values, positionals)
  const { workspace, outDir } = loaded
  const problems = staticProblems(loaded)
  const themeName = text(values.theme) ?? (formats.length === 1 && formats[0] === 'handout' ? DEFAULTS.printTheme : undefined)
  const theme =
    themeName === undefined
      ? undefined
      : resolveTheme(themeName, workspace.templates.themes, process.cwd(), (message) => {
          throw new ConfigError(`--theme: ${message.replace('relative to the deck file', 'relative to the current folder')}`)
        })
  const decks = resolvedDecks(loaded.decks).map((deck) => (theme ? { ...deck, theme } : deck))
  const progress = values.json ? QUIET : ((await output.progress?.()) ?? QUIET)
  if (!values.json) printProblems(problems, output)
  const { exportDecks } = await import('./export/export-decks.js')
  let finished = 0
  const step = `decks exported (${formats.join(', ')})`
  progress.update(0, decks.length, `${step}, starting the browser…`)
  const exported = decks.length
    ? await exportDecks(decks, createSlideRenderer(workspace.templates), {
        outDir,
        formats,
        perPage,
        paper,
        scale,
        fragments: values.fragments === true,
        concurrency: launch.pages,
        session,
        ...(text(values['pptx-template']) ? { pptxTemplate: path.resolve(text(values['pptx-template']) ?? '') } : {}),
        browser: { allowNetwork: values['allow-network'] === true },
        onProgress: (event) => {
          if (event.type === 'slides') progress.update(finished, decks.length, `${step} · ${event.deck}: slide ${event.done} of ${event.total}`)
          else if (event.type === 'browser') progress.log(`browser ${event.executablePath} (${event.seconds.toFixed(1)} s)`)
          else if (event.result.ok) for (const file of event.result.value) progress.log(`✓ ${event.result.deck}: ${describeFile(path.basename(file.file), file.format)}, ${file.pages} pages, ${Math.round(file.bytes / 1024)} KB, ${file.seconds.toFixed(1)} s`)
          else progress.log(`✗ ${event.result.deck}: ${escapeUnprintable(event.result.error.message)}`)
          if (event.type === 'deck') progress.update(++finished, decks.length, step)
        },
      }).finally(() => progress.end())
    : []
  // A built deck index links the files beside it; refresh it when new ones arrive.
  if (exported.some((result) => result.ok)) {
    if (existsSync(path.join(outDir, 'index.html'))) {
      const { writeIndex } = await import('./build/write-index.js')
      await writeIndex(outDir, await allDecks(loaded, positionals))
    }
  }
  // A deck exported to several formats is measured once per format: each finding is told once.
  const warnings = uniqueProblems(exported.flatMap((result) => result.problems))
  if (values.json) {
    output.out(
      JSON.stringify(
        {
          decks: exported.map((result) => ({
            deck: result.deck,
            files: result.ok ? result.value.map((file) => ({ ...file, seconds: Number(file.seconds.toFixed(3)) })) : [],
            warnings: uniqueProblems(result.problems),
            error: result.ok ? null : result.error.message,
          })),
          problems,
        },
        null,
        2,
      ),
    )
  } else {
    printProblems(warnings, output)
    for (const result of exported) {
      if (result.ok && !progress.live) for (const file of result.value) output.err(`exported ${result.deck} → ${describeFile(workspace.project.displayPath(file.file), file.format)} (${file.pages} pages)`)
    }
    reportFailedDecks([...loaded.decks, ...exported], 'exported', output)
  }
  return exitCodeOf(problems, [...loaded.decks, ...exported])
}
