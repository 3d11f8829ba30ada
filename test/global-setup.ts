import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** CLI tests run bin/talkdeck.js, which needs the compiled library and client runtime. */
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url))
  if (process.env.TALKDECK_SKIP_COMPILE && existsSync(`${root}lib/cli-bundle/cli.js`)) return
  execFileSync('npm', ['run', '-s', 'compile'], { cwd: root, stdio: 'inherit' })
}
