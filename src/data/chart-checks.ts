/**
 * What a chart's numbers say about themselves, at the YAML line to fix: a chart must name where
 * its numbers come from (every fact needs a source), and a pie that is not a whole, a value shown
 * with fewer digits than written, or a series the chart cannot show mislead a reader.
 */
import type { Problem } from '../errors.js'
import { SHARE_CHART_TYPES, type Chart } from './chart-schema.js'
import type { YamlDocument, YamlPath } from './load-yaml.js'
import { problemAt, quoteValue } from './validate.js'
import { suggest } from '../suggest.js'

/** Digits after the decimal point of a number as YAML wrote it (0.1 + 0.2 style noise is not written). */
const decimalsOf = (value: number): number => /\.(\d+)$/.exec(String(value))?.[1]?.length ?? 0

export function checkChart(document: YamlDocument, at: YamlPath, chart: Chart, sourceIds: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = []
  const warn = (path: YamlPath, code: string, message: string) => problems.push(problemAt(document, [...at, ...path], message, code, 'warning'))
  const cite = (ids: string[] | undefined, path: YamlPath) =>
    ids?.forEach((id, index) => {
      if (!sourceIds.has(id)) problems.push(problemAt(document, [...at, ...path, index], `unknown source id ${quoteValue(id)}${suggest(id, sourceIds)}`, 'unknown-source'))
    })
  cite(chart.sources, ['sources'])
  chart.series.forEach((series, index) => {
    cite(series.sources, ['series', index, 'sources'])
    if (!chart.sources && !series.sources) problems.push(problemAt(document, [...at, 'series', index], `series "${series.name}" has no source: add "sources:" to the chart or to the series (every number needs a source)`, 'unsourced-chart'))
  })
  const decimals = chart.decimals ?? 0
  chart.series.forEach((series, index) =>
    series.values.forEach((value, valueIndex) => {
      if (decimalsOf(value) > decimals) warn(['series', index, 'values', valueIndex], 'chart-digits', `${value} is shown as ${value.toFixed(decimals)}: round it in the data or set "decimals: ${decimalsOf(value)}"`)
    }),
  )
  if (SHARE_CHART_TYPES.includes(chart.type)) {
    chart.series.slice(1).forEach((series, index) => warn(['series', index + 1], 'chart-hidden-series', `a ${chart.type} chart shows its first series only: "${series.name}" is never shown (make it a chart of its own, or use a bar chart)`))
    const [first] = chart.series
    const sum = first?.values.reduce((total, value) => total + value, 0) ?? 0
    // Shares rounded to the digits shown may miss 100 by half a unit each.
    const slack = (first?.values.length ?? 0) * 0.5 * 10 ** -decimals
    if (chart.unit?.trim() === '%' && Math.abs(sum - 100) > slack) warn(['series', 0, 'values'], 'chart-not-whole', `the shares of this ${chart.type} chart sum to ${Number(sum.toFixed(6))}%, not 100%: add the missing share (e.g. "other") or correct the values`)
    if (first?.values.some((value) => value < 0)) warn(['series', 0, 'values'], 'chart-not-whole', `a ${chart.type} chart cannot show a negative share: use a bar chart`)
  }
  return problems
}
