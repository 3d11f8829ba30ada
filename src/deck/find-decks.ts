import { existsSync } from 'node:fs'
import path from 'node:path'
import { ConfigError } from '../errors.js'
import { listFiles, type Project } from '../data/project.js'

export interface DeckRef {
  /** The file name without `.yaml`: the deck's folder and PDF name. */
  id: string
  file: string
}

export async function findDecks(project: Project): Promise<DeckRef[]> {
  const files = [
    ...(await listFiles(project.paths.decks, '.yaml')),
    ...(await listFiles(project.paths.decks, '.yml')),
  ]
  return files.map((file) => ({ id: path.basename(file).replace(/\.ya?ml$/, ''), file })).sort((a, b) => a.id.localeCompare(b.id))
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
    if (/\.ya?ml$/.test(arg) && existsSync(file)) return { id: path.basename(file).replace(/\.ya?ml$/, ''), file }
    const known = all.map((deck) => deck.id).join(', ') || 'none'
    throw new ConfigError(`unknown deck "${arg}": expected a deck id (${known}) or a path to a deck .yaml file`)
  })
}
