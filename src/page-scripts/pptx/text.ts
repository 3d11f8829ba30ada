/**
 * Text as PowerPoint takes it: an element's runs in reading order, each with its computed format,
 * a paragraph of them, and a badge inside a line drawn as a pill over the room it keeps.
 */
import type { Block, Paragraph, Run } from '../../export/pptx/geometry.js'
import { colorOf, contrastRatio, hexOf, rgbOfHex } from '../colors.js'
import { firstFamily, lineHeightOf, px } from '../css.js'
import { backdropOf, borderOf, insetOf } from './boxes.js'
import { markOf, type SlideCapture } from './capture.js'

export interface RunOptions {
  /** Preformatted text: whitespace and line breaks kept (code). */
  pre?: boolean
  /** Elements left out (a generic paragraph's children captured on their own). */
  skip?: (element: Element) => boolean
}

export const isBadge = (element: Element): boolean => markOf(element) === 'badge'

/** The side text keeps to: `start` and `end` (talkdeck's CSS) are right and left in a right-to-left deck. */
export function alignOf(style: CSSStyleDeclaration): Paragraph['align'] {
  const rtl = style.direction === 'rtl'
  if (style.textAlign === 'center' || style.textAlign === 'left' || style.textAlign === 'right') return style.textAlign
  if (style.textAlign === 'end') return rtl ? 'left' : 'right'
  return rtl ? 'right' : 'left'
}

/** The string a `::before`/`::after` shows, when it is a plain string. */
function pseudoText(element: Element, which: '::before' | '::after'): string {
  return /^"(.*)"$/.exec(getComputedStyle(element, which).content)?.[1] ?? ''
}

function runOf(text: string, style: CSSStyleDeclaration, element: Element, root: Element, pre: boolean): Run {
  const run: Run = { text: style.textTransform === 'uppercase' ? text.toUpperCase() : text, size: px(style.fontSize), color: hexOf(style.color) }
  if (Number(style.fontWeight) >= 600) run.bold = true
  if (style.fontStyle === 'italic') run.italic = true
  // Bold or italic the text's own markup asks for (Markdown's ** and *), not the theme's heading
  // style: on a company template only these stay.
  const strong = element.closest('strong, b')
  if (run.bold && strong && root.contains(strong)) run.strong = true
  const emphasis = element.closest('em, i')
  if (run.italic && emphasis && root.contains(emphasis)) run.emphasis = true
  if (/mono/i.test(style.fontFamily)) run.mono = true
  const inlineCode = pre ? null : element.closest('code')
  if (inlineCode) {
    const background = colorOf(getComputedStyle(inlineCode).backgroundColor)
    if (background.alpha > 0) run.highlight = background.hex
  }
  const href = element.closest('a')?.getAttribute('href')
  if (href) run.href = href
  return run
}

const sameFormat = (a: Run, b: Run) =>
  a.size === b.size && a.color === b.color && !!a.bold === !!b.bold && !!a.italic === !!b.italic && !!a.strong === !!b.strong &&
  !!a.emphasis === !!b.emphasis && !!a.mono === !!b.mono && a.href === b.href && a.highlight === b.highlight

/** Joins runs that share a format; a line break (an empty `breakBefore` run) starts the next run's line. */
function mergeRuns(runs: Run[], pre: boolean): Run[] {
  const merged: Run[] = []
  let breakNext = false
  for (const run of runs) {
    if (run.breakBefore && !run.text) {
      breakNext = merged.length > 0
      continue
    }
    const last = merged[merged.length - 1]
    if (breakNext) {
      if (last) last.text = last.text.replace(/\s+$/, '')
      merged.push({ ...run, text: run.text.replace(/^\s+/, ''), breakBefore: true })
      breakNext = false
    } else if (last && sameFormat(last, run)) last.text += run.text
    else merged.push({ ...run })
  }
  if (!pre) {
    // Not \s: a badge's room (no-break spaces) may lead the line.
    if (merged[0]) merged[0].text = merged[0].text.replace(/^[ \t\n\r\f]+/, '')
    const last = merged[merged.length - 1]
    if (last) last.text = last.text.replace(/\s+$/, '')
  }
  return merged.filter((run) => run.text.length > 0)
}

/** Text runs of an element, in reading order, each with its computed format. */
export function runsOf(root: Element, capture: SlideCapture, options: RunOptions = {}): Run[] {
  const pre = options.pre ?? false
  const runs: Run[] = []
  const push = (text: string, style: CSSStyleDeclaration, element: Element) => {
    if (text) runs.push(runOf(text, style, element, root, pre))
  }
  const walk = (element: Element) => {
    const style = getComputedStyle(element)
    if (style.display === 'none' || style.visibility === 'hidden') return
    // A block inside the paragraph (a source's address) starts a line of its own.
    if (element !== root && !style.display.startsWith('inline')) runs.push({ text: '', size: px(style.fontSize), color: hexOf(style.color), breakBefore: true })
    push(pseudoText(element, '::before'), getComputedStyle(element, '::before'), element)
    for (const child of Array.from(element.childNodes)) {
      if (child.nodeType === Node.TEXT_NODE) {
        const raw = child.textContent ?? ''
        push(pre ? raw : raw.replace(/\s+/g, ' '), style, element)
      } else if (child instanceof Element && !options.skip?.(child)) {
        if (isBadge(child)) runs.push(badgeRoom(child, style, capture))
        else walk(child)
      }
    }
    push(pseudoText(element, '::after'), getComputedStyle(element, '::after'), element)
  }
  walk(root)
  return mergeRuns(runs, pre)
}

/**
 * A badge inside a line of text (card titles) is drawn as a pill over the line, which keeps the
 * badge's room as spaces: as a coloured run it took the pill's background colour, unreadable on a
 * dark card. No-break spaces: a paragraph's leading spaces are trimmed.
 */
function badgeRoom(badge: Element, lineStyle: CSSStyleDeclaration, capture: SlideCapture): Run {
  const pill = pillOf(badge, capture)
  capture.pills.push(pill)
  const width = pill.rect.w + px(getComputedStyle(badge).marginRight)
  const size = px(lineStyle.fontSize)
  return { text: '\u00A0'.repeat(Math.max(1, Math.round(width / (size * 0.28)))), size, color: hexOf(lineStyle.color) }
}

export function paragraphOf(element: Element, capture: SlideCapture, extra: Partial<Paragraph> = {}, options: RunOptions = {}): Paragraph {
  const style = getComputedStyle(element)
  return { runs: runsOf(element, capture, options), lineHeight: lineHeightOf(style), align: alignOf(style), ...extra }
}

/**
 * A badge as a pill: a rounded box filled with its background (a quiet badge, outlined on the
 * slide, with what is behind it) and its text in its colour, or black or white where that colour
 * does not read on the fill at 4.5:1.
 */
export function pillOf(badge: Element, capture: SlideCapture): Block {
  const style = getComputedStyle(badge)
  const rect = capture.rectOf(badge)
  const background = colorOf(style.backgroundColor)
  const fill = background.alpha > 0.5 ? background.hex : backdropOf(badge.parentElement)
  const paragraph = { ...paragraphOf(badge, capture), align: 'center' as const }
  const onFill = (color: string) => contrastRatio(rgbOfHex(color), rgbOfHex(fill))
  for (const run of paragraph.runs) {
    if (onFill(run.color) < 4.5) run.color = onFill('FFFFFF') > onFill('000000') ? 'FFFFFF' : '000000'
  }
  return {
    role: 'badge', rect, paragraphs: [paragraph], font: firstFamily(style.fontFamily), shape: 'rect', fill, border: borderOf(style),
    radius: rect.h / 2, inset: insetOf(style), valign: 'middle',
  }
}
