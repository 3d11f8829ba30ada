/**
 * Measured paragraphs → pptxgenjs text runs: one PowerPoint paragraph per paragraph, each run with
 * its size, colour, weight, link and font. Paragraph options go on a paragraph's first run only,
 * because pptxgenjs starts a new paragraph at every run that carries a bullet.
 */
import type * as Pptx from './pptxgen.js'
import type { Paragraph, Run } from './geometry.js'
import { points } from './units.js'

export interface RunStyle {
  /** Font of monospace runs (code). */
  monoFont: string
  /** `lang` of every run, for spelling and screen readers. */
  language: string
  /** Slide number of a `#anchor` link, for links between slides. */
  slideOf: (anchor: string) => number | undefined
  /** Leave colours, sizes and fonts to the placeholder (a template's own formatting). */
  inherit?: boolean
  /** Scale of every size, when content is fitted into a template's content area. */
  scale?: number
  /** Colour of a run: the measured `RRGGBB`, or a template's scheme colour for it. */
  color?: (color: string) => string
}

/** The bullet talkdeck draws before list items: a small square in the accent colour. */
export const BULLET_CHAR = '25A0'

export function textRuns(paragraphs: Paragraph[], style: RunStyle): Pptx.TextProps[] {
  const scale = style.scale ?? 1
  const runs: Pptx.TextProps[] = []
  paragraphs.forEach((paragraph, index) => {
    const last = index === paragraphs.length - 1
    // An empty paragraph (a blank line of code) still needs a run to keep its line.
    const items: Run[] = paragraph.runs.length > 0 ? paragraph.runs : [{ text: '', size: paragraph.lineHeight / 1.3, color: '' }]
    items.forEach((run, i) => {
      const options: Pptx.TextPropsOptions = { lang: style.language }
      if (!style.inherit) {
        options.fontSize = points(run.size * scale)
        if (run.color) options.color = style.color ? style.color(run.color) : run.color
        if (run.mono) options.fontFace = style.monoFont
        if (run.highlight) options.highlight = run.highlight
      } else if (run.mono) {
        options.fontFace = style.monoFont
      }
      if (run.breakBefore && i > 0) options.softBreakBefore = true
      // In a template's placeholder only the text's own emphasis: the theme's bold headings are
      // the template's to style.
      if (style.inherit ? run.strong : run.bold) options.bold = true
      if (style.inherit ? run.emphasis : run.italic) options.italic = true
      const link = run.href ? hyperlink(run.href, style) : undefined
      if (link) options.hyperlink = link
      if (i === 0) Object.assign(options, paragraphOptions(paragraph, style, scale))
      if (i === items.length - 1 && !last) options.breakLine = true
      runs.push({ text: run.text, options })
    })
  })
  return runs
}

function paragraphOptions(paragraph: Paragraph, style: RunStyle, scale: number): Pptx.TextPropsOptions {
  const options: Pptx.TextPropsOptions = {}
  if (style.inherit) {
    // A template's placeholder keeps its alignment, spacing and bullets: pptxgenjs still writes
    // `<a:buNone/>` and a zero indent on every paragraph without a bullet, which
    // `inheritTextFormat` (apply-template.ts) takes out again. Numbered lists are the deck's.
    if (paragraph.bullet === 'number') options.bullet = { type: 'number', ...(paragraph.number ? { numberStartAt: paragraph.number } : {}) }
    return options
  }
  // Always said: a master's title style may centre what talkdeck sets flush left.
  options.align = paragraph.align ?? 'left'
  options.lineSpacing = points(paragraph.lineHeight * scale)
  if (paragraph.spaceBefore) options.paraSpaceBefore = points(paragraph.spaceBefore * scale)
  if (paragraph.bullet === 'bullet') options.bullet = { characterCode: BULLET_CHAR, indent: points((paragraph.indent ?? 30) * scale) }
  else if (paragraph.bullet === 'number') options.bullet = { type: 'number', ...(paragraph.number ? { numberStartAt: paragraph.number } : {}), indent: points((paragraph.indent ?? 40) * scale) }
  return options
}

function hyperlink(href: string, style: RunStyle): Pptx.HyperlinkProps | undefined {
  if (href.startsWith('#')) {
    const slide = style.slideOf(href.slice(1))
    return slide ? { slide } : undefined
  }
  return /^(https?|mailto):/i.test(href) ? { url: href } : undefined
}

/** The plain text of paragraphs, one line each. */
export function plainText(paragraphs: Paragraph[] | undefined): string {
  return (paragraphs ?? []).map((paragraph) => paragraph.runs.map((run) => run.text).join('')).join('\n')
}
