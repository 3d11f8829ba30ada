import { escapeHtml } from './markdown.js'

/**
 * Mermaid diagrams as SVG, drawn by src/browser/diagrams.ts in a page of the deck's theme (its
 * colours, and its fonts, by which Mermaid measures the labels) before the slides are rendered: a
 * slide shows the same SVG in dev, the built deck, the single file and the print page, and no deck
 * runs Mermaid, so a deck without diagrams carries none of it. Kept by theme file and source, so a
 * live update redraws only a diagram that changed.
 */
const drawings = new Map<string, string>()
const keyOf = (themeFile: string, mermaid: string) => `${themeFile}\0${mermaid}`

export const drawingOf = (themeFile: string, mermaid: string): string | undefined => drawings.get(keyOf(themeFile, mermaid))

export function rememberDrawing(themeFile: string, mermaid: string, svg: string): void {
  drawings.set(keyOf(themeFile, mermaid), svg)
}

/**
 * A diagram as a slide shows it. Not drawn yet (`check --no-browser`, which reads no picture), its
 * source stands in. The PowerPoint export takes the drawing as a picture with the alt text.
 */
export function renderDiagram(diagram: { mermaid: string; alt: string }, themeFile: string): string {
  const svg = drawingOf(themeFile, diagram.mermaid)
  const content = svg ?? `<pre class="td-diagram-source">${escapeHtml(diagram.mermaid)}</pre>`
  return `<figure class="td-diagram" data-pptx="picture" role="img" aria-label="${escapeHtml(diagram.alt)}">${content}</figure>`
}
