/**
 * A chart as an SVG drawn at build time, in the deck's theme: the same markup in `dev`, a built
 * deck, the PDF (vector, not a picture) and the PNGs, with the numbers beside it as a table that
 * screen readers read and eyes do not see.
 *
 * Drawn with Apache ECharts' server-side renderer (`renderToSVGString`): it needs no DOM and no
 * canvas, draws every type a briefing needs, and renders synchronously, so a chart is drawn by a
 * Handlebars helper like the code highlighting. Vega-Lite → Vega `toSVG()` was the other choice;
 * its rendering is asynchronous and its packages several times as many. ECharts is loaded on the
 * first chart drawn (about 0.3 s), never for a deck without one.
 */
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import type * as ECharts from 'echarts'
import type { ResolvedChart } from '../deck/resolve-chart.js'
import type { SlideSize } from '../deck/types.js'
import { SHARE_CHART_TYPES, showsBarValues } from '../data/chart-schema.js'
import { bundlePath } from '../vendor/bundles.js'
import type { ChartTheme } from './chart-theme.js'

type EChartsOption = ECharts.EChartsOption

let echarts: typeof ECharts | undefined
// The minified UMD build: one file, loaded in half the time of the package's ES modules.
const loadECharts = () => (echarts ??= createRequire(import.meta.url)(bundlePath('echarts')) as typeof ECharts)

/** Type sizes in CSS pixels of the slide: axis and legend text stays readable from the back of a room. */
const FONT = { axis: 20, title: 20, label: 20 } as const
/** How much of its colour a series or category keeps when another is highlighted. */
const MUTED_OPACITY = 0.35

/** A value as the chart shows it, in the deck's language (1,800 in English, 1.800 in German): its decimals, then its unit. */
export function formatChartValue(chart: Pick<ResolvedChart, 'decimals' | 'unit'>, value: number, language: string): string {
  return `${value.toLocaleString(language, { minimumFractionDigits: chart.decimals, maximumFractionDigits: chart.decimals })}${chart.unit}`
}

/** Where a chart sits: across the slide's body, or in one column of two (templates/styles/layouts.css: 80px margins, 48px between columns). */
export type ChartPlace = 'body' | 'column'

/**
 * The size a chart is drawn at on a slide of this size: across the body, two fifths of its height
 * (room for a two-line takeaway); in a column, half the body less the gap, and half the height, as a
 * column has no takeaway under it.
 */
export function chartSize(size: SlideSize, hasCaption: boolean, place: ChartPlace): { width: number; height: number } {
  const body = size.width - 160
  const [width, height] = place === 'column' ? [(body - 48) / 2, size.height * 0.5] : [body, size.height * 0.4]
  return { width: Math.floor(width), height: Math.round(height) - (hasCaption ? 36 : 0) }
}

const seriesColor = (theme: ChartTheme, index: number) => theme.series[index % theme.series.length] ?? theme.text

function cartesianSeries(chart: ResolvedChart, theme: ChartTheme, language: string): EChartsOption['series'] {
  const format = (value: number) => formatChartValue(chart, value, language)
  return chart.series.map((series, index) => {
    const color = seriesColor(theme, index)
    const seriesMuted = chart.highlight !== null && chart.series.some((other) => other.name === chart.highlight) && series.name !== chart.highlight
    const opacityOf = (category: string) => (seriesMuted || (chart.highlight !== null && chart.categories.includes(chart.highlight) && category !== chart.highlight) ? MUTED_OPACITY : 1)
    const data = series.values.map((value, at) => ({ value: chart.type === 'scatter' ? [Number(chart.categories[at]), value] : value, itemStyle: { opacity: opacityOf(chart.categories[at] ?? '') }, label: { opacity: 1 } }))
    const common = { name: series.name, data, itemStyle: { color }, lineStyle: { color, width: 4, opacity: seriesMuted ? MUTED_OPACITY : 1 } }
    switch (chart.type) {
      case 'bar':
      case 'stacked-bar':
        return {
          ...common,
          type: 'bar' as const,
          stack: chart.type === 'stacked-bar' ? 'total' : undefined,
          label: { show: showsBarValues(chart), position: 'top' as const, color: theme.text, fontSize: FONT.label, formatter: (params: { value: unknown }) => format(Number(params.value)) },
        }
      case 'line':
      case 'area':
        return { ...common, type: 'line' as const, symbolSize: 10, areaStyle: chart.type === 'area' ? { color, opacity: 0.3 } : undefined }
      default:
        return { ...common, type: 'scatter' as const, symbolSize: 18 }
    }
  })
}

function axisText(theme: ChartTheme) {
  return {
    axisLabel: { color: theme.text, fontSize: FONT.axis, fontFamily: theme.fontFamily },
    axisLine: { lineStyle: { color: theme.muted } },
    splitLine: { lineStyle: { color: theme.grid } },
    nameTextStyle: { color: theme.muted, fontSize: FONT.title, fontFamily: theme.fontFamily },
  }
}

/** Below this width (a chart in a column) a pie is drawn smaller and its labels on two lines, or they would be cut. */
const NARROW = 700

function chartOption(chart: ResolvedChart, theme: ChartTheme, { width, height }: { width: number; height: number }, language: string): EChartsOption {
  const textStyle = { fontFamily: theme.fontFamily, color: theme.text }
  const legend = chart.series.length > 1 || SHARE_CHART_TYPES.includes(chart.type) ? { top: 0, textStyle: { ...textStyle, fontSize: FONT.label }, itemWidth: 22, itemHeight: 16, itemGap: 28 } : undefined
  const base = { animation: false, backgroundColor: 'transparent', textStyle, legend, color: theme.series }
  if (SHARE_CHART_TYPES.includes(chart.type)) {
    const [series] = chart.series
    const outer = width < NARROW ? 60 : 72
    return {
      ...base,
      series: [
        {
          type: 'pie',
          name: series?.name,
          radius: chart.type === 'donut' ? [`${Math.round(outer * 0.58)}%`, `${outer}%`] : `${outer}%`,
          center: ['50%', '56%'],
          itemStyle: { borderColor: theme.background, borderWidth: 3 },
          label: { color: theme.text, fontSize: FONT.label, lineHeight: Math.round(FONT.label * 1.3), fontFamily: theme.fontFamily, formatter: (params: { name: string; value: unknown }) => `${params.name}${width < NARROW ? '\n' : ' '}${formatChartValue(chart, Number(params.value), language)}` },
          // A muted slice keeps a label that reads: only the slice fades.
          data: chart.categories.map((name, at) => ({ name, value: series?.values[at] ?? 0, itemStyle: { color: seriesColor(theme, at), opacity: chart.highlight && name !== chart.highlight ? MUTED_OPACITY : 1 }, label: { opacity: 1 } })),
        },
      ],
    }
  }
  const scatter = chart.type === 'scatter'
  const grid = { left: 16, right: 24, top: (legend ? 40 : 0) + (chart.yTitle ? 48 : 24), bottom: chart.xTitle ? 48 : 8, containLabel: true }
  // One value label per 50 px of plot at most (the category labels take ~30 px): more would touch at 20 px type.
  const splitNumber = Math.max(2, Math.min(5, Math.floor((height - grid.top - grid.bottom - 30) / 50)))
  return {
    ...base,
    grid,
    xAxis: { type: scatter ? 'value' : 'category', data: scatter ? undefined : chart.categories, name: chart.xTitle ?? undefined, nameLocation: 'middle', nameGap: 40, scale: scatter, ...axisText(theme), splitLine: { show: scatter, lineStyle: { color: theme.grid } } },
    // Room above the tallest bar for its value, under the axis title: a bar as tall as the axis put its label on the title.
    yAxis: { type: 'value', splitNumber, boundaryGap: showsBarValues(chart) ? [0, '12%'] : undefined, name: chart.yTitle ?? undefined, nameLocation: 'end', nameGap: 20, ...axisText(theme), nameTextStyle: { ...axisText(theme).nameTextStyle, align: 'left' }, axisLabel: { ...axisText(theme).axisLabel, formatter: (value: number) => formatChartValue(chart, value, language) } },
    series: cartesianSeries(chart, theme, language),
  }
}

/**
 * ECharts names the SVG's classes and ids ("zr3-cls-2", "zr3-g0") by counters of the charts and
 * styles drawn so far in the process, so the same chart would be other markup in another build.
 */
const ECHARTS_NAME = /\bzr\d+-[a-z]+-?\d+\b/g

/**
 * The SVG with those names numbered in their order in it, after a hash of the drawing: the same
 * chart is the same markup in every build, dev session and test, and two charts never share one.
 */
function stableIds(svg: string): string {
  const numbers = new Map<string, number>()
  const numbered = (name: string) => numbers.get(name) ?? numbers.set(name, numbers.size).size - 1
  const drawing = svg.replace(ECHARTS_NAME, (name) => `#${numbered(name)}`)
  const id = createHash('sha256').update(drawing).digest('hex').slice(0, 10)
  return svg.replace(ECHARTS_NAME, (name) => `td-chart-${id}-${numbered(name)}`)
}

/** The chart as an SVG string, `width` × `height` CSS pixels, in the theme's colours and font. */
export function renderChartSvg(chart: ResolvedChart, theme: ChartTheme, size: { width: number; height: number }, language: string): string {
  const instance = loadECharts().init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height })
  try {
    instance.setOption(chartOption(chart, theme, size, language))
    return stableIds(instance.renderToSVGString())
  } finally {
    instance.dispose()
  }
}
