/** What the layout measurement in the page answers (see measure-layout.ts, read-theme.ts). */

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
  /** The first text below the contrast it needs; `within` a chart or a diagram when it is drawn in one (an SVG). */
  lowContrast: { ratio: number; required: number; text: string; foreground: string; background: string; within: 'chart' | 'diagram' | null } | null
}

/** The contrast text needs against what is behind it: normal text, and large (24 px, or 18.66 px bold). */
export interface ContrastMinimums {
  normal: number
  large: number
}

export interface LayoutMeasureOptions {
  /** Below this many CSS pixels a difference is anti-aliasing or rounding, not a fault. */
  tolerance: number
  /** The contrast to measure text against, or null not to. */
  contrast: ContrastMinimums | null
}

/** What the browser makes of a theme's values: each value as a colour, each font family as found. */
export interface ThemeReading {
  /** Each value as `#rrggbb` when it is a colour (a `var()` resolved on the page), else null. */
  colours: (string | null)[]
  /** Each family: whether the page can draw with it (a loaded @font-face, or a font installed on the machine). */
  available: boolean[]
}
