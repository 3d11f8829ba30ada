/**
 * The PowerPoint writer: a native, editable PPTX of a deck (issue 12).
 *
 * Two steps, so that the browser stays in the browser layer:
 * 1. `measureSlides(page)` reads the deck's print page, open in Chromium, into `DeckGeometry`;
 * 2. `renderPptx(deck, { geometry, template })` writes the PPTX from the deck and that geometry,
 *    without a browser.
 *
 * Without a template the slides use talkdeck's own masters in the deck's theme; with a template
 * (`.pptx`/`.potx`) they use the template's masters and layouts (see `read-template.ts`).
 */
import { PptxGenJS } from './pptxgen.js'
import JSZip from 'jszip'
import type { ResolvedDeck } from '../../deck/types.js'
import { TalkdeckError, type Problem } from '../../errors.js'
import type { DeckGeometry } from './geometry.js'
import { fixReadingOrder } from './accessibility.js'
import { addFooterPlaceholders } from './footer-placeholders.js'
import { applyTemplate } from './apply-template.js'
import { fixSchema, fixSlides, setTextLanguage, writeKeywords, writeThemeColors } from './package-fixes.js'
import { readTemplate, type PptxTemplate } from './read-template.js'
import { logoWarning } from './template-branding.js'
import { addTemplateSlide, defineTemplateMaster, smallTextWarning, type TemplateSlidePlan } from './template-slides.js'
import type { RunStyle } from './text-runs.js'
import { addThemedSlide, defineThemedMasters, masterName, type ThemedSlidePlan } from './themed-slides.js'
import { uncapturedWarnings } from './uncaptured.js'
import { inches } from './units.js'

export type { DeckGeometry } from './geometry.js'
export { measureSlides } from './measure-slides.js'

export interface PptxOptions {
  /** The deck as Chromium laid it out: `measureSlides` on its print page. */
  geometry: DeckGeometry
  /**
   * A PowerPoint template (`.pptx` or `.potx`) whose masters and layouts the slides use, or one
   * already read (`readTemplate`); `null` for talkdeck's own. @default the deck's `pptx.template`
   */
  template?: string | PptxTemplate | null
}

export { readTemplate } from './read-template.js'
export { templateShape } from './template-slides.js'

export interface PptxResult {
  bytes: Uint8Array
  slides: number
  warnings: Problem[]
}

/**
 * Writes a deck as PPTX. Throws `ConfigError` naming the file for a template that is missing,
 * not a PowerPoint file, or has no layout with a title; other problems are `warnings`.
 */
export async function renderPptx(deck: ResolvedDeck, options: PptxOptions): Promise<PptxResult> {
  const { geometry } = options
  if (geometry.slides.length !== deck.slides.length) {
    throw new TalkdeckError(`deck ${deck.id}: measured ${geometry.slides.length} slides for ${deck.slides.length}`)
  }
  const given = options.template === undefined ? deck.pptx.template : options.template
  // Read the template first: a bad one fails before any work.
  const template = typeof given === 'string' ? await readTemplate(given, deck.pptx.layouts) : (given ?? undefined)
  const warnings: Problem[] = uncapturedWarnings(deck, geometry)

  const pres = new PptxGenJS()
  // A template keeps its own slide size: its layouts are drawn for it.
  const size = template ? { width: template.width, height: template.height } : geometry
  pres.defineLayout({ name: 'talkdeck', width: inches(size.width), height: inches(size.height) })
  pres.layout = 'talkdeck'
  pres.title = deck.title
  if (deck.author) pres.author = deck.author
  pres.subject = deck.subtitle ?? deck.topic.summary
  pres.company = deck.event ?? ''
  if (!template) pres.theme = { headFontFace: geometry.theme.fonts.heading, bodyFontFace: geometry.theme.fonts.body }

  const anchors = new Map(geometry.slides.map((slide, index) => [slide.id, index + 1]))
  const style: RunStyle = {
    monoFont: geometry.theme.fonts.mono,
    language: deck.language,
    slideOf: (anchor) => anchors.get(anchor),
  }
  const placed: ThemedSlidePlan[] = []
  const plans: TemplateSlidePlan[] = []
  const context = { deck, geometry, style, warnings }
  if (template) {
    defineTemplateMaster(pres)
    geometry.slides.forEach((slide, index) => plans.push(addTemplateSlide(pres, slide, index, { ...context, template })))
    warnings.push(...smallTextWarning(deck, plans, template), ...logoWarning(deck, plans, template))
  } else {
    defineThemedMasters(pres, geometry)
    geometry.slides.forEach((slide, index) => placed.push(addThemedSlide(pres, slide, index, context)))
  }

  const written = (await pres.write({ outputType: 'uint8array' })) as Uint8Array
  let zip = await JSZip.loadAsync(written)
  await fixSchema(zip, geometry.theme.fonts.mono)
  if (template) {
    zip = await applyTemplate(zip, template, plans)
  } else {
    await fixSlides(zip, placed, { srgb: geometry.theme.colors.accent })
    await addFooterPlaceholders(zip, geometry, masterName)
    await writeThemeColors(zip, geometry, deck.theme.name)
  }
  await fixReadingOrder(zip)
  // After the template's parts are in: the slide-number field a template brings is text of the deck too.
  await setTextLanguage(zip, deck.language, deck.direction)
  await writeKeywords(zip, deck.keywords)
  const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } })
  return { bytes, slides: geometry.slides.length, warnings }
}
