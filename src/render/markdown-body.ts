import path from 'node:path'
import type { Env } from 'markdown-it'
import type { ResolvedBody } from '../deck/types.js'
import { isUrl } from '../urls.js'
import { findBodyDiagrams } from '../data/diagrams.js'
import { renderDiagram } from './diagrams.js'
import { highlightCode } from './highlight.js'
import { createMarkdown } from './markdown.js'
import { memoize } from './memoize.js'

/**
 * Block Markdown (`body:`): paragraphs, nested lists, GFM tables, images, block quotes, fenced code
 * (highlighted as the `code` layout's listings are) and formulas, with the inline rules of every
 * other text (src/render/markdown.ts).
 */
const markdown = createMarkdown({ highlight: (source, lang) => highlightCode(source.replace(/\n$/, ''), lang || 'text') })
markdown.enable('table')

/** Where the page finds an image: the body's folder resolves a relative path, `assetUrl` makes the URL. */
interface BodyEnv extends Env {
  base: string
  assetUrl: (absolutePath: string) => string
  /** The deck's theme, whose drawings of the body's ```mermaid fences are shown. */
  themeFile: string
}

const defaultFence = markdown.renderer.rules.fence
markdown.renderer.rules.fence = (tokens, index, options, env, self) => {
  const token = tokens[index]
  if (token?.info.trim() === 'mermaid') {
    const mermaid = token.content.replace(/\n$/, '')
    return renderDiagram({ mermaid, alt: findBodyDiagrams(`\`\`\`mermaid\n${mermaid}\n\`\`\``)[0]?.alt ?? '' }, (env as BodyEnv).themeFile)
  }
  return defaultFence ? defaultFence(tokens, index, options, env, self) : self.renderToken(tokens, index, options)
}

const defaultImage = markdown.renderer.rules.image
markdown.renderer.rules.image = (tokens, index, options, env, self) => {
  const token = tokens[index]
  const src = token?.attrGet('src')
  const { base, assetUrl } = env as BodyEnv
  if (token && typeof src === 'string' && !isUrl(src)) token.attrSet('src', assetUrl(path.resolve(base, decodeURI(src))))
  return defaultImage ? defaultImage(tokens, index, options, env, self) : self.renderToken(tokens, index, options)
}

const renderWithoutImages = memoize((text: string) => markdown.render(text, { base: '', assetUrl: (file: string) => file, themeFile: '' }))

/**
 * A body as HTML. A body with images is rendered each time: `assetUrl` records the files a built
 * deck copies, so its answer cannot be remembered from another page.
 */
export function renderBody(body: ResolvedBody, assetUrl: (absolutePath: string) => string, themeFile: string): string {
  const drawn = findBodyDiagrams(body.markdown).length > 0
  return body.markdown.includes('![') || drawn ? markdown.render(body.markdown, { base: body.base, assetUrl, themeFile } satisfies BodyEnv) : renderWithoutImages(body.markdown)
}
