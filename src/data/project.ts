import { existsSync, realpathSync, statSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { DEFAULTS } from '../defaults.js'
import { ConfigError } from '../errors.js'
import { PACKAGE_PATHS } from '../package-paths.js'
import { isInside, realPathOf } from './read-file.js'

/** Where a project keeps its files; `root` holds `decks/ data/ templates/`. */
export interface ProjectPaths {
  root: string
  decks: string
  data: string
  /** The project's own templates; may not exist. Files here override the built-in ones. */
  templates: string
}

export interface Project {
  paths: ProjectPaths
  /**
   * Real paths of the folders the project's files may be in: the root and each `--allow-path`. A
   * reference (an image, a logo, a theme, a symlink) that resolves anywhere else is refused.
   */
  allowed: string[]
  /** How a file is named in messages: relative to the project root (talkdeck's own files as talkdeck/…). */
  displayPath(absolutePath: string): string
}

export interface ProjectOptions {
  /** Folders outside the root the project may read files from, relative to the root (`--allow-path`). */
  allowPaths?: string[]
}

export function createProject(root: string, cwd: string = process.cwd(), options: ProjectOptions = {}): Project {
  const absoluteRoot = path.resolve(cwd, root)
  if (!existsSync(absoluteRoot)) throw new ConfigError(`project folder not found: ${absoluteRoot}`)
  if (!statSync(absoluteRoot).isDirectory()) throw new ConfigError(`--root must be a folder, got the file ${absoluteRoot}`)
  if (!existsSync(path.join(absoluteRoot, 'decks'))) {
    throw new ConfigError(
      `no decks/ folder in ${absoluteRoot}: a talkdeck project holds decks/, data/ and templates/ (use --root DIR)`,
    )
  }
  const allowed = [realpathSync(absoluteRoot)]
  for (const folder of options.allowPaths ?? []) {
    const absolute = path.resolve(absoluteRoot, folder)
    if (!existsSync(absolute) || !statSync(absolute).isDirectory()) throw new ConfigError(`--allow-path must name a folder, got ${absolute} (relative to --root)`)
    allowed.push(realpathSync(absolute))
  }
  return {
    allowed,
    paths: {
      root: absoluteRoot,
      decks: path.join(absoluteRoot, 'decks'),
      data: path.join(absoluteRoot, 'data'),
      templates: path.join(absoluteRoot, 'templates'),
    },
    displayPath(absolutePath) {
      const inside = (folder: string) => {
        const relative = path.relative(folder, absolutePath)
        return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : undefined
      }
      // The project's files as the project names them; talkdeck's own as "talkdeck/…".
      const own = inside(absoluteRoot)
      if (own !== undefined) return own
      const builtIn = inside(PACKAGE_PATHS.root)
      return builtIn !== undefined ? `talkdeck/${builtIn}` : absolutePath
    },
  }
}

/** Files of one kind found in the built-in templates and in the project, project last (it wins). */
export async function listTemplateFiles(
  project: Project,
  folder: string,
  extension: string,
): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  const roots = [PACKAGE_PATHS.templates, project.paths.templates]
  for (const root of new Set(roots)) {
    for (const file of await listFiles(path.join(root, folder), extension)) {
      found.set(path.basename(file, extension), file)
    }
  }
  return found
}

export async function listFiles(directory: string, extension: string): Promise<string[]> {
  let entries: string[]
  try {
    entries = await readdir(directory)
  } catch {
    return []
  }
  return entries
    .filter((name) => name.endsWith(extension) && !name.startsWith('.'))
    .sort()
    .map((name) => path.join(directory, name))
}

export async function listDatasets(project: Project): Promise<string[]> {
  let entries: string[]
  try {
    entries = await readdir(project.paths.data)
  } catch {
    return []
  }
  const names: string[] = []
  for (const name of entries.sort()) {
    // A dangling link or a loop in data/ is no dataset; a deck naming it is told it does not exist.
    const info = await stat(path.join(project.paths.data, name)).catch(() => undefined)
    if (info?.isDirectory()) names.push(name)
  }
  return names
}

/**
 * The folder `--out` names (relative to the root), refused where writing could replace the
 * project: the root itself or a folder above it, and decks/, data/ or templates/ or a folder in
 * them. Symbolic links are followed before deciding.
 */
export function resolveOutDir(project: Project, requested: string): string {
  const outDir = path.resolve(project.paths.root, requested)
  const real = realPathOf(outDir)
  const root = realPathOf(project.paths.root)
  const refuse = (why: string) => new ConfigError(`--out ${requested} (${outDir}): ${why}; talkdeck writes its output in a folder of its own (default: ${DEFAULTS.outDir})`)
  if (isInside(root, real)) throw refuse(real === root ? 'that is the project folder' : `that folder holds the project (${project.paths.root})`)
  for (const folder of [project.paths.decks, project.paths.data, project.paths.templates]) {
    if (isInside(real, realPathOf(folder))) throw refuse(`that is inside the project's ${path.basename(folder)}/ folder`)
  }
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw refuse('that is a file, not a folder')
  return outDir
}
