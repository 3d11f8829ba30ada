import { EXIT_CODES, hasErrors, ValidationError } from '../errors.js'
import { checkProject } from '../pipeline/check-project.js'
import { BROWSER_OPTIONS, launchOptionsOf } from './browser-options.js'
import { defineCommand, JSON_OPTION, PROJECT } from './command.js'
import { printProblems, sortProblems } from './output.js'

export const checkCommand = defineCommand({
  name: 'check',
  usage: 'check [deck…]',
  summary: 'validate data and decks, measure layout in a browser, check timing and sources',
  options: {
    ...PROJECT,
    strict: { type: 'boolean', help: 'exit 6 on warnings too' },
    'no-browser': { type: 'boolean', help: 'skip the layout measurement (every slide is still rendered)' },
    links: { type: 'boolean', help: 'also request every source URL (goes online) and report dead links and redirects' },
    ...BROWSER_OPTIONS,
    ...JSON_OPTION,
  },
  async run(values, positionals, output) {
    const options = { decks: positionals, allowPaths: values['allow-path'], measureLayout: !values['no-browser'], links: values.links, browser: launchOptionsOf(values) }
    let report: Awaited<ReturnType<typeof checkProject>>
    try {
      report = await checkProject(values.root ?? '.', options)
    } catch (error) {
      // Problems that stop the check early are its findings too: on stdout with the others.
      if (!(error instanceof ValidationError) || values.json) throw error
      printProblems(sortProblems(error.problems), output, 'out')
      return error.exitCode
    }
    const { decks, problems, seconds } = report
    if (values.json) output.out(JSON.stringify({ decks, seconds: Number(seconds.toFixed(3)), problems }, null, 2))
    else {
      printProblems(sortProblems(problems), output, 'out')
      if (!problems.length) output.out(`checked ${decks.length} deck${decks.length === 1 ? '' : 's'} in ${seconds.toFixed(1)} s: no problems`)
    }
    if (hasErrors(problems)) return EXIT_CODES.invalidInput
    return values.strict && problems.length ? EXIT_CODES.warnings : EXIT_CODES.ok
  },
})
