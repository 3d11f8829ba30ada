/**
 * The deck's branding on a company template's slides: its footer, label and slide number in the
 * layout's placeholders (or one line at the foot where it has none), its logo where the template
 * brings none of its own — each clear of the template's artwork — and where the slide's content
 * may go without covering that artwork.
 */
import path from 'node:path'
import type * as Pptx from './pptxgen.js'
import type { ResolvedDeck } from '../../deck/types.js'
import type { Problem } from '../../errors.js'
import type { Block, Rect, SlideGeometry } from './geometry.js'
import { position } from './draw-blocks.js'
import { pictureSource } from './images.js'
import type { PptxTemplate, TemplateLayout } from './read-template.js'
import { plainText } from './text-runs.js'
import type { SlideContext } from './themed-slides.js'

/** What a slide's branding fills of its layout's placeholders, and whether its logo is left out. */
export interface BrandingPlan {
  /** Text of the layout's footer placeholder: the deck's footer (and its label, without a date placeholder). */
  footer?: string
  /** The deck's label (`confidentiality`), for the layout's date placeholder. */
  label?: string
  /** Whether the slide shows its number in the layout's slide number placeholder. */
  number: boolean
  /** The deck's logo, not drawn: the template shows its own pictures, or has no free corner for it. */
  logoLeftOut?: 'template-pictures' | 'no-room'
}

/** The branding of one slide, before it is drawn: the placeholders it fills and the line drawn for the rest. */
export interface SlideBranding {
  plan: BrandingPlan
  /** Footer, label or number the layout has no placeholder for: one line at `box`. */
  line?: { text: string; numberBox: boolean; box: Rect }
}

const meets = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h

/**
 * The deck's footer, label and slide number go into the layout's footer, date and slide number
 * placeholders, so they sit and look as the template says; the label shares the footer
 * placeholder when there is no date placeholder. What the layout has no placeholder for goes in
 * one line at the foot of the slide, wide enough that no word is broken.
 */
export function planBranding(slide: SlideGeometry, layout: TemplateLayout, template: PptxTemplate): SlideBranding {
  const textOf = (role: Block['role']) => plainText(slide.blocks.find((block) => block.role === role)?.paragraphs).replace(/\s+/g, ' ').trim()
  const footer = textOf('footer')
  const label = textOf('label')
  const wantsNumber = slide.blocks.some((block) => block.role === 'slide-number')
  const has = (type: string) => layout.placeholders.some((p) => p.type === type)
  const plan: BrandingPlan = { number: wantsNumber && has('sldNum') }
  const loose: string[] = []
  if (has('ftr')) {
    const text = [footer, has('dt') ? '' : label].filter(Boolean).join(' · ')
    if (text) plan.footer = text
  } else if (footer) loose.push(footer)
  if (label && has('dt')) plan.label = label
  else if (label && !has('ftr')) loose.push(label)
  const text = loose.join(' · ')
  const numberBox = wantsNumber && !has('sldNum')
  if (!text && !numberBox) return { plan }
  // 10 pt text is about 8 px a character at most: the box is as wide as its text needs, whole
  // words and all, and sits in a corner band clear of the template's own artwork.
  const width = Math.min((text ? text.length * 8 + 16 : 0) + (numberBox ? 64 : 0), template.width * 0.92)
  const box = clearCorner(layout, template, width, bandHeight(template)) ?? corners(template, width, bandHeight(template))[0]
  return { plan, line: { text, numberBox, box } }
}

/** Draws the line of a slide's branding that has no placeholder. */
export function drawBrandingLine(pptSlide: Pptx.Slide, { text, numberBox, box }: NonNullable<SlideBranding['line']>): void {
  const font = { fontSize: 10, color: 'tx1', margin: 0, valign: 'middle' as const }
  if (text) pptSlide.addText(text, { ...position({ ...box, w: box.w - (numberBox ? 64 : 0) }), ...font, objectName: 'footer', isTextBox: true, wrap: true, fit: 'shrink', align: 'left' })
  if (numberBox) pptSlide.slideNumber = { ...position({ ...box, x: box.x + box.w - 64, w: 64 }), ...font, align: 'right' }
}

/** Where the slide shows the layout's placeholders: its title and body, and the footer placeholders it fills. */
function shownPlaceholders(layout: TemplateLayout, plan: BrandingPlan): Rect[] {
  const filled = (type: string) => (type === 'ftr' ? plan.footer !== undefined : type === 'dt' ? plan.label !== undefined : type === 'sldNum' ? plan.number : true)
  return layout.placeholders.flatMap((placeholder) => (placeholder.rect && filled(placeholder.type) ? [placeholder.rect] : []))
}

/**
 * The deck's logo on a template with no pictures of its own, at its size on the deck's slide, in
 * a corner clear of the layout's artwork and of what the slide shows there. A template that
 * shows pictures (its logo) keeps its own branding.
 */
export function placeLogo(pptSlide: Pptx.Slide, slide: SlideGeometry, index: number, { deck, geometry, template, warnings }: SlideContext & { template: PptxTemplate }, layout: TemplateLayout, branding: SlideBranding): BrandingPlan['logoLeftOut'] {
  const logo = slide.blocks.find((block) => block.role === 'logo')
  if (!logo?.image) return undefined
  if (template.pictured) return 'template-pictures'
  const scale = template.height / geometry.height
  const taken = [...shownPlaceholders(layout, branding.plan), ...(branding.line ? [branding.line.box] : [])]
  const box = clearCorner(layout, template, logo.rect.w * scale, logo.rect.h * scale, taken)
  if (!box) return 'no-room'
  const source = pictureSource(logo.image, deck, deck.slides[index], warnings)
  if (source) pptSlide.addImage({ ...source, ...position(box), altText: logo.image.alt ?? '', objectName: 'logo' })
  return undefined
}

/** One warning per deck whose logo is not on its template slides, saying why, at the deck's `branding.logo` line. */
export function logoWarning(deck: ResolvedDeck, plans: (BrandingPlan & { layout: TemplateLayout })[], template: PptxTemplate): Problem[] {
  const first = plans.findIndex((plan) => plan.logoLeftOut)
  const why = plans[first]?.logoLeftOut
  if (!why) return []
  const count = plans.filter((plan) => plan.logoLeftOut).length
  const reason = why === 'template-pictures'
    ? "the template shows pictures of its own (its logo), so its slides keep the template's branding"
    : `${count === 1 ? 'slide' : `${count} slides, from slide`} ${first + 1} (layout "${plans[first]?.layout.name}"), ${count === 1 ? 'has' : 'have'} no corner free of the layout's artwork and of the placeholders the slide fills`
  return [{
    severity: 'warning',
    code: 'pptx-logo',
    deck: deck.id,
    file: deck.branding.logoOrigin?.file ?? deck.file,
    ...(deck.branding.logoOrigin?.line !== undefined ? { line: deck.branding.logoOrigin.line } : {}),
    message: `branding.logo is not on the slides of the template ${path.basename(template.file)}: ${reason}; put the logo in the template if it should be there`,
  }]
}

/** The height of a line of branding at the foot or head of a template's slide. */
const bandHeight = (template: PptxTemplate) => Math.max(18, template.height * 0.045)

/** Boxes of `w` × `h` in the corners of the slide, in the order they are tried: foot right, foot left, head right, head left. */
function corners(template: PptxTemplate, w: number, h: number): [Rect, ...Rect[]] {
  const margin = template.width * 0.04
  const inset = template.height * 0.015
  const right = template.width - margin - w
  const bottom = template.height - h - inset
  return [
    { x: right, y: bottom, w, h },
    { x: margin, y: bottom, w, h },
    { x: right, y: inset, w, h },
    { x: margin, y: inset, w, h },
  ]
}

/**
 * The first corner box of `w` × `h` that overlaps no artwork of the layout and none of `avoid`;
 * where a bar of the template's runs along the foot, the box just above it.
 */
function clearCorner(layout: TemplateLayout, template: PptxTemplate, w: number, h: number, avoid: Rect[] = []): Rect | undefined {
  const marks = [...layout.artwork, ...avoid]
  const clear = (rect: Rect) => rect.y >= 0 && !marks.some((mark) => meets(rect, mark))
  const [footRight, footLeft, ...head] = corners(template, Math.min(w, template.width * 0.92), h)
  const foot = [footRight, ...(footLeft ? [footLeft] : [])]
  const aboveBar = foot.flatMap((box) => {
    const bars = layout.artwork.filter((mark) => meets(box, mark) && mark.w >= template.width * 0.5)
    return bars.length === 0 ? [] : [{ ...box, y: Math.min(...bars.map((bar) => bar.y)) - h - template.height * 0.01 }]
  })
  return [...foot, ...aboveBar, ...head].find(clear)
}

/**
 * The largest part of `area` that no artwork covers: each mark that meets it cuts it above,
 * below, left or right of the mark, whichever leaves the most room.
 */
export function clearOfArtwork(area: Rect, artwork: Rect[]): Rect {
  let clear = area
  for (const mark of artwork) {
    if (!meets(clear, mark)) continue
    const parts: Rect[] = [
      { ...clear, h: mark.y - clear.y },
      { ...clear, y: mark.y + mark.h, h: clear.y + clear.h - mark.y - mark.h },
      { ...clear, w: mark.x - clear.x },
      { ...clear, x: mark.x + mark.w, w: clear.x + clear.w - mark.x - mark.w },
    ]
    clear = parts.filter((part) => part.w > 0 && part.h > 0).sort((a, b) => b.w * b.h - a.w * a.h)[0] ?? clear
  }
  return clear
}
