import type { ResolvedDeck } from '../deck/types.js'
import { TALKDECK_VERSION as VERSION } from '../package-paths.js'
import { type PdfDict, type PdfValue, PdfString } from './pdf-syntax.js'

/** A date as PDF writes it: `D:YYYYMMDDHHmmSSZ`, in UTC. */
function pdfDate(date: Date): PdfString {
  const iso = date.toISOString()
  return PdfString.fromText(`D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`)
}

/** The document information: Chromium writes only the title; the rest comes from the deck. */
export function documentInfo(deck: ResolvedDeck, now: Date): PdfDict {
  const info = new Map<string, PdfValue>([['Title', PdfString.fromText(deck.title)]])
  if (deck.author) info.set('Author', PdfString.fromText(deck.author))
  info.set('Subject', PdfString.fromText(deck.subtitle ?? deck.topic.summary))
  // Readers split /Keywords on commas.
  info.set('Keywords', PdfString.fromText((deck.keywords.length ? deck.keywords : [deck.topic.title]).join(', ')))
  info.set('Creator', PdfString.fromText(`talkdeck ${VERSION}`))
  info.set('Producer', PdfString.fromText(`talkdeck ${VERSION} (Chromium)`))
  info.set('CreationDate', pdfDate(now))
  info.set('ModDate', pdfDate(now))
  return info
}
