/** Colours as the page computes them, and their contrast (WCAG 2). */

/** `rgb()`/`rgba()` → [r, g, b, alpha]. */
export function parseRgba(color: string): number[] {
  const match = color.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 1]
  return [match[0] ?? 0, match[1] ?? 0, match[2] ?? 0, match[3] ?? 1]
}

/** `top` over `bottom`, by `top`'s alpha. */
export function blend(top: number[], bottom: number[]): number[] {
  const alpha = top[3] ?? 1
  return [0, 1, 2].map((i) => (top[i] ?? 0) * alpha + (bottom[i] ?? 0) * (1 - alpha)).concat(1)
}

/** Relative luminance of [r, g, b] in 0–255. */
export function luminance(rgb: number[]): number {
  const [r = 0, g = 0, b = 0] = rgb.slice(0, 3).map((v) => {
    const c = v / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

export function contrastRatio(a: number[], b: number[]): number {
  const [light = 0, dark = 0] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (light + 0.05) / (dark + 0.05)
}

/** `RRGGBB` → [r, g, b]. */
export const rgbOfHex = (hex: string): number[] => [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16))

const canvas = document.createElement('canvas').getContext('2d')

/** Any CSS colour → `RRGGBB` and its alpha; the canvas normalises every syntax. */
export function colorOf(css: string): { hex: string; alpha: number } {
  if (!canvas) return { hex: '000000', alpha: 1 }
  canvas.fillStyle = '#000000'
  canvas.fillStyle = css
  const value = String(canvas.fillStyle)
  if (value.startsWith('#')) return { hex: value.slice(1).toUpperCase(), alpha: 1 }
  const parts = value.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0]
  const hex = parts.slice(0, 3).map((n) => Math.round(n).toString(16).padStart(2, '0')).join('').toUpperCase()
  return { hex, alpha: parts[3] ?? 1 }
}

export const hexOf = (css: string): string => colorOf(css).hex
