import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import path from 'node:path'
import Handlebars from 'handlebars'
import { defineConfig, type Plugin } from 'vite'
import { precompileStrict } from './src/render/handlebars.js'
import { templateKey } from './src/render/precompiled-templates.js'

/** What bin/talkdeck.js imports: the light first step of an export, and the rest of the command line. */
const ENTRIES = { 'cli-start': 'src/cli-start.ts', cli: 'src/cli.ts' }

/**
 * Loaded only by the commands that need them (dev, pptx, fonts of a built deck or checked), large, or with
 * files of their own (WebAssembly): they stay installed packages, imported where they are.
 */
const EXTERNAL = ['vite', 'pptxgenjs', 'jszip', 'subset-font', 'fontverter', 'harfbuzzjs', '@xmldom/xmldom']

/**
 * Handlebars builds its compiled templates with source-map's SourceNode when that package can be
 * required, and with a plain string builder when not. talkdeck never asks for source maps of its
 * layouts: without the package there is less to load, and compiling is a little faster.
 */
function withoutSourceMaps(): Plugin {
  const EMPTY = '\0talkdeck:no-source-map'
  return {
    name: 'talkdeck:handlebars-without-source-maps',
    enforce: 'pre',
    resolveId: (id) => (id === 'source-map' ? EMPTY : undefined),
    load: (id) => (id === EMPTY ? 'export default {}' : undefined),
  }
}

/**
 * Writes talkdeck's own templates compiled (every .hbs under templates/: layouts, partials, pages,
 * `talkdeck new`'s) beside the bundle, keyed as src/render/precompiled-templates.ts looks them up:
 * each run then skips compiling them.
 */
function precompiledTemplates(): Plugin {
  return {
    name: 'talkdeck:precompiled-templates',
    generateBundle() {
      const hb = Handlebars.create()
      const compiled: Record<string, string> = {}
      for (const name of readdirSync('templates', { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.hbs')).sort()) {
        const file = path.join('templates', name)
        const source = readFileSync(file, 'utf8')
        compiled[templateKey(source)] = precompileStrict(hb, source, file)
      }
      this.emitFile({ type: 'asset', fileName: 'precompiled-templates.json', source: JSON.stringify(compiled) })
    },
  }
}

/**
 * Bundles the command line into lib/cli-bundle at `npm run compile`, with the libraries it runs
 * (zod, Handlebars, markdown-it, js-yaml, highlight.js): Node 20 loads ES modules file by file,
 * and the 230 files they are otherwise cost every run 0.3 s of CPU — which an export spends while
 * its browser starts on the same cores. Commands load their own parts (dev, check, pptx) as chunks,
 * when run. lib/ keeps tsc's files for the library's API (lib/index.js).
 */
export default defineConfig({
  plugins: [withoutSourceMaps(), precompiledTemplates()],
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir: 'lib/cli-bundle',
    // Each build's chunks have new names: the last build's must not stay behind.
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    copyPublicDir: false,
    rollupOptions: {
      input: ENTRIES,
      external: [...EXTERNAL, ...EXTERNAL.map((name) => new RegExp(`^${name}/`)), /^node:/, ...builtinModules],
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
  ssr: { noExternal: true, target: 'node' },
})
