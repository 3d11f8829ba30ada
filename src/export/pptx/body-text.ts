/**
 * Which measured blocks of a slide are its body text: on a slide of text only (a title, then a
 * subtitle, lead, points, agenda…) they go into the layout's body placeholder, so PowerPoint's
 * Outline view shows them, a theme font reaches them, and a slide added on that layout works the
 * same. On a slide that draws shapes (cards, a chart, a picture) the text stays with the shapes.
 */
import type { Block } from './geometry.js'

/** Text that goes into a body placeholder. Not the sources: their columns are laid out as the deck's are. */
export const BODY_ROLES = new Set<Block['role']>(['subtitle', 'kicker', 'lead', 'byline', 'points', 'agenda-entry'])
/** Decoration and branding: a master or template brings its own. */
export const BRANDING_ROLES = new Set<Block['role']>(['rule', 'agenda-rule', 'logo', 'footer', 'label', 'slide-number'])

/** Whether a slide draws shapes or pictures beside (or instead of) its text; text in a box (a callout) is drawn. */
export function drawsShapes(blocks: Block[]): boolean {
  return blocks.some((block) => block.role !== 'title' && block.role !== 'cite' && !(BODY_ROLES.has(block.role) && !block.shape) && !BRANDING_ROLES.has(block.role))
}

/** The blocks of a slide of text only that its body placeholder holds, in order; none on a slide that draws shapes. */
export function bodyBlocksOf(blocks: Block[]): Block[] {
  return drawsShapes(blocks) ? [] : blocks.filter((block) => BODY_ROLES.has(block.role))
}
