/**
 * What a YAML mistake most likely is, said in the writer's terms. js-yaml reports where parsing
 * stopped ("bad indentation of a mapping entry", "deficient indentation"), which for the common
 * mistakes of people writing facts is neither the cause nor, for an unclosed bracket, the line:
 * a plain value holding ": ", a value starting with "@" or "`", a "#" that starts a comment in the
 * middle of a value, a "[" or "{" never closed.
 */
import { EVENT_ID, SCALAR_STYLE, type Event } from 'js-yaml'
import type { Problem } from '../errors.js'

export interface YamlHint {
  /** 0-based line and column of what to fix. */
  line: number
  column: number
  message: string
}

/** `key: value` or `- key: value` (or `- value`) on one line: where the value starts. */
const ENTRY = /^(\s*(?:-\s+)*)(?:([^\s"'#\-[{][^:#]*?|"[^"]*"|'[^']*'):[ \t]+)?(\S.*?)\s*$/

/** A value written again with quotes that keep it whole. */
const quoted = (value: string) => (value.includes('"') ? `'${value.replace(/'/g, "''")}'` : `"${value.replace(/\\/g, '\\\\')}"`)

const shown = (value: string, max = 50) => (value.length > max ? `${value.slice(0, max - 1)}…` : value)

/**
 * A hint for a syntax error js-yaml reported at `line` (0-based), or undefined when the error is
 * none of the common mistakes (its own message is then shown).
 */
export function explainYamlError(text: string, reason: string, line: number): YamlHint | undefined {
  const lines = text.split(/\r\n|\r|\n/)
  if (/deficient indentation|flow collection|missed comma|flow mapping|unexpected end of the stream/.test(reason)) {
    const unclosed = findUnclosedFlow(lines, line)
    if (unclosed) return unclosed
  }
  if (!/bad indentation of a mapping entry|end of the stream or a document separator is expected|cannot start any token/.test(reason)) return undefined
  const entry = ENTRY.exec(lines[line] ?? '')
  const value = entry?.[3]
  if (!entry || value === undefined) return undefined
  const column = (entry[1] ?? '').length + (entry[2] ? (lines[line] ?? '').slice((entry[1] ?? '').length).indexOf(value) : 0)
  const key = entry[2] ? `${entry[2]}: ` : ''
  const first = value[0] ?? ''
  if (first === '@' || first === '`') {
    return { line, column, message: `a plain YAML value may not start with "${first}": quote it, as in ${key}${quoted(value)}` }
  }
  if (!/^["']/.test(value) && /:\s/.test(value)) {
    return { line, column, message: `the value ${JSON.stringify(shown(value))} holds ": ", which YAML reads as the start of another key: quote the value, as in ${key}${quoted(value)}` }
  }
  return undefined
}

/**
 * The last "[" or "{" opened before or on `errorLine` and not closed on its line — where a flow
 * list or mapping was left open (js-yaml notices only lines later). A " #" inside it is named: it
 * starts a comment, which is what cut the list short.
 */
function findUnclosedFlow(lines: string[], errorLine: number): YamlHint | undefined {
  for (let index = Math.min(errorLine, lines.length - 1); index >= Math.max(0, errorLine - 50); index--) {
    const open = openFlowOn(lines[index] ?? '')
    if (!open) continue
    const close = open.bracket === '[' ? ']' : '}'
    const kind = open.bracket === '[' ? 'list' : 'mapping'
    if (open.comment !== undefined) {
      const line = lines[index] ?? ''
      // The entry holding the "#": from the comma (or bracket) before it to the next one.
      const start = Math.max(line.lastIndexOf(',', open.comment), open.column) + 1
      const rest = line.slice(start)
      const end = rest.search(/[,\]}]/)
      const cut = (end >= 0 ? rest.slice(0, end) : rest).trim()
      return {
        line: index,
        column: open.comment,
        message: `the "#" in ${JSON.stringify(shown(cut))} starts a comment (a "#" after a space does), so the "${open.bracket}" opened at column ${open.column + 1} is never closed: quote the value, as in ${quoted(cut)}`,
      }
    }
    return { line: index, column: open.column, message: `the "${open.bracket}" opened here is not closed: end the ${kind} with "${close}" on the same line (or write one entry a line, each starting with "- ")` }
  }
  return undefined
}

/** A flow bracket still open at the end of a line (quotes and comments respected). */
function openFlowOn(line: string): { bracket: '[' | '{'; column: number; comment?: number } | undefined {
  const stack: { bracket: '[' | '{'; column: number }[] = []
  let quote: string | undefined
  for (let i = 0; i < line.length; i++) {
    const character = line[i]
    if (quote) {
      if (character === quote) quote = undefined
      continue
    }
    if ((character === '"' || character === "'") && (i === 0 || /[\s[{,:]/.test(line[i - 1] ?? ''))) quote = character
    else if (character === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) {
      const open = stack.at(-1)
      // A comment inside an open bracket cuts it; one after a closed line is a comment.
      return open ? { ...open, comment: i } : undefined
    } else if (character === '[' || character === '{') stack.push({ bracket: character, column: i })
    else if (character === ']' || character === '}') stack.pop()
  }
  return stack.at(-1)
}

/**
 * Warnings for plain values cut short by a comment: `title: Plot #3 opens` reads as "Plot", since
 * " #" starts a comment. Only a "#" followed at once by a word is taken for part of the value
 * ("# note" is how people write comments).
 */
export function findCutValues(events: Event[], text: string, positionAt: (offset: number) => { line: number; column: number }, file: string): Problem[] {
  const problems: Problem[] = []
  for (const event of events) {
    if (event.type !== EVENT_ID.SCALAR || event.style !== SCALAR_STYLE.PLAIN || event.valueEnd <= event.valueStart) continue
    const lineEnd = text.slice(event.valueEnd).search(/\r|\n|$/)
    const rest = text.slice(event.valueEnd, event.valueEnd + lineEnd)
    const cut = /^[ \t]+#([^\s#].*)$/.exec(rest)
    if (!cut) continue
    const value = text.slice(event.valueStart, event.valueEnd)
    const whole = `${value}${rest.trimEnd()}`.replace(/^\s+/, '')
    problems.push({
      severity: 'warning',
      code: 'yaml-comment',
      file,
      ...positionAt(event.valueEnd + rest.indexOf('#')),
      message: `the "#" after ${JSON.stringify(shown(value))} starts a comment, so the value is read as ${JSON.stringify(shown(value))} without ${JSON.stringify(shown(`#${cut[1] ?? ''}`))}: quote the value if the "#" belongs to it, as in ${quoted(whole)}`,
    })
  }
  return problems
}
