/**
 * The decks an output folder holds, as they were built: a deck folder is talkdeck's (it has the
 * output marker) and holds a page. A deck that failed in this build keeps its previous folder, as
 * every atomic write here keeps what it could not replace; so what the decks share (fonts, index)
 * is made from the folders present, not from the decks this run built.
 */
import { existsSync } from 'node:fs'
import { readFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { OUTPUT_MARKER } from '../output/write-atomic.js'
import type { IndexEntry } from '../render/pages.js'

/** In a deck's folder: what the index shows of it, recorded when it is built. */
export const INDEX_ENTRY_FILE = path.join('assets', 'index-entry.json')

const indexEntrySchema = z.object({
  title: z.string(),
  subtitle: z.string().nullable(),
  size: z.object({ width: z.number(), height: z.number() }),
  slides: z.number(),
  duration: z.number().nullable(),
  audience: z.string().nullable(),
  theme: z.string(),
  language: z.string().default('en'),
  facts: z.array(z.string()).optional(),
}) satisfies z.ZodType<Omit<IndexEntry, 'id'>>

/** The names of the deck folders in `outDir` that talkdeck wrote. */
export async function findBuiltDecks(outDir: string): Promise<string[]> {
  const entries = await readdir(outDir, { withFileTypes: true })
  // A folder of a deck's name that talkdeck did not write is someone else's; one holding only the
  // pictures `export --format png` wrote there is no deck to open.
  return entries
    .filter((entry) => entry.isDirectory() && existsSync(path.join(outDir, entry.name, OUTPUT_MARKER)) && existsSync(path.join(outDir, entry.name, 'index.html')))
    .map((entry) => entry.name)
}

/** The index entry a build recorded in the deck folder `outDir/id`; undefined for one built before talkdeck recorded it. */
export async function readIndexEntry(outDir: string, id: string): Promise<IndexEntry | undefined> {
  try {
    const recorded = indexEntrySchema.safeParse(JSON.parse(await readFile(path.join(outDir, id, INDEX_ENTRY_FILE), 'utf8')))
    return recorded.success ? { ...recorded.data, id } : undefined
  } catch {
    return undefined
  }
}
