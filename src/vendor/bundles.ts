import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { PACKAGE_PATHS } from '../package-paths.js'

/**
 * One-file builds of libraries talkdeck loads only for decks that need them. `npm run compile`
 * puts each into lib/vendor (vite.vendor.config.ts), so the packages stay devDependencies:
 * Mermaid's own build is copied; ECharts is bundled from `entry` with only what talkdeck draws, as
 * CommonJS (.cjs) that `require` loads in a package of ES modules.
 */
const require = createRequire(import.meta.url)

export const BROWSER_BUNDLES = {
  mermaid: { resolve: () => require.resolve('mermaid/dist/mermaid.min.js'), file: 'mermaid.min.js' },
  echarts: { resolve: () => require.resolve('echarts/dist/echarts.min.js'), file: 'echarts-svg.cjs', entry: 'src/vendor/echarts-svg.ts' },
} as const

/**
 * Where a bundle is: beside the compiled code in an installed talkdeck, or, in a checkout running
 * its sources, the devDependency's own one-file build (the whole of ECharts: the same `init`).
 */
export function bundlePath(name: keyof typeof BROWSER_BUNDLES): string {
  const bundle = BROWSER_BUNDLES[name]
  // From the package root, not from this module: bundled into lib/cli-bundle/, this code runs one folder away from lib/vendor/.
  const built = path.join(PACKAGE_PATHS.root, 'lib', 'vendor', bundle.file)
  return existsSync(built) ? built : bundle.resolve()
}
