/**
 * Characters no font of a deck's has — neither talkdeck's bundled fonts (its own, KaTeX's) nor the
 * @font-face fonts of the deck's theme. The browser draws such a character in whatever font the
 * machine has, or as an empty box: on the presenter's laptop, in the PDF and the PNG alike.
 * Found without a browser, from each font's character map (harfbuzz), read only for the fonts
 * whose `unicode-range` may draw a character the deck shows.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import fontverter from 'fontverter'
import { Blob as FontBlob, Face } from 'harfbuzzjs'
import type { Problem } from '../errors.js'
import { describeSlide } from '../deck/describe.js'
import type { ResolvedDeck } from '../deck/types.js'
import { CLIENT_FILES, PACKAGE_PATHS } from '../package-paths.js'
import { type FontFace, faceMayDraw, htmlText, parseFontFaces } from '../render/font-faces.js'
import type { SlideRenderer } from '../render/render-slides.js'

/** A font as a deck's pages load it: its face, and where its file is (none: not a local file). */
interface LocatedFace {
  face: FontFace
  file: string | undefined
}

/** Characters no font draws, by design: spaces, controls, joiners, variation selectors, bidi marks. */
const DRAWS_NOTHING = /[\s\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/u

const NO_CHARACTERS = new Set<number>()

const codePoint = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`

/**
 * Finds, per deck, each character its slides (and notes) show that no font has — once, at the
 * first slide that shows it.
 */
export async function checkGlyphs(decks: ResolvedDeck[], renderer: SlideRenderer, display: (file: string) => string): Promise<Problem[]> {
  const bundled = await bundledFaces()
  const characterMaps = new Map<string, Promise<Set<number>>>()
  const hasGlyph = async (located: LocatedFace, code: number): Promise<boolean> => {
    // A font that is not a file of the machine (a URL) cannot be read here: it is taken at its word.
    if (!located.file) return true
    let map = characterMaps.get(located.file)
    if (!map) {
      map = readCharacterMap(located.file)
      characterMaps.set(located.file, map)
    }
    return (await map).has(code)
  }
  const isDrawn = async (faces: LocatedFace[], code: number): Promise<boolean> => {
    for (const located of faces) if (faceMayDraw(located.face, code) && (await hasGlyph(located, code))) return true
    return false
  }
  const problems: Problem[] = []
  for (const deck of decks) {
    const faces = [...bundled, ...(await themeFaces(deck.theme.file))]
    const slides = renderer.render(deck, { target: 'print', assetUrl: (file) => file })
    const checked = new Set<number>()
    for (const [index, html] of slides.entries()) {
      const slide = deck.slides[index]
      if (!slide) continue
      const missing: number[] = []
      for (const character of htmlText(html)) {
        const code = character.codePointAt(0) ?? 0
        if (checked.has(code) || DRAWS_NOTHING.test(character)) continue
        checked.add(code)
        if (!(await isDrawn(faces, code))) missing.push(code)
      }
      if (!missing.length) continue
      const shown = missing.map((code) => `"${String.fromCodePoint(code)}" (${codePoint(code)})`).join(', ')
      const fonts = deck.theme.builtIn ? 'talkdeck bundles' : `talkdeck bundles or the theme ${display(deck.theme.file)} declares`
      problems.push({
        severity: 'warning',
        code: 'missing-glyph',
        deck: deck.id,
        ...slide.origin,
        message: `${describeSlide(slide)} shows ${shown}, which no font ${fonts} has: it is drawn in whatever font the viewer's machine has, or as an empty box; give the theme a font that has ${missing.length === 1 ? 'it' : 'them'} (an @font-face rule), or write the text without ${missing.length === 1 ? 'it' : 'them'}`,
      })
    }
  }
  return problems
}

let bundledCache: Promise<LocatedFace[]> | undefined

/** talkdeck's own fonts and KaTeX's, as its client CSS declares them. */
function bundledFaces(): Promise<LocatedFace[]> {
  bundledCache ??= Promise.all(
    [CLIENT_FILES.css, CLIENT_FILES.katexCss].map(async (name) => {
      const file = path.join(PACKAGE_PATHS.client, name)
      return localFaces(await readFile(file, 'utf8'), file)
    }),
  ).then((lists) => lists.flat())
  return bundledCache
}

async function themeFaces(themeFile: string): Promise<LocatedFace[]> {
  // A theme that cannot be read was reported when the deck was loaded.
  return localFaces(await readFile(themeFile, 'utf8').catch(() => ''), themeFile)
}

/** The faces of `css`, each with its font file resolved from the stylesheet's folder. */
function localFaces(css: string, cssFile: string): LocatedFace[] {
  return parseFontFaces(css).map((face) => ({ face, file: /^[a-z][a-z\d+.-]*:/i.test(face.file) ? undefined : path.resolve(path.dirname(cssFile), decodeURI(face.file)) }))
}

/** The code points a font file (TrueType, OpenType, WOFF or WOFF2) has glyphs for; none if it cannot be read. */
async function readCharacterMap(file: string): Promise<Set<number>> {
  try {
    const font = await fontverter.convert(await readFile(file), 'sfnt')
    return new Set(new Face(new FontBlob(font)).collectUnicodes())
  } catch {
    // A missing or broken font file is the browser's to report (check's font findings): it draws nothing here.
    return NO_CHARACTERS
  }
}
