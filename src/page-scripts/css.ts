/** Reading computed CSS values in the page. */

/** A length in CSS px; 0 for `auto`, `normal` and the like. */
export const px = (value: string): number => parseFloat(value) || 0

/** The line height in CSS px (`normal` is about 1.2 × the font size). */
export const lineHeightOf = (style: CSSStyleDeclaration): number => (style.lineHeight === 'normal' ? px(style.fontSize) * 1.2 : px(style.lineHeight))

/** The first family of a font stack, unquoted. */
export const firstFamily = (stack: string): string => (stack.split(',')[0] ?? '').trim().replace(/^['"]|['"]$/g, '')

export const isShown = (element: Element): boolean => {
  const style = getComputedStyle(element)
  return style.display !== 'none' && style.visibility !== 'hidden'
}

/** `span.td-badge`: an element named as a message can say it. */
export function describeElement(element: Element): string {
  const name = element.tagName.toLowerCase()
  const className = typeof element.className === 'string' && element.className ? `.${element.className.trim().split(/\s+/)[0]}` : ''
  return `${name}${className}`
}

/** A text quoted short for a message. */
export function snippet(text: string): string {
  const squeezed = text.replace(/\s+/g, ' ').trim()
  return `"${squeezed.length > 40 ? `${squeezed.slice(0, 39)}…` : squeezed}"`
}
