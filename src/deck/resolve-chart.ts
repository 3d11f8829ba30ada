import type { Chart, ChartSeries, ChartType } from '../data/chart-schema.js'
import type { YamlPath } from '../data/load-yaml.js'

/** A chart as layouts and writers read it: every optional field present, as null when not given. */
export interface ResolvedChart {
  type: ChartType
  categories: string[]
  series: ResolvedChartSeries[]
  xTitle: string | null
  yTitle: string | null
  unit: string
  decimals: number
  highlight: string | null
  caption: string | null
  alt: string | null
  /** Source ids of the chart as a whole (each series may add its own). */
  sources: string[]
}

export type ResolvedChartSeries = Pick<ChartSeries, 'name' | 'values'> & { sources: string[] }

export function resolveChart(chart: Chart | undefined): ResolvedChart | null {
  if (!chart) return null
  return {
    type: chart.type,
    categories: chart.categories,
    series: chart.series.map((series) => ({ name: series.name, values: series.values, sources: series.sources ?? [] })),
    xTitle: chart.xTitle ?? null,
    yTitle: chart.yTitle ?? null,
    unit: chart.unit ?? '',
    decimals: chart.decimals ?? 0,
    highlight: chart.highlight ?? null,
    caption: chart.caption ?? null,
    alt: chart.alt ?? null,
    sources: chart.sources ?? [],
  }
}

/** Every source id a chart cites, its own and its series', once each: the slide cites them all. */
export function chartSourceIds(chart: Chart | undefined): string[] {
  if (!chart) return []
  return [...new Set([...(chart.sources ?? []), ...chart.series.flatMap((series) => series.sources ?? [])])]
}

/** The charts a slide entry holds, its own and its columns', each with its path in the entry. */
export function entryCharts(entry: { chart?: Chart; left?: { chart?: Chart }; right?: { chart?: Chart } }): { at: YamlPath; chart: Chart }[] {
  const places: [YamlPath, Chart | undefined][] = [[['chart'], entry.chart], [['left', 'chart'], entry.left?.chart], [['right', 'chart'], entry.right?.chart]]
  return places.flatMap(([at, chart]) => (chart ? [{ at, chart }] : []))
}
