/**
 * How many cards a `cards` slide takes, decided before any browser sees it (issue 30): the layout's
 * `perSlide` (3) for cards of ordinary length, one more (a 2×2 grid) when every card is short, fewer
 * when the cards' text would not fit their columns (challenges with a mitigation, or a 4:3 slide),
 * and the cards shared evenly among the slides, so that 7 short cards are 4 + 3, not 4 + 3… or 3 + 3 + 1.
 *
 * The estimate sets the text as the browser will, with the font widths of source-pages.ts, in the
 * sizes of the `.td-card` rules in templates/styles/layouts.css: change both together. It errs on
 * the side of fewer cards; Chromium measures the result in `check` and in the tests, so an estimate
 * that falls short is a finding, not a silent cut.
 */
import { SLIDE_BODY } from './slide-body.js'
import { countLines } from './source-pages.js'
import type { SlideSize } from './types.js'

/** The geometry of a cards slide, in CSS px: the numbers of templates/styles/layouts.css. */
const CARDS = {
  ...SLIDE_BODY,
  /** `.td-lead` (contrast's 34 px) and the citation line: one line of 22 px (many sources show as numbers only). */
  leadSize: 34,
  leadLineHeight: 1.35,
  leadWidth: 1060,
  citeHeight: 22 * 1.35,
  /** `.td-cards` gap, `.td-card` padding and gap, its title's and text's sizes. */
  gridGap: 22,
  cardPadX: 26,
  cardPadY: 20,
  cardGap: 8,
  cardTitleSize: 28,
  cardTitleLineHeight: 1.2,
  cardTextSize: 24,
  cardTextLineHeight: 1.3,
  badgeSize: 17,
} as const

/** The steps of `densityOf` (src/render/render-slides.ts) and their `--td-scale` (.td-density-N in layouts.css). */
const DENSITY = [
  { above: 420, scale: 0.9 },
  { above: 620, scale: 0.82 },
] as const

/** What a card shows of an item: its title after its badges (version, date, status, severity, area), summary, mitigation. */
export interface CardText {
  title: string
  summary: string
  mitigation?: string | undefined
  version?: string | undefined
  date?: string | undefined
  status?: string | undefined
  severity?: string | undefined
  area?: string | undefined
}

/** The text as it reads: Markdown's marks and link targets do not take room. */
function plain(markdown: string): string {
  return markdown.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*_`]/g, '')
}

/** Columns and rows of the grid for `count` cards (`.td-cards-N` in layouts.css). */
export function cardGrid(count: number): { columns: number; rows: number } {
  if (count === 4) return { columns: 2, rows: 2 }
  if (count > 4) return { columns: 3, rows: Math.ceil(count / 3) }
  return { columns: Math.max(1, count), rows: 1 }
}

function cardHeight(card: CardText, width: number): number {
  const { cardPadX, cardPadY, cardGap, cardTitleSize, cardTitleLineHeight, cardTextSize, cardTextLineHeight, badgeSize } = CARDS
  const inner = width - 2 * cardPadX
  // A badge is a word of its own with 10 px of padding on each side and 10 px after it.
  const words = [card.version && `v${card.version}`, card.date && 'Sept 2026', card.status, card.severity && `${card.severity} risk`, card.area].filter((word): word is string => Boolean(word))
  const badges = words.map((badge) => ({ text: `${badge.replace(/ /g, '\u00a0')}\u00a0\u00a0\u00a0\u00a0`, size: badgeSize, bold: true }))
  const titleLines = countLines([...badges, { text: plain(card.title), size: cardTitleSize, bold: true }], inner)
  const text = (value: string) => countLines([{ text: plain(value), size: cardTextSize }], inner) * cardTextSize * cardTextLineHeight
  const mitigation = card.mitigation ? cardGap + text(`Mitigation: ${card.mitigation}`) : 0
  return 2 * cardPadY + titleLines * cardTitleSize * cardTitleLineHeight + cardGap + text(card.summary) + mitigation
}

/** Whether `cards` fit one slide of this size under a title (and lead). */
function fits(cards: CardText[], size: SlideSize, title: string, lead: string | null): boolean {
  const { padX, padTop, padBottom, bodyGap, titleSize, titleLineHeight, titleRule, leadSize, leadLineHeight, leadWidth, citeHeight, gridGap } = CARDS
  const width = size.width - 2 * padX
  // The title carries "k/n" when the cards take more than one slide.
  // A dense slide sets its title smaller (densityOf in src/render/render-slides.ts; --td-scale in layouts.css).
  const characters = (lead?.length ?? 0) + (cards.length > 1 ? cards.reduce((sum, card) => sum + card.title.length + card.summary.length, 0) : 0)
  const scale = DENSITY.reduce((value, step) => (characters > step.above ? step.scale : value), 1)
  const titleFont = Math.max(36, titleSize * scale)
  const head = countLines([{ text: plain(title), size: titleFont, bold: true }, { text: ' 10/10', size: titleFont / 2 }], width) * titleFont * titleLineHeight + titleRule
  const leadHeight = lead ? bodyGap + countLines([{ text: plain(lead), size: leadSize }], Math.min(width, leadWidth)) * leadSize * leadLineHeight : 0
  const height = size.height - padTop - padBottom - head - leadHeight - citeHeight - 2 * bodyGap
  const { columns, rows } = cardGrid(cards.length)
  const cell = { width: (width - (columns - 1) * gridGap) / columns, height: (height - (rows - 1) * gridGap) / rows }
  return cards.every((card) => cardHeight(card, cell.width) <= cell.height)
}

/** `list` in `slides` runs as even as can be, the longer ones first: 7 in 2 → 4 + 3. */
export function splitEvenly<T>(list: T[], most: number): T[][] {
  const slides = Math.max(1, Math.ceil(list.length / Math.max(1, most)))
  const runs: T[][] = []
  let start = 0
  for (let index = 0; index < slides; index++) {
    const length = Math.ceil((list.length - start) / (slides - index))
    runs.push(list.slice(start, start + length))
    start += length
  }
  return runs
}

/**
 * The most cards a slide takes: `usual + 1` when every slide of that split fits, else the largest
 * count up to `usual` that fits (at least 1: a card too long for a slide of its own still shows,
 * and `check` names the overflow).
 */
export function cardsPerSlide(cards: CardText[], usual: number, { size, title, lead }: { size: SlideSize; title: string; lead: string | null }): number {
  for (let most = usual + 1; most > 1; most--) {
    if (splitEvenly(cards, most).every((slide) => fits(slide, size, title, lead))) return most
  }
  return 1
}
