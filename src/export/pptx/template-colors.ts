/**
 * A template's colours as they show: its theme's scheme colours through the master's colour map
 * (tx1, bg1, accent1… → RRGGBB), and what a layout really shows behind a point of the slide — its
 * own or its master's background, or a picture-less shape covering the slide (LibreOffice's
 * "Lights" paints its dark gradient that way, while its theme still says black on white). Drawn
 * text then takes the first scheme colour that reads on it at 4.5:1 (WCAG AA), not the theme slot
 * the deck's colour maps to: the slot alone gave blue links on a purple slide.
 */
import type { Document, Element } from '@xmldom/xmldom'
import type JSZip from 'jszip'
import type { Rect } from './geometry.js'
import { NS, REL_TYPES, child, children, descendants, readRelationships, readXml, relsPath, resolveTarget } from './ooxml.js'
import { EMU_PER_PX } from './units.js'

/** The slots drawn text may take, in pptxgenjs's scheme colour names. */
export const SCHEME_SLOTS = ['tx1', 'tx2', 'bg1', 'bg2', 'accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6'] as const
export type SchemeSlot = (typeof SCHEME_SLOTS)[number]
export type Palette = Record<SchemeSlot, string>

/** WCAG AA for normal text. */
export const MIN_CONTRAST = 4.5

/** The colours behind a rectangle of the slide (samples of a gradient, or one colour). */
export type Backdrop = (rect: Rect) => string[]

interface Paint {
  stops: { pos: number; color: string }[]
  /** Direction of a linear gradient, radians. */
  angle: number
  rect: Rect
}

/** The master's palette: its theme's scheme colours through its colour map. */
export async function readPalette(zip: JSZip, masterPart: string, master: Document): Promise<Palette> {
  const themeRel = (await readRelationships(zip, relsPath(masterPart))).find((rel) => rel.type === REL_TYPES.theme)
  const theme = themeRel ? await readXml(zip, resolveTarget(masterPart, themeRel.target)) : undefined
  const scheme = new Map<string, string>()
  const clrScheme = theme ? descendants(theme, NS.a, 'clrScheme')[0] : undefined
  for (let node = clrScheme?.firstChild; node; node = node.nextSibling) {
    if (node.nodeType !== 1) continue
    const element = node as unknown as Element
    const value = Array.from(element.childNodes).find((n) => n.nodeType === 1) as Element | undefined
    const hex = value?.localName === 'srgbClr' ? value.getAttribute('val') : value?.localName === 'sysClr' ? value.getAttribute('lastClr') : null
    if (hex && element.localName) scheme.set(element.localName, hex.toUpperCase())
  }
  const map = descendants(master, NS.p, 'clrMap')[0]
  const defaults: Record<SchemeSlot, string> = { tx1: 'dk1', tx2: 'dk2', bg1: 'lt1', bg2: 'lt2', accent1: 'accent1', accent2: 'accent2', accent3: 'accent3', accent4: 'accent4', accent5: 'accent5', accent6: 'accent6' }
  const fallback: Record<string, string> = { dk1: '000000', lt1: 'FFFFFF', dk2: '1F497D', lt2: 'EEECE1' }
  const palette = {} as Palette
  for (const slot of SCHEME_SLOTS) {
    const name = map?.getAttribute(slot) || defaults[slot]
    palette[slot] = scheme.get(name) ?? fallback[name] ?? scheme.get(slot) ?? '808080'
  }
  return palette
}

/** What a layout shows behind a point: its background, its master's, or a shape covering the slide. */
export function readBackdrop(layout: Document, master: Document | undefined, showsMaster: boolean, palette: Palette, size: { width: number; height: number }): Backdrop {
  const whole: Rect = { x: 0, y: 0, w: size.width, h: size.height }
  const paint =
    backgroundPaint(layout, palette, whole) ??
    coveringShape(layout, palette, size) ??
    (master && showsMaster ? coveringShape(master, palette, size) : undefined) ??
    (master ? backgroundPaint(master, palette, whole) : undefined) ?? { stops: [{ pos: 0, color: palette.bg1 }], angle: 0, rect: whole }
  // Translucent shapes over the background (Lights' bubbles): the master's under the layout's.
  const overlays = [...(master && showsMaster ? overlaysOf(master, palette, size) : []), ...overlaysOf(layout, palette, size)]
  return (rect) => {
    const samples = new Set<string>()
    for (const fx of [0, 0.25, 0.5, 0.75, 1]) {
      for (const fy of [0, 0.5, 1]) {
        const x = rect.x + rect.w * fx
        const y = rect.y + rect.h * fy
        let color = colorAt(paint, x, y)
        for (const overlay of overlays) if (overlay.contains(x, y)) color = mix(color, overlay.color, overlay.alpha)
        samples.add(color)
      }
    }
    return [...samples]
  }
}

interface Overlay {
  color: string
  alpha: number
  contains: (x: number, y: number) => boolean
}

/** The shapes of a layout or master that are its artwork (not placeholders), with where they are, in px. */
function artworkShapes(document: Document): { properties: Element; rect: Rect }[] {
  const tree = descendants(document, NS.p, 'spTree')[0]
  if (!tree) return []
  return children(tree, NS.p, 'sp').flatMap((shape) => {
    if (descendants(shape, NS.p, 'ph').length > 0) return []
    const properties = child(shape, NS.p, 'spPr')
    const transform = properties && child(properties, NS.a, 'xfrm')
    const offset = transform && child(transform, NS.a, 'off')
    const extent = transform && child(transform, NS.a, 'ext')
    if (!properties || !offset || !extent) return []
    const px = (element: Element, name: string) => Number(element.getAttribute(name)) / EMU_PER_PX
    return [{ properties, rect: { x: px(offset, 'x'), y: px(offset, 'y'), w: px(extent, 'cx'), h: px(extent, 'cy') } }]
  })
}

/** Shapes with a solid fill that do not cover the slide: where they are, they tint what is behind text. */
function overlaysOf(document: Document, palette: Palette, size: { width: number; height: number }): Overlay[] {
  const overlays: Overlay[] = []
  for (const { properties, rect } of artworkShapes(document)) {
    const { x, y, w, h } = rect
    const solid = child(properties, NS.a, 'solidFill')
    const color = solid && colorOf(solid, palette)
    if (!solid || !color) continue
    if (w * h >= size.width * size.height * 0.9 || w <= 0 || h <= 0) continue
    const alphaElement = descendants(solid, NS.a, 'alpha')[0]
    const alpha = alphaElement ? Number(alphaElement.getAttribute('val') ?? 100000) / 100000 : 1
    const ellipse = descendants(properties, NS.a, 'prstGeom')[0]?.getAttribute('prst') === 'ellipse'
    overlays.push({
      color,
      alpha,
      contains: ellipse
        ? (px, py) => ((px - x - w / 2) / (w / 2)) ** 2 + ((py - y - h / 2) / (h / 2)) ** 2 <= 1
        : (px, py) => px >= x && px <= x + w && py >= y && py <= y + h,
    })
  }
  return overlays
}

function backgroundPaint(document: Document, palette: Palette, rect: Rect): Paint | undefined {
  const bg = descendants(document, NS.p, 'bg')[0]
  if (!bg) return undefined
  const properties = child(bg, NS.p, 'bgPr')
  if (properties) return fillPaint(properties, palette, rect)
  const ref = child(bg, NS.p, 'bgRef')
  const color = ref && colorOf(ref, palette)
  return color ? { stops: [{ pos: 0, color }], angle: 0, rect } : undefined
}

/** A shape of the layout or master (not a placeholder) that covers most of the slide, with a fill. */
function coveringShape(document: Document, palette: Palette, size: { width: number; height: number }): Paint | undefined {
  let found: Paint | undefined
  for (const { properties, rect } of artworkShapes(document)) {
    if (rect.w * rect.h < size.width * size.height * 0.9) continue
    // The last one drawn is on top.
    found = fillPaint(properties, palette, rect) ?? found
  }
  return found
}

function fillPaint(properties: Element, palette: Palette, rect: Rect): Paint | undefined {
  const solid = child(properties, NS.a, 'solidFill')
  const solidColor = solid && colorOf(solid, palette)
  if (solidColor) return { stops: [{ pos: 0, color: solidColor }], angle: 0, rect }
  const gradient = child(properties, NS.a, 'gradFill')
  if (!gradient) return undefined
  const stops = descendants(gradient, NS.a, 'gs')
    .map((gs) => ({ pos: Number(gs.getAttribute('pos') ?? 0) / 100000, color: colorOf(gs, palette) }))
    .filter((stop): stop is { pos: number; color: string } => !!stop.color)
    .sort((a, b) => a.pos - b.pos)
  const linear = child(gradient, NS.a, 'lin')
  return stops.length > 0 ? { stops, angle: (Number(linear?.getAttribute('ang') ?? 0) / 60000) * (Math.PI / 180), rect } : undefined
}

/** The first colour element inside `parent`: srgbClr, sysClr or a scheme slot. */
export function colorOf(parent: Element, palette: Palette): string | undefined {
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType !== 1) continue
    const element = node as unknown as Element
    if (element.localName === 'srgbClr') return element.getAttribute('val')?.toUpperCase()
    if (element.localName === 'sysClr') return element.getAttribute('lastClr')?.toUpperCase()
    if (element.localName === 'schemeClr') {
      const value = element.getAttribute('val') ?? ''
      const slot = ({ dk1: 'tx1', lt1: 'bg1', dk2: 'tx2', lt2: 'bg2', phClr: 'bg1' } as Record<string, SchemeSlot>)[value] ?? value
      return palette[slot as SchemeSlot]
    }
  }
  return undefined
}

/** A linear gradient's colour at a point (DrawingML's angle runs clockwise from the x axis). */
function colorAt(paint: Paint, x: number, y: number): string {
  const first = paint.stops[0]?.color ?? 'FFFFFF'
  if (paint.stops.length < 2) return first
  const dx = Math.cos(paint.angle)
  const dy = Math.sin(paint.angle)
  const { rect } = paint
  const corners = [[rect.x, rect.y], [rect.x + rect.w, rect.y], [rect.x, rect.y + rect.h], [rect.x + rect.w, rect.y + rect.h]].map(([cx = 0, cy = 0]) => cx * dx + cy * dy)
  const low = Math.min(...corners)
  const high = Math.max(...corners)
  const t = Math.min(1, Math.max(0, ((x * dx + y * dy) - low) / Math.max(1e-6, high - low)))
  const after = paint.stops.findIndex((stop) => stop.pos >= t)
  if (after <= 0) return after === 0 ? first : (paint.stops.at(-1)?.color ?? first)
  const a = paint.stops[after - 1] as { pos: number; color: string }
  const b = paint.stops[after] as { pos: number; color: string }
  return mix(a.color, b.color, (t - a.pos) / Math.max(1e-6, b.pos - a.pos))
}

export function mix(a: string, b: string, t: number): string {
  return [0, 2, 4].map((i) => Math.round(parseInt(a.slice(i, i + 2), 16) * (1 - t) + parseInt(b.slice(i, i + 2), 16) * t).toString(16).padStart(2, '0')).join('').toUpperCase()
}

function luminance(hex: string): number {
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** WCAG contrast ratio of two `RRGGBB` colours. */
export function contrast(a: string, b: string): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (high + 0.05) / (low + 0.05)
}

/**
 * The colour for text whose deck colour maps to `wanted` (a slot or RRGGBB) on `backdrop`: `wanted`
 * when it reads at 4.5:1 on every sample, else the first scheme slot that does — accents first for
 * an accent (links, dates), text slots first otherwise —, else the most readable of those and black
 * and white.
 */
export function readableColor(wanted: string, backdrop: string[], palette: Palette): string {
  const hexOf = (color: string) => (color in palette ? palette[color as SchemeSlot] : color)
  const worst = (color: string) => Math.min(...backdrop.map((bg) => contrast(hexOf(color), bg)))
  if (backdrop.length === 0 || worst(wanted) >= MIN_CONTRAST) return wanted
  const texts: string[] = ['tx1', 'tx2', 'bg1', 'bg2']
  const accents: string[] = SCHEME_SLOTS.filter((slot) => slot.startsWith('accent'))
  const order = wanted.startsWith('accent') ? [...accents, ...texts] : [...texts, ...accents]
  return order.find((slot) => worst(slot) >= MIN_CONTRAST) ?? [...order, 'FFFFFF', '000000'].reduce((best, color) => (worst(color) > worst(best) ? color : best))
}

/** The hex a slot or hex stands for. */
export function resolveColor(color: string, palette: Palette): string {
  return color in palette ? palette[color as SchemeSlot] : color
}
