import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * Folders shipped with talkdeck. This file sits directly in `src/` (or `lib/` once compiled), so the
 * package root is one level up in both cases.
 */
const packageRoot = fileURLToPath(new URL('..', import.meta.url))

export const PACKAGE_PATHS = {
  root: packageRoot,
  templates: `${packageRoot}templates`,
  /** The client runtime (reveal.js, fonts, layout CSS) built by Vite at `npm run compile`. */
  client: `${packageRoot}lib/client`,
  clientEntry: `${packageRoot}src/client/runtime.ts`,
} as const

export const TALKDECK_VERSION = (JSON.parse(readFileSync(`${packageRoot}package.json`, 'utf8')) as { version: string }).version
