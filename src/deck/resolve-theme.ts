import path from 'node:path'
import { DEFAULTS } from '../defaults.js'
import type { Theme } from '../data/load-templates.js'
import { fileProblem, type FileProblem } from '../data/read-file.js'
import { suggest } from '../suggest.js'
import { quoteValue } from '../data/validate.js'

/**
 * `theme:` (or `--theme`) names a theme — built-in or in the project's templates/themes — or a
 * `.css` file relative to `baseDirectory`. A mistake is reported, and no theme is returned.
 * `checkFile` says why a theme file cannot be used (by default: anything but a regular file).
 */
export function resolveTheme(
  requested: string | undefined,
  themes: Map<string, Theme>,
  baseDirectory: string,
  report: (message: string) => void,
  checkFile: (file: string) => FileProblem | undefined = (file) => fileProblem(file),
  display: (file: string) => string = (file) => file,
): Theme | undefined {
  const name = requested ?? DEFAULTS.theme
  const known = themes.get(name)
  if (known) return known
  if (name.endsWith('.css')) {
    const file = path.resolve(baseDirectory, name)
    const why = checkFile(file)
    if (!why) return { name: path.basename(file, '.css'), file, builtIn: false }
    report(why.kind === 'missing' ? `theme file not found: ${display(file)} (a theme path is relative to the deck file)` : `theme file ${display(file)}: ${why.message}`)
    return undefined
  }
  const hint = name.includes('/') || name.includes('\\') ? ' (a theme file must end in .css)' : suggest(name, themes.keys())
  report(`unknown theme ${quoteValue(name)}${hint}: expected one of ${[...themes.keys()].join(', ')} or a path to a .css file`)
  return undefined
}
