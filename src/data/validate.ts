import { z } from 'zod'
import { suggest } from '../suggest.js'
import { failure, type Problem, type Result } from '../errors.js'
import { formatYamlPath, type YamlDocument, type YamlPath } from './load-yaml.js'

/** Checks a parsed YAML document (or the value at `at` in it) against a schema; every issue becomes a located Problem. */
export function validateDocument<S extends z.ZodType>(document: YamlDocument, schema: S, at: YamlPath = []): Result<z.output<S>> {
  const result = schema.safeParse(valueAt(document.value, at))
  if (result.success) return { ok: true, value: result.data, problems: [] }
  const problems = result.error.issues.flatMap((issue) =>
    issueToProblems(document, { ...issue, path: [...at, ...issue.path] } as z.core.$ZodIssue, (path) => fieldsAt(schema, path.slice(at.length))),
  )
  return failure(problems)
}

/** The field names the schema allows at a path (for "did you mean"), following lists, optionals and unions. */
function fieldsAt(schema: z.ZodType, path: YamlPath): string[] {
  let current: z.ZodType[] = [schema]
  for (const part of path) {
    current = current.flatMap((candidate) => childSchemas(candidate, part))
  }
  return current.flatMap((candidate) => (candidate instanceof z.ZodObject ? Object.keys(candidate.shape) : []))
}

function childSchemas(schema: z.ZodType, part: string | number): z.ZodType[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return childSchemas(schema.unwrap() as z.ZodType, part)
  if (schema instanceof z.ZodUnion) return (schema.options as z.ZodType[]).flatMap((option) => childSchemas(option, part))
  if (schema instanceof z.ZodArray && typeof part === 'number') return [schema.element as z.ZodType]
  if (schema instanceof z.ZodObject && typeof part === 'string') {
    const child = (schema.shape as Record<string, z.ZodType>)[part]
    return child ? [unwrapOptional(child)] : []
  }
  return []
}

const unwrapOptional = (schema: z.ZodType): z.ZodType =>
  schema instanceof z.ZodOptional ? unwrapOptional(schema.unwrap() as z.ZodType) : schema

/** A value as a message quotes it: short enough to read, whatever was written. */
export function quoteValue(value: string, max = 60): string {
  const shown = value.length > max ? `${value.slice(0, max - 1)}…` : value
  return JSON.stringify(shown)
}

export function problemAt(
  document: YamlDocument,
  path: YamlPath,
  message: string,
  code: string,
  severity: Problem['severity'] = 'error',
): Problem {
  const position = document.locate(path)
  const problem: Problem = { severity, code, file: document.file, message }
  if (position) {
    problem.line = position.line
    problem.column = position.column
  }
  if (path.length > 0) problem.path = formatYamlPath(path)
  return problem
}

function issueToProblems(document: YamlDocument, issue: z.core.$ZodIssue, knownFields: (path: YamlPath) => string[]): Problem[] {
  const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol')
  if (issue.code === 'unrecognized_keys') {
    const known = knownFields(path)
    return issue.keys.map((key) =>
      problemAt(document, [...path, key], `unknown field ${quoteValue(key)}${suggest(key, known)}; expected ${known.length ? `one of ${known.join(', ')}` : 'no other field'}`, 'schema'),
    )
  }
  // "One value or a list of them" given a list: point at the wrong elements, not at the list.
  if (issue.code === 'invalid_union' && Array.isArray(valueAt(document.value, path))) {
    const inList = issue.errors.flat().filter((nested) => nested.path.length > 0)
    if (inList.length > 0) {
      return inList.flatMap((nested) => issueToProblems(document, { ...nested, path: [...path, ...nested.path] } as z.core.$ZodIssue, knownFields))
    }
  }
  return [problemAt(document, path, describeIssue(issue, document.value, path), 'schema')]
}

function describeIssue(issue: z.core.$ZodIssue, root: unknown, path: YamlPath): string {
  const actual = valueAt(root, path)
  if (issue.code === 'invalid_type' && actual === undefined) {
    return `missing required field "${String(path.at(-1))}" (expected ${issue.expected})`
  }
  if (issue.code === 'invalid_type') {
    // A schema's own message (e.g. "quote the version") says more than zod's generic one.
    const custom = !issue.message.startsWith('Invalid input')
    return `${custom ? issue.message : `expected ${issue.expected}`}, got ${describeValue(actual)}`
  }
  if (issue.code === 'invalid_value') {
    const hint = typeof actual === 'string' ? suggest(actual, issue.values.map(String)) : ''
    const values = issue.values.map(String)
    // A sort key and its descending form ("-date") are listed once, as the README writes them.
    const ascending = values.filter((value) => !value.startsWith('-'))
    const paired = ascending.length * 2 === values.length && ascending.every((value) => values.includes(`-${value}`))
    const expected = paired ? `one of ${ascending.join(', ')} (prefix "-" for descending)` : `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`
    if (actual === undefined) return `missing required field "${String(path.at(-1))}": expected ${expected}`
    return `expected ${expected}, got ${describeValue(actual)}${hint}`
  }
  if (issue.code === 'invalid_union') {
    // "one value or a list of them": the first branch says what a single value must be.
    const branch = issue.errors.flat().find((nested) => nested.code !== 'invalid_type') ?? issue.errors.flat()[0]
    const expected = branch ? describeIssue(branch, root, path) : issue.message
    return expected.includes(', got') ? expected : `${expected}, got ${describeValue(actual)}`
  }
  // A format or size rule: say what was written, so the mistake is visible in the message.
  // A check that quotes what it found (a formula, a row) says it all: the whole value would repeat it.
  const quotes = issue.code === 'custom' && (issue.params as { quotesValue?: boolean } | undefined)?.quotesValue
  return actual === undefined || typeof actual === 'object' || quotes ? issue.message : `${issue.message}, got ${describeValue(actual)}`
}

export function valueAt(root: unknown, path: YamlPath): unknown {
  let value = root
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string | number, unknown>)[part]
  }
  return value
}

function describeValue(value: unknown): string {
  if (value === null) return 'null (an empty value)'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  return `${typeof value} ${typeof value === 'string' ? quoteValue(value) : JSON.stringify(value)}`
}
