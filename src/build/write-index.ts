import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import type { ResolvedDeck } from '../deck/types.js'
import { OUTPUT_MARKER, writeFileAtomically } from '../output/write-atomic.js'
import { renderIndexPage } from '../render/pages.js'

/** `outDir/index.html`: every deck built in the output folder, with the files exported beside it. */
export async function writeIndex(outDir: string, decks: ResolvedDeck[]): Promise<string> {
  const entries = await readdir(outDir, { withFileTypes: true })
  // A folder of a deck's name that talkdeck did not write is someone else's: not linked as the deck.
  const built = new Set(entries.filter((entry) => entry.isDirectory() && existsSync(path.join(outDir, entry.name, OUTPUT_MARKER))).map((entry) => entry.name))
  const files = new Set(entries.filter((entry) => entry.isFile()).map((entry) => entry.name))
  const file = path.join(outDir, 'index.html')
  await writeFileAtomically(file, renderIndexPage(decks.filter((deck) => built.has(deck.id)), files))
  return file
}
