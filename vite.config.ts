import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { defineConfig, type Plugin } from 'vite'

const require = createRequire(import.meta.url)

/** reveal.css is only for the presented deck; the print page must not get its print rules. */
function emitRevealCss(): Plugin {
  return {
    name: 'talkdeck:emit-reveal-css',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'reveal.css', source: readFileSync(require.resolve('reveal.js/reveal.css')) })
    },
  }
}

/** Every browser talkdeck targets reads WOFF2; the WOFF fallbacks would double the deck's size. */
function dropWoffFallbacks(): Plugin {
  return {
    name: 'talkdeck:drop-woff-fallbacks',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const [fileName, output] of Object.entries(bundle)) {
        if (fileName.endsWith('.woff')) delete bundle[fileName]
        else if (fileName.endsWith('.css') && output.type === 'asset' && typeof output.source === 'string') {
          output.source = output.source.replace(/,\s*url\([^)]+\.woff\)\s*format\(["']woff["']\)/g, '')
        }
      }
    },
  }
}

/**
 * Builds talkdeck's client runtime (reveal.js, notes, fonts, layout CSS) into lib/client as a
 * classic script, once, at `npm run compile`. Every built deck and every PDF uses these files.
 * Decks themselves are served by `talkdeck dev`, which runs Vite with src/vite/plugin.ts.
 */
export default defineConfig({
  // Relative URLs: a built deck is copied around and opened from file://.
  base: './',
  plugins: [emitRevealCss(), dropWoffFallbacks()],
  build: {
    outDir: 'lib/client',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    cssCodeSplit: false,
    // Not lib mode: it would inline every font into the CSS as base64 (17 MB).
    rollupOptions: {
      input: 'src/client/build-entry.ts',
      output: {
        format: 'iife',
        entryFileNames: 'talkdeck.js',
        assetFileNames: (asset) => (asset.names.some((name) => name.endsWith('.css')) ? 'talkdeck.css' : 'fonts/[name][extname]'),
      },
    },
  },
})
