import { PDFDocument } from '../vendor/pdf-lib.js'
import type { ResolvedDeck } from '../deck/types.js'
import { TALKDECK_VERSION as VERSION } from '../package-paths.js'
import { writeOutline, type OutlineEntry } from './outline.js'

/**
 * Chromium writes only the title; the rest of the document information comes from the deck.
 * pdf-lib rewrites the file with object streams, which also makes it smaller.
 */
export async function writePdfMetadata(pdf: Uint8Array, deck: ResolvedDeck, outline: OutlineEntry[] = [], now = new Date()): Promise<{ bytes: Uint8Array; pages: number }> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false })
  writeOutline(document, outline)
  document.setTitle(deck.title, { showInWindowTitleBar: true })
  if (deck.author) document.setAuthor(deck.author)
  document.setSubject(deck.subtitle ?? deck.topic.summary)
  // pdf-lib joins the list with spaces; readers split /Keywords on commas.
  document.setKeywords([(deck.keywords.length ? deck.keywords : [deck.topic.title]).join(', ')])
  document.setCreator(`talkdeck ${VERSION}`)
  document.setProducer(`talkdeck ${VERSION} (Chromium, pdf-lib)`)
  document.setCreationDate(now)
  document.setModificationDate(now)
  document.setLanguage(deck.language)
  const bytes = await document.save({ useObjectStreams: true })
  return { bytes, pages: document.getPageCount() }
}
