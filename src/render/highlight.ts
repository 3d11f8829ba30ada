import { bash, c, diff, hljs, javascript, json, makefile, python, rust, toml, typescript, yaml } from '../vendor/highlight.js'
import { escapeHtml } from './markdown.js'
import { renderCodeSteps } from './code-steps.js'
import { memoize } from './memoize.js'

// Only the languages a talk about systems code needs: the full bundle would triple start-up time.
const LANGUAGES = { bash, c, diff, javascript, json, makefile, python, rust, toml, typescript, yaml }
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language)
hljs.registerAliases(['sh', 'shell'], { languageName: 'bash' })
hljs.registerAliases(['ts'], { languageName: 'typescript' })
hljs.registerAliases(['js'], { languageName: 'javascript' })

/** Beyond this many lines code is set smaller so that a whole listing fits on a slide. */
const LONG_CODE_LINES = 9

/**
 * Highlights at build time, so slides and PDF need no client-side highlighter; colours come from
 * the theme's `--td-code-*` properties through the `hljs-*` classes. The listing's lines and widest
 * line go to the CSS, which sets long code smaller down to a floor (18 px) before it overflows.
 * With `highlight` ("1-3|5"), the listing steps through those lines (src/render/code-steps.ts).
 */
export const highlightCode = memoize((source: string, lang: string, highlight = ''): string => {
  const language = hljs.getLanguage(lang) ? lang : undefined
  const body = language ? hljs.highlight(source, { language, ignoreIllegals: true }).value : escapeHtml(source)
  const lines = source.split('\n')
  const size = lines.length > LONG_CODE_LINES ? ' td-code-long' : ''
  const fit = `--td-code-lines: ${lines.length}; --td-code-columns: ${Math.max(1, ...lines.map((line) => line.length))}`
  const pre = (code: string, extraClass: string) => `<pre class="td-code${size}${extraClass}" style="${fit}"><code class="hljs language-${escapeHtml(lang)}">${code}</code></pre>`
  return highlight ? renderCodeSteps(body, highlight, pre) : pre(body, '')
})
