/**
 * Formulas in text: `$…$` inline and `$$…$$` display, with Pandoc's rules for where a dollar opens
 * and closes one, so that prices stay text ("from $5 to $10": a `$` followed by a space does not
 * open, one followed by a digit does not close). `\$` is a dollar sign.
 *
 * KaTeX typesets them when a deck is rendered (src/render/markdown.ts); here each formula of a
 * field is parsed when the file is validated, so that a TeX mistake is an error at its YAML line
 * with KaTeX's own message. KaTeX (270 KB of JavaScript) is loaded the first time a formula is met:
 * a deck without one never loads it.
 */
import { createRequire } from 'node:module'
import type Katex from 'katex'

export interface Formula {
  tex: string
  display: boolean
  /** Offsets in the text: the opening dollar, and just past the closing one. */
  start: number
  end: number
}

const DOLLAR = 0x24
const isSpace = (code: number) => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d
const isDigit = (code: number) => code >= 0x30 && code <= 0x39

/** The formula that opens at `start` (a `$`), or null when the dollar there opens none. */
export function formulaAt(text: string, start: number): Formula | null {
  if (text.charCodeAt(start) !== DOLLAR || text.charCodeAt(start - 1) === 0x5c) return null
  const display = text.charCodeAt(start + 1) === DOLLAR
  const open = start + (display ? 2 : 1)
  if (!display && (open >= text.length || isSpace(text.charCodeAt(open)))) return null
  for (let index = open; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code === 0x5c) {
      index++
      continue
    }
    if (code !== DOLLAR) continue
    if (display) {
      if (text.charCodeAt(index + 1) !== DOLLAR) continue
      const tex = text.slice(open, index).trim()
      return tex ? { tex, display, start, end: index + 2 } : null
    }
    if (isSpace(text.charCodeAt(index - 1)) || isDigit(text.charCodeAt(index + 1))) continue
    return { tex: text.slice(open, index), display, start, end: index + 1 }
  }
  return null
}

/** Every formula of a text, in order. */
export function findFormulas(text: string): Formula[] {
  const formulas: Formula[] = []
  for (let index = text.indexOf('$'); index >= 0; index = text.indexOf('$', index)) {
    const formula = formulaAt(text, index)
    formulas.push(...(formula ? [formula] : []))
    index = formula ? formula.end : index + 1
  }
  return formulas
}

let katex: typeof Katex | undefined
/** KaTeX, loaded once, when the first formula is met (its CommonJS build: loading it stays synchronous). */
export function loadKatex(): typeof Katex {
  katex ??= createRequire(import.meta.url)('katex') as typeof Katex
  return katex
}

/** KaTeX's options for talkdeck: no macros defined across formulas, no `\href` or `\url` around the link allow-list. */
export const KATEX_OPTIONS = { strict: 'ignore', trust: false, maxExpand: 1000, maxSize: 20 } as const

/** KaTeX's message for a formula it cannot typeset, or null when it can. */
export function texError(formula: Formula): string | null {
  try {
    loadKatex().renderToString(formula.tex, { ...KATEX_OPTIONS, displayMode: formula.display, throwOnError: true })
    return null
  } catch (error) {
    return error instanceof Error ? error.message.replace(/^KaTeX parse error: /, '') : String(error)
  }
}
