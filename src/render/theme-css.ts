import path from 'node:path'
import { isUrl } from '../urls.js'

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

/** The first comment of a theme's CSS says what the theme is for. */
export function describeTheme(css: string): string {
  const match = /\/\*\s*([\s\S]*?)\*\//.exec(css)
  return match?.[1]?.replace(/\s+/g, ' ').trim() ?? ''
}
