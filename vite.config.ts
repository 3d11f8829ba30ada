import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, defineConfig, type Plugin } from 'vite'
import { fixTwemoji } from './src/build/twemoji-fix.js'

const require = createRequire(import.meta.url)
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))

/** reveal.css is only for the presented deck; the print page must not get its print rules. */
function emitRevealCss(): Plugin {
  return {
    name: 'talkdeck:emit-reveal-css',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'reveal.css', source: readFileSync(require.resolve('reveal.js/reveal.css')) })
    },
  }
}

/**
 * KaTeX's CSS and fonts, for pages that show a formula (src/render/markdown-math.ts): katex.css
 * beside talkdeck.css, its WOFF2 fonts in the same fonts/ folder (the CSS names them relative to
 * itself, as talkdeck.css does), without the WOFF and TrueType fallbacks.
 */
function emitKatex(): Plugin {
  return {
    name: 'talkdeck:emit-katex',
    generateBundle() {
      const dist = path.dirname(require.resolve('katex/dist/katex.css'))
      const css = readFileSync(path.join(dist, 'katex.css'), 'utf8').replace(/,\s*url\([^)]+\.(woff|ttf)\)\s*format\(["'](woff|truetype)["']\)/g, '')
      this.emitFile({ type: 'asset', fileName: 'katex.css', source: css })
      for (const font of new Set([...css.matchAll(/url\((fonts\/[^)]+\.woff2)\)/g)].map((match) => match[1] as string))) {
        this.emitFile({ type: 'asset', fileName: font, source: readFileSync(path.join(dist, font)) })
      }
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
 * The bundled Twemoji font with its keycaps and U+FE0F sequences drawn whole in Chromium (see
 * src/build/twemoji-fix.ts). Its Brotli pass costs 4.3 s of CPU (16 s on a busy two-core machine),
 * at every compile, which every test run starts with; so the result is kept in node_modules/.cache,
 * named by a hash of the package's font and the fix's source, and made again when either changes.
 * A compile that has no copy yet starts it with the build, on Node's thread pool.
 */
function fixTwemojiFont(): Plugin {
  const FILE = 'fonts/twemoji.woff2'
  let fixed: Promise<Uint8Array> | undefined
  return {
    name: 'talkdeck:fix-twemoji',
    buildStart() {
      const font = readFileSync(require.resolve('twemoji-colr-font/twemoji.woff2'))
      const key = createHash('sha256').update(font).update(readFileSync(here('src/build/twemoji-fix.ts'))).digest('hex').slice(0, 16)
      const cached = here(`node_modules/.cache/talkdeck/twemoji-${key}.woff2`)
      fixed = existsSync(cached)
        ? Promise.resolve(readFileSync(cached))
        : fixTwemoji(font).then(({ woff2 }) => {
            // Written whole, then renamed: another compile may read the cache at the same time.
            mkdirSync(path.dirname(cached), { recursive: true })
            writeFileSync(`${cached}.${process.pid}`, woff2)
            renameSync(`${cached}.${process.pid}`, cached)
            return woff2
          })
      // Awaited in generateBundle; a failure is reported there, not as an unhandled rejection.
      fixed.catch(() => undefined)
    },
    async generateBundle(_options, bundle) {
      const font = bundle[FILE]
      if (font?.type !== 'asset' || !fixed) this.error(`${FILE} is not in the client build: the Twemoji fix has no font to replace`)
      else font.source = await fixed
    },
  }
}

/**
 * talkdeck's scripts for the print page (src/page-scripts: the PPTX capture, the overflow and
 * contrast measurement) as one classic script, lib/page/talkdeck-page.js, built with the client
 * runtime: src/browser/page-scripts.ts injects it into a page once and calls it with typed
 * arguments, instead of sending functions' source text. Not in lib/client: built decks do not ship it.
 */
function buildPageScripts(): Plugin {
  return {
    name: 'talkdeck:page-scripts',
    apply: 'build',
    async closeBundle() {
      await build({
        configFile: false,
        logLevel: 'warn',
        build: {
          outDir: 'lib/page',
          emptyOutDir: true,
          sourcemap: false,
          minify: false,
          copyPublicDir: false,
          rollupOptions: { input: 'src/page-scripts/index.ts', output: { format: 'iife', entryFileNames: 'talkdeck-page.js' } },
        },
      })
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
  plugins: [emitRevealCss(), emitKatex(), fixTwemojiFont(), dropWoffFallbacks(), buildPageScripts()],
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
