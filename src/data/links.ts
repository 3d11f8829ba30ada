/**
 * Where text in data may link to. Text fields are inline Markdown, so a link or picture can hide in
 * any of them: links may go to http(s), mailto: or a slide of the deck (#id), pictures may come
 * from http(s), and in block Markdown (`body:`) also from a file of the project (a relative path,
 * checked as an `image:` is when the deck is resolved). Anything else — `javascript:`, `vbscript:`,
 * `data:text/html`, a file — is an error at the line it is written on, in every mode; the renderer
 * refuses such links too (markdown-it's own check), so they never become markup either way.
 */
import MarkdownIt from 'markdown-it'
import type { Problem } from '../errors.js'
import type { YamlDocument } from './load-yaml.js'
import { problemAt, quoteValue } from './validate.js'

/** The same dialect as the renderer's, with every link kept so that it can be judged here. */
const scanner = new MarkdownIt('commonmark', { html: false, linkify: false })
scanner.validateLink = () => true

const ALLOWED_LINK = /^(https?:|mailto:|#)/i
const ALLOWED_PICTURE = /^https?:/i
/** A path with no scheme (a scheme has two letters or more, so a Windows drive stays a path). */
const PROJECT_FILE = /^(?![a-z][a-z0-9+.-]+:)[^/\\]/i
/** Schemes that run code or show a page of their own when followed. */
const ACTIVE = /^(javascript|vbscript|data|file):/i

/** Links and pictures of a Markdown text, as written; a picture with its alt text. */
function markdownTargets(text: string): { kind: 'link' | 'picture'; target: string; alt: string }[] {
  const found: { kind: 'link' | 'picture'; target: string; alt: string }[] = []
  const visit = (tokens: ReturnType<typeof scanner.parse>) => {
    for (const token of tokens) {
      if (token.type === 'link_open') found.push({ kind: 'link', target: String(token.attrGet('href') ?? ''), alt: '' })
      if (token.type === 'image') found.push({ kind: 'picture', target: String(token.attrGet('src') ?? ''), alt: token.content.trim() })
      if (token.children) visit(token.children)
    }
  }
  visit(scanner.parse(text, {}))
  return found
}

/** The pictures of block Markdown, each with its path or URL (decoded as written) and alt text. */
export function findBodyImages(text: string): { src: string; alt: string }[] {
  if (!text.includes('![')) return []
  return markdownTargets(text).flatMap(({ kind, target, alt }) => (kind === 'picture' ? [{ src: decodeURI(target), alt }] : []))
}

/** Why a Markdown text's links cannot be shown, one message each; `body` allows pictures from project files. */
export function linkMistakes(text: string, body = false): string[] {
  // Only text with brackets or angle brackets can hold a link: most values are not parsed at all.
  if (!/[[<]/.test(text)) return []
  return markdownTargets(text).flatMap(({ kind, target }) => {
    if ((kind === 'link' ? ALLOWED_LINK : ALLOWED_PICTURE).test(target)) return []
    if (kind === 'picture' && body && PROJECT_FILE.test(target)) return []
    const danger = ACTIVE.exec(target)
    const why = danger ? `a ${danger[1]?.toLowerCase()}: ${kind} can run code or open a page of its own; ` : ''
    const allowed = kind === 'link' ? 'links may go to http(s), mailto: or a slide of the deck (#id)' : body ? 'pictures in "body:" may come from http(s) or a file of the project' : 'Markdown pictures here may come from http(s) only (a project file is an "image:", or a picture in "body:")'
    return [`${kind} to ${quoteValue(target)}: ${why}${allowed}`]
  })
}

/**
 * Every link and picture in the text values of a document, checked; problems at their values.
 * Walked with a list, not recursion: a parsed file holds no cycle and nests at most `LIMITS.depth`
 * deep (see `parseYaml`), and this walk does not depend on it.
 */
export function checkLinks(document: YamlDocument): Problem[] {
  const problems: Problem[] = []
  const pending: { value: unknown; path: (string | number)[] }[] = [{ value: document.value, path: [] }]
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path } = next
    if (typeof value === 'string') {
      for (const message of linkMistakes(value, path.at(-1) === 'body')) problems.push(problemAt(document, path, message, 'link'))
    } else if (value && typeof value === 'object') {
      // Pushed last first, so that problems come out in the order they are written.
      const children: [string | number, unknown][] = Array.isArray(value) ? value.map((entry, index) => [index, entry]) : Object.entries(value)
      for (const [key, entry] of children.reverse()) pending.push({ value: entry, path: [...path, key] })
    }
  }
  return problems
}
