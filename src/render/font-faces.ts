/**
 * Reading fonts out of CSS and text out of HTML, as a browser would: the @font-face rules of a
 * stylesheet (family, file, unicode-range) and the characters a page draws. The build cuts fonts
 * down to those characters; `check` looks for characters no font has.
 */

export interface FontFace {
  rule: string
  family: string
  /** The font's URL as the rule gives it, e.g. `fonts/inter-latin-400-normal.woff2` or `./brand.woff2`. */
  file: string
  /** Code point ranges of `unicode-range`; none means the whole font. */
  ranges: [number, number][] | undefined
}

/** `U+0-FF`, `U+1F??`, `U+20B4` → [first, last]. */
function parseRange(part: string): [number, number] {
  const [first = '0', last] = part.trim().replace(/^U\+/i, '').split('-')
  if (first.includes('?')) return [Number.parseInt(first.replace(/\?/g, '0'), 16), Number.parseInt(first.replace(/\?/g, 'F'), 16)]
  return [Number.parseInt(first, 16), Number.parseInt(last ?? first, 16)]
}

export const FONT_FACE_RULE = /@font-face\s*\{[^}]*\}/g

export function parseFontFaces(css: string): FontFace[] {
  return [...css.matchAll(FONT_FACE_RULE)].flatMap((match) => {
    const rule = match[0]
    const family = /font-family\s*:\s*(["']?)([^;"'}]+)\1/.exec(rule)?.[2]?.trim()
    const file = /url\(\s*["']?(?:\.\/)?([^"')]+)["']?\s*\)/.exec(rule)?.[1]
    const range = /unicode-range\s*:\s*([^;}]+)/.exec(rule)?.[1]
    if (!family || !file) return []
    return [{ rule, family, file, ranges: range?.split(',').map(parseRange) }]
  })
}

/** Whether a face's `unicode-range` lets the browser draw `code` with it. */
export const faceMayDraw = (face: FontFace, code: number): boolean => !face.ranges || face.ranges.some(([first, last]) => code >= first && code <= last)

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }

/** The text of HTML as a browser shows it: tags dropped, character references decoded. */
export function htmlText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
      if (name[0] !== '#') return NAMED_ENTITIES[name.toLowerCase()] ?? entity
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1))
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ''
    })
}
