/**
 * talkdeck's own words around the facts (Agenda, Sources, Facts as of, Mitigation, the handout's
 * page numbers, notes it writes itself, a kind's slide title, the status and risk words of a
 * dataset that declares none, the pages of `dev`) in a deck's language. Catalogs are YAML files in
 * `templates/messages/<lang>.yaml`: built in for English, Spanish, German, French, Chinese
 * (Simplified) and Arabic; a project's file of the same name changes or adds words, and a file for
 * another language adds that language (words it lacks stay English).
 */
import path from 'node:path'
import { z } from 'zod'
import type { Problem } from '../errors.js'
import { PACKAGE_PATHS } from '../package-paths.js'
import { loadYamlFile } from './load-yaml.js'
import { listFiles, type Project } from './project.js'
import { problemAt, validateDocument } from './validate.js'

/** Each word a catalog gives, with the `{placeholders}` its text must keep. */
export const MESSAGE_PLACEHOLDERS = {
  agenda: [],
  closing: [],
  sources: [],
  factsAsOf: ['date'],
  asOf: ['date'],
  mitigation: [],
  page: ['page', 'pages'],
  slideOf: ['slide', 'slides'],
  noNotes: [],
  notes: [],
  tableContinues: [],
  sourcesNotes: [],
  chartData: [],
  advances: [],
  advantages: [],
  useCases: [],
  challenges: [],
  merged: [],
  inProgress: [],
  outOfTree: [],
  experimental: [],
  lowRisk: [],
  mediumRisk: [],
  highRisk: [],
  slideCount: ['count'],
  minutes: ['minutes'],
  themeNamed: ['theme'],
  decks: [],
  deckHasErrors: [],
  fixToReload: [],
  pdfFile: [],
  handoutFile: [],
  powerPointFile: [],
  outlineFile: [],
  singleFile: [],
} as const satisfies Record<string, readonly string[]>

export type MessageKey = keyof typeof MESSAGE_PLACEHOLDERS
export type Messages = Record<MessageKey, string>

const MESSAGE_KEYS = Object.keys(MESSAGE_PLACEHOLDERS) as MessageKey[]

export const messagesSchema = z.strictObject(Object.fromEntries(MESSAGE_KEYS.map((key) => [key, z.string().trim().min(1, 'expected the words to show').optional()])) as Record<MessageKey, z.ZodOptional<z.ZodString>>)

/** One catalog file: the words it gives (those that passed their checks), where it is, and its mistakes. */
export interface MessageCatalog {
  language: string
  display: string
  builtIn: boolean
  messages: Partial<Messages>
  problems: Problem[]
}

/** The language a catalog file is for: its name, a language tag such as "es" or "pt-BR". */
const CATALOG_NAME = /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/

async function readCatalog(file: string, display: string, builtIn: boolean, allowed: readonly string[] | undefined): Promise<MessageCatalog> {
  const language = path.basename(file, '.yaml')
  const catalog: MessageCatalog = { language, display, builtIn, messages: {}, problems: [] }
  const loaded = await loadYamlFile(file, display, builtIn ? {} : { allowed })
  if (!loaded.ok) return { ...catalog, problems: loaded.problems }
  const document = loaded.value
  const validated = validateDocument(document, messagesSchema)
  if (!validated.ok) return { ...catalog, problems: validated.problems }
  for (const key of MESSAGE_KEYS) {
    const text = validated.value[key]
    if (text === undefined) continue
    const missing = MESSAGE_PLACEHOLDERS[key].filter((name) => !text.includes(`{${name}}`))
    if (missing.length > 0) catalog.problems.push(problemAt(document, [key], `"${key}" must keep ${missing.map((name) => `{${name}}`).join(' and ')}, where talkdeck puts the ${missing.join(' and ')}`, 'messages'))
    else catalog.messages[key] = text
  }
  return catalog
}

/** talkdeck's catalogs, then the project's (`templates/messages/*.yaml`), each file read once. */
/** talkdeck's built-in English words: a page of its own shows them when a project's could not be read. */
export async function loadEnglishCatalog(): Promise<MessageCatalog> {
  const file = path.join(PACKAGE_PATHS.templates, 'messages', 'en.yaml')
  return readCatalog(file, file, true, undefined)
}

export async function loadMessageCatalogs(project: Project): Promise<MessageCatalog[]> {
  const catalogs: MessageCatalog[] = []
  const folders = [...new Set([PACKAGE_PATHS.templates, project.paths.templates])]
  for (const folder of folders) {
    const builtIn = folder === PACKAGE_PATHS.templates
    for (const file of await listFiles(path.join(folder, 'messages'), '.yaml')) {
      const display = project.displayPath(file)
      if (!CATALOG_NAME.test(path.basename(file, '.yaml'))) {
        catalogs.push({ language: '', display, builtIn, messages: {}, problems: [{ severity: 'warning', code: 'messages', file: display, message: 'a catalog is named after its language, e.g. "es.yaml" or "pt-BR.yaml": no deck reads this file' }] })
        continue
      }
      catalogs.push(await readCatalog(file, display, builtIn, project.allowed))
    }
  }
  return catalogs
}
