import MarkdownIt from 'markdown-it'
import { memoize } from './memoize.js'

/**
 * Inline Markdown for text fields. Raw HTML is off, so markup in data is shown as text, and
 * markdown-it's link validation already refuses `javascript:` and similar URLs.
 */
const markdown = new MarkdownIt('commonmark', { html: false, linkify: false, typographer: true })
markdown.enable(['replacements', 'smartquotes'])

const defaultLinkOpen =
  markdown.renderer.rules.link_open ?? ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options))
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  const token = tokens[index]
  if (token && /^https?:/i.test(String(token.attrGet('href') ?? ''))) {
    token.attrSet('target', '_blank')
    token.attrSet('rel', 'noopener')
  }
  return defaultLinkOpen(tokens, index, options, env, self)
}

export const renderInlineMarkdown = memoize((text: string): string => markdown.renderInline(text))

/** Notes may have paragraphs; they are shown in the speaker view and the handout. */
export const renderMarkdownBlock = memoize((text: string): string => markdown.render(text))

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}
