import { copyFileSync, mkdirSync, rmSync } from 'node:fs'
import { build, defineConfig, type Plugin } from 'vite'
import { BROWSER_BUNDLES } from './src/vendor/bundles.js'

const ENTRIES = { highlight: 'src/vendor/highlight.ts' }

/** tsc's source maps describe the re-exports this build replaces; left behind they would mislead. */
function dropStaleMaps(): Plugin {
  return {
    name: 'talkdeck:drop-stale-vendor-maps',
    closeBundle() {
      for (const name of Object.keys(ENTRIES)) rmSync(`lib/vendor/${name}.js.map`, { force: true })
    },
  }
}

/**
 * Puts the one-file builds talkdeck loads from Mermaid and ECharts into lib/vendor: both are
 * devDependencies, so an install gets these 4 MB, not the 170 MB of their packages and of
 * Mermaid's dependency tree. A bundle with an `entry` is built from it as CommonJS (tsc's ES module
 * of the entry, which would import the devDependency, is removed).
 */
function vendorBundles(): Plugin {
  return {
    name: 'talkdeck:vendor-bundles',
    async closeBundle() {
      mkdirSync('lib/vendor', { recursive: true })
      for (const bundle of Object.values(BROWSER_BUNDLES)) {
        if (!('entry' in bundle)) {
          copyFileSync(bundle.resolve(), `lib/vendor/${bundle.file}`)
          continue
        }
        await build({
          configFile: false,
          logLevel: 'warn',
          build: { outDir: 'lib/vendor', emptyOutDir: false, target: 'node20', minify: true, lib: { entry: bundle.entry, formats: ['cjs'], fileName: () => bundle.file } },
        })
        const compiled = bundle.entry.replace(/^src\//, 'lib/').replace(/\.ts$/, '')
        for (const extension of ['.js', '.js.map', '.d.ts']) rmSync(`${compiled}${extension}`, { force: true })
      }
    },
  }
}

/**
 * Bundles the parts of highlight.js talkdeck runs into lib/vendor, over tsc's output of src/vendor,
 * at `npm run compile`. The package is then a devDependency: an install gets the code it runs, not
 * its 9 MB of UMD builds, languages and styles.
 */
export default defineConfig({
  plugins: [dropStaleMaps(), vendorBundles()],
  logLevel: 'warn',
  build: {
    outDir: 'lib/vendor',
    emptyOutDir: false,
    target: 'node20',
    minify: false,
    sourcemap: false,
    lib: { entry: ENTRIES, formats: ['es'], fileName: (_format, name) => `${name}.js` },
    rollupOptions: { external: [/^node:/] },
  },
})
