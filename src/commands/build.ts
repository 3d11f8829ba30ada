import { buildProject } from '../pipeline/build-project.js'
import { defineCommand, OUT, PROJECT } from './command.js'
import { exitCodeOf, printProblems, reportFailedDecks } from './output.js'

export const buildCommand = defineCommand({
  name: 'build',
  usage: 'build [deck…]',
  summary: 'write DIR/<deck>/index.html (opens from file:// too) and DIR/index.html, or DIR/<deck>.html',
  options: { ...PROJECT, ...OUT, 'single-file': { type: 'boolean', help: 'one DIR/<deck>.html per deck, everything inside: presents from a double click, offline' } },
  async run(values, positionals, output) {
    const report = await buildProject(values.root ?? '.', { decks: positionals, allowPaths: values['allow-path'], outDir: values.out, singleFile: values['single-file'] })
    printProblems(report.problems, output)
    const display = (file: string) => report.project.displayPath(file)
    for (const result of report.decks) if (result.ok) output.err(`built ${result.deck} → ${display(result.value)}`)
    if (report.index) output.err(`index → ${display(report.index)}`)
    reportFailedDecks(report.decks, 'built', output)
    return exitCodeOf(report.problems, report.decks)
  },
})
