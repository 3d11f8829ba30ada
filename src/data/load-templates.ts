/**
 * The templates a project renders with: talkdeck's built-in layouts, partials and themes, and the
 * project's own in `templates/`, which win by name. A layout says in its first line what it is.
 */
import path from 'node:path'
import type { Problem } from '../errors.js'
import { PACKAGE_PATHS } from '../package-paths.js'
import { isUrl } from '../urls.js'
import { loadMessageCatalogs, type MessageCatalog } from './messages.js'
import { listTemplateFiles, type Project } from './project.js'
import { fileProblem, PROBLEM_CODES, readTextFile } from './read-file.js'
import { ITEM_KINDS, type ItemKind } from './schema.js'
import { createPositionFinder } from './text-position.js'
import { quoteValue } from './validate.js'

/**
 * How a layout consumes a selection of items: `each` renders one slide per item, `all` renders the
 * items together (split into several slides of `perSlide` when given), `none` takes no items.
 */
export const SELECTION_MODES = ['each', 'all', 'none'] as const
export type SelectionMode = (typeof SELECTION_MODES)[number]

/**
 * What a slide is in a talk. `divider` starts a section (the agenda lists them); `content` states
 * facts, so it needs sources and notes; `reference` is read rather than presented (no minimum
 * time); `title`, `agenda` and `closing` frame the talk.
 */
export const LAYOUT_ROLES = ['title', 'agenda', 'divider', 'content', 'reference', 'closing'] as const
export type LayoutRole = (typeof LAYOUT_ROLES)[number]

/** Fields of a resolved slide a layout can need in order to show anything. */
export const LAYOUT_NEEDS = ['title', 'text', 'points', 'items', 'sources', 'columns', 'code', 'metric', 'quote', 'image', 'body', 'table', 'chart', 'diagram', 'video', 'left', 'right', 'sections'] as const
export type LayoutNeed = (typeof LAYOUT_NEEDS)[number]

export interface Layout {
  name: string
  /** Absolute path, for reading. */
  file: string
  /** The file as messages name it. */
  display: string
  source: string
  selection: SelectionMode
  perSlide: number | undefined
  role: LayoutRole
  /** What a slide of this layout selects when it names no `from:` (e.g. the sources layout: `sources`). */
  from: ItemKind | 'sources' | undefined
  /** Each group lists fields of which the slide must have at least one, or it would show nothing. */
  needs: LayoutNeed[][]
  /** Mistakes in the header line, reported when a deck uses the layout. */
  problems: Problem[]
}

export interface Theme {
  name: string
  /** Absolute path of the theme's CSS file. */
  file: string
  builtIn: boolean
}

export interface Partial {
  name: string
  file: string
  display: string
  source: string
  /** Why the file could not be read; a layout using the partial fails with it. */
  problems: Problem[]
}

export interface Templates {
  layouts: Map<string, Layout>
  partials: Map<string, Partial>
  themes: Map<string, Theme>
  /** talkdeck's words in each language, built-in catalogs first (see messages.ts). */
  messages: MessageCatalog[]
}

/** Layout options live in the template itself so that a project's own layout can declare them. */
const HEADER = /^\{\{!--\s*talkdeck:([\s\S]*?)--\}\}/

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value)

export function parseLayoutHeader(source: string, file: string): Omit<Layout, 'name' | 'file' | 'display' | 'source'> {
  const header = HEADER.exec(source.trimStart())
  const problems: Problem[] = []
  const layout: Omit<Layout, 'name' | 'file' | 'display' | 'source'> = { selection: 'none', perSlide: undefined, role: 'content', from: undefined, needs: [], problems }
  const wrong = (message: string) => problems.push({ severity: 'error', code: 'layout-header', file, line: 1, message })
  for (const pair of header?.[1]?.trim().split(/\s+/).filter(Boolean) ?? []) {
    const [key = '', value = ''] = pair.split('=')
    if (key === 'selection' && isOneOf(SELECTION_MODES, value)) layout.selection = value
    else if (key === 'role' && isOneOf(LAYOUT_ROLES, value)) layout.role = value
    else if (key === 'perSlide' && /^[1-9]\d*$/.test(value)) layout.perSlide = Number(value)
    else if (key === 'from' && (value === 'sources' || isOneOf(ITEM_KINDS, value))) layout.from = value
    else if (key === 'needs') {
      const groups = value.split(',').map((group) => group.split('|'))
      const unknown = groups.flat().filter((need) => !isOneOf(LAYOUT_NEEDS, need))
      if (unknown.length) wrong(`unknown need "${unknown.join('", "')}" in the layout header: expected ${LAYOUT_NEEDS.join(', ')}`)
      else layout.needs = groups as LayoutNeed[][]
    } else {
      const expected: Record<string, string> = {
        selection: SELECTION_MODES.join(', '),
        role: LAYOUT_ROLES.join(', '),
        perSlide: 'a whole number above 0',
        from: ['sources', ...ITEM_KINDS].join(', '),
      }
      wrong(key in expected ? `${key}=${value} in the layout header: expected ${expected[key]}` : `unknown option "${pair}" in the layout header: expected selection=, role=, perSlide=, from= or needs=`)
    }
  }
  return layout
}

const isBuiltIn = (file: string) => file.startsWith(PACKAGE_PATHS.templates + path.sep)

/**
 * A template file as text. The project's own must be regular files inside the project; one that
 * cannot be read is a problem of the layout or partial, reported where a deck uses it.
 */
async function readTemplate(project: Project, file: string): Promise<{ source: string; problems: Problem[] }> {
  const read = await readTextFile(file, project.displayPath(file), isBuiltIn(file) ? {} : { allowed: project.allowed })
  return read.ok ? { source: read.value, problems: [] } : { source: '', problems: read.problems }
}

/** Reads every layout, partial and theme; the project's files override built-in ones of the same name. */
export async function loadTemplates(project: Project): Promise<Templates> {
  const [layoutFiles, partialFiles, themeFiles, messages] = await Promise.all([
    listTemplateFiles(project, 'layouts', '.hbs'),
    listTemplateFiles(project, 'partials', '.hbs'),
    listTemplateFiles(project, 'themes', '.css'),
    loadMessageCatalogs(project),
  ])
  const layouts = new Map<string, Layout>()
  for (const [name, file] of layoutFiles) {
    const { source, problems } = await readTemplate(project, file)
    const display = project.displayPath(file)
    const header = parseLayoutHeader(source, display)
    layouts.set(name, { name, file, display, source, ...header, problems: [...problems, ...header.problems] })
  }
  const partials = new Map<string, Partial>()
  for (const [name, file] of partialFiles) partials.set(name, { name, file, display: project.displayPath(file), ...(await readTemplate(project, file)) })
  const themes = new Map<string, Theme>()
  for (const [name, file] of themeFiles) themes.set(name, { name, file, builtIn: isBuiltIn(file) })
  return { layouts, partials, themes, messages }
}

/** A `url(…)` in CSS as written, with its quote: what a theme refers to. */
export const CSS_URL = /url\(\s*(['"]?)([^'")]+)\1\s*\)/g
/** `@import "file.css"`, the other way CSS names a file. */
const CSS_IMPORT = /@import\s+(['"])([^'"]+)\1/g

/** Whether a theme's reference names a file beside it, to be copied with the theme (see rewriteThemeUrls). */
export const isThemeFileReference = (reference: string): boolean => !isUrl(reference) && !/^(#|\/\/)/.test(reference)

/**
 * Reads a theme of the project (not a built-in one) and checks what it refers to: the files of its
 * `url()`s and `@import`s must be regular files inside the project, as images are; other URLs may
 * be http(s) or data: only. Each mistake is located in the theme file.
 */
export async function checkThemeFile(theme: Theme, project: Project): Promise<Problem[]> {
  const display = project.displayPath(theme.file)
  const read = await readTextFile(theme.file, display, { allowed: project.allowed })
  if (!read.ok) return read.problems
  const css = read.value
  const problems: Problem[] = []
  const positionAt = createPositionFinder(css)
  const at = (index: number, message: string, code: string) => {
    problems.push({ severity: 'error', code, file: display, ...positionAt(index), message })
  }
  for (const match of [...css.matchAll(CSS_URL), ...css.matchAll(CSS_IMPORT)]) {
    const reference = match[2]?.trim() ?? ''
    const index = match.index ?? 0
    const shown = quoteValue(reference)
    if (reference.includes('\\')) at(index, `${shown}: write the reference without CSS escapes`, 'theme-url')
    else if (!isThemeFileReference(reference)) {
      if (!/^(https?:|data:|#|\/\/)/i.test(reference)) at(index, `${shown}: a theme may refer to http(s) and data: URLs and to files beside it`, 'theme-url')
    } else if (reference.startsWith('/')) at(index, `${shown}: write the path relative to the theme file`, 'theme-url')
    else {
      const file = path.resolve(path.dirname(theme.file), reference.split(/[?#]/)[0] ?? reference)
      const why = fileProblem(file, project.allowed)
      if (why) at(index, why.kind === 'missing' ? `${shown}: file not found: ${file}` : `${shown}: the file is ${why.message}`, PROBLEM_CODES[why.kind])
    }
  }
  return problems
}
