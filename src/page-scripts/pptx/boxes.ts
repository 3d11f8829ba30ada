/** The drawing of a CSS box as PowerPoint draws a shape: its fill, border, padding and the colour behind it. */
import type { Block } from '../../export/pptx/geometry.js'
import { colorOf, hexOf } from '../colors.js'
import { px } from '../css.js'
import type { SlideCapture } from './capture.js'

/** A border, or `box-shadow: inset 0 0 0 Npx colour`, which draws talkdeck's borders. */
export function borderOf(style: CSSStyleDeclaration): Block['border'] {
  const shadow = style.boxShadow
  if (!shadow || shadow === 'none' || !shadow.includes('inset')) {
    const width = px(style.borderTopWidth)
    return width > 0 && style.borderTopStyle !== 'none' ? { color: hexOf(style.borderTopColor), width } : undefined
  }
  const color = /(rgba?\([^)]*\)|#[0-9a-f]+|[a-z]+\([^)]*\))/i.exec(shadow)?.[1] ?? 'transparent'
  const lengths = shadow.replace(/(rgba?\([^)]*\)|[a-z]+\([^)]*\))/gi, '').match(/-?[\d.]+px/g) ?? []
  const width = px(lengths[3] ?? '0')
  if (width <= 0 || colorOf(color).alpha === 0) return undefined
  return { color: hexOf(color), width }
}

export function fillOf(style: CSSStyleDeclaration): Pick<Block, 'fill' | 'fillAlpha'> {
  const { hex, alpha } = colorOf(style.backgroundColor)
  return alpha === 0 ? {} : { fill: hex, ...(alpha < 1 ? { fillAlpha: alpha } : {}) }
}

export const insetOf = (style: CSSStyleDeclaration): NonNullable<Block['inset']> => ({
  left: px(style.paddingLeft),
  top: px(style.paddingTop),
  right: px(style.paddingRight),
  bottom: px(style.paddingBottom),
})

/** The colour an element shows behind it: its own background or the nearest ancestor's. */
export function backdropOf(element: Element | null): string {
  for (let at = element; at; at = at.parentElement) {
    const background = colorOf(getComputedStyle(at).backgroundColor)
    if (background.alpha > 0.5) return background.hex
  }
  return 'FFFFFF'
}

/** A box with its text inside, drawn as a (rounded) rectangle: a card, a code block, a label. */
export function boxBlock(element: Element, capture: SlideCapture, block: Pick<Block, 'role' | 'paragraphs' | 'font' | 'valign'>): Block {
  const style = getComputedStyle(element)
  return {
    ...block, rect: capture.rectOf(element), shape: 'rect', ...fillOf(style), border: borderOf(style),
    radius: px(style.borderTopLeftRadius), inset: insetOf(style),
  }
}

/** The border at the start of a box (`border-inline-start`, a callout's bar), drawn as a bar. */
export function startBar(element: Element, capture: SlideCapture): void {
  const style = getComputedStyle(element)
  const rtl = style.direction === 'rtl'
  const width = px(rtl ? style.borderRightWidth : style.borderLeftWidth)
  if (width <= 0 || (rtl ? style.borderRightStyle : style.borderLeftStyle) === 'none') return
  const color = rtl ? style.borderRightColor : style.borderLeftColor
  if (colorOf(color).alpha === 0) return
  const host = capture.rectOf(element)
  capture.blocks.push({ role: 'rule', rect: { x: rtl ? host.x + host.w - width : host.x, y: host.y, w: width, h: host.h }, shape: 'rect', fill: hexOf(color) })
}

/** A `::before`/`::after` drawn as a bar (the accent rule under titles); its height and margin, or 0. */
export function pseudoBar(element: Element, which: '::before' | '::after', at: 'top' | 'bottom', capture: SlideCapture): number {
  const style = getComputedStyle(element, which)
  if (style.content === 'none' || style.display === 'none') return 0
  const width = px(style.width)
  const height = px(style.height)
  const fill = fillOf(style)
  if (!width || !height || !fill.fill) return 0
  const host = capture.rectOf(element)
  const y = at === 'top' ? host.y : host.y + host.h - height
  // The bar starts where the text does: at the right of a right-to-left title.
  const x = getComputedStyle(element).direction === 'rtl' ? host.x + host.w - width : host.x
  capture.blocks.push({ role: 'rule', rect: { x, y, w: width, h: height }, shape: 'rect', ...fill })
  return height + px(style.marginTop)
}
