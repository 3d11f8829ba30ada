import { rmSync } from 'node:fs'
import { defineConfig, type Plugin } from 'vite'

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
 * Bundles the parts of highlight.js talkdeck runs into lib/vendor, over tsc's output of src/vendor,
 * at `npm run compile`. The package is then a devDependency: an install gets the code it runs, not
 * its 9 MB of UMD builds, languages and styles.
 */
export default defineConfig({
  plugins: [dropStaleMaps()],
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
