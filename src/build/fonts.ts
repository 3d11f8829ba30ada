/**
 * Built decks carry only the glyphs they show. talkdeck's client CSS declares every bundled font
 * (Inter, JetBrains Mono, Atkinson Hyperlegible, Noto Sans, Noto Sans Arabic, Noto Sans SC, Twemoji: 212 files,
 * 4.7 MB); a deck folder or a single-file deck gets a copy of that CSS whose @font-face rules keep
 * only the fonts its text falls in, each cut down to the characters used with harfbuzz's subsetter
 * (subset-font) and written as WOFF. The PDF and PNG exports need none of this: Chromium embeds
 * what a page uses.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import subsetFont from 'subset-font'
import { OutputError } from '../errors.js'
import { CLIENT_FILES, PACKAGE_PATHS } from '../package-paths.js'
import { FONT_FACE_RULE, type FontFace, faceMayDraw, htmlText, parseFontFaces } from '../render/font-faces.js'
import { sfntToWoff } from './woff.js'

/** What a set of pages shows: the slides as rendered (with notes) and the CSS that styles them. */
export interface GlyphSource {
  html: string[]
  css: string[]
}

/**
 * Always kept: ASCII and common punctuation. Text a deck does not spell out still shows them —
 * counters and slide numbers (digits), the ellipsis of a clipped line, reveal's own labels.
 */
const ALWAYS = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\u00a0…–—‘’“”•·→←'

/** Generated content: `content: "“"`, with CSS escapes such as `\201C`. */
function cssContentText(css: string): string {
  const strings = [...css.matchAll(/content\s*:\s*(["'])((?:\\.|(?!\1).)*)\1/g)].map((match) => match[2] ?? '')
  return strings.join(' ').replace(/\\([0-9a-f]{1,6})\s?/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
}

/** Every character the pages may draw; upper and lower case both, since CSS may transform either. */
function usedText(sources: GlyphSource[]): string {
  const text = [ALWAYS, ...sources.flatMap((source) => [...source.html.map(htmlText), ...source.css.map(cssContentText)])].join(' ')
  return `${text}${text.toUpperCase()}${text.toLowerCase()}`
}

/**
 * Twemoji draws its colour glyphs from COLR/CPAL tables, which the wasm build of harfbuzz's
 * subsetter drops (it keeps only the black outlines). It is copied whole — to pages that show an
 * emoji, i.e. a character drawn as emoji by default or one asked for as emoji with U+FE0F.
 */
const COPIED_WHOLE: Record<string, RegExp> = { 'twemoji.woff2': /\p{Emoji_Presentation}|\u{FE0F}/u }

/** A family counts as used when some CSS names it outside its @font-face rules (a theme may swap fonts). */
function namedFamilies(faces: FontFace[], css: string[]): Set<string> {
  const text = css.join('\n').replace(FONT_FACE_RULE, '')
  const escapeRegExp = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new Set(faces.map((face) => face.family).filter((family) => new RegExp(`(^|[\\s,:("'])${escapeRegExp(family)}["']?\\s*(,|;|\\}|\\)|!|$)`, 'im').test(text)))
}

export interface SubsetFonts {
  /** talkdeck's client CSS with only the @font-face rules of the fonts kept, pointing at `fontUrl`. */
  css: string
  /** File name in the client's fonts folder → the subset font. */
  fonts: Map<string, Uint8Array>
}

/**
 * A CSS file of talkdeck's client (its own, or KaTeX's for pages with formulas) for pages showing
 * `sources`: a font stays when its family is named and its `unicode-range` holds a character of
 * the text, cut down to those characters; the others go. `fontUrl` says where a page finds a kept
 * font (a file beside the CSS, or a data: URL).
 */
export async function subsetClientFonts(sources: GlyphSource[], fontUrl: (name: string, font: Uint8Array) => string, cssFile: string = CLIENT_FILES.css): Promise<SubsetFonts> {
  const css = await readFile(path.join(PACKAGE_PATHS.client, cssFile), 'utf8')
  const faces = parseFontFaces(css)
  const text = usedText(sources)
  const characters = new Set([...text].map((character) => character.codePointAt(0) ?? 0))
  const families = namedFamilies(faces, [css, ...sources.flatMap((source) => source.css)])
  const fonts = new Map<string, Uint8Array>()
  const rules = new Map<string, string>()
  for (const face of faces) {
    const wanted = [...characters].filter((code) => faceMayDraw(face, code))
    if (!families.has(face.family) || wanted.length === 0) {
      rules.set(face.rule, '')
      continue
    }
    const source = path.join(PACKAGE_PATHS.client, face.file)
    const whole = COPIED_WHOLE[path.basename(face.file)]
    if (whole && !whole.test(text)) {
      rules.set(face.rule, '')
      continue
    }
    const original = new Uint8Array(await readFile(source))
    let subset: Uint8Array | undefined
    try {
      if (!whole) subset = sfntToWoff(await subsetFont(Buffer.from(original), String.fromCodePoint(...wanted), { targetFormat: 'truetype' }))
    } catch (error) {
      throw new OutputError(`could not subset the font ${source}: ${(error as Error).message}`, { cause: error })
    }
    // A text using most of a font's glyphs can come out larger as WOFF than the WOFF2 it was cut from.
    const [name, font, format] = subset && subset.length < original.length ? [`${path.basename(face.file, path.extname(face.file))}.woff`, subset, 'woff'] : [path.basename(face.file), original, 'woff2']
    fonts.set(name, font)
    rules.set(face.rule, face.rule.replace(/url\([^)]*\)\s*format\(\s*["']?[\w-]+["']?\s*\)/, `url(${fontUrl(name, font)}) format("${format}")`))
  }
  return { css: css.replace(FONT_FACE_RULE, (rule) => rules.get(rule) ?? rule), fonts }
}
