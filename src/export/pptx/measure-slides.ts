/**
 * Reads the print page, laid out by Chromium at the deck's size, into `DeckGeometry`: where each
 * slide's title, text, cards, timeline, code, pictures and branding are, with their computed
 * fonts, sizes and colours. The PPTX writer places native shapes at those positions, so a slide
 * looks like the deck and its text was already fitted by the same CSS that fits the PDF.
 *
 * This is the only file of the PPTX writer that needs a browser: it takes a page of the browser
 * layer with the print page open and its fonts loaded (see `openPrintPage`).
 */
import type { BrowserPage } from '../../browser/page.js'
import type { DeckGeometry } from './geometry.js'

/** Colour properties of the theme read from `:root` (see templates/styles/layouts.css). */
const THEME_COLORS = [
  'bg', 'fg', 'heading', 'muted', 'accent', 'accent-text', 'accent-contrast', 'link', 'surface', 'border',
  'badge-bg', 'badge-fg', 'code-bg', 'code-fg', 'code-border', 'code-keyword', 'code-string', 'code-comment',
  'code-number', 'code-function', 'code-type', 'code-meta', 'inline-code-bg',
]

/** Images wider or taller than this are scaled down when the browser converts them to PNG. */
const MAX_CONVERTED_SIDE = 2400

export async function measureSlides(page: BrowserPage): Promise<DeckGeometry> {
  // Everything below runs in the page. It is one function without helpers from outside, since
  // its source text is sent to the browser.
  return page.evaluate(
    async ({ themeColors, maxSide }) => {
      type R = { x: number; y: number; w: number; h: number }
      type RunT = { text: string; size: number; color: string; bold?: boolean; italic?: boolean; strong?: boolean; emphasis?: boolean; mono?: boolean; highlight?: string; href?: string; breakBefore?: boolean }
      type ParaT = { runs: RunT[]; bullet?: 'bullet' | 'number'; number?: number; bulletColor?: string; indent?: number; align?: 'left' | 'center' | 'right'; lineHeight: number; spaceBefore?: number }
      type BlockT = {
        role: string; rect: R; paragraphs?: ParaT[]; font?: string; shape?: 'rect' | 'ellipse'; fill?: string; fillAlpha?: number
        border?: { color: string; width: number }; radius?: number; inset?: { left: number; top: number; right: number; bottom: number }
        valign?: 'top' | 'middle' | 'bottom'; image?: { src: string; alt: string; png?: string; error?: string }
      }

      const canvas = document.createElement('canvas').getContext('2d')
      /** Any CSS colour → `RRGGBB` and its alpha; the canvas normalises every syntax. */
      const colorOf = (css: string): { hex: string; alpha: number } => {
        if (!canvas) return { hex: '000000', alpha: 1 }
        canvas.fillStyle = '#000000'
        canvas.fillStyle = css
        const value = String(canvas.fillStyle)
        if (value.startsWith('#')) return { hex: value.slice(1).toUpperCase(), alpha: 1 }
        const parts = value.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0]
        const hex = parts.slice(0, 3).map((n) => Math.round(n).toString(16).padStart(2, '0')).join('').toUpperCase()
        return { hex, alpha: parts[3] ?? 1 }
      }
      const hex = (css: string) => colorOf(css).hex
      const firstFamily = (stack: string) => (stack.split(',')[0] ?? '').trim().replace(/^['"]|['"]$/g, '')
      const px = (value: string) => parseFloat(value) || 0
      const visible = (element: Element) => {
        const style = getComputedStyle(element)
        return style.display !== 'none' && style.visibility !== 'hidden'
      }
      const lineHeightOf = (style: CSSStyleDeclaration) => (style.lineHeight === 'normal' ? px(style.fontSize) * 1.2 : px(style.lineHeight))
      const alignOf = (style: CSSStyleDeclaration): ParaT['align'] => (style.textAlign === 'center' ? 'center' : style.textAlign === 'right' || style.textAlign === 'end' ? 'right' : 'left')
      /** The string a `::before`/`::after` shows, when it is a plain string. */
      const pseudoText = (element: Element, which: '::before' | '::after') => {
        const content = getComputedStyle(element, which).content
        const match = /^"(.*)"$/.exec(content)
        return match?.[1] ?? ''
      }
      /** `box-shadow: inset 0 0 0 Npx colour` draws talkdeck's borders. */
      const insetBorder = (style: CSSStyleDeclaration) => {
        const shadow = style.boxShadow
        if (!shadow || shadow === 'none' || !shadow.includes('inset')) {
          const width = px(style.borderTopWidth)
          return width > 0 && style.borderTopStyle !== 'none' ? { color: hex(style.borderTopColor), width } : undefined
        }
        const color = /(rgba?\([^)]*\)|#[0-9a-f]+|[a-z]+\([^)]*\))/i.exec(shadow)?.[1] ?? 'transparent'
        const lengths = shadow.replace(/(rgba?\([^)]*\)|[a-z]+\([^)]*\))/gi, '').match(/-?[\d.]+px/g) ?? []
        const width = px(lengths[3] ?? '0')
        if (width <= 0 || colorOf(color).alpha === 0) return undefined
        return { color: hex(color), width }
      }
      const fillOf = (style: CSSStyleDeclaration) => {
        const { hex: color, alpha } = colorOf(style.backgroundColor)
        return alpha === 0 ? undefined : { fill: color, ...(alpha < 1 ? { fillAlpha: alpha } : {}) }
      }
      const insetOf = (style: CSSStyleDeclaration) => ({ left: px(style.paddingLeft), top: px(style.paddingTop), right: px(style.paddingRight), bottom: px(style.paddingBottom) })

      /** Text runs of an element, in reading order, each with its computed format. */
      const runsOf = (root: Element, options: { pre?: boolean; breakBefore?: Element } = {}): RunT[] => {
        const runs: RunT[] = []
        const push = (text: string, style: CSSStyleDeclaration, element: Element) => {
          if (!text) return
          if (style.textTransform === 'uppercase') text = text.toUpperCase()
          const link = element.closest('a')
          const inlineCode = !options.pre ? element.closest('code') : null
          const run: RunT = { text, size: px(style.fontSize), color: hex(style.color) }
          if (Number(style.fontWeight) >= 600) run.bold = true
          if (style.fontStyle === 'italic') run.italic = true
          // Bold or italic the text's own markup asks for (Markdown's ** and *), not the theme's
          // heading style: on a company template only these stay.
          const strong = element.closest('strong, b')
          if (run.bold && strong && root.contains(strong)) run.strong = true
          const emphasis = element.closest('em, i')
          if (run.italic && emphasis && root.contains(emphasis)) run.emphasis = true
          if (/mono/i.test(style.fontFamily)) run.mono = true
          if (inlineCode) {
            const background = colorOf(getComputedStyle(inlineCode).backgroundColor)
            if (background.alpha > 0) run.highlight = background.hex
          }
          const href = link?.getAttribute('href')
          if (href) run.href = href
          runs.push(run)
        }
        const walk = (element: Element) => {
          const style = getComputedStyle(element)
          if (style.display === 'none' || style.visibility === 'hidden') return
          // A block inside the paragraph (a source's address) starts a line of its own.
          if (element === options.breakBefore) runs.push({ text: '', size: px(style.fontSize), color: hex(style.color), breakBefore: true })
          const before = pseudoText(element, '::before')
          if (before) push(before, getComputedStyle(element, '::before'), element)
          for (const child of Array.from(element.childNodes)) {
            if (child.nodeType === Node.TEXT_NODE) {
              const raw = child.textContent ?? ''
              push(options.pre ? raw : raw.replace(/\s+/g, ' '), style, element)
            } else if (child instanceof Element) {
              // A badge inside a line of text (card titles, timeline) becomes a coloured run.
              // A badge inside a line of text (card titles) is drawn as a pill over the line, which
              // keeps the badge's room as spaces: as a coloured run it took the pill's background
              // colour, unreadable on a dark card.
              if (child.classList.contains('td-badge')) {
                const pill = pillOf(child)
                pills.push(pill)
                const width = pill.rect.w + px(getComputedStyle(child).marginRight)
                // No-break spaces: a paragraph's leading spaces are trimmed.
                runs.push({ text: '\u00A0'.repeat(Math.max(1, Math.round(width / (px(style.fontSize) * 0.28)))), size: px(style.fontSize), color: hex(style.color) })
                continue
              }
              walk(child)
            }
          }
          const after = pseudoText(element, '::after')
          if (after) push(after, getComputedStyle(element, '::after'), element)
        }
        walk(root)
        // Trim the paragraph's outer whitespace and join runs that share a format.
        const merged: RunT[] = []
        let breakNext = false
        for (const run of runs) {
          if (run.breakBefore && !run.text) {
            breakNext = merged.length > 0
            continue
          }
          if (breakNext) {
            const last = merged[merged.length - 1]
            if (last) last.text = last.text.replace(/\s+$/, '')
            merged.push({ ...run, text: run.text.replace(/^\s+/, ''), breakBefore: true })
            breakNext = false
            continue
          }
          const last = merged[merged.length - 1]
          if (last && last.size === run.size && last.color === run.color && !!last.bold === !!run.bold && !!last.italic === !!run.italic && !!last.strong === !!run.strong && !!last.emphasis === !!run.emphasis && !!last.mono === !!run.mono && last.href === run.href && last.highlight === run.highlight) {
            last.text += run.text
          } else merged.push({ ...run })
        }
        if (!options.pre) {
          // Not \s: a badge's room (no-break spaces) may lead the line.
          if (merged[0]) merged[0].text = merged[0].text.replace(/^[ \t\n\r\f]+/, '')
          const last = merged[merged.length - 1]
          if (last) last.text = last.text.replace(/\s+$/, '')
        }
        return merged.filter((run) => run.text.length > 0)
      }
      const luminance = (color: string) => {
        const [r, g, b] = [0, 2, 4].map((i) => {
          const c = parseInt(color.slice(i, i + 2), 16) / 255
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
        }) as [number, number, number]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
      }
      const contrast = (a: string, b: string) => {
        const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
        return (high + 0.05) / (low + 0.05)
      }
      /** The colour an element shows behind it: its own background or the nearest ancestor's. */
      const backdropOf = (element: Element | null): string => {
        for (let at = element; at; at = at.parentElement) {
          const background = colorOf(getComputedStyle(at).backgroundColor)
          if (background.alpha > 0.5) return background.hex
        }
        return 'FFFFFF'
      }
      /** Badges of the slide being read: pills drawn over their line, after everything else. */
      let pills: BlockT[] = []
      /** An element's rectangle on the slide being read. */
      let rectOf = (element: Element): R => ({ x: 0, y: 0, w: element.clientWidth, h: element.clientHeight })
      /**
       * A badge as a pill: a rounded box filled with its background (a quiet badge, outlined on
       * the slide, with what is behind it) and its text in its colour, or black or white where
       * that colour does not read on the fill at 4.5:1.
       */
      function pillOf(badge: Element): BlockT {
        const style = getComputedStyle(badge)
        const rect = rectOf(badge)
        const fill = colorOf(style.backgroundColor).alpha > 0.5 ? colorOf(style.backgroundColor).hex : backdropOf(badge.parentElement)
        const paragraph = { ...paragraphOf(badge), align: 'center' as const }
        for (const run of paragraph.runs) {
          if (contrast(run.color, fill) < 4.5) run.color = contrast('FFFFFF', fill) > contrast('000000', fill) ? 'FFFFFF' : '000000'
        }
        return {
          role: 'badge', rect, paragraphs: [paragraph], font: firstFamily(style.fontFamily), shape: 'rect', fill, border: insetBorder(style),
          radius: rect.h / 2, inset: insetOf(style), valign: 'middle',
        }
      }
      const paragraphOf = (element: Element, extra: Partial<ParaT> = {}): ParaT => {
        const style = getComputedStyle(element)
        return { runs: runsOf(element), lineHeight: lineHeightOf(style), align: alignOf(style), ...extra }
      }

      /** Draws a picture into a PNG data URL: for formats PowerPoint cannot show (SVG, WebP, AVIF…). */
      const toPng = async (image: HTMLImageElement): Promise<{ png?: string; error?: string }> => {
        try {
          if (!image.complete) await image.decode()
        } catch {
          // reported below through naturalWidth
        }
        if (!image.naturalWidth) return { error: 'the image did not load' }
        const scale = Math.min(1, maxSide / Math.max(image.naturalWidth, image.naturalHeight))
        // Vector images are drawn at twice their layout size, so they stay sharp when projected.
        const vector = /\.svg(\?|#|$)/i.test(image.currentSrc) || image.currentSrc.startsWith('data:image/svg')
        const rect = image.getBoundingClientRect()
        const width = Math.round(vector ? Math.max(rect.width * 2, 16) : image.naturalWidth * scale)
        const height = Math.round(vector ? Math.max(rect.height * 2, 16) : image.naturalHeight * scale)
        const surface = document.createElement('canvas')
        surface.width = width
        surface.height = height
        const context = surface.getContext('2d')
        if (!context) return { error: 'no canvas' }
        context.drawImage(image, 0, 0, width, height)
        try {
          return { png: surface.toDataURL('image/png') }
        } catch (error) {
          return { error: String(error) }
        }
      }
      const NATIVE_IMAGE = /\.(png|jpe?g|gif)(\?.*)?$/i

      const rootStyle = getComputedStyle(document.documentElement)
      const colors: Record<string, string> = {}
      for (const name of themeColors) {
        const value = rootStyle.getPropertyValue(`--td-${name}`).trim()
        if (value) colors[name] = hex(value)
      }
      const fonts = {
        heading: firstFamily(rootStyle.getPropertyValue('--td-font-heading')),
        body: firstFamily(rootStyle.getPropertyValue('--td-font-body')),
        mono: firstFamily(rootStyle.getPropertyValue('--td-font-mono')),
      }

      const sections = Array.from(document.querySelectorAll<HTMLElement>('.slides > section'))
      const first = sections[0]?.getBoundingClientRect()
      const slides = []
      for (const section of sections) {
        const origin = section.getBoundingClientRect()
        rectOf = (element: Element): R => {
          const r = element.getBoundingClientRect()
          return { x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height }
        }
        const blocks: BlockT[] = []
        pills = []
        const body = section.querySelector<HTMLElement>('.td-body')
        const bodyStyle = body ? getComputedStyle(body) : getComputedStyle(section)
        const fontOf = (element: Element) => firstFamily(getComputedStyle(element).fontFamily)
        const textBlock = (role: string, element: Element, extra: Partial<BlockT> = {}) => {
          if (!visible(element)) return
          const paragraph = paragraphOf(element)
          if (paragraph.runs.length === 0) return
          blocks.push({ role, rect: rectOf(element), paragraphs: [paragraph], font: fontOf(element), ...extra })
        }
        /** A `::before`/`::after` drawn as a bar (the accent rule under titles). */
        const pseudoBar = (element: Element, which: '::before' | '::after', at: 'top' | 'bottom') => {
          const style = getComputedStyle(element, which)
          if (style.content === 'none' || style.display === 'none') return 0
          const width = px(style.width)
          const height = px(style.height)
          const fill = fillOf(style)
          if (!width || !height || !fill) return 0
          const host = rectOf(element)
          const y = at === 'top' ? host.y : host.y + host.h - height
          blocks.push({ role: 'rule', rect: { x: host.x, y, w: width, h: height }, shape: 'rect', ...fill })
          return height + px(style.marginTop)
        }

        if (body) {
          for (const bar of Array.from(body.querySelectorAll('.td-title-block, .td-section-block'))) pseudoBar(bar, '::before', 'top')

          // The title: the slide's first heading (split slides carry "k/n" in it).
          const heading = body.querySelector('h1, h2')
          if (heading) {
            const rule = pseudoBar(heading, '::after', 'bottom')
            const rect = rectOf(heading)
            blocks.push({ role: 'title', rect: { ...rect, h: rect.h - rule }, paragraphs: [paragraphOf(heading)], font: fontOf(heading) })
          }
          for (const [selector, role] of [
            ['.td-kicker', 'kicker'], ['.td-subtitle', 'subtitle'], ['.td-lead', 'lead'], ['.td-metric-value', 'metric-value'],
            ['.td-metric-label', 'metric-label'], ['.td-quote > p', 'quote'], ['.td-quote > footer', 'quote-by'],
          ] as const) {
            for (const element of Array.from(body.querySelectorAll(selector))) textBlock(role, element)
          }
          for (const byline of Array.from(body.querySelectorAll('.td-byline'))) {
            const parts = Array.from(byline.children).filter(visible)
            if (parts.length === 0) continue
            const runs = parts.flatMap((part, i) => {
              const own = runsOf(part)
              // A gap between byline parts, in the first part's style.
              return i > 0 && own[0] ? [{ ...own[0], text: '    ' }, ...own] : own
            })
            blocks.push({ role: 'byline', rect: rectOf(byline), paragraphs: [{ runs, lineHeight: lineHeightOf(getComputedStyle(byline)) }], font: fontOf(byline) })
          }
          for (const meta of Array.from(body.querySelectorAll('.td-head > .td-meta'))) {
            for (const badge of Array.from(meta.querySelectorAll('.td-badge'))) if (visible(badge)) blocks.push(pillOf(badge))
          }

          // Bullet lists: one text box, a paragraph per item.
          for (const list of Array.from(body.querySelectorAll('.td-points'))) {
            const gap = px(getComputedStyle(list).rowGap)
            const items = Array.from(list.querySelectorAll(':scope > li')).filter(visible)
            if (items.length === 0) continue
            const paragraphs = items.map((item, i) => paragraphOf(item, {
              bullet: 'bullet', bulletColor: hex(getComputedStyle(item, '::before').backgroundColor), indent: px(getComputedStyle(item).paddingLeft), ...(i > 0 ? { spaceBefore: gap } : {}),
            }))
            blocks.push({ role: 'points', rect: rectOf(list), paragraphs, font: fontOf(list) })
          }

          // Cards and comparison columns: a rounded box with its text inside.
          for (const [selector, role] of [['.td-card', 'card'], ['.td-column', 'column']] as const) {
            for (const box of Array.from(body.querySelectorAll(selector))) {
              const style = getComputedStyle(box)
              const gap = px(style.rowGap)
              const paragraphs: ParaT[] = []
              for (const child of Array.from(box.children).filter(visible)) {
                if (child.matches('ul, ol')) {
                  const listGap = px(getComputedStyle(child).rowGap)
                  Array.from(child.children).forEach((item, i) => {
                    paragraphs.push(paragraphOf(item, {
                      bullet: 'bullet', bulletColor: hex(getComputedStyle(item, '::marker').color), indent: px(getComputedStyle(child).paddingLeft),
                      spaceBefore: i === 0 ? gap : listGap,
                    }))
                  })
                } else {
                  paragraphs.push(paragraphOf(child, paragraphs.length > 0 ? { spaceBefore: gap } : {}))
                }
              }
              blocks.push({
                role, rect: rectOf(box), paragraphs, font: fontOf(box), shape: 'rect', ...fillOf(style), border: insetBorder(style),
                radius: px(style.borderTopLeftRadius), inset: insetOf(style), valign: 'top',
              })
            }
          }

          // Timeline: the rail, a dot per stop, and the stop's text.
          for (const list of Array.from(body.querySelectorAll('.td-timeline'))) {
            const rail = getComputedStyle(list, '::before')
            const host = rectOf(list)
            if (rail.content !== 'none') {
              blocks.push({ role: 'timeline-rail', rect: { x: host.x + px(rail.left), y: host.y + px(rail.top), w: host.w - px(rail.left) - px(rail.right), h: px(rail.height) }, shape: 'rect', ...fillOf(rail) })
            }
            for (const item of Array.from(list.querySelectorAll(':scope > li'))) {
              const at = rectOf(item)
              const dot = getComputedStyle(item, '::before')
              if (dot.content !== 'none') {
                // The dot's ring in the slide colour (a box-shadow) becomes its outline.
                const ring = /(rgba?\([^)]*\))[^,]*?\s([\d.]+)px$/.exec(dot.boxShadow.trim())
                blocks.push({
                  role: 'timeline-dot', rect: { x: at.x + px(dot.left), y: at.y + px(dot.top), w: px(dot.width), h: px(dot.height) }, shape: 'ellipse', ...fillOf(dot),
                  ...(ring ? { border: { color: hex(ring[1] ?? ''), width: px(ring[2] ?? '0') } } : {}),
                })
              }
              const style = getComputedStyle(item)
              const gap = px(style.rowGap)
              // A badge (the version) is a pill over a line of its height left empty.
              const paragraphs = Array.from(item.children).filter(visible).map((child, i): ParaT => {
                if (!child.classList.contains('td-badge')) return paragraphOf(child, i > 0 ? { spaceBefore: gap } : {})
                const pill = pillOf(child)
                pills.push(pill)
                return { runs: [{ text: ' ', size: px(getComputedStyle(child).fontSize), color: hex(getComputedStyle(child).color) }], lineHeight: pill.rect.h, ...(i > 0 ? { spaceBefore: gap } : {}) }
              })
              const top = px(style.paddingTop)
              blocks.push({ role: 'timeline-entry', rect: { x: at.x, y: at.y + top, w: at.w, h: at.h - top }, paragraphs, font: fontOf(item) })
            }
          }

          // Agenda: numbered entries linking to their section, each with a rule under it.
          for (const list of Array.from(body.querySelectorAll('.td-agenda'))) {
            Array.from(list.querySelectorAll(':scope > li')).forEach((item, i) => {
              const style = getComputedStyle(item)
              const number = getComputedStyle(item, '::before')
              const runs: RunT[] = [
                { text: String(i + 1).padStart(2, '0'), size: px(number.fontSize), color: hex(number.color), bold: true },
                { text: '   ', size: px(style.fontSize), color: hex(style.color) },
                ...runsOf(item),
              ]
              const rect = rectOf(item)
              const border = px(style.borderBottomWidth)
              blocks.push({ role: 'agenda-entry', rect: { ...rect, y: rect.y + px(style.paddingTop), h: rect.h - px(style.paddingTop) - px(style.paddingBottom) - border }, paragraphs: [{ runs, lineHeight: lineHeightOf(style) }], font: fontOf(item), valign: 'middle' })
              if (border > 0) blocks.push({ role: 'agenda-rule', rect: { x: rect.x, y: rect.y + rect.h - border, w: rect.w, h: border }, shape: 'rect', fill: hex(style.borderBottomColor) })
            })
          }

          // Code: a box of monospace lines, each token in its highlight colour.
          for (const pre of Array.from(body.querySelectorAll('pre.td-code'))) {
            const style = getComputedStyle(pre)
            const lineHeight = lineHeightOf(style)
            const paragraphs: ParaT[] = [{ runs: [], lineHeight }]
            for (const run of runsOf(pre, { pre: true })) {
              const lines = run.text.split('\n')
              lines.forEach((line, i) => {
                if (i > 0) paragraphs.push({ runs: [], lineHeight })
                if (line) paragraphs.at(-1)?.runs.push({ ...run, text: line, mono: true })
              })
            }
            while (paragraphs.length > 1 && paragraphs.at(-1)?.runs.length === 0) paragraphs.pop()
            blocks.push({
              role: 'code', rect: rectOf(pre), paragraphs, font: fontOf(pre), shape: 'rect', ...fillOf(style), border: insetBorder(style),
              radius: px(style.borderTopLeftRadius), inset: insetOf(style), valign: 'top',
            })
          }

          // Sources: "Facts as of …", then a text box per column of entries, each entry a paragraph
          // numbered by PowerPoint (its number once), its title, publisher and date, and its address
          // on a line of its own. A layout of a project's own with a plain list keeps one box.
          for (const asOf of Array.from(body.querySelectorAll('.td-sources-asof'))) textBlock('sources-asof', asOf)
          for (const list of Array.from(body.querySelectorAll('.td-sources'))) {
            const listRect = rectOf(list)
            const columns = new Map<number, { rect: R; paragraphs: ParaT[] }>()
            for (const item of Array.from(list.querySelectorAll<HTMLLIElement>(':scope > li')).filter(visible)) {
              const style = getComputedStyle(item)
              const text = item.querySelector('.td-source-text')
              const number = item.querySelector('.td-source-number')
              const at = rectOf(item)
              const indent = text ? rectOf(text).x - at.x : px(getComputedStyle(list).paddingLeft)
              const column = columns.get(Math.round(at.x)) ?? { rect: { x: at.x, y: at.y, w: at.w, h: 0 }, paragraphs: [] }
              const runs = text ? runsOf(text, { breakBefore: text.querySelector('.td-source-address') ?? undefined }) : runsOf(item)
              const lineHeight = Math.max(lineHeightOf(style), ...Array.from(item.querySelectorAll('*')).map((element) => lineHeightOf(getComputedStyle(element))))
              column.paragraphs.push({
                runs, lineHeight, align: 'left', bullet: 'number', number: item.value, indent,
                bulletColor: hex(getComputedStyle(number ?? item, number ? null : '::marker').color),
                ...(column.paragraphs.length > 0 ? { spaceBefore: px(style.marginBottom) + px(getComputedStyle(list).rowGap) } : {}),
              })
              column.rect.h = at.y + at.h - column.rect.y
              columns.set(Math.round(at.x), column)
            }
            for (const { rect, paragraphs } of columns.values()) {
              // Text boxes start where the list does; PowerPoint draws the numbers in the indent.
              blocks.push({ role: 'sources', rect: { ...rect, y: Math.min(rect.y, listRect.y) }, paragraphs, font: fontOf(list) })
            }
          }

          // The citation line: the label, then one link per source.
          for (const cite of Array.from(body.querySelectorAll('.td-cite'))) {
            const style = getComputedStyle(cite)
            const gap = ' '.repeat(Math.max(2, Math.round(px(style.columnGap) / (px(style.fontSize) * 0.3))))
            const runs: RunT[] = []
            for (const child of Array.from(cite.children)) {
              if (runs.length) runs.push({ text: gap, size: px(style.fontSize), color: hex(style.color) })
              runs.push(...runsOf(child))
            }
            blocks.push({ role: 'cite', rect: rectOf(cite), paragraphs: [{ runs, lineHeight: lineHeightOf(style) }], font: fontOf(cite) })
          }

          for (const image of Array.from(body.querySelectorAll<HTMLImageElement>('img'))) {
            if (!visible(image)) continue
            const src = image.getAttribute('src') ?? ''
            const converted = NATIVE_IMAGE.test(src) ? {} : await toPng(image)
            blocks.push({ role: 'image', rect: rectOf(image), image: { src, alt: image.alt, ...converted } })
          }
        }

        // Branding: logo, footer, confidentiality label, slide number.
        const brand = section.querySelector('.td-brand')
        if (brand && visible(brand)) {
          const logo = brand.querySelector<HTMLImageElement>('.td-brand-logo')
          if (logo) {
            const src = logo.getAttribute('src') ?? ''
            const converted = NATIVE_IMAGE.test(src) ? {} : await toPng(logo)
            blocks.push({ role: 'logo', rect: rectOf(logo), image: { src, alt: logo.alt, ...converted } })
          }
          const footer = brand.querySelector('.td-brand-footer')
          if (footer) textBlock('footer', footer)
          const label = brand.querySelector('.td-brand-label')
          if (label && visible(label)) {
            const style = getComputedStyle(label)
            blocks.push({
              role: 'label', rect: rectOf(label), paragraphs: [{ ...paragraphOf(label), align: 'center' }], font: fontOf(label), shape: 'rect',
              ...fillOf(style), radius: px(style.borderTopLeftRadius), inset: insetOf(style), valign: 'middle',
            })
          }
          const number = brand.querySelector('.td-brand-number')
          if (number) textBlock('slide-number', number)
        }

        blocks.push(...pills)
        slides.push({
          id: section.id,
          layout: section.dataset.layout ?? '',
          background: hex(bodyStyle.backgroundColor),
          blocks,
        })
      }
      return {
        width: first ? first.width : 0,
        height: first ? first.height : 0,
        theme: { colors, fonts },
        slides,
      }
    },
    { themeColors: THEME_COLORS, maxSide: MAX_CONVERTED_SIDE },
  ) as Promise<DeckGeometry>
}
