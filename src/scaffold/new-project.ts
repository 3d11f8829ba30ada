/**
 * `talkdeck new`: a project that works at once — a sample dataset, a talk and a briefing drawn from
 * it, npm scripts, JSON Schemas for editors, a README — written from `templates/new/`. Files ending
 * in `.hbs` are filled in (project name, talkdeck's version and where it installs from, the theme);
 * the others are copied.
 */
import { readdirSync, existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { ConfigError } from '../errors.js'
import { listFiles } from '../data/project.js'
import { createJsonSchemas } from '../data/json-schemas.js'
import { DEFAULTS } from '../defaults.js'
import { fillFolderAtomically } from '../output/write-atomic.js'
import { PACKAGE_PATHS, TALKDECK_VERSION } from '../package-paths.js'
import { compileStrict, createHandlebars } from '../render/handlebars.js'
import { suggest } from '../suggest.js'
import { talkdeckDependency } from './dependency.js'

const TEMPLATE = path.join(PACKAGE_PATHS.templates, 'new')
/** npm leaves `.gitignore` out of a package, so the template holds it without the dot. */
const RENAMED: Record<string, string> = { gitignore: '.gitignore' }

export interface NewProjectOptions {
  /** A built-in theme for both decks. @default DEFAULTS.theme */
  theme?: string
}

export interface NewProject {
  root: string
  /** Files written, relative to the root. */
  files: string[]
  decks: string[]
}

/** The built-in themes a new project may start with. */
export async function builtInThemes(): Promise<string[]> {
  return (await listFiles(path.join(PACKAGE_PATHS.templates, 'themes'), '.css')).map((file) => path.basename(file, '.css'))
}

/** An npm package name from a folder name: "My Talks" → "my-talks". */
function packageName(folder: string): string {
  const name = folder.toLowerCase().replace(/[^a-z0-9._~-]+/g, '-').replace(/^[._-]+|-+$/g, '')
  return name || 'talks'
}

function templateFiles(directory: string, relative = ''): string[] {
  const files: string[] = []
  for (const entry of readdirSync(path.join(directory, relative), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const name = path.join(relative, entry.name)
    if (entry.isDirectory()) files.push(...templateFiles(directory, name))
    else files.push(name)
  }
  return files
}

/**
 * Writes a new project into `target`, which must not exist or be empty (a `.git` folder aside).
 * Refuses before writing anything; writes all files or none.
 */
export async function writeNewProject(target: string, options: NewProjectOptions = {}): Promise<NewProject> {
  const root = path.resolve(target)
  const theme = options.theme ?? DEFAULTS.theme
  const themes = await builtInThemes()
  if (!themes.includes(theme)) throw new ConfigError(`unknown theme "${theme}"${suggest(theme, themes)}: a new project starts with one of ${themes.join(', ')}`)
  if (existsSync(root)) {
    const entries = readdirSync(root).filter((name) => name !== '.git')
    if (entries.length) throw new ConfigError(`${target} is not empty (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}): talkdeck new writes into a new or empty folder`)
  }
  const dependency = JSON.stringify(talkdeckDependency(root, PACKAGE_PATHS.root, TALKDECK_VERSION))
  const context = { name: packageName(path.basename(root)), version: TALKDECK_VERSION, dependency, theme }
  const hb = createHandlebars()
  const files: string[] = []
  await fillFolderAtomically(root, async (folder) => {
    for (const file of templateFiles(TEMPLATE)) {
      const source = path.join(TEMPLATE, file)
      const base = path.basename(file)
      const name = path.join(path.dirname(file), RENAMED[base] ?? base.replace(/\.hbs$/, ''))
      const content = base.endsWith('.hbs') ? compileStrict(hb, await readFile(source, 'utf8'), source)(context) : await readFile(source)
      await mkdir(path.dirname(path.join(folder, name)), { recursive: true })
      await writeFile(path.join(folder, name), content)
      files.push(name)
    }
    // The schemas the YAML files name on their first line, from the same zod schema that validates them.
    await mkdir(path.join(folder, DEFAULTS.schemaDir))
    for (const [name, schema] of Object.entries(createJsonSchemas())) {
      await writeFile(path.join(folder, DEFAULTS.schemaDir, name), `${JSON.stringify(schema, null, 2)}\n`)
      files.push(path.join(DEFAULTS.schemaDir, name))
    }
  })
  const decks = files.filter((file) => file.startsWith(`decks${path.sep}`)).map((file) => path.basename(file, '.yaml'))
  return { root, files: files.sort(), decks }
}
