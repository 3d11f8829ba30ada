import { existsSync } from 'node:fs'
import path from 'node:path'
import { DEFAULTS } from '../defaults.js'
import type { Theme } from '../data/load-templates.js'
import { suggest } from '../suggest.js'

/**
 * `theme:` (or `--theme`) names a theme — built-in or in the project's templates/themes — or a
 * `.css` file relative to `baseDirectory`. A mistake is reported, and no theme is returned.
 */
export function resolveTheme(
  requested: string | undefined,
  themes: Map<string, Theme>,
  baseDirectory: string,
  report: (message: string) => void,
  { fileExists = existsSync, display = (file: string) => file }: { fileExists?: (file: string) => boolean; display?: (file: string) => string } = {},
): Theme | undefined {
  const name = requested ?? DEFAULTS.theme
  const known = themes.get(name)
  if (known) return known
  if (name.endsWith('.css')) {
    const file = path.resolve(baseDirectory, name)
    if (fileExists(file)) return { name: path.basename(file, '.css'), file, builtIn: false }
    report(`theme file not found: ${display(file)} (a theme path is relative to the deck file)`)
    return undefined
  }
  const hint = name.includes('/') || name.includes('\\') ? ' (a theme file must end in .css)' : suggest(name, themes.keys())
  report(`unknown theme "${name}"${hint}: expected one of ${[...themes.keys()].join(', ')} or a path to a .css file`)
  return undefined
}
