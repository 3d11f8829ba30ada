/**
 * What a person would see wrong on a laid-out print page, and what the page makes of a theme:
 * measured by talkdeck's page scripts (src/page-scripts/layout), called here with typed arguments.
 */
import type { ContrastMinimums, SlideMeasurement, ThemeReading } from '../page-scripts/layout/types.js'
import { runPageScript, type ScriptRunner } from './page-scripts.js'

export type { ContrastMinimums, SlideMeasurement, ThemeReading }

/** WCAG 2 level AA; a theme that promises more (AAA: 7 and 4.5) asks for its own. */
const WCAG_AA: ContrastMinimums = { normal: 4.5, large: 3 }

/** Below this many CSS pixels a difference is anti-aliasing or rounding, not a fault. */
export const TOLERANCE_PX = 2

/**
 * Measures every slide on a print page in one pass. Text is judged by its lines as drawn: a line
 * box is never taken for more than its line height, so a tight heading is not a fault, while a
 * code line cut by its block's edge, a card's text running over the next card, or a line below
 * the slide is.
 */
export function measureSlides(page: ScriptRunner, options: { contrast?: boolean | ContrastMinimums } = {}): Promise<SlideMeasurement[]> {
  return runPageScript(page, 'measureLayout', { tolerance: TOLERANCE_PX, contrast: options.contrast === true ? WCAG_AA : options.contrast || null })
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
export function readTheme(page: ScriptRunner, values: { colours: string[]; families: string[] }): Promise<ThemeReading> {
  return runPageScript(page, 'readTheme', values)
}
