import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

/**
 * One-file builds of libraries talkdeck loads only for decks that need them. `npm run compile`
 * copies each into lib/vendor (vite.vendor.config.ts), so the packages stay devDependencies.
 * ECharts' copy ends in .cjs: it is a UMD script that `require` loads, in a package of ES modules.
 */
const require = createRequire(import.meta.url)

export const BROWSER_BUNDLES = {
  mermaid: { resolve: () => require.resolve('mermaid/dist/mermaid.min.js'), file: 'mermaid.min.js' },
  echarts: { resolve: () => require.resolve('echarts/dist/echarts.min.js'), file: 'echarts.min.cjs' },
} as const

/**
 * Where a bundle is: its copy beside the compiled code in an installed talkdeck, or, in a checkout
 * running its sources, the file in the devDependency it is copied from.
 */
export function bundlePath(name: keyof typeof BROWSER_BUNDLES): string {
  const bundle = BROWSER_BUNDLES[name]
  const copy = fileURLToPath(new URL(bundle.file, import.meta.url))
  return existsSync(copy) ? copy : bundle.resolve()
}
