import { fileURLToPath } from 'node:url'
import type { Problem } from '../errors.js'
import type { SlideRenderer } from '../render/render-slides.js'
import type { SlideMeasurement } from './measure.js'
import type { ResolvedDeck } from '../deck/types.js'
import { describeSlide } from '../deck/describe.js'

/**
 * Findings from a slide's measurement, each naming the slide, its layout and the data item behind
 * it. `check` makes layout faults errors (the talk should not go ahead with cut-off text);
 * `export` warns and writes the file anyway.
 */
export function layoutFindings(deck: ResolvedDeck, measurements: SlideMeasurement[], severity: Problem['severity']): Problem[] {
  return measurements.flatMap((measured) => {
    const slide = deck.slides[measured.index]
    if (!slide) return []
    const item = slide.items.length === 1 ? slide.items[0] : undefined
    // An item's slide is the item's to fix, unless the deck entry sets part of what it shows.
    const from = item ? `; ${slide.entryContent ? 'the deck entry sets part of its content, the rest is' : 'content'} from item "${item.id}" at ${item.location.file}:${item.location.line}` : ''
    const location = item && !slide.entryContent ? item.location : slide.origin
    const at = (code: string, message: string, level = severity): Problem => ({
      severity: level,
      code,
      deck: deck.id,
      file: location.file,
      ...(location.line !== undefined ? { line: location.line } : {}),
      message: `${describeSlide(slide)} (layout ${slide.layout}) ${message}`,
    })
    const faults = [
      measured.bottom > 0 ? `${measured.bottom}px too tall` : '',
      measured.right > 0 ? `${measured.right}px too wide` : '',
      measured.clipped ? `text cut off by ${measured.clipped.px}px at the edge of ${measured.clipped.box}` : '',
      measured.spill ? `text runs ${measured.spill.px}px out of ${measured.spill.box}` : '',
      measured.overlap ? `content drawn over other content (${measured.overlap.first} and ${measured.overlap.second})` : '',
    ].filter(Boolean)
    const problems: Problem[] = []
    if (faults.length) problems.push(at('overflow', `overflows: ${faults.join(', ')}${from}; shorten it or split it`))
    if (measured.blank) problems.push(at('blank-slide', 'shows nothing: no text and no picture'))
    if (measured.lowContrast) {
      const c = measured.lowContrast
      // A diagram's own style or classDef lines may set its colours; a chart's come from the theme.
      const fix = c.within === 'diagram' ? `change the diagram's colours (its style or classDef lines) or those of theme "${deck.theme.name}"` : `change the colours of theme "${deck.theme.name}"`
      problems.push(at('contrast', `has text of contrast ${c.ratio}:1 (${c.foreground} on ${c.background}, ${c.text}${c.within ? `, in a ${c.within}` : ''}); WCAG asks at least ${c.required}:1 — ${fix}`, 'warning'))
    }
    return problems
  })
}

/**
 * What the browser blocked for a deck's page, once each: requests to other machines, and files
 * outside the deck's project (named at the template that asks for them where one does).
 */
export function blockedRequestWarnings(deck: ResolvedDeck, urls: string[], renderer: SlideRenderer): Problem[] {
  return [...new Set(urls)].map((url): Problem => {
    if (!url.startsWith('file:')) return { severity: 'warning', code: 'remote-blocked', deck: deck.id, file: deck.file, message: `blocked a request to ${url}: exports load nothing from the network (use --allow-network)` }
    const file = safeFilePath(url)
    const [where] = [...renderer.findInTemplates(deck, url), ...renderer.findInTemplates(deck, file)]
    return { severity: 'warning', code: 'file-blocked', deck: deck.id, ...(where ?? { file: deck.file }), message: `blocked reading ${file}: a page reads no file outside the project and its --allow-path folders` }
  })
}

const safeFilePath = (url: string) => {
  try {
    return fileURLToPath(url)
  } catch {
    return url
  }
}
