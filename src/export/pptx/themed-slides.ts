/**
 * Slides on talkdeck's own masters, drawn from the measured deck: every block becomes a native
 * text box, shape or picture at the position Chromium gave it, in the theme's colours and fonts.
 * One slide master per talkdeck layout ("talkdeck cards", …), each with title and body
 * placeholders and the slide number where the deck shows it, so a slide a user adds in PowerPoint
 * on that layout looks like its neighbours. A slide of text only has its text in the body
 * placeholder (see body-text.ts).
 */
import type * as Pptx from './pptxgen.js'
import type { ResolvedDeck, ResolvedSlide } from '../../deck/types.js'
import type { Messages } from '../../data/messages.js'
import type { Problem } from '../../errors.js'
import type { Block, DeckGeometry, Paragraph, Rect, SlideGeometry } from './geometry.js'
import { bodyBlocksOf } from './body-text.js'
import { pictureSource } from './images.js'
import { plainText, textRuns, type RunStyle } from './text-runs.js'
import { drawBlock, position } from './draw-blocks.js'
import { drawChart } from './draw-chart.js'
import { drawTable } from './draw-table.js'
import { points } from './units.js'

/** Text blocks that may grow into the free space under them, so a wider fallback font still fits. */
const GROWS = new Set<Block['role']>(['title', 'subtitle', 'lead', 'points', 'metric-label', 'quote', 'timeline-entry', 'sources', 'kicker', 'byline', 'quote-by'])

export function masterName(layout: string): string {
  return `talkdeck ${layout}`
}

export function defineThemedMasters(pres: Pptx.Presentation, geometry: DeckGeometry): void {
  const layouts = new Map<string, SlideGeometry[]>()
  for (const slide of geometry.slides) layouts.set(slide.layout, [...(layouts.get(slide.layout) ?? []), slide])
  for (const [layout, slides] of layouts) {
    const first = slides[0] as SlideGeometry
    const title = first.blocks.find((block) => block.role === 'title')
    const rect = title?.rect ?? { x: 80, y: 60, w: geometry.width - 160, h: 120 }
    // The body where a slide of this layout has one, else the room under the title.
    const bodyRect = slides.map((slide) => bodyRectOf(bodyBlocksOf(slide.blocks))).find(Boolean) ?? {
      x: rect.x,
      y: rect.y + rect.h + 24,
      w: rect.w,
      h: Math.max(60, geometry.height - (rect.y + rect.h + 24) - 100),
    }
    const number = first.blocks.find((block) => block.role === 'slide-number')
    pres.defineSlideMaster({
      title: masterName(layout),
      background: { color: first.background },
      objects: [
        {
          placeholder: {
            options: {
              name: 'title',
              type: 'title',
              ...position(rect),
              margin: 0,
              valign: 'top',
              // Not in pptxgenjs's PlaceholderProps type, but its slides take every option of the
              // master's placeholder: the title shrinks on overflow.
              // CSS sets titles at 1.1 × their size; PowerPoint's 100 % is about 1.2 ×.
              ...({ fit: 'shrink', lineSpacingMultiple: 0.92 } as object),
              fontFace: geometry.theme.fonts.heading,
            },
            text: '',
          },
        },
        {
          placeholder: {
            options: { name: 'body', type: 'body', ...position(bodyRect), margin: 0, valign: 'top', ...({ fit: 'shrink' } as object), fontFace: geometry.theme.fonts.body },
            text: '',
          },
        },
      ],
      ...(number ? { slideNumber: slideNumberProps(number, geometry) } : {}),
    })
  }
}

/** Where the slide number is drawn, in the font and colour the deck shows it in. */
function slideNumberProps(block: Block, geometry: DeckGeometry): Pptx.SlideNumberProps {
  const run = block.paragraphs?.[0]?.runs[0]
  return {
    ...position({ ...block.rect, w: block.rect.w + 40 }),
    margin: 0,
    fontFace: block.font ?? geometry.theme.fonts.body,
    fontSize: points(run?.size ?? 18),
    color: run?.color ?? geometry.theme.colors.muted ?? '4B5563',
    bold: run?.bold ?? false,
    valign: 'top',
  }
}

/** Whether blocks stand one under the other, as lines of one text do. */
function stacked(blocks: Block[]): boolean {
  return blocks.every((block, index) => index === 0 || block.rect.y >= (blocks[index - 1] as Block).rect.y + (blocks[index - 1] as Block).rect.h - 2)
}

/** The rectangle body blocks cover together. */
function bodyRectOf(blocks: Block[]): Rect | undefined {
  if (blocks.length === 0) return undefined
  const x = Math.min(...blocks.map((block) => block.rect.x))
  const y = Math.min(...blocks.map((block) => block.rect.y))
  const right = Math.max(...blocks.map((block) => block.rect.x + block.rect.w))
  const bottom = Math.max(...blocks.map((block) => block.rect.y + block.rect.h))
  return { x, y, w: right - x, h: bottom - y }
}

/**
 * The paragraphs of body blocks as one text: the gap between two blocks (a lead and its points)
 * becomes space before the next block's first paragraph.
 */
function bodyParagraphs(blocks: Block[]): Paragraph[] {
  return blocks.flatMap((block, index) => {
    const paragraphs = block.paragraphs ?? []
    const previous = blocks[index - 1]
    const gap = previous ? block.rect.y - (previous.rect.y + previous.rect.h) : 0
    const [head, ...rest] = paragraphs
    if (!head || gap <= 0) return paragraphs
    return [{ ...head, spaceBefore: (head.spaceBefore ?? 0) + gap }, ...rest]
  })
}

export interface SlideContext {
  deck: ResolvedDeck
  geometry: DeckGeometry
  style: RunStyle
  warnings: Problem[]
}

/** What `fixSlides` finishes on a slide: where its placeholders really are (a master holds a typical position), and what follows its number. */
export interface ThemedSlidePlan {
  title?: Rect
  body?: Rect
  /** The deck shows "7 / 19": " / 19" after the number field, which only counts. */
  afterNumber?: string
}

/** Adds one slide; returns what `fixSlides` finishes. */
export function addThemedSlide(pres: Pptx.Presentation, slide: SlideGeometry, index: number, context: SlideContext): ThemedSlidePlan {
  const { deck, geometry, style } = context
  const pptSlide = pres.addSlide({ masterName: masterName(slide.layout) })
  pptSlide.background = { color: slide.background }
  // One column of text only: an agenda's grid of entries stays drawn where the slide has them.
  const textOnly = bodyBlocksOf(slide.blocks)
  const body = stacked(textOnly) ? textOnly : []
  // Each block as measured, grown into the free space under it (the same blocks, in order).
  const blocks = growIntoFreeSpace(slide.blocks, geometry.height)
  const grownBody = blocks.filter((_, i) => body.includes(slide.blocks[i] as Block))
  const placed: ThemedSlidePlan = {}
  const bodyRect = bodyRectOf(grownBody)
  if (bodyRect) {
    placed.body = bodyRect
    pptSlide.addText(textRuns(bodyParagraphs(body), style), { placeholder: 'body', fontFace: body[0]?.font ?? geometry.theme.fonts.body })
  }
  for (const block of blocks) {
    if (grownBody.includes(block)) continue
    switch (block.role) {
      case 'title':
        placed.title = block.rect
        pptSlide.addText(textRuns(block.paragraphs ?? [], style), { placeholder: 'title' })
        break
      case 'image':
      case 'logo': {
        const source = block.image ? pictureSource(block.image, deck, deck.slides[index], context.warnings) : undefined
        if (source) pptSlide.addImage({ ...source, ...position(block.rect), altText: block.image?.alt ?? '', objectName: block.role })
        break
      }
      case 'chart':
        if (block.chart) drawChart(pptSlide, block.chart, block.rect)
        break
      case 'table':
        if (block.table) drawTable(pptSlide, block.table, block.rect, style)
        break
      case 'slide-number': {
        pptSlide.slideNumber = slideNumberProps(block, geometry)
        const after = plainText(block.paragraphs).trim().replace(/^\S*\d+/, '')
        if (after) placed.afterNumber = after
        break
      }
      default:
        drawBlock(pptSlide, block, { style, font: block.font ?? geometry.theme.fonts.body })
    }
  }
  const notes = deck.slides[index] && slideNotes(deck.slides[index], deck.messages)
  if (notes) pptSlide.addNotes(notes)
  return placed
}

/**
 * Lets a text box reach down to the next block under it (or the slide's bottom margin): the box
 * looks the same, and text set in a wider fallback font wraps into room instead of overflowing.
 */
export function growIntoFreeSpace(blocks: Block[], slideHeight: number): Block[] {
  return blocks.map((block) => {
    if (!GROWS.has(block.role) || block.shape) return block
    const bottom = block.rect.y + block.rect.h
    const below = blocks
      .filter((other) => other !== block && other.rect.y >= bottom - 1 && overlaps(other.rect, block.rect))
      .map((other) => other.rect.y)
    const limit = Math.min(slideHeight - 48, ...below) - 4
    return limit > bottom ? { ...block, rect: { ...block.rect, h: limit - block.rect.y } } : block
  })
}

const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w

/**
 * A slide's notes in PowerPoint: the speaker notes, then where each chart's numbers come from, so
 * whoever updates the native chart's sheet later knows where to look (the slide's citation line
 * numbers them only).
 */
export function slideNotes(slide: ResolvedSlide, messages: Messages): string | null {
  const sourceLine = (id: string, label = '') => {
    const source = slide.sources.find((cited) => cited.id === id)
    return source ? `${label}[${source.number}] ${source.title}${source.publisher ? `, ${source.publisher}` : ''}${source.date ? ` (${source.date})` : ''}: ${source.url}` : null
  }
  const charts = [slide.chart, slide.left?.chart, slide.right?.chart].filter((chart) => chart !== null && chart !== undefined)
  const chartNotes = charts.map((chart) => {
    const lines = [...chart.sources.map((id) => sourceLine(id)), ...chart.series.flatMap((series) => series.sources.map((id) => sourceLine(id, `${series.name}: `)))]
    return `${messages.chartData} (${chart.series.map((series) => series.name).join(', ')}):\n${[...new Set(lines.filter((line) => line !== null))].join('\n')}`
  })
  const text = [slide.notes ? notesText(slide.notes) : '', ...chartNotes].filter(Boolean).join('\n\n')
  return text || null
}

/** Speaker notes as plain text: Markdown links keep their address, emphasis marks go. */
export function notesText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '$1 ($2)')
    .replace(/(\*\*|__|`)/g, '')
    .replace(/(^|\s)[*_]([^*_\s][^*_]*?)[*_](?=\s|[.,;:!?)]|$)/g, '$1$2')
    .trim()
}
