/**
 * The deck as Markdown — title, each slide's heading, its text and points, its items, the speaker's
 * notes and the numbered sources with their URLs — for a reviewer to read and comment on, or to
 * paste into a mail. Made from the resolved deck alone: no browser, no layout. The deck's texts are
 * inline Markdown already and are written as they are.
 */
import type { Messages } from '../data/messages.js'
import { fillMessage } from '../deck/resolve-messages.js'
import { formatDate } from './handlebars.js'
import { deckLength } from './pages.js'
import type { ResolvedDeck, ResolvedItem, ResolvedSlide, ResolvedSource, ResolvedTable } from '../deck/types.js'

export function renderMarkdownOutline(deck: ResolvedDeck): string {
  const about = [deck.author, deck.event, deck.date].filter(Boolean).join(' · ')
  const facts = [...deckLength(deck), deck.topic.asOf ? fillMessage(deck.messages.factsAsOf, { date: formatDate(deck.topic.asOf, deck.language) }) : null]
  const blocks = [
    `# ${deck.title}`,
    deck.subtitle,
    [about, facts.filter(Boolean).join(', ')].filter(Boolean).join(' — '),
    // The sources slides are the list at the end, with the addresses a mail needs.
    ...deck.slides.filter((slide) => slide.role !== 'reference').map((slide) => slideBlock(slide, deck)),
    sourcesBlock(deck.sources, deck.messages.sources),
  ]
  return `${blocks.filter((block): block is string => Boolean(block)).join('\n\n')}\n`
}

function slideBlock(slide: ResolvedSlide, deck: ResolvedDeck): string {
  const heading = slide.title ?? slide.item?.title ?? (slide.role === 'title' ? deck.title : slide.role === 'agenda' || slide.role === 'closing' ? deck.messages[slide.role] : slide.layout)
  const part = slide.part && slide.part.count > 1 ? ` (${slide.part.index}/${slide.part.count})` : ''
  const lines = [`## ${slide.number}. ${heading}${part}`]
  const add = (block: string | null | undefined) => block && lines.push('', block)
  add(slide.subtitle)
  add(slide.text)
  add(list(slide.points))
  add(slide.body?.markdown.trim())
  add(slide.table && table(slide.table))
  // An agenda slide shows the sections; the outline lists them.
  if (slide.role === 'agenda') add(list(deck.sections.map((section) => `${section.title}${section.minutes ? ` (${section.minutes} min)` : ''}`)))
  for (const column of slide.columns) add(`**${column.title}**\n\n${list(column.points)}`)
  add(slide.metric && `**${slide.metric.value}** ${slide.metric.label}`)
  add(slide.quote && `> ${slide.quote.text}\n>\n> — ${slide.quote.by}`)
  add(slide.code && fence(slide.code.lang, slide.code.source))
  add(slide.image && `![${slide.image.alt}](${slide.image.src})`)
  // A slide of one item shows it under the slide's own heading; several items each get theirs.
  for (const item of slide.items) add(itemBlock(item, slide.items.length > 1 || slide.title !== null, deck.messages))
  add(slide.sources.length ? `${deck.messages.sources}: ${slide.sources.map((source) => `[${source.number}]`).join(' ')}` : null)
  add(slide.notes && `${deck.messages.notes}: ${slide.notes.trim().replace(/\n+/g, ' ')}`)
  return lines.join('\n')
}

function itemBlock(item: ResolvedItem, withHeading: boolean, messages: Messages): string {
  const badges = [item.version ? `Linux ${item.version}` : null, item.date, item.statusWord?.label, item.severityWord?.label].filter(Boolean)
  const lines = withHeading ? [`### ${item.title}${badges.length ? ` (${badges.join(', ')})` : ''}`, ''] : []
  lines.push(item.summary)
  if (item.points.length) lines.push('', list(item.points))
  if (item.body) lines.push('', item.body.markdown.trim())
  if (item.table) lines.push('', table(item.table))
  if (item.mitigation) lines.push('', `${messages.mitigation} ${item.mitigation}`)
  if (item.metric) lines.push('', `**${item.metric.value}** ${item.metric.label}`)
  if (item.quote) lines.push('', `> ${item.quote.text}\n>\n> — ${item.quote.by}`)
  if (item.code) lines.push('', fence(item.code.lang, item.code.source))
  return lines.join('\n')
}


const list = (points: string[]): string => points.map((point) => `- ${point}`).join('\n')

/** A GFM table: its cells are inline Markdown already; a pipe in one is escaped so it stays in its cell. */
function table({ columns, rows, caption }: ResolvedTable): string {
  const line = (cells: string[]) => `| ${cells.map((cell) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`
  const rule = columns.map((column) => (column.align === 'center' ? ':---:' : column.align === 'right' ? '---:' : '---'))
  const lines = [line(columns.map((column) => column.text)), `| ${rule.join(' | ')} |`, ...rows.map((row) => line(row.map((cell) => cell.text)))]
  return caption ? `${lines.join('\n')}\n\n*${caption}*` : lines.join('\n')
}

/** A fence longer than any run of backticks in the code, so that the code cannot close it. */
function fence(lang: string, source: string): string {
  const longest = Math.max(2, ...(source.match(/`+/g) ?? []).map((run) => run.length))
  const marks = '`'.repeat(longest + 1)
  return `${marks}${lang}\n${source.replace(/\n$/, '')}\n${marks}`
}

function sourcesBlock(sources: ResolvedSource[], heading: string): string | null {
  if (!sources.length) return null
  const entries = sources.map((source) => {
    const about = [source.publisher, source.date].filter(Boolean).join(', ')
    return `${source.number}. [${source.title}](${source.url})${about ? ` — ${about}` : ''}`
  })
  return `## ${heading}\n\n${entries.join('\n')}`
}
