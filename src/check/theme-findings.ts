/**
 * What `check` says about a deck's own theme file, at that file: its fonts that are neither
 * bundled nor installed, and its colours that give text too little contrast — once each, at the
 * declaration to change, not once per slide at the data or deck line (the slide is not what to fix).
 */
import type { Problem } from '../errors.js'
import type { ResolvedDeck } from '../deck/types.js'
import type { SlideMeasurement, ThemeReading } from '../browser/measure.js'
import { describeSlide } from '../deck/describe.js'

/** One `property: value` of a theme file, with its 1-based line. */
export interface ThemeDeclaration {
  property: string
  value: string
  line: number
}

/** A family a theme's font declaration names, where it first names it. */
export interface NamedFamily {
  family: string
  property: string
  line: number
  /** What the text falls back to when the family is missing: the next family in the list. */
  next: string | null
}

const GENERIC_FAMILIES = new Set(['serif', 'sans-serif', 'monospace', 'cursive', 'fantasy', 'system-ui', 'ui-serif', 'ui-sans-serif', 'ui-monospace', 'ui-rounded', 'math', 'emoji', 'fangsong', 'inherit', 'initial', 'unset', 'revert', 'revert-layer'])

/** The declarations of a theme's CSS with their lines (comments skipped, selectors such as `a:hover` not taken for one). */
export function readThemeDeclarations(css: string): ThemeDeclaration[] {
  // Comments blanked out, newlines kept, so that indexes still give lines.
  const text = css.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
  const declarations: ThemeDeclaration[] = []
  for (const match of text.matchAll(/([-\w]+)\s*:\s*([^;{}]+?)\s*(?=[;}])/g)) {
    const line = text.slice(0, match.index).split('\n').length
    declarations.push({ property: match[1] ?? '', value: match[2] ?? '', line })
  }
  return declarations
}

/** Families a family list names, quotes and generic families and `var()`s left out. */
function familiesOf(value: string): string[] {
  return (value.match(/"[^"]*"|'[^']*'|[^,]+/g) ?? [])
    .map((part) => part.trim().replace(/^["']|["']$/g, '').trim())
    .filter((family) => family && !family.includes('('))
}

/** The font families the theme names in `font-family` and `--*font*` declarations, each once. */
export function themeFamilies(declarations: ThemeDeclaration[]): NamedFamily[] {
  const named = new Map<string, NamedFamily>()
  for (const { property, value, line } of declarations) {
    if (property !== 'font-family' && !(property.startsWith('--') && property.includes('font'))) continue
    const families = familiesOf(value)
    families.forEach((family, index) => {
      if (GENERIC_FAMILIES.has(family.toLowerCase()) || named.has(family.toLowerCase())) return
      named.set(family.toLowerCase(), { family, property, line, next: families[index + 1] ?? null })
    })
  }
  return [...named.values()]
}

/** One warning per family the page cannot draw with, at the declaration that names it. */
export function unavailableFontFindings(deck: ResolvedDeck, file: string, families: NamedFamily[], available: boolean[]): Problem[] {
  return families.flatMap((named, index): Problem[] => {
    if (available[index] !== false) return []
    const fallback = named.next ? `"${named.next}"` : 'the bundled fallbacks (Noto Sans)'
    return [
      {
        severity: 'warning',
        code: 'font-unavailable',
        deck: deck.id,
        file,
        line: named.line,
        message: `theme "${deck.theme.name}": font "${named.family}" (${named.property}) is neither bundled with talkdeck nor installed here, so text set in it is drawn in ${fallback}, in the PDF too; install it, add an @font-face with its file beside the theme, or name a bundled font (Inter, Atkinson Hyperlegible, JetBrains Mono, Noto Sans)`,
      },
    ]
  })
}

type LowContrast = NonNullable<SlideMeasurement['lowContrast']>

/** Low-contrast text the theme's own colours make, gathered by the declaration to change. */
export interface ThemeContrast {
  theme: { name: string; file: string }
  /** The declaration to change: the text's colour when the theme sets it, else the background's. */
  culprit: ThemeDeclaration & { colour: string }
  /** The other colour of a pair, when the theme sets it too. */
  partners: (ThemeDeclaration & { colour: string })[]
  cases: { contrast: LowContrast; deck: string; slide: string }[]
}

/**
 * Splits a deck's measurements: the low contrast of colours its own theme declares is gathered in
 * `byTheme` (to be told once, at the declaration); the rest is left to the per-slide findings.
 */
export function gatherThemeContrast(deck: ResolvedDeck, file: string, measurements: SlideMeasurement[], declarations: ThemeDeclaration[], reading: ThemeReading, byTheme: Map<string, ThemeContrast>): SlideMeasurement[] {
  const coloured = declarations.flatMap((declaration, index) => {
    const colour = reading.colours[index]
    return colour ? [{ ...declaration, colour }] : []
  })
  return measurements.map((measured) => {
    const low = measured.lowContrast
    const slide = deck.slides[measured.index]
    if (!low || !slide) return measured
    // The last declaration of a colour is the one in force (a later rule overrides an earlier one).
    const text = coloured.findLast((declaration) => declaration.colour === low.foreground)
    const background = coloured.findLast((declaration) => declaration.colour === low.background)
    const culprit = text ?? background
    if (!culprit) return measured
    const key = `${deck.theme.file}\n${culprit.line}\n${culprit.property}`
    const found = byTheme.get(key) ?? { theme: { name: deck.theme.name, file }, culprit, partners: [], cases: [] }
    if (text && background && !found.partners.includes(background)) found.partners.push(background)
    found.cases.push({ contrast: low, deck: deck.id, slide: describeSlide(slide) })
    byTheme.set(key, found)
    return { ...measured, lowContrast: null }
  })
}

/** The gathered contrast faults, one warning for each declaration to change, naming the worst case. */
export function themeContrastFindings(gathered: Iterable<ThemeContrast>): Problem[] {
  return [...gathered].map(({ theme, culprit, partners, cases }): Problem => {
    const worst = [...cases].sort((a, b) => a.contrast.ratio / a.contrast.required - b.contrast.ratio / b.contrast.required)[0] as ThemeContrast['cases'][number]
    const c = worst.contrast
    const role = culprit.colour === c.foreground ? 'text colour' : 'background'
    const others = cases.length > 1 ? ` and ${cases.length - 1} other slide${cases.length === 2 ? '' : 's'}` : ''
    const partner = partners.length ? `, on ${partners.map((p) => `${p.property}: ${p.value} at line ${p.line}`).join(' and ')}` : ''
    return {
      severity: 'warning',
      code: 'contrast',
      deck: worst.deck,
      file: theme.file,
      line: culprit.line,
      message: `theme "${theme.name}": ${culprit.property}: ${culprit.value} (the ${role}${partner}) gives text of contrast ${c.ratio}:1 (${c.foreground} on ${c.background}, ${c.text} on ${worst.slide} of deck ${worst.deck}${others}); WCAG asks at least ${c.required}:1 — change it`,
    }
  })
}
