/**
 * argv → a command; its result → messages and an exit code. The library throws TalkdeckErrors and
 * returns results; the commands (src/commands/) and this file decide what a person sees and which
 * code the process returns.
 */
import type { BrowserSession } from './browser/session.js'
import { commandHelp, parseCommandArgs, type Command } from './commands/command.js'
import { COMMANDS } from './commands/index.js'
import { consoleOutput, printProblems, type Output } from './commands/output.js'
import { EXIT_CODES, TalkdeckError, ValidationError, escapeUnprintable, type ExitCode } from './errors.js'
import { TALKDECK_VERSION } from './package-paths.js'
import { suggest } from './suggest.js'

const HELP = () => `talkdeck — YAML facts → reveal.js talk decks → PDF

Usage: talkdeck <command> [options]

Commands:
${COMMANDS.map((command) => `  ${command.usage.padEnd(20)} ${command.summary}`).join('\n')}

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
    output.out(HELP())
    return EXIT_CODES.ok
  }
  const command: Command | undefined = COMMANDS.find((candidate) => candidate.name === name)
  if (!command) {
    output.err(`talkdeck: unknown command "${name}"${suggest(name, COMMANDS.map((candidate) => candidate.name))}; see "talkdeck --help"`)
    return EXIT_CODES.invalidInput
  }
  try {
    const { values, positionals } = parseCommandArgs(command, rest)
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
