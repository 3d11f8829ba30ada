import type Handlebars from 'handlebars'
import { createPositionFinder, lineText } from '../data/text-position.js'
import { TemplateError, formatLocation, type SourceLocation } from '../errors.js'
import { suggest } from '../suggest.js'
import type { Layout, Templates } from '../data/load-templates.js'
import { estimateTiming } from '../deck/timing.js'
import type { ResolvedDeck, ResolvedSlide } from '../deck/types.js'
import { HELPERS, compileStrict, createHandlebars, type RenderData } from './handlebars.js'
import { renderSlideSection } from './pages.js'

export interface SlideRenderer {
  /** Renders every slide of a deck to reveal.js `<section>` elements. */
  render(deck: ResolvedDeck, data: RenderData): string[]
  /**
   * Where the templates a deck renders with — the layouts its slides use, and every partial — hold
   * `text` (a string, or a pattern such as `<script`): the first place in each. A script found so
   * is the first suspect when a page hangs; a blocked URL, the template that asked for it.
   */
  findInTemplates(deck: ResolvedDeck, text: string | RegExp): SourceLocation[]
}

/** The first place `text` is in a template. */
function locateIn(template: { display: string; source: string }, text: string | RegExp): SourceLocation[] {
  const at = typeof text === 'string' ? template.source.indexOf(text) : template.source.search(text)
  if (at < 0) return []
  return [{ file: template.display, line: createPositionFinder(template.source)(at).line }]
}

/** Compiles each layout once per template set; a renderer serves every deck of a project. */
export function createSlideRenderer(templates: Pick<Templates, 'layouts' | 'partials'>): SlideRenderer {
  const hb = createHandlebars(templates.partials)
  const compiled = new Map<string, Handlebars.TemplateDelegate>()
  const templateFor = (layout: Layout) => {
    let template = compiled.get(layout.name)
    if (!template) {
      template = compileStrict(hb, layout.source, layout.display)
      compiled.set(layout.name, template)
    }
    return template
  }

  return {
    findInTemplates(deck, text) {
      const layouts = new Set(deck.slides.map((slide) => templates.layouts.get(slide.layout)).filter((layout) => layout !== undefined))
      return [...layouts, ...templates.partials.values()].flatMap((template) => locateIn(template, text))
    },
    render(deck, data) {
      const timing = estimateTiming(deck)
      return deck.slides.map((slide, index) => {
        const layout = templates.layouts.get(slide.layout)
        if (!layout) throw new TemplateError(`${formatLocation(slide.origin)}: unknown layout "${slide.layout}"`)
        let body: string
        try {
          body = templateFor(layout)({ deck, slide, sections: deck.sections, sources: deck.sources }, { data })
        } catch (error) {
          const failure = describeTemplateFailure(error, layout, slide, deck)
          throw new TemplateError(failure.message, { cause: error, location: failure.location })
        }
        return wrapSlide(deck, slide, body, data, timing.slides[index] ?? 0, layout.display)
      })
    },
  }
}

function describeTemplateFailure(error: unknown, layout: Layout, slide: ResolvedSlide, deck: ResolvedDeck): { location: SourceLocation; message: string } {
  const raw = error instanceof Error ? error.message : String(error)
  const title = slide.title ? ` "${slide.title}"` : ''
  const during = `while rendering slide ${slide.number}${title} of deck "${deck.id}" (${formatLocation(slide.origin)})`
  // A syntax error (of the layout or a partial) already names its file, line and column.
  if (error instanceof TemplateError && error.location) return { location: error.location, message: `${error.detail} — ${during}` }
  // Handlebars reports `"name" not defined in [object Object] - 3:12`; say it in a person's words.
  const missing = /"([^"]+)" not defined in .*? - (\d+):(\d+)/.exec(raw)
  const helper = /^Missing helper: "?'?([^"']+)/.exec(raw)
  const partial = /^The partial (\S+) could not be found/.exec(raw)
  const location: SourceLocation = missing ? { file: layout.display, line: Number(missing[2]), column: Number(missing[3]) + 1 } : { file: layout.display }
  const expression = missing ? expressionAt(layout.source, Number(missing[2]), Number(missing[3])) : undefined
  // Strict mode says "not defined" for a missing helper too: a name called with arguments is one.
  const unknownHelper = expression && expression.length > 1 && expression[0] === missing?.[1] ? missing?.[1] : helper?.[1]
  const what = unknownHelper
    ? `unknown helper "${unknownHelper}"${suggest(unknownHelper, HELPERS)}: expected one of ${HELPERS.join(', ')}`
    : missing
      ? `the layout uses "${expression?.find((part) => part.split('.').at(-1) === missing[1]) ?? missing[1]}", which this slide does not have`
      : partial
        ? `unknown partial "${partial[1]}": expected a file templates/partials/${partial[1]}.hbs`
        : raw.split('\n')[0]
  return { location, message: `${what} — ${during}` }
}

/** The words of the mustache at a line and column of a template: `{{md slide.title}}` → ["md", "slide.title"]. */
function expressionAt(source: string, line: number, column: number): string[] | undefined {
  const text = lineText(source, line)
  const start = text.lastIndexOf('{{', column + 1)
  const end = text.indexOf('}}', column)
  if (start < 0 || end < 0) return undefined
  return text.slice(start + 2, end).replace(/^[#/^>!&]+/, '').trim().split(/\s+/)
}

/** Characters of a title above which it is set smaller. */
const LONG_TITLE = 44

/** Characters of body text above which a slide's type steps down (CSS keeps it ≥ 24 px). */
const DENSITY_STEPS = [420, 620] as const

export function densityOf(slide: ResolvedSlide): number {
  const itemText = slide.items.length > 1 ? slide.items.reduce((sum, item) => sum + item.title.length + item.summary.length, 0) : 0
  const characters =
    (slide.text?.length ?? 0) +
    slide.points.reduce((sum, point) => sum + point.length + 30, 0) +
    slide.columns.reduce((sum, column) => sum + column.points.join('').length + 30 * column.points.length, 0) +
    itemText
  return DENSITY_STEPS.filter((step) => characters > step).length
}

function wrapSlide(deck: ResolvedDeck, slide: ResolvedSlide, body: string, data: RenderData, seconds: number, layoutFile: string): string {
  return renderSlideSection({
    deck,
    slide,
    body,
    seconds,
    density: densityOf(slide),
    longTitle: (slide.title?.length ?? 0) > LONG_TITLE,
    logo: deck.branding.logo ? data.assetUrl(deck.branding.logo) : null,
    layoutFile,
  })
}
