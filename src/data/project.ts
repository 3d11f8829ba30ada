import { existsSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { ConfigError } from '../errors.js'
import { PACKAGE_PATHS } from '../package-paths.js'

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
  /** How a file is named in messages: relative to the project root (talkdeck's own files as talkdeck/…). */
  displayPath(absolutePath: string): string
}

export function createProject(root: string, cwd: string = process.cwd()): Project {
  const absoluteRoot = path.resolve(cwd, root)
  if (!existsSync(absoluteRoot)) throw new ConfigError(`project folder not found: ${absoluteRoot}`)
  if (!existsSync(path.join(absoluteRoot, 'decks'))) {
    throw new ConfigError(
      `no decks/ folder in ${absoluteRoot}: a talkdeck project holds decks/, data/ and templates/ (use --root DIR)`,
    )
  }
  return {
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
    if ((await stat(path.join(project.paths.data, name))).isDirectory()) names.push(name)
  }
  return names
}
