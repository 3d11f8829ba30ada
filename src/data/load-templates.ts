/**
 * The templates a project renders with: talkdeck's built-in layouts, partials and themes, and the
 * project's own in `templates/`, which win by name. A layout says in its first line what it is.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Problem } from '../errors.js'
import { PACKAGE_PATHS } from '../package-paths.js'
import { listTemplateFiles, type Project } from './project.js'
import { ITEM_KINDS, type ItemKind } from './schema.js'

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
export const LAYOUT_NEEDS = ['title', 'text', 'points', 'items', 'sources', 'columns', 'code', 'metric', 'quote', 'image', 'sections'] as const
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
}

export interface Templates {
  layouts: Map<string, Layout>
  partials: Map<string, Partial>
  themes: Map<string, Theme>
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

/** Reads every layout, partial and theme; the project's files override built-in ones of the same name. */
export async function loadTemplates(project: Project): Promise<Templates> {
  const [layoutFiles, partialFiles, themeFiles] = await Promise.all([
    listTemplateFiles(project, 'layouts', '.hbs'),
    listTemplateFiles(project, 'partials', '.hbs'),
    listTemplateFiles(project, 'themes', '.css'),
  ])
  const layouts = new Map<string, Layout>()
  for (const [name, file] of layoutFiles) {
    const source = await readFile(file, 'utf8')
    const display = project.displayPath(file)
    layouts.set(name, { name, file, display, source, ...parseLayoutHeader(source, display) })
  }
  const partials = new Map<string, Partial>()
  for (const [name, file] of partialFiles) partials.set(name, { name, file, display: project.displayPath(file), source: await readFile(file, 'utf8') })
  const themes = new Map<string, Theme>()
  for (const [name, file] of themeFiles) themes.set(name, { name, file, builtIn: file.startsWith(PACKAGE_PATHS.templates + path.sep) })
  return { layouts, partials, themes }
}
