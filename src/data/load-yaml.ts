import { constructFromEvents, EVENT_ID, getScalarValue, parseEvents, YAMLException, type Event } from 'js-yaml'
import { LIMITS } from '../defaults.js'
import { failure, ValidationError, type Problem, type Result } from '../errors.js'
import { readTextFile, type ReadOptions } from './read-file.js'
import { createPositionFinder, type Position } from './text-position.js'
import { explainYamlError, findCutValues } from './yaml-hints.js'

/** A path into parsed YAML: mapping keys and sequence indexes. */
export type YamlPath = ReadonlyArray<string | number>

/** A parsed YAML file that can say where any value of it was written. */
export interface YamlDocument {
  file: string
  value: unknown
  /** Line and column (1-based) of the value at `path`, or of its nearest located parent. */
  locate(path: YamlPath): Position | undefined
  /** What parsed but is likely not what was meant (a value cut short by a "#"). */
  warnings: Problem[]
}

/** Characters of a key shown in a path: a key is echoed, whatever its length. */
const SHOWN_KEY = 40

export function formatYamlPath(path: YamlPath): string {
  return path
    .map((part) => (typeof part === 'string' && part.length > SHOWN_KEY ? `${part.slice(0, SHOWN_KEY - 1)}…` : part))
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join('')
}

/**
 * Parses YAML text; syntax errors and values beyond `LIMITS` become a ValidationError naming
 * `file:line:column`. `file` is the name shown to users (relative to the project), not read from disk.
 */
export function parseYaml(text: string, file: string): YamlDocument {
  let value: unknown
  let events: Event[]
  const positionAt = createPositionFinder(text)
  const located = (offset: number, message: string, code: string): ValidationError =>
    new ValidationError([{ severity: 'error', code, file, ...positionAt(offset), message }])
  try {
    events = parseEvents(text, { filename: file, maxDepth: LIMITS.depth })
    const beyond = findBeyondLimits(events, text)
    if (beyond) throw located(beyond.offset, beyond.message, beyond.code)
    // Built from the events already parsed, so a file is parsed once.
    const documents = constructFromEvents(events, { source: text, filename: file })
    value = documents[0]
  } catch (error) {
    if (error instanceof YAMLException) {
      const problem: Problem = {
        severity: 'error',
        code: 'yaml-syntax',
        file,
        message: /^nesting exceeded maxDepth/.test(error.reason)
          ? `lists and mappings are nested more than ${LIMITS.depth} deep; talkdeck reads at most that`
          : `invalid YAML: ${error.reason}`,
      }
      if (error.mark) {
        problem.line = error.mark.line + 1
        problem.column = error.mark.column + 1
        // The common mistakes are said as such, at what to fix; js-yaml's words stay in brackets.
        const hint = explainYamlError(text, error.reason, error.mark.line)
        if (hint) {
          problem.line = hint.line + 1
          problem.column = hint.column + 1
          problem.message = `invalid YAML: ${hint.message} (${error.reason})`
        }
      }
      throw new ValidationError([problem])
    }
    throw error
  }
  const offsets = collectOffsets(events, text)
  return {
    file,
    value,
    warnings: findCutValues(events, text, positionAt, file),
    locate(path) {
      for (let length = path.length; length >= 0; length--) {
        const offset = offsets.get(pathKey(path.slice(0, length)))
        if (offset !== undefined) return positionAt(offset)
      }
      return undefined
    },
  }
}

/** Reads and parses a user's YAML file; every way it can fail is a located problem. */
export async function loadYamlFile(absolutePath: string, displayName: string, options: ReadOptions = {}): Promise<Result<YamlDocument>> {
  const text = await readTextFile(absolutePath, displayName, options)
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
  return { ok: true, value: document, problems: document.warnings }
}

/** Where an event starts in the text, when it says. */
function eventStart(event: Event): number | undefined {
  if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) return event.start
  if (event.type === EVENT_ID.SCALAR) return event.valueStart
  if (event.type === EVENT_ID.ALIAS) return event.anchorStart
  return undefined
}

/** What a value holds once its aliases are expanded: values, characters, and collection levels. */
interface Size {
  values: number
  characters: number
  /** Lists and mappings inside each other, the value itself included: 0 for a scalar. */
  levels: number
}

/** A list or mapping being read; its size grows until it closes. */
interface OpenCollection extends Size {
  anchor: string | undefined
  /** Where its anchor ("&name") is written, to point at from an alias inside it. */
  anchorOffset: number
  sequence: boolean
  entries: number
  start: number
}

/**
 * The first place where a file goes beyond `LIMITS`: a second document, a value too long, a list
 * too long, aliases that copy more than a file may hold or nest values deeper than a file may, or
 * an alias inside the value of its own anchor. Sizes are counted on the events, before anything is
 * built: an alias counts as everything its anchor holds, so a "billion laughs" file is refused
 * after reading a few lines of it, and a value that contains itself (which js-yaml builds as a
 * cyclic object, and every walk over it then overflows the stack) is never built.
 */
function findBeyondLimits(events: Event[], text: string): { offset: number; message: string; code: string } | undefined {
  const anchors = new Map<string, Size | OpenCollection>()
  const total = { values: 0, characters: 0 }
  const stack: OpenCollection[] = []
  let documents = 0
  const addToParent = (size: Size) => {
    const parent = stack.at(-1)
    if (!parent) return
    parent.values += size.values
    parent.characters += size.characters
    parent.levels = Math.max(parent.levels, size.levels + 1)
  }
  const anchorOf = (event: { anchorStart: number; anchorEnd: number }) => (event.anchorStart >= 0 ? text.slice(event.anchorStart, event.anchorEnd) : undefined)
  for (const [index, event] of events.entries()) {
    const parent = stack.at(-1)
    if (parent?.sequence && event.type !== EVENT_ID.POP && ++parent.entries > LIMITS.listItems) {
      return { offset: parent.start, message: `the list has more than ${LIMITS.listItems.toLocaleString('en')} entries; talkdeck reads at most that many`, code: 'limit' }
    }
    switch (event.type) {
      case EVENT_ID.DOCUMENT: {
        if (++documents > 1) {
          const next = events.slice(index + 1).map(eventStart).find((start) => start !== undefined) ?? text.length
          const marker = text.lastIndexOf('---', next)
          return { offset: marker >= 0 ? marker : next, message: 'a second YAML document ("---"): a talkdeck file holds one; remove the line "---" and what follows, or merge it into the first', code: 'yaml-syntax' }
        }
        break
      }
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const collection: OpenCollection = {
          values: 1,
          characters: 0,
          levels: 1,
          anchor: anchorOf(event),
          // The name starts after the "&".
          anchorOffset: event.anchorStart - 1,
          sequence: event.type === EVENT_ID.SEQUENCE,
          entries: 0,
          start: event.start,
        }
        // Known from its start, as js-yaml knows it: an alias inside it refers to it.
        if (collection.anchor !== undefined) anchors.set(collection.anchor, collection)
        stack.push(collection)
        total.values += 1
        break
      }
      case EVENT_ID.SCALAR: {
        const characters = event.valueEnd - event.valueStart
        if (characters > LIMITS.stringLength) {
          return { offset: event.valueStart, message: `the value is ${characters.toLocaleString('en')} characters long; talkdeck reads at most ${LIMITS.stringLength.toLocaleString('en')} in one value`, code: 'limit' }
        }
        const size = { values: 1, characters, levels: 0 }
        const anchor = anchorOf(event)
        if (anchor !== undefined) anchors.set(anchor, size)
        total.values += 1
        total.characters += characters
        addToParent(size)
        break
      }
      case EVENT_ID.ALIAS: {
        const name = text.slice(event.anchorStart, event.anchorEnd)
        const target = anchors.get(name) ?? { values: 1, characters: 0, levels: 0 }
        const enclosing = stack.find((collection) => collection === target)
        if (enclosing) {
          return {
            offset: event.anchorStart,
            message: `the alias "*${name}" is inside the value its anchor "&${name}" (line ${createPositionFinder(text)(enclosing.anchorOffset).line}) names, so the value would contain itself; write the value out, or anchor a value that does not hold the alias`,
            code: 'yaml-cycle',
          }
        }
        if (stack.length + target.levels > LIMITS.depth) {
          return { offset: event.anchorStart, message: `the alias "*${name}" nests lists and mappings more than ${LIMITS.depth} deep once expanded; talkdeck reads at most that`, code: 'limit' }
        }
        total.values += target.values
        total.characters += target.characters
        if (total.values > LIMITS.expandedValues || total.characters > LIMITS.expandedCharacters) {
          return {
            offset: event.anchorStart,
            message: `aliases ("*name") expand this file beyond ${LIMITS.expandedValues.toLocaleString('en')} values or ${LIMITS.expandedCharacters / 1024 / 1024} MB of text; talkdeck reads at most that`,
            code: 'limit',
          }
        }
        addToParent(target)
        break
      }
      case EVENT_ID.POP: {
        const collection = stack.pop()
        if (collection) addToParent(collection)
        break
      }
      default:
        break
    }
  }
  return undefined
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

