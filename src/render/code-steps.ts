/**
 * Code that steps through line ranges (`highlight: "1-3|5|7-9"`), as reveal.js's line highlights
 * do: the listing once per step, each step's lines lit and the others dimmed, every step after the
 * first a fragment drawn over the one before. The steps are plain markup made at build time, so the
 * print page (no reveal.js script) shows the last step, or each step on a page with --fragments.
 */

/** "1-3|5|7-9" → [[1,2,3],[5],[7,8,9]]: the lines lit at each step. */
export function parseSteps(highlight: string): number[][] {
  return highlight.split('|').map((step) =>
    step.split(',').flatMap((range) => {
      const [from = 0, to = from] = range.split('-').map(Number)
      return Array.from({ length: Math.max(0, to - from + 1) }, (_, index) => from + index)
    }),
  )
}

/**
 * Highlighted HTML cut into lines, each line's open spans closed at its end and opened again on
 * the next: a comment or string over several lines keeps its colour when the lines are wrapped.
 */
export function splitHighlightedLines(html: string): string[] {
  const lines: string[] = []
  const open: string[] = []
  let line = ''
  for (const part of html.split(/(<span[^>]*>|<\/span>|\n)/)) {
    if (part === '\n') {
      lines.push(line + '</span>'.repeat(open.length))
      line = open.join('')
    } else if (part.startsWith('<span')) {
      open.push(part)
      line += part
    } else if (part === '</span>') {
      open.pop()
      line += part
    } else line += part
  }
  lines.push(line)
  return lines
}

/** The listing's lines for one step: lit ones as they are, the others dimmed. */
function markStep(lines: string[], lit: ReadonlySet<number>): string {
  return lines.map((line, index) => `<span class="td-line${lit.has(index + 1) ? ' td-line-lit' : ''}">${line}</span>`).join('\n')
}

/** One `<pre>` per step, stacked in one place; `pre(body, extra)` wraps a step as a listing is wrapped. */
export function renderCodeSteps(highlighted: string, highlight: string, pre: (body: string, extraClass: string) => string): string {
  const lines = splitHighlightedLines(highlighted)
  const steps = parseSteps(highlight).map((lit, index) => pre(markStep(lines, new Set(lit)), index === 0 ? '' : ' fragment'))
  return `<div class="td-code-steps" data-pptx="picture">${steps.join('')}</div>`
}
