import path from 'node:path'
import { DEFAULTS } from '../defaults.js'
import { ConfigError, escapeUnprintable, type Problem } from '../errors.js'
import type { ExportProgress } from '../export/export-decks.js'
import { outputFormats, resolveFormats } from '../export/formats/registry.js'
import { exportProject } from '../pipeline/export-project.js'
import { QUIET, type Progress } from '../progress.js'
import { HANDOUT_PER_PAGE, PAPER_SIZES, type HandoutPerPage, type PaperSize } from '../render/pages.js'
import { suggest } from '../suggest.js'
import { BROWSER_OPTIONS, launchOptionsOf, wholeNumber } from './browser-options.js'
import { defineCommand, JSON_OPTION, OUT, PROJECT } from './command.js'
import { describeFile, exitCodeOf, printProblems, reportFailedDecks, uniqueProblems } from './output.js'

export const exportCommand = defineCommand({
  name: 'export',
  usage: 'export [deck…]',
  summary: 'write DIR/<deck>.pdf (or .handout.pdf, .pptx, .md, DIR/<deck>/001.png …)',
  options: {
    ...PROJECT,
    ...OUT,
    format: { type: 'string', multiple: true, value: 'FORMAT', help: () => `${outputFormats().map((format) => `${format.id}: ${format.summary}`).join('; ')}. Repeat it or give a list (pdf,png)` },
    scale: { type: 'string', value: 'N', help: 'png: pixels per slide pixel, 1 to 4 (2: 2560×1440 for a 16:9 deck) (default: 1)' },
    'pptx-template': { type: 'string', value: 'FILE', help: "pptx: a .pptx or .potx whose masters and layouts the slides use (default: the deck's pptx.template)" },
    'per-page': { type: 'string', value: 'N', help: `handout: slides a page, ${HANDOUT_PER_PAGE.join(', ')} (1: with notes; 3: with lines to write on) (default: 1)` },
    paper: { type: 'string', value: 'SIZE', help: `handout: ${Object.keys(PAPER_SIZES).join(' or ')} (default: a4)` },
    fragments: { type: 'boolean', help: 'print every fragment step as its own page' },
    theme: { type: 'string', value: 'NAME|FILE', help: `print with another theme (a handout uses "${DEFAULTS.printTheme}" unless given)` },
    concurrency: { type: 'string', value: 'N', help: `pages printed at the same time, each in a browser process of its own (default: one per two cores, here ${DEFAULTS.concurrency})` },
    ...BROWSER_OPTIONS,
    'allow-network': { type: 'boolean', help: 'let slides load remote URLs (blocked by default)' },
    ...JSON_OPTION,
  },
  async run(values, positionals, output, started) {
    const formats = resolveFormats(values.format ?? [])
    const launch = launchOptionsOf(values)
    // The browser starts before the decks are read and rendered (bin/talkdeck.js started it before
    // loading the CLI, from the same options), and only for a format drawn by the browser.
    const { startBrowser } = await import('../browser/session.js')
    await using session = started ?? (formats.some((format) => format.needsBrowser) ? startBrowser(launch) : undefined)
    const progress = values.json ? QUIET : ((await output.progress?.()) ?? QUIET)
    const report = await exportProject(values.root ?? '.', {
      decks: positionals,
      allowPaths: values['allow-path'],
      outDir: values.out,
      formats: formats.map((format) => format.id),
      perPage: oneOf<HandoutPerPage>(values['per-page'], 'per-page', HANDOUT_PER_PAGE, 1),
      paper: oneOf<PaperSize>(values.paper, 'paper', Object.keys(PAPER_SIZES) as PaperSize[], 'a4'),
      scale: wholeNumber(values.scale, 'scale', 1, 1, 4),
      fragments: values.fragments,
      theme: values.theme,
      concurrency: launch.pages,
      browser: { allowNetwork: launch.allowNetwork },
      session,
      pptxTemplate: values['pptx-template'],
      onProgress: showProgress(progress, formats.map((format) => format.id).join(', '), (problems) => values.json || printProblems(problems, output)),
    }).finally(() => progress.end())
    const warnings = uniqueProblems(report.decks.flatMap((result) => result.problems))
    if (values.json) {
      const decks = report.decks.map((result) => ({
        deck: result.deck,
        files: result.ok ? result.value.map((file) => ({ ...file, seconds: Number(file.seconds.toFixed(3)) })) : [],
        warnings: uniqueProblems(result.problems),
        error: result.ok ? null : result.error.message,
      }))
      output.out(JSON.stringify({ decks, problems: report.problems }, null, 2))
    } else {
      printProblems(warnings, output)
      for (const result of report.decks) {
        if (result.ok && !progress.live) for (const file of result.value) output.err(`exported ${result.deck} → ${describeFile(report.project.displayPath(file.file), file)}`)
      }
      reportFailedDecks(report.decks, 'exported', output)
    }
    return exitCodeOf(report.problems, report.decks)
  },
})

/** One line of progress, and a line per file as each deck is done. */
function showProgress(progress: Progress, formats: string, onLoaded: (problems: Problem[]) => void): (event: ExportProgress) => void {
  let finished = 0
  let decks = 0
  const step = `decks exported (${formats})`
  return (event) => {
    if (event.type === 'loaded') {
      // What was found before writing is said before the progress line starts.
      onLoaded(event.problems)
      decks = event.decks
      progress.update(0, decks, `${step}, starting…`)
    } else if (event.type === 'slides') progress.update(finished, decks, `${step} · ${event.deck}: slide ${event.done} of ${event.total}`)
    else if (event.type === 'browser') progress.log(`browser ${event.executablePath} (${event.seconds.toFixed(1)} s)`)
    else if (event.result.ok) for (const file of event.result.value) progress.log(`✓ ${event.result.deck}: ${describeFile(path.basename(file.file), file)}, ${Math.round(file.bytes / 1024)} KB, ${file.seconds.toFixed(1)} s`)
    else progress.log(`✗ ${event.result.deck}: ${escapeUnprintable(event.result.error.message)}`)
    if (event.type === 'deck') progress.update(++finished, decks, step)
  }
}

function oneOf<T extends string | number>(raw: string | undefined, name: string, allowed: readonly T[], fallback: T): T {
  if (raw === undefined) return fallback
  const found = allowed.find((candidate) => String(candidate) === raw.toLowerCase())
  // Among numbers a one-character typo is no typo ("4" is not a misspelt "1"): the list says it all.
  const hint = allowed.every((candidate) => typeof candidate === 'number') ? '' : suggest(raw, allowed.map(String))
  if (found === undefined) throw new ConfigError(`--${name} must be one of ${allowed.join(', ')}, got "${raw}"${hint}`)
  return found
}
