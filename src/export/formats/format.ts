import type { BatchContext } from '../../browser/batch.js'
import type { Problem } from '../../errors.js'
import type { ResolvedDeck, SlideSize } from '../../deck/types.js'
import type { DownloadLabel, HandoutPerPage, PaperSize } from '../../render/pages.js'
import type { SlideRenderer } from '../../render/render-slides.js'

/** What every format may be asked for; each reads the options it knows. */
export interface FormatOptions {
  /** Print every fragment step as its own page (PDF, PNG). */
  fragments: boolean
  /** Slides a handout page holds. */
  perPage: HandoutPerPage
  paper: PaperSize
  /** PNG: pixels per CSS pixel of the slide. */
  scale: number
  /** PowerPoint template of this deck (`--pptx-template` or the deck's `pptx.template`), or null. */
  pptxTemplate: string | null
  allowNetwork: boolean
  /** The deck read again and laid out at another slide size (a PowerPoint template's shape), or null where a run cannot. */
  layoutAt: LayoutAt | null
  /** A format that writes one file per slide tells how far it is. */
  onSlide: (done: number, total: number) => void
}

/** Reads a deck again and lays it out at `size`: split and set for that shape, as the HTML deck would be. */
export type LayoutAt = (deck: ResolvedDeck, size: SlideSize) => Promise<ResolvedDeck>

export interface FormatJob {
  deck: ResolvedDeck
  renderer: SlideRenderer
  /** Where the deck's output goes: `join(outDir, format.fileName(deck.id))`. */
  file: string
  options: FormatOptions
}

/** What a format wrote: pages (or pictures, slides), bytes, and what it found on the way. */
export interface WrittenOutput {
  pages: number
  bytes: number
  warnings: Problem[]
}

interface FormatBase {
  /** What `--format` takes. */
  id: string
  /** One line for `talkdeck export --help`. */
  summary: string
  /** Where the deck's output goes in the output folder. */
  fileName(deckId: string): string
  /** What its count counts, plural ("pages", "slides", "pictures"). */
  unit: string
  /** The link's text on the deck indexes (built and `dev`'s), for a format they link (one file a deck). */
  indexLabel?: DownloadLabel
  /** The media type `dev` serves it with at `/<fileName>`, for a format dev serves. */
  mediaType?: string
}

/** A format drawn by the browser: it gets a page of the batch's browser. */
export interface BrowserFormat extends FormatBase {
  needsBrowser: true
  write(job: FormatJob, browser: BatchContext): Promise<WrittenOutput>
}

/** A format written from the resolved deck alone: no browser is started for it. */
export interface PlainFormat extends FormatBase {
  needsBrowser: false
  write(job: FormatJob): Promise<WrittenOutput>
}

export type OutputFormat = BrowserFormat | PlainFormat
