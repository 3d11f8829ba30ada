import { existsSync } from 'node:fs'
import path from 'node:path'
import { ConfigError } from '../errors.js'
import { listFiles, type Project } from '../data/project.js'
import { quoteValue } from '../data/validate.js'

export interface DeckRef {
  /** The file name without `.yaml`: the deck's folder and PDF name. */
  id: string
  file: string
  /** Named by its path on the command line: the file may be outside the project. */
  explicit?: boolean
}

/**
 * What a deck id may be: it names a folder and files in the output and a path of the dev server,
 * so letters, digits, "-" and "_" only — no dots, slashes or spaces.
 */
export const DECK_ID = /^[a-z0-9][a-z0-9_-]*$/i

/** talkdeck's own output beside the decks: the deck index, the theme gallery, what built decks share. */
const OWN_OUTPUT = ['index', 'themes', 'assets']
/** Names a deck may not take: talkdeck's own output, and the project's folders. */
const RESERVED_DECK_IDS = [...OWN_OUTPUT, 'decks', 'data', 'templates', 'schema']

/** Why a deck file's name cannot be a deck id, or undefined when it can. */
export function deckIdProblem(id: string): string | undefined {
  if (!DECK_ID.test(id)) {
    return `the file name makes the deck id ${quoteValue(id)}, but a deck id is letters, digits, "-" and "_" (it names the deck's folder in the output): rename the file`
  }
  if (RESERVED_DECK_IDS.includes(id.toLowerCase())) {
    return `the file name makes the deck id ${quoteValue(id)}, which talkdeck keeps for ${OWN_OUTPUT.includes(id.toLowerCase()) ? 'its own output' : 'a project folder'} (${RESERVED_DECK_IDS.join(', ')} are taken): rename the file`
  }
  return undefined
}

const deckIdOf = (file: string) => path.basename(file).replace(/\.ya?ml$/, '')

export async function findDecks(project: Project): Promise<DeckRef[]> {
  const files = [
    ...(await listFiles(project.paths.decks, '.yaml')),
    ...(await listFiles(project.paths.decks, '.yml')),
  ]
  return files.map((file) => ({ id: deckIdOf(file), file })).sort((a, b) => a.id.localeCompare(b.id))
}

/** Turns CLI arguments (deck ids or paths to deck files) into decks; none means every deck. */
export async function selectDecks(project: Project, args: string[], cwd = process.cwd()): Promise<DeckRef[]> {
  const all = await findDecks(project)
  if (args.length === 0) {
    if (all.length === 0) throw new ConfigError(`no decks found in ${project.displayPath(project.paths.decks)} (expected *.yaml files)`)
    return all
  }
  return args.map((arg) => {
    const byId = all.find((deck) => deck.id === arg)
    if (byId) return byId
    const file = path.resolve(cwd, arg)
    if (/\.ya?ml$/.test(arg) && existsSync(file)) return { id: deckIdOf(file), file, explicit: true }
    const known = all.map((deck) => deck.id).join(', ') || 'none'
    throw new ConfigError(`unknown deck ${quoteValue(arg)}: expected a deck id (${known}) or a path to a deck .yaml file`)
  })
}
