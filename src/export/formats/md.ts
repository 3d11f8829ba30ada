import { writeFileAtomically } from '../../output/write-atomic.js'
import { renderMarkdownOutline } from '../../render/markdown-outline.js'
import type { PlainFormat } from './format.js'

/** The deck as a Markdown outline for reviewers and mails: written without a browser. */
export const markdownFormat: PlainFormat = {
  id: 'md',
  summary: 'the deck as Markdown: headings, points, notes, numbered sources (no browser)',
  fileName: (deck) => `${deck}.md`,
  unit: 'slides',
  indexLabel: { word: 'outlineFile' },
  mediaType: 'text/markdown; charset=utf-8',
  needsBrowser: false,
  async write({ deck, file }) {
    const text = new TextEncoder().encode(renderMarkdownOutline(deck))
    await writeFileAtomically(file, text)
    return { pages: deck.slides.length, bytes: text.length, warnings: [] }
  },
}
