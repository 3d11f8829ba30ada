/**
 * The parts of ECharts talkdeck draws with: its SVG renderer for server-side rendering, the chart
 * types of the `chart:` block (bar, line and area, pie and donut, scatter), axes, the legend, label
 * layout and `containLabel` grids — the same drawing as the whole library's, checked byte for byte.
 * `npm run compile` bundles this file into lib/vendor/echarts-svg.cjs (vite.vendor.config.ts):
 * 0.57 MB that `require` reads in about 60 ms, where the whole library's 1.1 MB took about 140 ms
 * of every build of a deck with charts.
 */
import { BarChart, LineChart, PieChart, ScatterChart } from 'echarts/charts'
import { GridComponent, LegendComponent } from 'echarts/components'
import { init, use } from 'echarts/core'
import { LabelLayout, LegacyGridContainLabel } from 'echarts/features'
import { SVGRenderer } from 'echarts/renderers'

use([BarChart, LineChart, PieChart, ScatterChart, GridComponent, LegendComponent, LabelLayout, LegacyGridContainLabel, SVGRenderer])

export { init }
