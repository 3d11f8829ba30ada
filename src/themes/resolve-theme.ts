import { existsSync } from 'node:fs'
import path from 'node:path'
import { PACKAGE_PATHS } from '../package-paths.js'
import { listTemplateFiles, type Project } from '../project.js'
import { isUrl } from '../urls.js'

export interface Theme {
  name: string
  /** Absolute path of the theme's CSS file. */
  file: string
  builtIn: boolean
}

export const DEFAULT_THEME = 'corporate'
/** The theme a handout uses unless the deck's own theme is already light enough to print. */
export const PRINT_THEME = 'paper'

export async function loadThemes(project: Project): Promise<Map<string, Theme>> {
  const themes = new Map<string, Theme>()
  for (const [name, file] of await listTemplateFiles(project, 'themes', '.css')) {
    themes.set(name, { name, file, builtIn: file.startsWith(PACKAGE_PATHS.templates + path.sep) })
  }
  return themes
}

export type ThemeResolution = { theme: Theme } | { error: string }

/** `theme:` names a theme (built-in or in the project's templates/themes) or a CSS file. */
export function resolveTheme(
  requested: string | undefined,
  themes: Map<string, Theme>,
  deckFile: string,
  fileExists: (file: string) => boolean = existsSync,
): ThemeResolution {
  const name = requested ?? DEFAULT_THEME
  const known = themes.get(name)
  if (known) return { theme: known }
  if (name.endsWith('.css') || name.includes('/')) {
    const file = path.resolve(path.dirname(deckFile), name)
    if (fileExists(file)) return { theme: { name: path.basename(file, '.css'), file, builtIn: false } }
    return { error: `theme file not found: ${file} (a theme path is relative to the deck file)` }
  }
  return { error: `unknown theme "${name}": expected one of ${[...themes.keys()].join(', ')} or a path to a .css file` }
}

/**
 * Points a theme's relative `url()`s (its own fonts, background images) at copies collected by
 * `assetUrl`, so the theme still finds them once it is copied into a built deck.
 */
export function rewriteThemeUrls(css: string, themeFile: string, assetUrl: (absolutePath: string) => string): string {
  return css.replace(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g, (match, quote: string, url: string) => {
    if (isUrl(url) || /^[#/]/.test(url)) return match
    const file = path.resolve(path.dirname(themeFile), url.split(/[?#]/)[0] ?? url)
    return `url(${quote}${assetUrl(file)}${quote})`
  })
}
