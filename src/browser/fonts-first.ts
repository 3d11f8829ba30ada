import type { ScriptRunner } from './page.js'

/**
 * A print page is shown held (its body not drawn) until the web fonts its text needs have loaded.
 *
 * Chromium asks for a web font only when it lays out text in it, and lays the text out meanwhile
 * in a fallback font: a fresh page was laid out twice, the first time in system fonts found
 * through fontconfig (0.12 s for 30 slides, full Chromium 156), and the fonts' own arrival waited
 * behind that layout. Held, the page computes its styles, loads the faces those styles ask for,
 * and is laid out once, in its fonts. 30 slides, cold export: 2.09 → 2.02 s (median of 12).
 */
const HOLD_ATTRIBUTE = 'data-talkdeck-hold'

/**
 * `html` with its body held back from layout until `layOutWithFonts` lets it go — unless it has a
 * script (a project's own template may), which may measure the page as it loads.
 */
export function holdForFonts(html: string): string {
  if (/<script[\s>]/i.test(html)) return html
  const style = `<style ${HOLD_ATTRIBUTE}>body{display:none!important}</style>`
  const headEnd = html.search(/<\/head>/i)
  return headEnd < 0 ? style + html : html.slice(0, headEnd) + style + html.slice(headEnd)
}

/**
 * Loads the web fonts the held page's text will be drawn in, lets the page be laid out, and
 * resolves once all its fonts are ready. Returns the faces it loaded first, as `family style
 * weight first-range` (for tests). A face it misses loads later, as without the hold: only the
 * time differs.
 */
export function layOutWithFonts(page: ScriptRunner): Promise<string[]> {
  return page.evaluate(async (holdAttribute) => {
    const unquote = (name: string) => name.trim().replace(/^(["'])(.*)\1$/, '$2').toLowerCase()
    const weightOf = (value: string) => (value === 'bold' ? 700 : Number(value) || 400)
    /** A face as read once (each read is a call into the browser): its descriptors, and its ranges once needed. */
    type Face = { face: FontFace; style: string; weight: string; ranges?: (readonly [number, number])[] }
    const facesByFamily = new Map<string, Face[]>()
    document.fonts.forEach((face) => {
      const family = unquote(face.family)
      const faces = facesByFamily.get(family) ?? []
      faces.push({ face, style: face.style, weight: face.weight })
      facesByFamily.set(family, faces)
    })

    // CSS font matching (CSS Fonts 4, §5.2): of a family's faces, those of the nearest style, then
    // of the nearest weight; a character none of their unicode-ranges holds goes on to the next family.
    const styleRank = (wanted: string, face: string) => {
      const order = wanted === 'normal' ? ['normal', 'oblique', 'italic'] : ['italic', 'oblique', 'normal']
      const rank = order.indexOf(face.split(' ')[0] ?? face)
      return rank < 0 ? order.length : rank
    }
    const weightRank = (wanted: number, face: string) => {
      const [low = 400, high = low] = face.split(' ').map(weightOf)
      const weight = Math.min(Math.max(wanted, low), high)
      if (weight === wanted) return 0
      if (wanted >= 400 && wanted <= 500) {
        if (weight > wanted && weight <= 500) return 1000 + weight - wanted
        return weight < wanted ? 2000 + wanted - weight : 3000 + weight - wanted
      }
      const towards = wanted < 400 ? weight < wanted : weight > wanted
      return (towards ? 1000 : 2000) + Math.abs(weight - wanted)
    }
    // Parsed when first needed: a CJK family has a hundred faces of a hundred ranges each.
    const rangesOf = (face: Face) => {
      face.ranges ??= face.face.unicodeRange.split(',').map((part) => {
        const range = part.trim().replace(/^u\+/i, '')
        const [from = '0', to = from] = range.includes('?') ? [range.replace(/\?/g, '0'), range.replace(/\?/g, 'F')] : range.split('-')
        return [parseInt(from, 16), parseInt(to, 16)] as const
      })
      return face.ranges
    }
    const holds = (face: Face, point: number) => rangesOf(face).some(([from, to]) => point >= from && point <= to)
    const holdsEverything = (face: Face) => rangesOf(face).some(([from, to]) => from === 0 && to >= 0x10ffff)
    /** A font as styles ask for it: of each web family in its stack, the best-matching faces; the characters set in it. */
    type Font = { families: Face[][]; points: Set<number> }
    const fontFor = (style: CSSStyleDeclaration): Font => {
      const weight = weightOf(style.fontWeight)
      const families = style.fontFamily.split(',').flatMap((name) => {
        const faces = facesByFamily.get(unquote(name))
        if (!faces) return []
        const ranks = faces.map((face) => styleRank(style.fontStyle, face.style) * 10000 + weightRank(weight, face.weight))
        const best = Math.min(...ranks)
        return [faces.filter((_, index) => ranks[index] === best)]
      })
      return { families, points: new Set() }
    }

    // Each character's faces: those of the first family that has one holding it. A face without a
    // unicode-range (an emoji font, a theme's own font) may or may not have the character: it is
    // loaded, and the next family looked at too. (Chromium also loads a face for the spaces and
    // punctuation around a character that falls through to a later family; such a face still
    // loads as the page is laid out.) A face starts loading as soon as it is found, while the rest
    // of the text is read; one that fails to load is reported where it always was, in the page.
    const wanted = new Set<Face>()
    const loading: Promise<unknown>[] = []
    const place = (font: Font, point: number) => {
      for (const faces of font.families) {
        const holding = faces.filter((face) => holds(face, point))
        for (const face of holding) {
          if (wanted.has(face)) continue
          wanted.add(face)
          loading.push(face.face.load().catch(() => undefined))
        }
        if (holding.some((face) => !holdsEverything(face))) return
      }
    }

    // Styles are read once per kind of element (its tag and class, its parent's and its slide's),
    // so that the cost is the same for 30 slides or 300.
    const fonts = new Map<string, Font>()
    const fontOfKind = new Map<string, Font>()
    const kindOf = (element: Element | null) => (element ? `${element.tagName}.${element.getAttribute('class') ?? ''}` : '')
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement
      const text = node.nodeValue ?? ''
      if (!element || !text.trim()) continue
      const kind = `${kindOf(element)}|${kindOf(element.parentElement)}|${kindOf(element.closest('section'))}`
      let font = fontOfKind.get(kind)
      if (!font) {
        const style = getComputedStyle(element)
        const key = `${style.fontStyle}|${style.fontWeight}|${style.fontFamily}`
        font = fonts.get(key) ?? fontFor(style)
        fonts.set(key, font)
        fontOfKind.set(kind, font)
      }
      for (const character of text) {
        const point = character.codePointAt(0) ?? 0
        if (font.points.has(point)) continue
        font.points.add(point)
        place(font, point)
      }
    }
    await Promise.all(loading)
    document.querySelector(`style[${holdAttribute}]`)?.remove()
    await document.fonts.ready
    return [...wanted].map(({ face }) => `${unquote(face.family)} ${face.style} ${face.weight} ${face.unicodeRange.split(',')[0]}`)
  }, HOLD_ATTRIBUTE)
}
