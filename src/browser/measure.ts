import type { ScriptRunner } from './page.js'

/** What a person would see wrong on one slide, measured on the laid-out print page. */
export interface SlideMeasurement {
  /** 0-based index of the slide's section in the page. */
  index: number
  /** How far text or a picture runs past the bottom / right of the slide's content area, in CSS px. */
  bottom: number
  right: number
  /** Text cut off by a box that clips (a code block, a card), in CSS px, and which box. */
  clipped: { px: number; box: string } | null
  /** Text running out of the box drawn around it (a card, a column), over what follows. */
  spill: { px: number; box: string } | null
  /** Two things drawn over each other: quoted text, or a box such as `article.td-card`. */
  overlap: { first: string; second: string } | null
  /** Nothing visible at all: no text, no picture. */
  blank: boolean
  /** The first text below the WCAG contrast it needs (by default AA: 4.5:1, or 3:1 for large text), when measured. */
  lowContrast: { ratio: number; required: number; text: string; foreground: string; background: string } | null
}

/** The contrast text needs against what is behind it: normal text, and large (24 px, or 18.66 px bold). */
export interface ContrastMinimums {
  normal: number
  large: number
}

/** WCAG 2 level AA; a theme that promises more (AAA: 7 and 4.5) asks for its own. */
const WCAG_AA: ContrastMinimums = { normal: 4.5, large: 3 }

/** Below this many CSS pixels a difference is anti-aliasing or rounding, not a fault. */
export const TOLERANCE_PX = 2

/**
 * Measures every slide on a print page in one pass. Text is judged by its lines as drawn: a line
 * box is never taken for more than its line height, so a tight heading (line-height 1.1 with a
 * font whose ascent and descent add up to 1.2) is not a fault, while a code line cut by its block's
 * edge, a card's text running over the next card, or a line below the slide is.
 */
export async function measureSlides(page: ScriptRunner, options: { contrast?: boolean | ContrastMinimums } = {}): Promise<SlideMeasurement[]> {
  return page.evaluate(
    ({ tolerance, contrast }) => {
      type Box = { top: number; bottom: number; left: number; right: number }
      const describe = (element: Element): string => {
        const name = element.tagName.toLowerCase()
        const className = typeof element.className === 'string' && element.className ? `.${element.className.trim().split(/\s+/)[0]}` : ''
        return `${name}${className}`
      }
      const snippet = (text: string) => {
        const squeezed = text.replace(/\s+/g, ' ').trim()
        return `"${squeezed.length > 40 ? `${squeezed.slice(0, 39)}…` : squeezed}"`
      }
      const parse = (color: string): number[] => {
        const match = color.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 1]
        return [match[0] ?? 0, match[1] ?? 0, match[2] ?? 0, match[3] ?? 1]
      }
      const blend = (top: number[], bottom: number[]) => {
        const alpha = top[3] ?? 1
        return [0, 1, 2].map((i) => (top[i] ?? 0) * alpha + (bottom[i] ?? 0) * (1 - alpha)).concat(1)
      }
      const backgroundOf = (element: Element | null): number[] => {
        const layers: number[][] = []
        for (let node = element; node; node = node.parentElement) {
          const layer = parse(getComputedStyle(node).backgroundColor)
          if ((layer[3] ?? 0) > 0) layers.push(layer)
          if ((layer[3] ?? 0) >= 1) break
        }
        return layers.reverse().reduce((under, layer) => blend(layer, under), [255, 255, 255, 1])
      }
      const luminance = (rgb: number[]) => {
        const [r = 0, g = 0, b = 0] = rgb.slice(0, 3).map((v) => {
          const c = v / 255
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
        })
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
      }
      const hex = (rgb: number[]) => `#${rgb.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`
      const drawsBox = (style: CSSStyleDeclaration) =>
        parse(style.backgroundColor)[3] !== 0 || style.boxShadow !== 'none' || parseFloat(style.borderTopWidth) > 0 || parseFloat(style.borderBottomWidth) > 0
      // A box that clips its text or is drawn around it, inside its border; read once per element,
      // not once per line of text in it (a code block has dozens).
      type Frame = { clips: boolean; ellipsis: boolean; inner: Box } | null
      const frames = new Map<Element, Frame>()
      const frameOf = (element: Element): Frame => {
        if (frames.has(element)) return frames.get(element) ?? null
        const style = getComputedStyle(element)
        const clips = /hidden|clip|auto|scroll/.test(style.overflowX + style.overflowY)
        let frame: Frame = null
        if (clips || drawsBox(style)) {
          const rect = element.getBoundingClientRect()
          frame = {
            clips,
            ellipsis: clips && style.textOverflow === 'ellipsis',
            inner: {
              top: rect.top + parseFloat(style.borderTopWidth),
              bottom: rect.bottom - parseFloat(style.borderBottomWidth),
              left: rect.left + parseFloat(style.borderLeftWidth),
              right: rect.right - parseFloat(style.borderRightWidth),
            },
          }
        }
        frames.set(element, frame)
        return frame
      }

      return Array.from(document.querySelectorAll<HTMLElement>('.slides > section')).map((section, index) => {
        const result = { index, bottom: 0, right: 0, clipped: null as { px: number; box: string } | null, spill: null as { px: number; box: string } | null, overlap: null as { first: string; second: string } | null, blank: false, lowContrast: null as null | { ratio: number; required: number; text: string; foreground: string; background: string } }
        const body = section.querySelector<HTMLElement>('.td-body')
        if (!body) return result
        const bodyRect = body.getBoundingClientRect()
        const bodyStyle = getComputedStyle(body)
        const content = { bottom: bodyRect.bottom - parseFloat(bodyStyle.paddingBottom), right: bodyRect.right - parseFloat(bodyStyle.paddingRight) }
        const lines: { box: Box; element: Element; text: string }[] = []
        let visible = 0

        // The whole slide is read for contrast (the branding line too); the body for layout.
        const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT)
        const range = document.createRange()
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const element = node.parentElement
          const text = node.textContent ?? ''
          if (!element || !text.trim() || element.closest('aside.notes')) continue
          const style = getComputedStyle(element)
          if (style.visibility !== 'visible' || Number(style.opacity) === 0) continue
          const inBody = body.contains(element)
          range.selectNodeContents(node)
          const fontSize = parseFloat(style.fontSize)
          const lineHeight = style.lineHeight === 'normal' ? fontSize * 1.2 : parseFloat(style.lineHeight)
          for (const rect of Array.from(range.getClientRects())) {
            if (rect.width < 1 || rect.height < 1) continue
            // The line as drawn: never taller than the line height (the font's ascent and descent may be).
            const height = Math.min(rect.height, lineHeight)
            const middle = (rect.top + rect.bottom) / 2
            if (!inBody) continue
            lines.push({ box: { top: middle - height / 2, bottom: middle + height / 2, left: rect.left, right: rect.right }, element, text })
            visible++
          }
          if (contrast && !result.lowContrast) {
            const background = backgroundOf(element)
            const foreground = blend(parse(style.color), background)
            const [light = 0, dark = 0] = [luminance(foreground), luminance(background)].sort((a, b) => b - a)
            const ratio = (light + 0.05) / (dark + 0.05)
            const large = fontSize >= 24 || (fontSize >= 18.66 && Number(style.fontWeight) >= 700)
            const required = large ? contrast.large : contrast.normal
            if (ratio < required - 0.005) result.lowContrast = { ratio: Math.round(ratio * 100) / 100, required, text: snippet(text), foreground: hex(foreground), background: hex(background) }
          }
        }
        for (const media of Array.from(body.querySelectorAll('img, svg, video, canvas'))) {
          const rect = media.getBoundingClientRect()
          if (rect.width < 1 || rect.height < 1 || getComputedStyle(media).visibility !== 'visible') continue
          visible++
          result.bottom = Math.max(result.bottom, rect.bottom - content.bottom)
          result.right = Math.max(result.right, rect.right - content.right)
        }
        result.blank = visible === 0

        for (const line of lines) {
          const { element } = line
          for (let ancestor: Element | null = element; ancestor && ancestor !== body; ancestor = ancestor.parentElement) {
            const frame = frameOf(ancestor)
            if (!frame) continue
            const { clips, inner } = frame
            const { box } = line
            const out = Math.max(box.bottom - inner.bottom, inner.top - box.top, box.right - inner.right, inner.left - box.left)
            if (clips) {
              // What a clipping box hides is not drawn: only the visible part of the line counts below.
              line.box = { top: Math.max(box.top, inner.top), bottom: Math.min(box.bottom, inner.bottom), left: Math.max(box.left, inner.left), right: Math.min(box.right, inner.right) }
            }
            // An ellipsis is a cut the layout chose and shows ("…"): not a fault.
            if (out <= tolerance || frame.ellipsis) continue
            const finding = { px: Math.round(out), box: describe(ancestor) }
            if (clips) {
              if (!result.clipped || finding.px > result.clipped.px) result.clipped = finding
            } else if (!result.spill || finding.px > result.spill.px) result.spill = finding
          }
          result.bottom = Math.max(result.bottom, line.box.bottom - content.bottom)
          result.right = Math.max(result.right, line.box.right - content.right)
        }

        // Text under a box drawn by another element (a card squeezed over the citation line).
        const drawn = Array.from(body.querySelectorAll('*')).filter((element) => {
          const style = getComputedStyle(element)
          return !style.display.startsWith('inline') && style.display !== 'none' && drawsBox(style)
        })
        for (const box of drawn) {
          if (result.overlap) break
          const rect = box.getBoundingClientRect()
          const line = lines.find(({ box: line, element }) => {
            if (box.contains(element)) return false
            const width = Math.min(line.right, rect.right) - Math.max(line.left, rect.left)
            const height = Math.min(line.bottom, rect.bottom) - Math.max(line.top, rect.top)
            return width > tolerance && height > tolerance
          })
          if (line) result.overlap = { first: snippet(line.text), second: describe(box) }
        }

        // Text over text: lines of different elements that share area. Sorted by top, so each line
        // is compared only with those that start above its bottom.
        const sorted = [...lines].sort((a, b) => a.box.top - b.box.top)
        for (let i = 0; i < sorted.length && !result.overlap; i++) {
          const a = sorted[i]
          if (!a) continue
          for (let j = i + 1; j < sorted.length; j++) {
            const b = sorted[j]
            if (!b || b.box.top >= a.box.bottom - tolerance) break
            if (a.element === b.element || a.element.contains(b.element) || b.element.contains(a.element)) continue
            const width = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left)
            const height = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top)
            if (width > tolerance && height > tolerance) {
              result.overlap = { first: snippet(a.text), second: snippet(b.text) }
              break
            }
          }
        }
        result.bottom = Math.round(Math.max(result.bottom, 0))
        result.right = Math.round(Math.max(result.right, 0))
        if (result.bottom <= tolerance) result.bottom = 0
        if (result.right <= tolerance) result.right = 0
        return result
      })
    },
    { tolerance: TOLERANCE_PX, contrast: options.contrast === true ? WCAG_AA : options.contrast || null },
  )
}

/** What the browser makes of a theme's values: each value as a colour, each font family as found. */
export interface ThemeReading {
  /** Each value as `#rrggbb` when it is a colour (a `var()` resolved on the page), else null. */
  colours: (string | null)[]
  /** Each family: whether the page can draw with it (a loaded @font-face, or a font installed on the machine). */
  available: boolean[]
}

/**
 * Reads a theme's values on an open page, in one bounded pass with no font downloaded. A family
 * the page declares with @font-face (talkdeck's bundled fonts, a theme's own files) is available
 * unless every face of it failed to load; any other family is available when text set in it
 * measures differently from text in the generic families it would fall back to — the installed
 * font was found. Rejected: `document.fonts.check()`, which says true for any family it has no
 * @font-face for, installed or not; CDP's `CSS.getPlatformFontsForNode`, which needs a node
 * drawn in each family and the DOM and CSS domains enabled on a page shared with the export.
 */
export async function readTheme(page: ScriptRunner, values: { colours: string[]; families: string[] }): Promise<ThemeReading> {
  return page.evaluate(
    ({ colours, families }) => {
      const probe = document.createElement('span')
      document.body.append(probe)
      const hex = (color: string) => {
        const [r = 0, g = 0, b = 0] = (color.match(/[\d.]+/g) ?? []).map(Number)
        return `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`
      }
      const resolved = colours.map((value) => {
        probe.style.color = ''
        probe.style.color = value
        return probe.style.color ? hex(getComputedStyle(probe).color) : null
      })
      probe.remove()
      const faces = Array.from(document.fonts)
      const unquote = (family: string) => family.replace(/^["']|["']$/g, '').toLowerCase()
      const context = document.createElement('canvas').getContext('2d')
      const sample = 'mmmmmmmmmmlli1WQ@#ŊBß'
      const widthIn = (font: string) => {
        if (!context) return 0
        context.font = font
        return context.measureText(sample).width
      }
      const available = families.map((family) => {
        const own = faces.filter((face) => unquote(face.family) === family.toLowerCase())
        if (own.length) return own.some((face) => face.status !== 'error')
        const quoted = `"${family.replace(/["\\]/g, '')}"`
        return ['monospace', 'serif', 'sans-serif'].some((generic) => widthIn(`72px ${quoted}, ${generic}`) !== widthIn(`72px ${generic}`))
      })
      return { colours: resolved, available }
    },
    values,
  )
}
