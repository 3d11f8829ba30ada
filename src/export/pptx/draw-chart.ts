/**
 * A chart as a native PowerPoint chart (pptxgenjs `addChart`): its numbers in the chart's own
 * embedded workbook, so a manager can restyle it or change a value in PowerPoint; its series in
 * the deck theme's chart colours, or in the template's accent colours on a template.
 */
import { showsBarValues, type ChartType } from '../../data/chart-schema.js'
import type * as Pptx from './pptxgen.js'
import type { ChartBlock, Rect } from './geometry.js'
import { position } from './draw-blocks.js'
import { contrast } from './template-colors.js'
import { points } from './units.js'

/** Axis, legend and label text, CSS px: the size the slide's SVG chart uses (chart-svg.ts). */
const TEXT_SIZE = 20

const CHART_NAMES: Record<ChartType, Pptx.ChartName> = { bar: 'bar', 'stacked-bar': 'bar', line: 'line', area: 'area', pie: 'pie', donut: 'doughnut', scatter: 'scatter' }

/** The chart's number format in Excel's words: its decimals, then its unit as literal text. */
export function numberFormat(chart: Pick<ChartBlock, 'decimals' | 'unit'>): string {
  const digits = chart.decimals > 0 ? `.${'0'.repeat(chart.decimals)}` : ''
  return `#,##0${digits}${chart.unit ? `"${chart.unit.replace(/"/g, '')}"` : ''}`
}

/** pptxgenjs's series: a scatter chart's first holds the x values (the categories, as numbers). */
function chartData(chart: ChartBlock): { name: string; labels?: string[]; values: number[] }[] {
  if (chart.type === 'scatter') return [{ name: chart.xTitle ?? 'x', values: chart.categories.map(Number) }, ...chart.series.map(({ name, values }) => ({ name, values }))]
  return chart.series.map(({ name, values }) => ({ name, labels: chart.categories, values }))
}

export interface ChartColors {
  /** Series colours, `RRGGBB`. */
  series: string[]
  /** Axis and label text, `RRGGBB`. */
  text: string
}

/** Black or white, whichever reads better on the worst of `fills`: a doughnut's values sit on its slices. */
const labelOn = (fills: string[]) => (['000000', 'FFFFFF'] as const).reduce((best, candidate) => (Math.min(...fills.map((fill) => contrast(candidate, fill))) > Math.min(...fills.map((fill) => contrast(best, fill))) ? candidate : best))

export function drawChart(slide: Pptx.Slide, chart: ChartBlock, rect: Rect, colors: ChartColors = { series: chart.colors, text: chart.text }): void {
  const share = chart.type === 'pie' || chart.type === 'donut'
  const size = points(TEXT_SIZE)
  const text = { color: colors.text, fontFace: chart.font, fontSize: size }
  const options: Pptx.ChartOptions = {
    ...position(rect),
    objectName: 'chart',
    altText: chart.alt,
    // One colour a series; PowerPoint gives each point of a lone series its own colour when given more.
    chartColors: share ? colors.series : colors.series.slice(0, chart.series.length),
    showLegend: share || chart.series.length > 1,
    legendPos: 'b',
    legendColor: text.color,
    legendFontFace: text.fontFace,
    legendFontSize: size,
    dataLabelColor: chart.type === 'donut' ? labelOn(colors.series.slice(0, chart.categories.length)) : text.color,
    dataLabelFontFace: text.fontFace,
    dataLabelFontSize: size,
    dataLabelFormatCode: numberFormat(chart),
    // A pie's slices named and valued beside them, as on the slide; a doughnut's labels can only sit
    // in its ring, where the value fits and the legend names the colour. An axis from zero, as on
    // the slide: an axis PowerPoint fits to the data would make 1,700 look like half of 1,800.
    showValue: share || showsBarValues(chart),
    showLabel: chart.type === 'pie',
    showPercent: false,
    ...(chart.type === 'pie' ? { dataLabelPosition: 'outEnd' as const, showLeaderLines: true } : {}),
    ...(!share && chart.type !== 'scatter' && chart.series.every((series) => series.values.every((value) => value >= 0)) ? { valAxisMinVal: 0 } : {}),
    catAxisLabelColor: text.color,
    catAxisLabelFontFace: text.fontFace,
    catAxisLabelFontSize: size,
    valAxisLabelColor: text.color,
    valAxisLabelFontFace: text.fontFace,
    valAxisLabelFontSize: size,
    valAxisLabelFormatCode: numberFormat(chart),
    ...(chart.type === 'stacked-bar' ? { barGrouping: 'stacked' } : {}),
    ...(chart.type === 'bar' || chart.type === 'stacked-bar' ? { barDir: 'col' } : {}),
    ...(chart.type === 'donut' ? { holeSize: 55 } : {}),
    ...(chart.type === 'scatter' ? { lineSize: 0, lineDataSymbolSize: 10 } : {}),
    ...(chart.xTitle && !share ? { showCatAxisTitle: true, catAxisTitle: chart.xTitle, catAxisTitleColor: text.color, catAxisTitleFontSize: size } : {}),
    ...(chart.yTitle && !share ? { showValAxisTitle: true, valAxisTitle: chart.yTitle, valAxisTitleColor: text.color, valAxisTitleFontSize: size } : {}),
  }
  slide.addChart(CHART_NAMES[chart.type], chartData(chart), options)
}
