import Handlebars from 'handlebars'
import type { ResolvedChart } from '../deck/resolve-chart.js'
import type { SlideSize } from '../deck/types.js'
import { readChartTheme } from './chart-theme.js'
import { chartSize, formatChartValue, renderChartSvg, type ChartPlace } from './chart-svg.js'

const escapeHtml = (text: string) => Handlebars.escapeExpression(text)

/** What the chart shows in words, when the data does not say it: its type and series. */
const describeChart = (chart: ResolvedChart) => chart.alt ?? `${chart.type.replace('-', ' ')} chart of ${chart.series.map((series) => series.name).join(', ')} by ${chart.xTitle ?? 'category'}`

/** The numbers as a table for screen readers: the picture is hidden from them, the table from eyes. */
function dataTable(chart: ResolvedChart, language: string): string {
  const head = `<tr><th scope="col">${escapeHtml(chart.xTitle ?? 'Category')}</th>${chart.series.map((series) => `<th scope="col">${escapeHtml(series.name)}</th>`).join('')}</tr>`
  const rows = chart.categories.map((category, at) => `<tr><th scope="row">${escapeHtml(category)}</th>${chart.series.map((series) => `<td>${escapeHtml(formatChartValue(chart, series.values[at] ?? 0, language))}</td>`).join('')}</tr>`)
  // A table ignores a width smaller than its cells: the box that hides it is a div around it.
  // PowerPoint gets the chart's picture with this caption as its alt text, not the table drawn over it.
  return `<div class="td-visually-hidden" data-pptx="skip"><table><caption>${escapeHtml(describeChart(chart))}</caption>${head}${rows.join('')}</table></div>`
}

/**
 * A chart's figure on a slide: the SVG (in the theme of `themeFile`), its caption and its data.
 * `data-pptx="chart"` and its numbers in `data-chart` let the PowerPoint export put a native chart where the picture is.
 */
export function renderChartFigure(chart: ResolvedChart, themeFile: string, slideSize: SlideSize, place: ChartPlace, language: string): string {
  const size = chartSize(slideSize, chart.caption !== null, place)
  const svg = renderChartSvg(chart, readChartTheme(themeFile), size, language).replace('<svg ', '<svg aria-hidden="true" focusable="false" ')
  const caption = chart.caption ? `<figcaption class="td-chart-caption">${escapeHtml(chart.caption)}</figcaption>` : ''
  // The numbers as the PowerPoint export reads them for a native chart (src/page-scripts/pptx/chart.ts).
  const numbers = { type: chart.type, categories: chart.categories, series: chart.series.map(({ name, values }) => ({ name, values })), xTitle: chart.xTitle, yTitle: chart.yTitle, unit: chart.unit, decimals: chart.decimals, alt: describeChart(chart) }
  return `<figure class="td-chart td-chart-${chart.type}"><div class="td-chart-picture" data-pptx="chart" data-chart="${escapeHtml(JSON.stringify(numbers))}" style="width:${size.width}px;height:${size.height}px">${svg}</div>${dataTable(chart, language)}${caption}</figure>`
}
