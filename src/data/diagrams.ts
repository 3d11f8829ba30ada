/**
 * Mermaid diagrams written in block Markdown (a ```mermaid fence in `body:`). Such a diagram has
 * no `alt:` field: its text for screen readers and the PowerPoint picture is Mermaid's own
 * accessible description, an `accDescr: …` line of the diagram.
 */
export interface BodyDiagram {
  mermaid: string
  /** The `accDescr:` text, '' when the diagram has none. */
  alt: string
  /** Line of the fence's first diagram line in the body text (1-based). */
  line: number
}

const FENCE = /^(`{3,}|~{3,})[ \t]*mermaid[ \t]*\n([\s\S]*?)\n\1[ \t]*$/gm
const DESCRIPTION = /^\s*accDescr\s*:\s*(.+)$/m

export function findBodyDiagrams(markdown: string): BodyDiagram[] {
  return Array.from(markdown.matchAll(FENCE), (match) => {
    const mermaid = match[2] ?? ''
    const line = markdown.slice(0, match.index).split('\n').length + 1
    return { mermaid, alt: DESCRIPTION.exec(mermaid)?.[1]?.trim() ?? '', line }
  })
}
