/**
 * The slide body's geometry in CSS px, as templates/styles/layouts.css lays it out: what the
 * estimates of how many cards and sources fit on a slide (card-pages.ts, source-pages.ts) count on.
 */
export const SLIDE_BODY = {
  /** `--td-pad-x`, `--td-pad-top`, `--td-pad-bottom` and `--td-gap` of the slide body. */
  padX: 80,
  padTop: 60,
  padBottom: 72,
  bodyGap: 24,
  /** The slide title at its largest built-in size (contrast), its rule below. */
  titleSize: 56,
  titleLineHeight: 1.1,
  titleRule: 18 + 6,
} as const
