/**
 * A command: its options (typed from their own parseArgs configuration), its help, and what it
 * does. Commands turn a library result into messages and an exit code; the library never prints.
 */
import { parseArgs } from 'node:util'
import type { BrowserSession } from '../browser/session.js'
import { DEFAULTS } from '../defaults.js'
import type { ExitCode } from '../errors.js'
import type { Output } from './output.js'

export interface OptionSpec {
  type: 'string' | 'boolean'
  short?: string
  multiple?: boolean
  /** Placeholder of the value in the help, e.g. DIR. */
  value?: string
  /** A function for help that reads what may change at run time (the registered formats). */
  help: string | (() => string)
}
export type Options = Record<string, OptionSpec>

/** The values parseArgs returns for `options`, typed by their specs. */
export type Values<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>['values']

export interface Command<O extends Options = Options> {
  name: string
  usage: string
  summary: string
  options: O
  /** `started`: the browser bin/talkdeck.js started for this command before loading the CLI. */
  run(values: Values<O>, positionals: string[], output: Output, started?: BrowserSession): Promise<ExitCode>
}

/** Keeps the options' literal types, so that `run` gets typed values. */
export const defineCommand = <const O extends Options>(command: Command<O>): Command<O> => command

export const ROOT = { root: { type: 'string', value: 'DIR', help: 'project folder holding decks/ data/ templates/ (default: .)' } } as const
/** Options of every command that reads a project. */
export const PROJECT = {
  ...ROOT,
  'allow-path': { type: 'string', multiple: true, value: 'DIR', help: 'a folder outside the project its files may come from (images, themes, symlinks); repeatable, relative to --root' },
} as const
export const OUT = { out: { type: 'string', value: 'DIR', help: `output folder, relative to --root (default: ${DEFAULTS.outDir})` } } as const
export const JSON_OPTION = { json: { type: 'boolean', help: 'machine-readable output on stdout' } } as const
export const HELP_OPTION = { help: { type: 'boolean', short: 'h', help: 'this help' } } as const

export function parseCommandArgs<O extends Options>(command: Command<O>, args: string[]): { values: Values<O> & { help?: boolean }; positionals: string[] } {
  const { values, positionals } = parseArgs({ args, options: { ...command.options, ...HELP_OPTION }, allowPositionals: true, strict: true })
  // parseArgs typed the values from the same options: the cast only names that type.
  return { values: values as Values<O> & { help?: boolean }, positionals }
}

export function commandHelp(command: Command): string {
  const options: Options = { ...command.options, ...HELP_OPTION }
  const rows = Object.entries(options).map(([option, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${option}${spec.value ? ` ${spec.value}` : ''}`
    return `  ${flag.padEnd(26)} ${typeof spec.help === 'function' ? spec.help() : spec.help}`
  })
  const usage = Object.entries(command.options).map(([name, spec]) => `[--${name}${spec.value ? ` ${spec.value}` : ''}]`)
  return `Usage: talkdeck ${command.usage} ${usage.join(' ')}\n${command.summary}.\n\nOptions:\n${rows.join('\n')}`
}
