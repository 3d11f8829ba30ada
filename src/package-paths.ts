import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { OutputError } from './errors.js'
import { fileURLToPath } from 'node:url'

/**
 * Folders shipped with talkdeck. This file sits directly in `src/` (or `lib/` once compiled), one
 * level below the package root; bundled into the command line (`lib/cli-bundle/`), two.
 */
const packageRoot = ['..', '../..'].map((up) => fileURLToPath(new URL(up, import.meta.url))).find((folder) => existsSync(`${folder}package.json`)) as string

export const PACKAGE_PATHS = {
  root: packageRoot,
  templates: `${packageRoot}templates`,
  /** The client runtime (reveal.js, fonts, layout CSS) built by Vite at `npm run compile`. */
  client: `${packageRoot}lib/client`,
  /** talkdeck's scripts for the print page (src/page-scripts), one classic script built by Vite at `npm run compile`. */
  pageScripts: `${packageRoot}lib/page/talkdeck-page.js`,
  /** talkdeck's templates compiled ahead, written by `npm run compile` (see vite.cli.config.ts). */
  precompiledTemplates: `${packageRoot}lib/cli-bundle/precompiled-templates.json`,
} as const

/** The files of the client runtime that pages link (see vite.config.ts). */
export const CLIENT_FILES = {
  revealCss: 'reveal.css',
  css: 'talkdeck.css',
  script: 'talkdeck.js',
  /** KaTeX's CSS, its fonts beside talkdeck's: linked only by pages that show a formula. */
  katexCss: 'katex.css',
} as const

export const TALKDECK_VERSION = (JSON.parse(readFileSync(`${packageRoot}package.json`, 'utf8')) as { version: string }).version

export function assertClientBuilt(): void {
  if (!existsSync(path.join(PACKAGE_PATHS.client, CLIENT_FILES.script))) {
    throw new OutputError(`talkdeck's client runtime is not built (${PACKAGE_PATHS.client}); run "npm run compile" in the talkdeck folder`)
  }
}
