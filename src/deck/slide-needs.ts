import { ITEMS } from '../data/schema.js'
import type { LayoutNeed } from '../data/load-templates.js'
import type { ResolvedSection, ResolvedSlide } from './types.js'

/** How each need is met, said to the person whose slide lacks it. */
export const NEED_HINTS: Record<LayoutNeed, string> = {
  title: 'a title ("title:")',
  text: 'text ("text:")',
  points: 'points ("points:")',
  items: `items (a selection such as "from: ${Object.keys(ITEMS).join('" or "from: ')}")`,
  sources: 'sources (the slides before it must cite some)',
  columns: 'columns ("columns:")',
  code: 'code ("code:", or items with code)',
  metric: 'a metric ("metric:", or items with one)',
  quote: 'a quote ("quote:", or items with one)',
  image: 'an image ("image:")',
  body: 'Markdown ("body:", or items with one)',
  table: 'a table ("table:", or items with one)',
  chart: 'a chart ("chart:", or items with one)',
  diagram: 'a diagram ("diagram:", or items with one)',
  video: 'a video ("video:", or items with one)',
  left: 'a left column ("left:")',
  right: 'a right column ("right:")',
  sections: 'sections (slides with a divider layout such as "section")',
}

/** Whether a slide meets one need of its layout (`needs=` in the layout header). */
export function hasContent(slide: ResolvedSlide, need: LayoutNeed, sections: ResolvedSection[]): boolean {
  if (need === 'sections') return sections.length > 0
  const value = slide[need]
  return Array.isArray(value) ? value.length > 0 : value !== null && value !== ''
}
