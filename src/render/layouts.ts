import { readFile } from 'node:fs/promises'
import { listTemplateFiles, type Project } from '../project.js'

/**
 * How a layout consumes a selection of items: `each` renders one slide per item, `all` renders the
 * items together (split into several slides of `perSlide` when given), `none` takes no items.
 */
export type SelectionMode = 'each' | 'all' | 'none'

export interface Layout {
  name: string
  file: string
  source: string
  selection: SelectionMode
  perSlide: number | undefined
}

/** Layout options live in the template itself so that a project's own layout can declare them. */
const HEADER = /^\{\{!--\s*talkdeck:([^]*?)--\}\}/

export function parseLayoutHeader(source: string): Pick<Layout, 'selection' | 'perSlide'> {
  const options = new Map<string, string>()
  const header = HEADER.exec(source.trimStart())
  for (const pair of header?.[1]?.trim().split(/\s+/) ?? []) {
    const [key, value] = pair.split('=')
    if (key && value) options.set(key, value)
  }
  const selection = options.get('selection')
  const perSlide = Number(options.get('perSlide'))
  return {
    selection: selection === 'each' || selection === 'all' ? selection : 'none',
    perSlide: Number.isInteger(perSlide) && perSlide > 0 ? perSlide : undefined,
  }
}

export async function loadLayouts(project: Project): Promise<Map<string, Layout>> {
  const layouts = new Map<string, Layout>()
  for (const [name, file] of await listTemplateFiles(project, 'layouts', '.hbs')) {
    const source = await readFile(file, 'utf8')
    layouts.set(name, { name, file, source, ...parseLayoutHeader(source) })
  }
  return layouts
}

export async function loadPartials(project: Project): Promise<Map<string, { file: string; source: string }>> {
  const partials = new Map<string, { file: string; source: string }>()
  for (const [name, file] of await listTemplateFiles(project, 'partials', '.hbs')) {
    partials.set(name, { file, source: await readFile(file, 'utf8') })
  }
  return partials
}
