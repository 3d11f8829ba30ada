import path from 'node:path'
import { EXIT_CODES } from '../errors.js'
import { listDatasets } from '../data/project.js'
import { loadWorkspace } from '../data/workspace.js'
import { findDecks } from '../deck/find-decks.js'
import { defineCommand, JSON_OPTION, PROJECT } from './command.js'

export const listCommand = defineCommand({
  name: 'list',
  usage: 'list',
  summary: 'list decks, datasets, layouts and themes',
  options: {
    ...PROJECT,
    'pptx-template': { type: 'string', value: 'FILE', help: "also show which layout of this .pptx or .potx each layout's slides go on, and why" },
    ...JSON_OPTION,
  },
  async run(values, _positionals, output) {
    const { project, templates } = await loadWorkspace(values.root ?? '.', process.cwd(), { allowPaths: values['allow-path'] })
    const listing = {
      decks: (await findDecks(project)).map((deck) => ({ id: deck.id, file: project.displayPath(deck.file) })),
      datasets: await listDatasets(project),
      layouts: [...templates.layouts.values()].map((layout) => ({ name: layout.name, role: layout.role, selection: layout.selection, file: project.displayPath(layout.file) })),
      themes: [...templates.themes.values()].map((theme) => ({ name: theme.name, builtIn: theme.builtIn, file: project.displayPath(theme.file) })),
    }
    const templateFile = values['pptx-template']
    const pptx = templateFile ? await (await import('../export/pptx/read-template.js')).describeTemplateLayouts(path.resolve(templateFile), listing.layouts) : undefined
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
  },
})
