import { EXIT_CODES, hasErrors } from '../errors.js'
import { loadOtherDatasets, resolvedDecks } from '../deck/load-decks.js'
import { openProject } from '../pipeline/open-project.js'
import { defineCommand, JSON_OPTION, PROJECT } from './command.js'
import { printProblems } from './output.js'

export const sourcesCommand = defineCommand({
  name: 'sources',
  usage: 'sources',
  summary: 'each source with the items and slides that cite it, and the sources no deck cites',
  options: { ...PROJECT, ...JSON_OPTION },
  async run(values, _positionals, output) {
    const opened = await openProject(values.root ?? '.', { allowPaths: values['allow-path'] }, { writes: false })
    const problems = opened.decks.flatMap((result) => result.problems)
    const datasets = new Map([...opened.datasets, ...(await loadOtherDatasets(opened.workspace, opened.datasets))])
    for (const dataset of datasets.values()) if (!dataset.ok) problems.push(...dataset.problems.filter((p) => !problems.includes(p)))
    if (hasErrors(problems)) {
      printProblems(problems, output)
      return EXIT_CODES.invalidInput
    }
    const { describeSourceUsage } = await import('../check/source-usage.js')
    const decks = resolvedDecks(opened.decks)
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
  },
})
