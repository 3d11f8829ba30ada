/**
 * Calls talkdeck's page scripts (src/page-scripts, bundled into lib/page by `npm run compile`) in
 * an open page. The bundle is sent once per document: a call finds it installed, or installs it
 * and calls again. Arguments and results cross as JSON, typed by the scripts' own signatures.
 */
import { readFileSync } from 'node:fs'
import { OutputError } from '../errors.js'
import { PACKAGE_PATHS } from '../package-paths.js'
import type { PageScripts } from '../page-scripts/index.js'

/** Anything that evaluates an expression's text in a page: a `BrowserPage`, or Playwright's page in a test. */
export interface ScriptRunner {
  evaluate<R>(expression: string): Promise<R>
}

/** What a call answers when the page has no page scripts yet (a new document). */
const NOT_INSTALLED = 'talkdeck:page-scripts-not-installed'

let bundle: string | undefined

function readBundle(): string {
  if (bundle === undefined) {
    try {
      bundle = readFileSync(PACKAGE_PATHS.pageScripts, 'utf8')
    } catch (error) {
      throw new OutputError(`talkdeck's page scripts are not built (${PACKAGE_PATHS.pageScripts}); run "npm run compile" in the talkdeck folder`, { cause: error })
    }
  }
  return bundle
}

/** What page script `K` resolves with, as it crosses to Node. */
type PageResult<K extends keyof PageScripts> = Awaited<ReturnType<PageScripts[K]>>

/** Calls page script `name` with `arg` in the page's current document, installing the scripts there first if needed. */
export async function runPageScript<K extends keyof PageScripts>(page: ScriptRunner, name: K, arg: Parameters<PageScripts[K]>[0]): Promise<PageResult<K>> {
  const call = `globalThis.__talkdeckPage.${name}(${JSON.stringify(arg)})`
  const answer = await page.evaluate<PageResult<K> | typeof NOT_INSTALLED>(`globalThis.__talkdeckPage ? ${call} : ${JSON.stringify(NOT_INSTALLED)}`)
  if (answer !== NOT_INSTALLED) return answer
  return page.evaluate<PageResult<K>>(`${readBundle()}\n;${call}`)
}
