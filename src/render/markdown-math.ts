import type { MarkdownIt } from 'markdown-it'
import { formulaAt, KATEX_OPTIONS, loadKatex } from '../data/formulas.js'
import { CLIENT_FILES } from '../package-paths.js'

/**
 * `$…$` and `$$…$$` in Markdown, typeset by KaTeX when the deck is rendered: the slide carries the
 * formula as HTML and needs no script, only KaTeX's CSS and fonts (linked for decks that use a
 * formula; see `usesFormulas`). Where a dollar opens and closes a formula is decided by
 * src/data/formulas.ts, which also reports TeX errors at their YAML line during validation; so a
 * formula that fails here is one that validation never saw (a project's own layout text) and is
 * shown as its source in KaTeX's error colour rather than stopping the deck.
 *
 * Why not a plugin: @vscode/markdown-it-katex pins katex 0.16, markdown-it-dollarmath
 * markdown-it ≤ 13 and @mdit/plugin-tex markdown-it 14 (talkdeck is on 15); the rule is a few lines
 * around `formulaAt` and `katex.renderToString`.
 */
export function mathPlugin(markdown: MarkdownIt): void {
  markdown.inline.ruler.after('escape', 'math', (state, silent) => {
    const formula = formulaAt(state.src, state.pos)
    if (!formula) return false
    if (!silent) {
      const token = state.push('math', 'span', 0)
      token.content = formula.tex
      token.block = formula.display
    }
    state.pos = formula.end
    return true
  })
  markdown.renderer.rules.math = (tokens, index) => {
    const token = tokens[index]
    if (!token) return ''
    try {
      // KaTeX's HTML only, its TeX as the label: the hidden MathML copy would be measured as text cut
      // off, printed twice in the PDF's text, and a screen reader reads TeX as well as a PowerPoint alt text does.
      const html = loadKatex().renderToString(token.content, { ...KATEX_OPTIONS, displayMode: token.block, throwOnError: false, output: 'html' })
      return `<span class="td-formula${token.block ? ' td-formula-display' : ''}" role="img" aria-label="${markdown.utils.escapeHtml(token.content)}">${html}</span>`
    } catch {
      return `<code>${markdown.utils.escapeHtml(token.content)}</code>`
    }
  }
}

/** Whether rendered HTML holds a formula: its page then links KaTeX's CSS and fonts. */
export const usesFormulas = (html: string): boolean => html.includes('class="katex')

/** The client CSS files slides need beyond talkdeck's own: KaTeX's when one of them shows a formula. */
export const formulaStyles = (slides: string[]): string[] => (slides.some(usesFormulas) ? [CLIENT_FILES.katexCss] : [])
