/**
 * The colours and font a chart is drawn in, read from the deck's theme in Node: the chart is an
 * SVG made at build time (and a native PowerPoint chart), so it cannot ask the page's CSS. The
 * layout CSS gives the defaults every theme starts from, as in the page.
 */
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { PACKAGE_PATHS } from '../package-paths.js'

export interface ChartTheme {
  background: string
  text: string
  muted: string
  grid: string
  /** Series colours, in order; a chart with more series starts over. */
  series: string[]
  fontFamily: string
}

const SERIES_COUNT = 6

/** `--td-*: value` declarations of a stylesheet, comments left out; a later one wins, as in CSS. */
function readCustomProperties(css: string, into: Map<string, string>): void {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '')
  for (const match of text.matchAll(/(--td-[\w-]+)\s*:\s*([^;{}]+?)\s*(?=[;}])/g)) into.set(match[1] ?? '', match[2] ?? '')
}

/** A value with its `var(--name, fallback)`s replaced, as deep as they go (a cycle gives up). */
function substitute(value: string, properties: Map<string, string>, depth = 0): string {
  if (depth > 8) return value
  return value.replace(/var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*(?:\([^()]*\))?[^()]*))?\)/g, (_, name: string, fallback?: string) => {
    const found = properties.get(name) ?? fallback?.trim() ?? ''
    return substitute(found, properties, depth + 1)
  })
}

const cache = new Map<string, { mtimeMs: number; theme: ChartTheme }>()

/** The chart colours of a theme file (cached until the file changes, so `dev` follows an edit). */
export function readChartTheme(themeFile: string): ChartTheme {
  const mtimeMs = statSync(themeFile).mtimeMs
  const known = cache.get(themeFile)
  if (known?.mtimeMs === mtimeMs) return known.theme
  const properties = new Map<string, string>()
  readCustomProperties(readFileSync(path.join(PACKAGE_PATHS.templates, 'styles', 'layouts.css'), 'utf8'), properties)
  readCustomProperties(readFileSync(themeFile, 'utf8'), properties)
  const read = (name: string) => substitute(`var(${name})`, properties)
  const theme: ChartTheme = {
    background: read('--td-bg'),
    text: read('--td-fg'),
    muted: read('--td-muted'),
    grid: read('--td-border'),
    series: Array.from({ length: SERIES_COUNT }, (_, index) => read(`--td-chart-${index + 1}`)),
    fontFamily: `${read('--td-font-body')}, ${read('--td-font-fallback')}, sans-serif`,
  }
  cache.set(themeFile, { mtimeMs, theme })
  return theme
}
