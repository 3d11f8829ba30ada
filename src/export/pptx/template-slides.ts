/**
 * Slides for a company template: the title goes into the template layout's title placeholder and
 * text (subtitle, lead, points, agenda, sources) into its body placeholder, both unformatted so
 * they take the template's fonts, colours and bullets. Cards, timelines, code, metrics, quotes and
 * pictures are drawn as shapes, scaled from talkdeck's content area into the layout's, in the
 * template's theme colours. `apply-template.ts` then moves the slides onto the template's layouts.
 */
import path from 'node:path'
import type * as Pptx from './pptxgen.js'
import type { ResolvedDeck, SlideSize } from '../../deck/types.js'
import type { Problem } from '../../errors.js'
import type { Block, Paragraph, Rect, SlideGeometry } from './geometry.js'
import { BRANDING_ROLES, bodyBlocksOf, drawsShapes } from './body-text.js'
import { drawBlock, position } from './draw-blocks.js'
import { drawChart } from './draw-chart.js'
import { drawTable } from './draw-table.js'
import { pictureSource } from './images.js'
import { clearOfArtwork, drawBrandingLine, placeLogo, planBranding, type BrandingPlan } from './template-branding.js'
import { BODY_TYPES, TITLE_TYPES, type PptxTemplate, type TemplateLayout } from './read-template.js'
import { textRuns } from './text-runs.js'
import { mix, readableColor, resolveColor } from './template-colors.js'
import { points } from './units.js'
import { slideNotes, type SlideContext } from './themed-slides.js'

export const TEMPLATE_MASTERS = { title: 'talkdeck template title', body: 'talkdeck template body' } as const

/** What `apply-template` needs to know about each slide. */
export interface TemplateSlidePlan extends BrandingPlan {
  layout: TemplateLayout
  /** The size its drawn text is set in, pt, when fitting the layout's content area scaled it down. */
  scaledText?: number
  /** Where the slide's body placeholder is, px, where not where the layout has it: above the citation line. */
  bodyBox?: Rect
}

/** Two masters whose placeholders become the template layout's (see apply-template.ts). */
export function defineTemplateMaster(pres: Pptx.Presentation): void {
  const title = { placeholder: { options: { name: 'title', type: 'title' as const, x: 0.5, y: 0.3, w: 9, h: 1 }, text: '' } }
  const body = { placeholder: { options: { name: 'body', type: 'body' as const, x: 0.5, y: 1.5, w: 9, h: 4 }, text: '' } }
  pres.defineSlideMaster({ title: TEMPLATE_MASTERS.title, objects: [title] })
  pres.defineSlideMaster({ title: TEMPLATE_MASTERS.body, objects: [title, body] })
}

export function addTemplateSlide(pres: Pptx.Presentation, slide: SlideGeometry, index: number, context: SlideContext & { template: PptxTemplate }): TemplateSlidePlan {
  const { deck, geometry, style, template } = context
  const role = deck.slides[index]?.role ?? 'content'
  // A slide that draws shapes or pictures wants room for them (a Title Only layout) more than a body placeholder.
  const layout = template.layoutFor({ layout: slide.layout, role, drawn: drawsShapes(slide.blocks) })
  const titlePlaceholder = layout.placeholders.find((p) => TITLE_TYPES.includes(p.type))
  const bodyPlaceholder = layout.placeholders.find((p) => BODY_TYPES.includes(p.type))
  const title = slide.blocks.find((block) => block.role === 'title')
  // Text beside drawn shapes (a chart's lead) stays where the slide has it, drawn with them: in the
  // body placeholder, which the shapes fill, it ran over the chart.
  const bodyBlocks = bodyPlaceholder ? bodyBlocksOf(slide.blocks) : []
  // Talkdeck's own decoration and branding: a template brings its own.
  const drawn = slide.blocks.filter((block) => block !== title && !bodyBlocks.includes(block) && !BRANDING_ROLES.has(block.role))

  const pptSlide = pres.addSlide({ masterName: bodyBlocks.length > 0 ? TEMPLATE_MASTERS.body : TEMPLATE_MASTERS.title })
  const inherit = { ...style, inherit: true }
  if (title) pptSlide.addText(textRuns(title.paragraphs ?? [], inherit), { placeholder: 'title' })
  if (bodyBlocks.length > 0) {
    pptSlide.addText(textRuns(bodyBlocks.flatMap((block) => block.paragraphs ?? []), inherit), { placeholder: 'body' })
  }

  const branding = planBranding(slide, layout, template)
  // The template's marks (a logo, a bar, a label) and the branding line are not drawn over.
  const marks = [...layout.artwork, ...(branding.line ? [branding.line.box] : [])]
  const free = clearOfArtwork(freeArea(layout, titlePlaceholder?.rect, template), marks)
  const cite = drawn.find((block) => block.role === 'cite')
  // The citation line goes at the foot of the content area; the body placeholder ends above it.
  // Where the layout's runs on under it, long points in a wider fallback font ran into the line.
  const citeTop = cite ? free.y + free.h - cite.rect.h * Math.min(1, free.w / cite.rect.w) * 1.5 : Infinity
  const body = bodyBlocks.length > 0 ? bodyPlaceholder?.rect : undefined
  const bodyBox = body && body.y + body.h > citeTop && citeTop > body.y ? { ...body, h: citeTop - body.y } : undefined
  let scaledText: number | undefined
  if (drawn.length > 0) {
    const shapes = closeTitleGap(drawn.filter((block) => block !== cite), title)
    const from = contentArea(shapes, geometry.width, geometry.height)
    let to = bodyBlocks.length === 0 && bodyPlaceholder?.rect ? clearOfArtwork(bodyPlaceholder.rect, marks) : free
    const paint = schemePainter(geometry.theme.colors)
    const draw = (block: Block, rect: Rect, scale: number) => {
      const placed = { ...block, rect }
      if (block.chart) {
        // The template's accents for the series, and text that reads on the layout there.
        const accents = (['accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6'] as const).map((slot) => layout.palette[slot])
        drawChart(pptSlide, block.chart, rect, { series: accents, text: resolveColor(readableColor('tx1', layout.backdrop(rect), layout.palette), layout.palette) })
        return
      }
      if (block.role === 'image') {
        const source = block.image ? pictureSource(block.image, deck, deck.slides[index], context.warnings) : undefined
        if (source) pptSlide.addImage({ ...source, ...position(rect), altText: block.image?.alt ?? '', objectName: 'image' })
        return
      }
      // Code keeps the deck's highlighting colours; everything else takes the template's, each
      // text colour the first of its theme's that reads on what the text sits on: the block's
      // fill, else the layout's background there. Inline code loses the deck's light box, which
      // on a dark template held text in the template's light colour.
      const code = block.role === 'code'
      if (code) {
        drawBlock(pptSlide, placed, { style: { ...style, scale }, font: geometry.theme.fonts.mono })
        return
      }
      const behind = layout.backdrop(rect)
      /** What text sits on: a fill (mixed with what shows through it), else the layout there. */
      const backdropOf = (color: string | undefined, alpha?: number) => {
        const fill = color ? paint(color) : undefined
        const fillHex = fill && resolveColor(fill.color, layout.palette)
        const transparency = alpha !== undefined ? 1 - alpha : (fill?.transparency ?? 0) / 100
        return fillHex ? behind.map((under) => mix(fillHex, under, transparency)) : behind
      }
      // Where each run of a line lands is not known here (LibreOffice's fallback fonts are wider
      // than Chromium's): a run is read against the whole block's backdrop.
      const readable = (paragraphs: Paragraph[], backdrop: string[]) =>
        paragraphs.map((paragraph) => ({
          ...paragraph,
          runs: paragraph.runs.map(({ highlight: _, ...run }) => ({ ...run, color: run.color ? readableColor(paint(run.color).color, backdrop, layout.palette) : run.color })),
        }))
      if (block.table) {
        drawTable(pptSlide, block.table, rect, { ...style, scale }, { fill: paint, line: (color) => paint(color).color, text: (paragraphs, fill) => readable(paragraphs, backdropOf(fill)) })
        return
      }
      const paragraphs = block.paragraphs && readable(block.paragraphs, backdropOf(block.fill, block.fillAlpha))
      drawBlock(pptSlide, { ...placed, ...(paragraphs ? { paragraphs } : {}) }, { style: { ...style, scale }, paint })
    }
    // The citation line keeps its place at the foot of the content area, under everything else.
    if (cite) {
      const scale = Math.min(1, free.w / cite.rect.w)
      const h = cite.rect.h * scale
      draw(cite, { x: free.x, y: free.y + free.h - h, w: cite.rect.w * scale, h }, scale)
      to = { ...to, h: Math.max(1, Math.min(to.y + to.h, free.y + free.h - h * 1.5) - to.y) }
    }
    if (shapes.length > 0) {
      const scale = Math.min(to.w / from.w, to.h / from.h)
      const size = mainTextSize(shapes)
      if (scale < 1 && size) scaledText = points(size * scale)
      for (const block of shapes) {
        draw(block, { x: to.x + (block.rect.x - from.x) * scale, y: to.y + (block.rect.y - from.y) * scale, w: block.rect.w * scale, h: block.rect.h * scale }, scale)
      }
    }
  }
  const notes = deck.slides[index] && slideNotes(deck.slides[index], deck.messages)
  if (notes) pptSlide.addNotes(notes)

  if (branding.line) drawBrandingLine(pptSlide, branding.line)
  const logoLeftOut = placeLogo(pptSlide, slide, index, context, layout, branding)
  return { layout, ...branding.plan, ...(scaledText ? { scaledText } : {}), ...(bodyBox ? { bodyBox } : {}), ...(logoLeftOut ? { logoLeftOut } : {}) }
}

/**
 * Shapes over the deck's title (an item's badges, its eyebrow) moved down to sit over the content
 * under it, as far apart as they were from the title: the title is the template's placeholder, so
 * drawn where they were, they left its height as a gap between the badges and the text.
 */
function closeTitleGap(shapes: Block[], title: Block | undefined): Block[] {
  if (!title) return shapes
  const over = shapes.filter((block) => block.rect.y + block.rect.h <= title.rect.y + 1)
  const under = shapes.filter((block) => !over.includes(block))
  if (!over.length || !under.length) return shapes
  // The content under the title takes the title's place.
  const shift = Math.min(...under.map((block) => block.rect.y)) - title.rect.y
  if (shift <= 0) return shapes
  return shapes.map((block) => (over.includes(block) ? { ...block, rect: { ...block.rect, y: block.rect.y + shift } } : block))
}

/** The size most of the blocks' text is set in (by characters), CSS px. */
function mainTextSize(blocks: Block[]): number | undefined {
  const characters = new Map<number, number>()
  for (const block of blocks) {
    if (block.role === 'badge') continue
    for (const paragraph of block.paragraphs ?? []) for (const run of paragraph.runs) characters.set(run.size, (characters.get(run.size) ?? 0) + run.text.length)
  }
  return [...characters].sort((a, b) => b[1] - a[1])[0]?.[0]
}

/**
 * The slide size a deck is laid out at for a template of another shape: the deck's height at the
 * template's proportions; null where the shapes agree (within 2 %).
 */
export function templateShape(deck: SlideSize, template: { width: number; height: number }): SlideSize | null {
  const width = Math.round((deck.height * template.width) / template.height)
  return Math.abs(width - deck.width) > deck.width * 0.02 ? { width, height: deck.height } : null
}

/** Text set smaller than this on a slide is hard to read from the back of a room. */
const MIN_READABLE_PT = 12

/**
 * One warning per deck when fitting drawn content (cards, a timeline, code) into the template
 * layout's content area sets its text below 12 pt: the slides stay as they are, scaled, and the
 * warning says where and how small, at the first such slide's deck line.
 */
export function smallTextWarning(deck: ResolvedDeck, plans: TemplateSlidePlan[], template: PptxTemplate): Problem[] {
  const small = plans.flatMap((plan, index) => (plan.scaledText !== undefined && plan.scaledText < MIN_READABLE_PT ? [{ index, size: plan.scaledText }] : []))
  const first = small[0]
  if (!first) return []
  const slide = deck.slides[first.index]
  const smallest = Math.min(...small.map((entry) => entry.size))
  // A deck laid out at the template's shape is split and set for it, as the HTML deck would be
  // (`export` does so; a program that measured the deck at its own size is told how).
  const shape = templateShape(deck.size, template)
  const remedy = `${shape ? `"size: ${shape.width}x${shape.height}" in the deck (the template's shape), ` : ''}fewer items a slide, or pptx.layouts naming a layout with more room`
  return [{
    severity: 'warning',
    code: 'pptx-small-text',
    deck: deck.id,
    file: slide?.origin.file ?? deck.file,
    ...(slide?.origin.line !== undefined ? { line: slide.origin.line } : {}),
    message: `on the template ${path.basename(template.file)}, ${small.length === 1 ? 'slide' : `${small.length} slides, from slide`} ${first.index + 1} (layout "${plans[first.index]?.layout.name}"), ${small.length === 1 ? 'has its' : 'have their'} drawn text (cards, timeline, code, sources) scaled into the layout's content area with text below ${MIN_READABLE_PT} pt (down to ${smallest.toFixed(1)} pt); ${remedy}, keeps it readable`,
  }]
}

/** Talkdeck's content area on a slide: under the title, above the branding line. */
function contentArea(content: Block[], width: number, height: number): Rect {
  const top = Math.min(...content.map((b) => b.rect.y))
  const bottom = Math.max(...content.map((b) => b.rect.y + b.rect.h))
  const left = Math.min(80, ...content.map((b) => b.rect.x))
  const right = Math.max(width - 80, ...content.map((b) => b.rect.x + b.rect.w))
  return { x: left, y: Number.isFinite(top) ? top : 0, w: right - left, h: Math.max(1, (Number.isFinite(bottom) ? bottom : height) - top) }
}

/** A layout's room for content without a body placeholder: under its title, above its footer. */
function freeArea(layout: TemplateLayout, title: Rect | undefined, template: PptxTemplate): Rect {
  const margin = template.width * 0.05
  const x = title?.x ?? margin
  const w = title?.w ?? template.width - 2 * margin
  const y = title ? title.y + title.h + template.height * 0.03 : template.height * 0.2
  const footers = layout.placeholders.filter((p) => ['ftr', 'sldNum', 'dt'].includes(p.type) && p.rect && p.rect.y > y).map((p) => p.rect?.y ?? template.height)
  const bottom = Math.min(template.height * 0.93, ...footers) - template.height * 0.02
  return { x, y, w, h: Math.max(1, bottom - y) }
}

/**
 * The deck's theme colours → the template theme's slots (text, accent, background…), so shapes
 * follow the template; colours with no slot (badges, code) stay as they are.
 */
function schemePainter(colors: Record<string, string>): (color: string) => { color: string; transparency?: number } {
  const slots: [string, { color: string; transparency?: number }][] = [
    ['heading', { color: 'tx1' }],
    ['fg', { color: 'tx1' }],
    ['muted', { color: 'tx1', transparency: 25 }],
    ['accent', { color: 'accent1' }],
    ['accent-text', { color: 'accent1' }],
    ['link', { color: 'accent1' }],
    ['bg', { color: 'bg1' }],
    ['surface', { color: 'bg2' }],
    ['border', { color: 'accent1', transparency: 50 }],
  ]
  const byColor = new Map<string, { color: string; transparency?: number }>()
  for (const [name, slot] of slots) {
    const color = colors[name]
    if (color && !byColor.has(color)) byColor.set(color, slot)
  }
  return (color) => byColor.get(color) ?? { color }
}
