import type { Page } from 'playwright-core'
import type { Problem } from '../errors.js'
import type { ResolvedDeck } from '../deck/types.js'

export interface SlideOverflow {
  /** 0-based index of the slide's section in the page. */
  index: number
  /** How far content runs past the bottom of the slide's content area, in CSS pixels. */
  bottom: number
  /** How far content runs past the right edge, or is clipped inside a box (code), in CSS pixels. */
  right: number
}

/**
 * Measures, in the browser, every slide whose content does not fit: content below the content
 * area (text that would be cut off), content spilling out of its box over what follows, or boxes
 * whose content is wider than the box (clipped code).
 * Runs on the print page, where every slide is laid out at its real size at once.
 */
export async function measureOverflow(page: Page): Promise<SlideOverflow[]> {
  return page.evaluate(() => {
    const TOLERANCE = 2
    const found: { index: number; bottom: number; right: number }[] = []
    document.querySelectorAll<HTMLElement>('.slides > section').forEach((section, index) => {
      const body = section.querySelector<HTMLElement>('.td-body')
      if (!body) return
      const box = body.getBoundingClientRect()
      const style = getComputedStyle(body)
      const contentBottom = box.bottom - parseFloat(style.paddingBottom)
      const contentRight = box.right - parseFloat(style.paddingRight)
      let bottom = 0
      let right = 0
      for (const element of body.querySelectorAll<HTMLElement>('*')) {
        const rect = element.getBoundingClientRect()
        if (rect.width === 0 && rect.height === 0) continue
        bottom = Math.max(bottom, rect.bottom - contentBottom)
        right = Math.max(right, rect.right - contentRight)
        const { overflowX, display } = getComputedStyle(element)
        if ((overflowX === 'hidden' || overflowX === 'clip') && element.scrollWidth > element.clientWidth + TOLERANCE) {
          right = Math.max(right, element.scrollWidth - element.clientWidth)
        }
        // A grid or flex box squeezed by its parent lets its items spill over what follows, even
        // when everything stays inside the slide. (Text boxes are left out: glyphs may reach a few
        // pixels past a tight line height without overlapping anything.)
        if (/grid|flex/.test(display) && element.scrollHeight > element.clientHeight + TOLERANCE) {
          bottom = Math.max(bottom, element.scrollHeight - element.clientHeight)
        }
      }
      if (bottom > TOLERANCE || right > TOLERANCE) found.push({ index, bottom: Math.round(Math.max(bottom, 0)), right: Math.round(Math.max(right, 0)) })
    })
    return found
  })
}

/** One finding per overflowing slide, naming the slide, its layout and the data item behind it. */
export function overflowProblems(deck: ResolvedDeck, overflows: SlideOverflow[], severity: Problem['severity']): Problem[] {
  return overflows.flatMap((overflow) => {
    const slide = deck.slides[overflow.index]
    if (!slide) return []
    const amounts = [overflow.bottom > 0 ? `${overflow.bottom}px too tall` : '', overflow.right > 0 ? `${overflow.right}px too wide` : ''].filter(Boolean).join(', ')
    const item = slide.items.length === 1 && slide.items[0] ? slide.items[0] : undefined
    const from = item ? `; content from item "${item.id}" at ${item.location.file}:${item.location.line}` : ''
    const location = item?.location ?? slide.origin
    return [{
      severity,
      code: 'overflow',
      deck: deck.id,
      file: location.file,
      line: location.line,
      message: `slide ${slide.number} "${slide.title ?? slide.layout}" (layout ${slide.layout}) overflows: ${amounts}${from}; shorten it or split it`,
    }]
  })
}
