import type { z } from 'zod'
import type { Problem } from '../errors.js'
import { formatYamlPath, type YamlDocument, type YamlPath } from './load-yaml.js'

export type Validated<T> = { ok: true; value: T; problems: Problem[] } | { ok: false; problems: Problem[] }

/** Checks a parsed YAML document against a schema; every issue becomes a located Problem. */
export function validateDocument<S extends z.ZodType>(document: YamlDocument, schema: S): Validated<z.output<S>> {
  const result = schema.safeParse(document.value)
  if (result.success) return { ok: true, value: result.data, problems: [] }
  const problems = result.error.issues.flatMap((issue) => issueToProblems(document, issue))
  return { ok: false, problems }
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

function issueToProblems(document: YamlDocument, issue: z.core.$ZodIssue): Problem[] {
  const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol')
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) =>
      problemAt(document, [...path, key], `unknown field "${key}"; check its spelling against the schema`, 'schema'),
    )
  }
  // "One value or a list of them" given a list: point at the wrong elements, not at the list.
  if (issue.code === 'invalid_union' && Array.isArray(valueAt(document.value, path))) {
    const inList = issue.errors.flat().filter((nested) => nested.path.length > 0)
    if (inList.length > 0) {
      return inList.flatMap((nested) => issueToProblems(document, { ...nested, path: [...path, ...nested.path] } as z.core.$ZodIssue))
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
    return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(actual)}`
  }
  if (issue.code === 'invalid_union') {
    // "one value or a list of them": the first branch says what a single value must be.
    const branch = issue.errors.flat().find((nested) => nested.code !== 'invalid_type') ?? issue.errors.flat()[0]
    const expected = branch ? describeIssue(branch, root, path) : issue.message
    return expected.includes(', got') ? expected : `${expected}, got ${describeValue(actual)}`
  }
  return issue.message
}

function valueAt(root: unknown, path: YamlPath): unknown {
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
  return `${typeof value} ${JSON.stringify(value)}`
}
