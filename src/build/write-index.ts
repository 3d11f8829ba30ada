import path from 'node:path'
import { readdir } from 'node:fs/promises'
import type { ResolvedDeck } from '../deck/types.js'
import { writeFileAtomically } from '../output/write-atomic.js'
import { loadEnglishCatalog } from '../data/messages.js'
import { resolveMessages } from '../deck/resolve-messages.js'
import { indexEntryOf, renderIndexPage, type IndexDownload, type IndexEntry, type PageWords } from '../render/pages.js'
import { findBuiltDecks, readIndexEntry } from './built-decks.js'

/**
 * `outDir/index.html`: every deck the output folder holds, as it was built, with the files exported
 * beside it (`downloads`); in the order of `projectDecks`, decks no longer in the project after them. A folder
 * built before talkdeck recorded its entry is described by the project's deck of its name.
 */
export async function writeIndex(outDir: string, projectDecks: ResolvedDeck[], downloads: readonly IndexDownload[]): Promise<string> {
  const order = new Map(projectDecks.map((deck, position) => [deck.id, position]))
  const current = new Map(projectDecks.map((deck) => [deck.id, deck]))
  const listed: IndexEntry[] = []
  for (const id of await findBuiltDecks(outDir)) {
    const recorded = await readIndexEntry(outDir, id)
    const deck = current.get(id)
    if (recorded) listed.push(recorded)
    else if (deck) listed.push(indexEntryOf(deck))
  }
  const rank = (entry: IndexEntry) => order.get(entry.id) ?? projectDecks.length
  listed.sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id))
  const files = new Set((await readdir(outDir, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name))
  const file = path.join(outDir, 'index.html')
  await writeFileAtomically(file, renderIndexPage(listed, files, downloads, await indexWords(listed, projectDecks)))
  return file
}

/** The index's own words: in the language its decks share, taken from a project deck in it; else English. */
async function indexWords(listed: IndexEntry[], projectDecks: ResolvedDeck[]): Promise<PageWords> {
  const languages = new Set(listed.map((entry) => entry.language))
  const shared = languages.size === 1 ? projectDecks.find((deck) => languages.has(deck.language)) : undefined
  if (shared) return { language: shared.language, direction: shared.direction, messages: shared.messages }
  return { language: 'en', direction: 'ltr', messages: resolveMessages([await loadEnglishCatalog()], 'en').messages }
}
