import { EVENT_ID, getScalarValue, parseEvents, load, YAMLException, type Event } from 'js-yaml'
import { failure, ValidationError, type Problem, type Result } from '../errors.js'
import { readTextFile } from './read-file.js'

/** A path into parsed YAML: mapping keys and sequence indexes. */
export type YamlPath = ReadonlyArray<string | number>

export interface Position {
  line: number
  column: number
}

/** A parsed YAML file that can say where any value of it was written. */
export interface YamlDocument {
  file: string
  value: unknown
  /** Line and column (1-based) of the value at `path`, or of its nearest located parent. */
  locate(path: YamlPath): Position | undefined
}

export function formatYamlPath(path: YamlPath): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join('')
}

/**
 * Parses YAML text; syntax errors become a ValidationError naming `file:line:column`.
 * `file` is the name shown to users (relative to the project), not read from disk.
 */
export function parseYaml(text: string, file: string): YamlDocument {
  let value: unknown
  let events: Event[]
  try {
    events = parseEvents(text, { filename: file })
    value = load(text, { filename: file })
  } catch (error) {
    if (error instanceof YAMLException) {
      const problem: Problem = {
        severity: 'error',
        code: 'yaml-syntax',
        file,
        message: `invalid YAML: ${error.reason}`,
      }
      if (error.mark) {
        problem.line = error.mark.line + 1
        problem.column = error.mark.column + 1
      }
      throw new ValidationError([problem])
    }
    throw error
  }
  const offsets = collectOffsets(events, text)
  const lineStarts = computeLineStarts(text)
  return {
    file,
    value,
    locate(path) {
      for (let length = path.length; length >= 0; length--) {
        const offset = offsets.get(pathKey(path.slice(0, length)))
        if (offset !== undefined) return offsetToPosition(offset, lineStarts)
      }
      return undefined
    },
  }
}

/** Reads and parses a user's YAML file; every way it can fail is a located problem. */
export async function loadYamlFile(absolutePath: string, displayName: string): Promise<Result<YamlDocument>> {
  const text = await readTextFile(absolutePath, displayName)
  if (!text.ok) return text
  if (/^(\s*(#.*)?(\r?\n|$))*$/.test(text.value)) {
    return failure([{ severity: 'error', code: 'empty-file', file: displayName, line: 1, message: 'the file is empty: it holds no YAML value (only blank lines or comments)' }])
  }
  let document: YamlDocument
  try {
    document = parseYaml(text.value, displayName)
  } catch (error) {
    if (error instanceof ValidationError) return failure(error.problems)
    throw error
  }
  if (document.value === undefined || document.value === null) {
    return failure([{ severity: 'error', code: 'empty-file', file: displayName, line: 1, message: 'the file is empty: it holds no YAML value (only blank lines or comments)' }])
  }
  return { ok: true, value: document, problems: [] }
}

function pathKey(path: YamlPath): string {
  return JSON.stringify(path)
}

interface Frame {
  kind: 'mapping' | 'sequence'
  path: (string | number)[]
  index: number
  /** In a mapping: the key waiting for its value, once read. */
  pendingKey?: string
}

/**
 * Walks js-yaml's event stream and records where each value starts: a scalar at the value, a
 * collection at its key (the collection itself starts on the next line).
 */
function collectOffsets(events: Event[], text: string): Map<string, number> {
  const offsets = new Map<string, number>()
  const stack: Frame[] = []

  const childPath = (): (string | number)[] | undefined => {
    const frame = stack.at(-1)
    if (!frame) return []
    if (frame.kind === 'sequence') return [...frame.path, frame.index++]
    if (frame.pendingKey === undefined) return undefined
    const path = [...frame.path, frame.pendingKey]
    frame.pendingKey = undefined
    return path
  }
  const record = (path: (string | number)[], offset: number) => {
    const key = pathKey(path)
    if (!offsets.has(key)) offsets.set(key, offset)
  }

  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const frame = stack.at(-1)
        if (frame?.kind === 'mapping' && frame.pendingKey === undefined) {
          // A collection used as a key: rare and never valid in our schema; give it a dummy key.
          frame.pendingKey = '?'
        }
        const path = childPath() ?? []
        record(path, event.start)
        stack.push({ kind: event.type === EVENT_ID.MAPPING ? 'mapping' : 'sequence', path, index: 0 })
        break
      }
      case EVENT_ID.SCALAR:
      case EVENT_ID.ALIAS: {
        const frame = stack.at(-1)
        const start = event.type === EVENT_ID.SCALAR ? event.valueStart : event.anchorStart
        if (frame?.kind === 'mapping' && frame.pendingKey === undefined) {
          frame.pendingKey = event.type === EVENT_ID.SCALAR ? getScalarValue(text, event) : '*'
          record([...frame.path, frame.pendingKey], start)
          break
        }
        const path = childPath()
        // A scalar value is located at the value itself, which is what an error about it points at.
        if (path) offsets.set(pathKey(path), start)
        break
      }
      case EVENT_ID.POP:
        stack.pop()
        break
      default:
        break
    }
  }
  return offsets
}

function computeLineStarts(text: string): number[] {
  const starts = [0]
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1)
  return starts
}

function offsetToPosition(offset: number, lineStarts: number[]): Position {
  let low = 0
  let high = lineStarts.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if ((lineStarts[middle] ?? 0) <= offset) low = middle
    else high = middle - 1
  }
  return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 }
}
