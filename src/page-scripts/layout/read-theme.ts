import type { ThemeReading } from './types.js'

const hexOfRgb = (color: string) => {
  const [r = 0, g = 0, b = 0] = (color.match(/[\d.]+/g) ?? []).map(Number)
  return `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`
}

/** Each value as the page resolves it as a colour (`var()` included), or null. */
function resolveColours(colours: string[]): (string | null)[] {
  const probe = document.createElement('span')
  document.body.append(probe)
  const resolved = colours.map((value) => {
    probe.style.color = ''
    probe.style.color = value
    return probe.style.color ? hexOfRgb(getComputedStyle(probe).color) : null
  })
  probe.remove()
  return resolved
}

/**
 * Whether the page can draw each family (see `readTheme` in src/browser/measure.ts for why so): a
 * family with @font-face rules unless every face failed; another when text set in it measures
 * differently from the generic families it would fall back to.
 */
function availableFamilies(families: string[]): boolean[] {
  const faces = Array.from(document.fonts)
  const unquote = (family: string) => family.replace(/^["']|["']$/g, '').toLowerCase()
  const context = document.createElement('canvas').getContext('2d')
  const sample = 'mmmmmmmmmmlli1WQ@#ŊBß'
  const widthIn = (font: string) => {
    if (!context) return 0
    context.font = font
    return context.measureText(sample).width
  }
  return families.map((family) => {
    const own = faces.filter((face) => unquote(face.family) === family.toLowerCase())
    if (own.length) return own.some((face) => face.status !== 'error')
    const quoted = `"${family.replace(/["\\]/g, '')}"`
    return ['monospace', 'serif', 'sans-serif'].some((generic) => widthIn(`72px ${quoted}, ${generic}`) !== widthIn(`72px ${generic}`))
  })
}

export function readTheme({ colours, families }: { colours: string[]; families: string[] }): ThemeReading {
  return { colours: resolveColours(colours), available: availableFamilies(families) }
}
