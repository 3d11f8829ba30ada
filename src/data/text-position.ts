/**
 * Lines and columns of a user's text as an editor shows them. A line ends at "\r\n", "\n" or a
 * lone "\r" (old Mac files; YAML and Handlebars count it too): counting "\n" alone put every error
 * of a CR-only file on line 1, at column 361.
 */

/** Where in a text something is, 1-based. */
export interface Position {
  line: number
  column: number
}

export const LINE_BREAK = /\r\n?|\n/

/** Offset → line and column, for many lookups in one text (a binary search over line starts). */
export function createPositionFinder(text: string): (offset: number) => Position {
  const lineStarts = [0]
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    // "\r\n" is one break: its line starts after the "\n".
    if (code === 0x0a || (code === 0x0d && text.charCodeAt(index + 1) !== 0x0a)) lineStarts.push(index + 1)
  }
  return (offset) => {
    let low = 0
    let high = lineStarts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if ((lineStarts[middle] ?? 0) <= offset) low = middle
      else high = middle - 1
    }
    return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 }
  }
}

/** The text of line `line` (1-based), without its break; empty past the end. */
export function lineText(text: string, line: number): string {
  return text.split(LINE_BREAK, line)[line - 1] ?? ''
}
