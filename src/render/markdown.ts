import createMarkdownIt, { type MarkdownIt, type MarkdownItOptions } from 'markdown-it'
import { mathPlugin } from './markdown-math.js'
import { memoize } from './memoize.js'

/**
 * Markdown as talkdeck renders every text: raw HTML off, so markup in data is shown as text;
 * markdown-it's link validation refuses `javascript:` and similar URLs; web links open in a new
 * tab; `$…$` formulas. `options` adds what one use needs (block Markdown's code highlighting).
 */
export function createMarkdown(options: MarkdownItOptions = {}): MarkdownIt {
  const markdown = createMarkdownIt('commonmark', { ...options, html: false, linkify: false, typographer: true })
  markdown.enable(['replacements', 'smartquotes'])
  markdown.use(mathPlugin)
  const defaultLinkOpen = markdown.renderer.rules.link_open ?? ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options))
  markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
    const token = tokens[index]
    if (token && /^https?:/i.test(String(token.attrGet('href') ?? ''))) {
      token.attrSet('target', '_blank')
      token.attrSet('rel', 'noopener')
    }
    return defaultLinkOpen(tokens, index, options, env, self)
  }
  return markdown
}

/** Inline Markdown for text fields. */
const markdown = createMarkdown()

export const renderInlineMarkdown = memoize((text: string): string => markdown.renderInline(text))

/** Notes may have paragraphs; they are shown in the speaker view and the handout. */
export const renderMarkdownBlock = memoize((text: string): string => markdown.render(text))

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}
