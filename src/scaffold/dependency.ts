/**
 * The `talkdeck` dependency a new project's package.json names: one that installs from where the
 * running talkdeck came from. A fixed `^0.1.0` only installs from the registry; someone trying
 * talkdeck from a tarball (`npm install ./talkdeck-0.1.0.tgz`) or a folder (a git checkout) got a
 * project whose `npm install` failed.
 *
 * How the running talkdeck was installed is read from npm's own record, not guessed:
 * - inside `<project>/node_modules/talkdeck` (a local install, or npx's cache folder): the
 *   lockfile of that project — `node_modules/.package-lock.json`, which npm writes on every
 *   install, or `package-lock.json` — says in `resolved` where the package came from: a registry
 *   URL (then the registry range), or `file:<tarball>` relative to that project (then the same
 *   tarball, relative to the new project);
 * - anywhere else (a git checkout run directly, or a folder installed with `npm install <dir>`,
 *   which npm links, so Node runs the folder itself): that folder, as `file:`.
 * Rejected: `npm_config_*` variables (set only while npm runs a script, not for an installed bin
 * or `npx`), and the package's own package.json (npm 7 and later keep no `_resolved` in it). A
 * global install from a tarball leaves no record at all; it gets the registry range.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

/** The `devDependencies.talkdeck` value for a project at `projectRoot`, for talkdeck running from `packageRoot`. */
export function talkdeckDependency(projectRoot: string, packageRoot: string, version: string): string {
  const registry = `^${version}`
  const root = path.resolve(packageRoot)
  const local = (target: string) => `file:${toPosix(path.relative(projectRoot, target) || '.')}`
  const parent = path.dirname(root)
  if (path.basename(parent) !== 'node_modules') return local(root)
  const installer = path.dirname(parent)
  const key = toPosix(path.relative(installer, root))
  for (const lockfile of [path.join(parent, '.package-lock.json'), path.join(installer, 'package-lock.json')]) {
    const entry = readLockEntry(lockfile, key)
    if (!entry) continue
    const resolved = entry.resolved ?? ''
    if (entry.link && resolved) return local(path.resolve(installer, resolved))
    if (resolved.startsWith('file:')) return local(path.resolve(installer, resolved.slice('file:'.length)))
    return registry
  }
  return registry
}

const toPosix = (file: string) => file.split(path.sep).join('/')

function readLockEntry(file: string, key: string): { resolved?: string; link?: boolean } | undefined {
  if (!existsSync(file)) return undefined
  try {
    const lock = JSON.parse(readFileSync(file, 'utf8')) as { packages?: Record<string, { resolved?: string; link?: boolean }> }
    return lock.packages?.[key]
  } catch {
    // An unreadable lockfile says nothing about where talkdeck came from.
    return undefined
  }
}
