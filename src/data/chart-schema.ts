/**
 * The `chart:` block of items and slides: numbers with their categories, series and sources, which
 * every output draws as a chart (an SVG in HTML, PDF and PNG; a native chart in PowerPoint).
 */
import { z } from 'zod'

export const CHART_TYPES = ['bar', 'stacked-bar', 'line', 'area', 'pie', 'donut', 'scatter'] as const
/** Types that show one series, as shares of a whole. */
export const SHARE_CHART_TYPES: readonly ChartType[] = ['pie', 'donut']

const label = z.string().trim().min(1, 'expected non-empty text')
const sourceIds = z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a source id (kebab-case)')).min(1, 'expected at least one source id')
// A year written unquoted (2024) is a category too: it is shown as written.
const category = z.union([label, z.number()]).transform(String)
const value = z.number({ error: 'expected a number (write 12.5, not "12.5" or "12.5 %": the unit goes in "unit")' })

export const chartSeriesSchema = z.strictObject({
  name: label,
  values: z.array(value).min(1, 'expected at least one value'),
  sources: sourceIds.optional().describe('where these numbers come from, when not every series shares the chart\'s sources'),
})

export const chartSchema = z
  .strictObject({
    type: z.enum(CHART_TYPES).describe(`one of ${CHART_TYPES.join(', ')}`),
    categories: z.array(category).min(1, 'expected at least one category').describe('the labels along the x axis (a pie\'s slices); numbers on a scatter chart'),
    series: z.array(chartSeriesSchema).min(1, 'expected at least one series'),
    xTitle: label.optional().describe('the x axis title'),
    yTitle: label.optional().describe('the y axis title'),
    unit: z.string().max(12).optional().describe('written after each value, e.g. "%" or " MB"'),
    decimals: z.number().int().min(0).max(6).optional().describe('digits shown after the decimal point (default 0)'),
    highlight: label.optional().describe('a category or series name to stress; the others are drawn muted'),
    caption: label.optional().describe('a sentence under the chart'),
    alt: label.optional().describe('what the chart shows, for people who cannot see it (default: from the title and the data)'),
    sources: sourceIds.optional().describe('where the numbers come from (or per series)'),
  })
  // Checked once the fields are right, so that one mistake is one message.
  .superRefine((chart, context) => {
    chart.series.forEach((series, index) => {
      if (series.values.length !== chart.categories.length) {
        context.addIssue({ code: 'custom', path: ['series', index, 'values'], message: `series "${series.name}" has ${series.values.length} value${series.values.length === 1 ? '' : 's'}, the chart ${chart.categories.length} categories (${chart.categories.join(', ')}): give one value per category` })
      }
    })
    if (chart.type === 'scatter') {
      chart.categories.forEach((written, index) => {
        if (!Number.isFinite(Number(written))) context.addIssue({ code: 'custom', path: ['categories', index], message: `a scatter chart places its categories on a number axis: expected a number, got "${written}"` })
      })
    }
    if (chart.highlight && !chart.categories.includes(chart.highlight) && !chart.series.some((series) => series.name === chart.highlight)) {
      context.addIssue({ code: 'custom', path: ['highlight'], message: `highlight "${chart.highlight}" is neither a category (${chart.categories.join(', ')}) nor a series (${chart.series.map((series) => series.name).join(', ')})` })
    }
  })

export type ChartType = (typeof CHART_TYPES)[number]

/** Bars carry their values when there are few enough to read (a rule of the SVG and the PowerPoint chart alike); stacked bars never, the segments would crowd. */
export const showsBarValues = (chart: { type: ChartType; categories: unknown[]; series: unknown[] }): boolean => chart.type === 'bar' && chart.categories.length * chart.series.length <= 12
export type Chart = z.output<typeof chartSchema>
export type ChartSeries = Chart['series'][number]
