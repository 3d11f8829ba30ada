import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import Handlebars from 'handlebars'
import { PACKAGE_PATHS } from '../package-paths.js'

/**
 * talkdeck's own templates, compiled when talkdeck is (`npm run compile`, see vite.cli.config.ts):
 * compiling the eight an export uses took 0.05 s of every run's CPU, which an export spends while
 * its browser starts on the same cores. Keyed by the Handlebars version and the template's text,
 * so that a template changed since — a project's own, or one edited in place — is compiled as it
 * reads now, and the same text compiles to the same code wherever it comes from.
 */
export const templateKey = (source: string): string => createHash('sha256').update(`${Handlebars.VERSION}\0${source}`).digest('hex')

let precompiled: Record<string, string> | undefined

/** The compiled form of a template's text, when talkdeck was built with it. */
export function precompiledTemplate(source: string): TemplateSpecification | undefined {
  precompiled ??= readPrecompiled()
  const code = precompiled[templateKey(source)]
  // The file is talkdeck's own, written by its build: its code is Handlebars' output for talkdeck's templates.
  return code === undefined ? undefined : (new Function(`return ${code}`)() as TemplateSpecification)
}

function readPrecompiled(): Record<string, string> {
  const file = PACKAGE_PATHS.precompiledTemplates
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {}
}
