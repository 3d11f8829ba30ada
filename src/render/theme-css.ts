import path from 'node:path'
import { CSS_URL, isThemeFileReference } from '../data/load-templates.js'

/**
 * Points a theme's relative `url()`s (its own fonts, background images) at copies collected by
 * `assetUrl`, so the theme still finds them once it is copied into a built deck. Which files those
 * may be was checked when the deck was loaded (`checkThemeFile`).
 */
export function rewriteThemeUrls(css: string, themeFile: string, assetUrl: (absolutePath: string) => string): string {
  return css.replace(CSS_URL, (match, quote: string, url: string) => {
    if (!isThemeFileReference(url) || url.startsWith('/')) return match
    const file = path.resolve(path.dirname(themeFile), url.split(/[?#]/)[0] ?? url)
    return `url(${quote}${assetUrl(file)}${quote})`
  })
}

/** The first comment of a theme's CSS says what the theme is for. */
export function describeTheme(css: string): string {
  const match = /\/\*\s*([\s\S]*?)\*\//.exec(css)
  return match?.[1]?.replace(/\s+/g, ' ').trim() ?? ''
}
