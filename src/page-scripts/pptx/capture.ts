/**
 * What the PPTX capture of one slide gathers: its blocks, the badges drawn over their lines
 * afterwards, the elements already taken (whose text and pictures are in a block), and where
 * an element is on the slide.
 */
import type { Block, Rect } from '../../export/pptx/geometry.js'

export interface SlideCapture {
  blocks: Block[]
  /** Badges drawn as pills over their line, after everything else. */
  pills: Block[]
  /** Elements whose whole content is in a block. */
  taken: Set<Element>
  /** Pictures in a block (a shape PowerPoint shows). */
  pictures: Set<Element>
  /** An element's rectangle on the slide, in CSS px from its top left corner. */
  rectOf(element: Element): Rect
}

export function isTaken(capture: SlideCapture, element: Element): boolean {
  for (let at: Element | null = element; at; at = at.parentElement) if (capture.taken.has(at)) return true
  return false
}

/** The element's `data-pptx` mark: what the layout says it is for the PowerPoint export. */
export const markOf = (element: Element): string | null => element.getAttribute('data-pptx')
