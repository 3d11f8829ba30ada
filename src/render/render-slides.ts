import type Handlebars from 'handlebars'
import { TemplateError, formatLocation } from '../errors.js'
import { estimateSlideSeconds } from '../deck/timing.js'
import type { ResolvedDeck, ResolvedSlide } from '../deck/types.js'
import { compileStrict, createHandlebars, type RenderData } from './handlebars.js'
import type { Layout } from './layouts.js'
import { escapeHtml, renderMarkdownBlock } from './markdown.js'

export interface TemplateSet {
  layouts: Map<string, Layout>
  partials: Map<string, { file: string; source: string }>
}

export interface SlideRenderer {
  /** Renders every slide of a deck to reveal.js `<section>` elements. */
  render(deck: ResolvedDeck, data: RenderData): string[]
}

/** Compiles each layout once per template set; a renderer serves every deck of a project. */
export function createSlideRenderer(templates: TemplateSet): SlideRenderer {
  const hb = createHandlebars(templates.partials)
  const compiled = new Map<string, Handlebars.TemplateDelegate>()
  const templateFor = (layout: Layout) => {
    let template = compiled.get(layout.name)
    if (!template) {
      template = compileStrict(hb, layout.source)
      compiled.set(layout.name, template)
    }
    return template
  }

  return {
    render(deck, data) {
      return deck.slides.map((slide) => {
        const layout = templates.layouts.get(slide.layout)
        if (!layout) throw new TemplateError(`${formatLocation(slide.origin)}: unknown layout "${slide.layout}"`)
        let body: string
        try {
          body = templateFor(layout)({ deck, slide, sections: deck.sections, sources: deck.sources }, { data })
        } catch (error) {
          throw new TemplateError(describeTemplateFailure(error, layout, slide, deck), { cause: error })
        }
        return wrapSlide(deck, slide, body, data)
      })
    },
  }
}

function describeTemplateFailure(error: unknown, layout: Layout, slide: ResolvedSlide, deck: ResolvedDeck): string {
  const raw = error instanceof Error ? error.message : String(error)
  // Handlebars reports `"name" not defined in [object Object] - 3:12`; say it in a person's words.
  const missing = /"([^"]+)" not defined in .*? - (\d+):(\d+)/.exec(raw)
  const where = missing ? `${layout.file}:${missing[2]}:${Number(missing[3]) + 1}` : layout.file
  const what = missing ? `the layout uses "${missing[1]}", which this slide does not have` : raw.split('\n')[0]
  const title = slide.title ? ` "${slide.title}"` : ''
  return `${where}: ${what} — while rendering slide ${slide.number}${title} of deck "${deck.id}" (${formatLocation(slide.origin)})`
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

function wrapSlide(deck: ResolvedDeck, slide: ResolvedSlide, body: string, data: RenderData): string {
  const attributes = [
    `id="${escapeHtml(slide.id)}"`,
    `class="td-slide td-layout-${escapeHtml(slide.layout)} td-density-${densityOf(slide)}${(slide.title?.length ?? 0) > LONG_TITLE ? ' td-title-long' : ''}"`,
    `data-layout="${escapeHtml(slide.layout)}"`,
    `data-timing="${estimateSlideSeconds(slide, deck.wordsPerMinute)}"`,
  ]
  const notes = slide.notes ? `<aside class="notes">${renderMarkdownBlock(slide.notes)}</aside>` : ''
  return `<section ${attributes.join(' ')}>\n<div class="td-body">${body}</div>\n${renderBranding(deck, slide, data)}${notes}\n</section>`
}

function renderBranding(deck: ResolvedDeck, slide: ResolvedSlide, data: RenderData): string {
  const { branding } = deck
  const parts: string[] = []
  if (branding.logo) parts.push(`<img class="td-brand-logo" src="${escapeHtml(data.assetUrl(branding.logo))}" alt="">`)
  if (branding.footer) parts.push(`<span class="td-brand-footer">${escapeHtml(branding.footer)}</span>`)
  if (branding.confidentiality) parts.push(`<span class="td-brand-label">${escapeHtml(branding.confidentiality)}</span>`)
  if (branding.slideNumbers && slide.number > 1) {
    parts.push(`<span class="td-brand-number">${slide.number}<span class="td-brand-total"> / ${deck.slides.length}</span></span>`)
  }
  return parts.length ? `<footer class="td-brand">${parts.join('')}</footer>\n` : ''
}
