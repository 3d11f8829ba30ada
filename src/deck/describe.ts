import type { ResolvedSlide } from './types.js'

/** How findings name a slide: its number and what it shows. */
export const describeSlide = (slide: ResolvedSlide): string => `slide ${slide.number} "${slide.title ?? slide.layout}"`
