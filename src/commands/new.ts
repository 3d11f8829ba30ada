import path from 'node:path'
import { DEFAULTS } from '../defaults.js'
import { ConfigError, EXIT_CODES } from '../errors.js'
import { TALKDECK_VERSION } from '../package-paths.js'
import { defineCommand } from './command.js'

export const newCommand = defineCommand({
  name: 'new',
  usage: 'new <dir>',
  summary: 'start a project in a new folder: sample data, a talk, a briefing, npm scripts',
  options: { theme: { type: 'string', value: 'NAME', help: `the decks' theme: a built-in one (default: ${DEFAULTS.theme})` } },
  async run(values, positionals, output) {
    const [target, ...extra] = positionals
    if (!target || extra.length) throw new ConfigError('talkdeck new takes one folder, e.g. "talkdeck new my-talks"')
    const { writeNewProject } = await import('../scaffold/new-project.js')
    const project = await writeNewProject(target, { theme: values.theme })
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
  },
})
