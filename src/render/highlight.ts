import { bash, c, diff, hljs, javascript, json, makefile, python, rust, toml, typescript, yaml } from '../vendor/highlight.js'
import { escapeHtml } from './markdown.js'
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
 * the theme's `--td-code-*` properties through the `hljs-*` classes.
 */
export const highlightCode = memoize((source: string, lang: string): string => {
  const language = hljs.getLanguage(lang) ? lang : undefined
  const body = language ? hljs.highlight(source, { language, ignoreIllegals: true }).value : escapeHtml(source)
  const size = source.split('\n').length > LONG_CODE_LINES ? ' td-code-long' : ''
  return `<pre class="td-code${size}"><code class="hljs language-${escapeHtml(lang)}">${body}</code></pre>`
})
