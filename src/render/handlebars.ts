import Handlebars from 'handlebars'
import { createPositionFinder, lineText } from '../data/text-position.js'
import { LIMITS } from '../defaults.js'
import { TemplateError, type Problem, type SourceLocation } from '../errors.js'
import { highlightCode } from './highlight.js'
import { precompiledTemplate } from './precompiled-templates.js'
import type { ResolvedBody, ResolvedDiagram } from '../deck/types.js'
import { renderDiagram } from './diagrams.js'
import { renderInlineMarkdown, renderMarkdownBlock } from './markdown.js'
import { renderBody } from './markdown-body.js'
import { renderChartFigure } from './chart-figure.js'
import type { ResolvedChart } from '../deck/resolve-chart.js'
import type { ResolvedDeck } from '../deck/types.js'
import { fillMessage } from '../deck/resolve-messages.js'
import type { MessageKey } from '../data/messages.js'

/** Where rendered HTML will be shown: links between slides differ between reveal.js and print. */
export type RenderTarget = 'reveal' | 'print'

export interface RenderData {
  target: RenderTarget
  /** Turns an absolute file path (image, logo) into a URL the page can load. */
  assetUrl: (absolutePath: string) => string
}

const SHORT_CODE_LINES = 6

/** The helpers a layout may use (see the README). */
export const HELPERS = ['md', 'mdBlock', 'mdBody', 'diagram', 'isWebUrl', 'highlight', 'shortCode', 'slideHref', 'assetUrl', 'formatDate', 'longer', 'eq', 'gt', 'join', 'add', 'host', 'manySources', 'chart', 't'] as const
/** "2022-12-11" → "Dec 2022" in English, "dic 2022" in Spanish, "2022年12月" in Chinese (Intl); anything else is shown as written. */
export function formatDate(date: string, language: string): string {
  const match = /^(\d{4})-(\d{2})/.exec(date)
  const month = Number(match?.[2])
  if (!match || month < 1 || month > 12) return date
  return new Intl.DateTimeFormat(language, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(Number(match[1]), month - 1, 1))
}

/**
 * An isolated Handlebars instance with talkdeck's helpers (never the global one, so two projects in
 * one process cannot see each other's partials). Helpers are pure; null renders as nothing.
 */
export function createHandlebars(partials: Map<string, { source: string; display: string; problems?: Problem[] }> = new Map()): typeof Handlebars {
  const hb = Handlebars.create()
  const safe = (html: string) => new hb.SafeString(html)
  const data = (options: Handlebars.HelperOptions) => options.data as { root: unknown } & RenderData
  // The theme a page is drawn in: its diagrams were drawn in the same one.
  const themeOf = (options: Handlebars.HelperOptions) => (data(options).root as { deck: ResolvedDeck }).deck.theme.file

  hb.registerHelper('md', (text: unknown) => safe(typeof text === 'string' ? renderInlineMarkdown(text) : ''))
  hb.registerHelper('mdBlock', (text: unknown) => safe(typeof text === 'string' ? renderMarkdownBlock(text) : ''))
  hb.registerHelper('mdBody', (body: ResolvedBody | null, options: Handlebars.HelperOptions) => safe(body ? renderBody(body, data(options).assetUrl, themeOf(options)) : ''))
  hb.registerHelper('diagram', (diagram: ResolvedDiagram | null, options: Handlebars.HelperOptions) => safe(diagram ? renderDiagram(diagram, themeOf(options)) : ''))
  hb.registerHelper('highlight', (code: { source: string; lang: string; highlight?: string } | null) =>
    safe(code ? highlightCode(code.source, code.lang, code.highlight ?? '') : ''),
  )
  // A long listing leaves no room for a paragraph above it: the speaker says it instead.
  hb.registerHelper('shortCode', (code: { source: string } | null) => !code || code.source.split('\n').length <= SHORT_CODE_LINES)
  hb.registerHelper('slideHref', (id: string, options: Handlebars.HelperOptions) =>
    data(options).target === 'reveal' ? `#/${id}` : `#${id}`,
  )
  hb.registerHelper('assetUrl', (file: string, options: Handlebars.HelperOptions) => data(options).assetUrl(file))
  // Pages without a deck (the index, the gallery) are in English.
  const languageOf = (options: Handlebars.HelperOptions) => (data(options).root as { deck?: ResolvedDeck }).deck?.language ?? 'en'
  hb.registerHelper('formatDate', (date: unknown, options: Handlebars.HelperOptions) => (typeof date === 'string' ? formatDate(date, languageOf(options)) : ''))
  // talkdeck's own words in the deck's language: {{t "factsAsOf" date=…}}; a value that is already HTML (a SafeString) goes in as it is.
  hb.registerHelper('t', (key: unknown, options: Handlebars.HelperOptions) => {
    const { deck } = data(options).root as { deck: ResolvedDeck }
    const text = typeof key === 'string' && Object.hasOwn(deck.messages, key) ? deck.messages[key as MessageKey] : undefined
    if (text === undefined) throw new TemplateError(`{{t ${JSON.stringify(key)}}}: not one of talkdeck's words (${Object.keys(deck.messages).join(', ')})`)
    const values = Object.fromEntries(Object.entries(options.hash as Record<string, unknown>).map(([name, value]) => [name, value instanceof hb.SafeString ? value.toHTML() : hb.escapeExpression(String(value ?? ''))]))
    return safe(fillMessage(hb.escapeExpression(text), values))
  })
  hb.registerHelper('longer', (text: unknown, length: unknown) => typeof text === 'string' && text.length > Number(length))
  hb.registerHelper('eq', (left: unknown, right: unknown) => left === right)
  hb.registerHelper('isWebUrl', (url: unknown) => typeof url === 'string' && /^https?:\/\//i.test(url))
  hb.registerHelper('gt', (left: unknown, right: unknown) => Number(left) > Number(right))
  // The host of a URL, for a reference shown where a full title does not fit.
  hb.registerHelper('host', (url: unknown) => (typeof url === 'string' ? (/^[a-z]+:\/\/(?:www\.)?([^/?#]+)/i.exec(url)?.[1] ?? url) : ''))
  hb.registerHelper('join', (list: unknown, separator: unknown) =>
    Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : '',
  )
  hb.registerHelper('add', (...args: unknown[]) => args.slice(0, -1).reduce((sum: number, value) => sum + Number(value ?? 0), 0))
  // Drawn where the layout asks, in the deck's theme and at its slide size; `{{chart chart place="column"}}` half as wide.
  hb.registerHelper('chart', (chart: ResolvedChart | null, options: Handlebars.HelperOptions) => {
    const { deck } = data(options).root as { deck: ResolvedDeck }
    return safe(chart ? renderChartFigure(chart, deck.theme.file, deck.size, options.hash.place === 'column' ? 'column' : 'body', deck.language) : '')
  })
  // Beyond four sources a citation line shows numbers only, or it would crowd the slide.
  hb.registerHelper('manySources', (sources: unknown) => Array.isArray(sources) && sources.length > 4)

  // Compiled when first used: a broken partial breaks only the layouts that use it.
  for (const [name, partial] of partials) {
    let compiled: Handlebars.TemplateDelegate | undefined
    hb.registerPartial(name, ((context: unknown, options: Handlebars.RuntimeOptions) => {
      const [unreadable] = partial.problems ?? []
      if (unreadable) throw new TemplateError(`partial "${name}": ${unreadable.message}`, { location: { file: partial.display } })
      compiled ??= compileStrict(hb, partial.source, partial.display)
      return compiled(context, options)
    }) as unknown as Handlebars.Template)
  }
  return hb
}

/** How every template is compiled, at run time or ahead of it (`npm run compile`). */
const COMPILE_OPTIONS = { strict: true, preventIndent: true } as const

/**
 * Compiles in strict mode, and makes the arguments of helpers, blocks and partials strict too:
 * Handlebars' own strict mode leaves `{{md slide.titel}}` or `{{#if slide.titel}}` silently empty.
 * talkdeck's own templates come compiled ahead (see `precompiledTemplate`).
 */
export function compileStrict(hb: typeof Handlebars, source: string, file: string): Handlebars.TemplateDelegate {
  const precompiled = precompiledTemplate(source)
  return precompiled ? hb.template(precompiled) : hb.compile(parseStrict(hb, source, file), COMPILE_OPTIONS)
}

/** A template as `compileStrict` compiles it, as JavaScript source: what `npm run compile` writes ahead. */
export function precompileStrict(hb: typeof Handlebars, source: string, file: string): string {
  return hb.precompile(parseStrict(hb, source, file), COMPILE_OPTIONS) as string
}

function parseStrict(hb: typeof Handlebars, source: string, file: string): hbs.AST.Program {
  const tooDeep = findTooDeepNesting(source)
  if (tooDeep !== undefined) {
    throw new TemplateError(
      `blocks ("{{#…}}"), "{{else …}}" chains and sub-expressions are nested more than ${LIMITS.templateNesting} deep here; talkdeck compiles templates nested at most that deep`,
      { location: { file, ...createPositionFinder(source)(tooDeep) } },
    )
  }
  let ast: hbs.AST.Program
  try {
    ast = hb.parse(source)
  } catch (error) {
    const described = describeParseError(error, file, source)
    throw new TemplateError(described.message, { cause: error, location: described.location })
  }
  const strictPath = (node: unknown) => {
    if (node && typeof node === 'object' && (node as { type?: string }).type === 'PathExpression') (node as { strict?: boolean }).strict = true
  }
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return
    if (Array.isArray(node)) {
      node.forEach(visit)
      return
    }
    const statement = node as { params?: unknown[]; hash?: { pairs: { value: unknown }[] } }
    statement.params?.forEach(strictPath)
    statement.hash?.pairs.forEach((pair) => strictPath(pair.value))
    for (const value of Object.values(node)) if (value && typeof value === 'object') visit(value)
  }
  visit(ast)
  return ast
}

/**
 * Where a template first nests deeper than `LIMITS.templateNesting`, as an offset: Handlebars'
 * parser and compiler recurse and slow down with nesting (5,000 nested "{{#if}}" took 37 s, then
 * overflowed the stack with no line to show), so a template is measured before it is parsed, in
 * one pass. Counted: open blocks, the "{{else if …}}" of a chain (each nests the rest of the chain)
 * and the parentheses of sub-expressions in a mustache. Comments, raw blocks and strings are
 * skipped; the syntax itself is left to the parser.
 */
function findTooDeepNesting(source: string): number | undefined {
  /** Per open block: how many "{{else …}}" of a chain it holds, closed with it. */
  const blocks: number[] = []
  let depth = 0
  for (let start = source.indexOf('{{'); start >= 0; start = source.indexOf('{{', start)) {
    if (source[start - 1] === '\\') {
      start += 2
      continue
    }
    const content = start + (source[start + 2] === '~' ? 3 : 2)
    if (source[content] === '!') {
      const closer = source.startsWith('!--', content) ? '--}}' : '}}'
      const end = source.indexOf(closer, content)
      if (end < 0) return undefined
      start = end + closer.length
      continue
    }
    if (source.startsWith('{{{{', start)) {
      // A raw block's content is text up to its "{{{{/name}}}}".
      const closing = source.indexOf('{{{{/', start + 4)
      const end = closing < 0 ? -1 : source.indexOf('}}}}', closing)
      if (end < 0) return undefined
      start = end + 4
      continue
    }
    const { end, parentheses } = scanMustache(source, start + 2)
    const body = source.slice(start + 2, Math.min(end, start + 12)).replace(/^[{&~\s]+/, '')
    if (body.startsWith('/')) depth -= 1 + (blocks.pop() ?? 0)
    // "{{^name}}" opens an inverse block; "{{^}}" alone is an "{{else}}".
    else if (body.startsWith('#') || (body.startsWith('^') && !/^\^\s*~?\}/.test(body))) {
      blocks.push(0)
      depth++
    } else if (/^else\s+[^\s~}]/.test(body) && blocks.length > 0) {
      blocks[blocks.length - 1] = (blocks.at(-1) ?? 0) + 1
      depth++
    }
    if (Math.max(depth, 0) + parentheses > LIMITS.templateNesting) return start
    if (end >= source.length) return undefined
    start = end
  }
  return undefined
}

/** Reads a mustache from its content's start: where it ends (after "}}") and how deep its parentheses go. */
function scanMustache(source: string, from: number): { end: number; parentheses: number } {
  let open = 0
  let deepest = 0
  for (let index = from; index < source.length; index++) {
    const character = source[index]
    if (character === '"' || character === "'") {
      const close = source.indexOf(character, index + 1)
      if (close < 0) return { end: source.length, parentheses: deepest }
      index = close
    } else if (character === '(') deepest = Math.max(deepest, ++open)
    else if (character === ')') open--
    else if (character === '}' && source[index + 1] === '}') return { end: index + 2, parentheses: deepest }
  }
  return { end: source.length, parentheses: deepest }
}

/** Handlebars' grammar tokens, in the words of a template's author. */
const TOKEN_WORDS: Record<string, string> = {
  CLOSE: '"}}"',
  CLOSE_UNESCAPED: '"}}}"',
  CLOSE_RAW_BLOCK: '"}}}}"',
  OPEN_SEXPR: '"("',
  CLOSE_SEXPR: '")"',
  ID: 'a name',
  STRING: 'a string',
  NUMBER: 'a number',
  BOOLEAN: 'true or false',
  DATA: 'an @name',
  SEP: '"." or "/"',
  OPEN_ENDBLOCK: 'a closing "{{/…}}"',
  INVERSE: '"{{else}}"',
  OPEN_INVERSE_CHAIN: '"{{else …}}"',
  OPEN_BLOCK_PARAMS: '"as |…|"',
  EQUALS: '"="',
  EOF: 'the end of the file',
  INVALID: 'a character not allowed here',
  CONTENT: 'text',
}
const inWords = (token: string) => TOKEN_WORDS[token] ?? token.toLowerCase().replace(/_/g, ' ')

/**
 * Handlebars' parse errors say `Parse error on line 3:` with an excerpt and a caret, then the
 * grammar tokens it expected. Said as `file:3:14: template syntax error: expected "}}", got …`.
 */
export function describeParseError(error: unknown, file: string, source = ''): { location: SourceLocation; message: string } {
  const raw = error instanceof Error ? error.message : String(error)
  const lineNumber = Number(/on line (\d+)/.exec(raw)?.[1] ?? 0)
  // The excerpt keeps the lone "\r"s of a CR-only file (only "\n"s are taken out): the part on the error's line counts.
  const [, excerpt = '', caret = ''] = /\n([^\n]*)\n(-*)\^/.exec(raw) ?? []
  // The excerpt ends where the error is; find that point on the line to give a column.
  const before = excerpt.slice(0, caret.length).replace(/^\.\.\./, '').split('\r').at(-1) ?? ''
  const line = lineText(source, lineNumber)
  let column: number | undefined
  for (let end = line.length; end >= 0 && before; end--) {
    const start = line.slice(0, end)
    if (start.endsWith(before) || before.endsWith(start)) {
      column = end + 1
      break
    }
  }
  const expecting = /Expecting (.+), got '([^']*)'/.exec(raw)
  const expected = expecting?.[1]?.split(', ').map((token) => inWords(token.replace(/'/g, ''))) ?? []
  const what = expecting ? `expected ${[...new Set(expected)].slice(0, 4).join(' or ')}, got ${inWords(expecting[2] ?? '')}` : (raw.split('\n')[0] ?? raw)
  return {
    location: { file, ...(lineNumber ? { line: lineNumber } : {}), ...(lineNumber && column ? { column } : {}) },
    message: `template syntax error: ${what}`,
  }
}
