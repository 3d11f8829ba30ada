/**
 * `Resolved*` types: a deck after selection, defaults and references are applied. Every optional
 * field is present (as `null` or `[]`) so strict Handlebars can tell a typo from an empty value.
 * Field types come from the schema (src/data/schema.ts).
 */
import type { SourceLocation } from '../errors.js'
import type { ResolvedChart } from './resolve-chart.js'
import type { Messages } from '../data/messages.js'
import type { LayoutRole, Theme } from '../data/load-templates.js'
import type { Advance, Audience, Challenge, Code, Column, Image, ItemKind, Metric, Quote, Source, TableAlign, Tone, UseCase, Video } from '../data/schema.js'

type OrNull<T> = { [K in keyof T]-?: Exclude<T[K], undefined> | null }

export type ResolvedSource = OrNull<Pick<Source, 'publisher' | 'date' | 'accessed' | 'archived'>> &
  Pick<Source, 'id' | 'title' | 'url'> & {
    /** 1-based number in the deck's list of sources. */
    number: number
    /** Host and path as a reader types them, shortened in the middle past two lines of the sources slide (see source-pages.ts). */
    address: string
  }

/** How a status or severity word is shown: its badge text and tone (declared in the dataset's topic.yaml). */
export interface ResolvedWord {
  label: string
  tone: Tone
}

export type ResolvedItem = OrNull<Pick<Advance, 'date' | 'version' | 'updated'> & Pick<UseCase, 'status' | 'area'> & Pick<Challenge, 'severity' | 'mitigation'>> & {
  /** The badge of `status`, as the dataset declares the word. */
  statusWord: ResolvedWord | null
  /** The badge of `severity`, as the dataset declares the word. */
  severityWord: ResolvedWord | null
  kind: ItemKind
  id: string
  title: string
  summary: string
  points: string[]
  tags: string[]
  audience: Audience[]
  sources: ResolvedSource[]
  notes: string | null
  body: ResolvedBody | null
  table: ResolvedTable | null
  chart: ResolvedChart | null
  diagram: ResolvedDiagram | null
  video: Video | null
  code: Code | null
  metric: Metric | null
  quote: Quote | null
  /** `src` is an absolute path or an http(s) URL. */
  image: Image | null
  location: SourceLocation
}

/** Block Markdown (`body:`) and the folder its relative image paths start from (the dataset's, or the deck file's). */
export interface ResolvedBody {
  markdown: string
  base: string
}

/** A Mermaid diagram and where it was written, for its syntax errors; drawn into SVG before rendering (src/browser/diagrams.ts). */
export interface ResolvedDiagram {
  mermaid: string
  alt: string
  location: SourceLocation
}

/** One column of a two-columns slide; a local picture or video path is absolute. */
export interface ResolvedBlock {
  title: string | null
  text: string | null
  points: string[]
  body: ResolvedBody | null
  table: ResolvedTable | null
  chart: ResolvedChart | null
  code: Code | null
  image: Image | null
  diagram: ResolvedDiagram | null
  video: Video | null
}

/** A cell as a layout shows it: inline Markdown and its column's alignment. */
export interface ResolvedCell {
  text: string
  align: TableAlign
}

/** A table from data (`table:`); a long one is split over slides, its header on each. */
export interface ResolvedTable {
  columns: ResolvedCell[]
  rows: ResolvedCell[][]
  caption: string | null
}

export interface ResolvedSection {
  id: string
  title: string
  /** 1-based slide number of the section divider. */
  slideNumber: number
  minutes: number | null
}

export interface ResolvedSlide {
  /** 1-based position in the deck. */
  number: number
  /** Anchor used by links between slides (agenda → section). */
  id: string
  layout: string
  role: LayoutRole
  title: string | null
  subtitle: string | null
  text: string | null
  points: string[]
  body: ResolvedBody | null
  table: ResolvedTable | null
  chart: ResolvedChart | null
  diagram: ResolvedDiagram | null
  video: Video | null
  /** A figure's caption and credit; two columns' blocks. */
  caption: string | null
  credit: string | null
  left: ResolvedBlock | null
  right: ResolvedBlock | null
  columns: Column[]
  code: Code | null
  metric: Metric | null
  quote: Quote | null
  image: Image | null
  /** The one item of a one-item-per-slide layout. */
  item: ResolvedItem | null
  /** The items shown on this slide (one for `each` layouts). */
  items: ResolvedItem[]
  notes: string | null
  sources: ResolvedSource[]
  section: ResolvedSection | null
  /** Part k of n when a selection is split over several slides. */
  part: { index: number; count: number } | null
  /** Where the slide was declared in the deck file. */
  origin: SourceLocation
  /**
   * Whether the deck entry sets some of what the slide shows (its title, text, points, blocks…)
   * rather than taking all of it from its items: a finding about its layout is then the deck's.
   */
  entryContent: boolean
}

export interface ResolvedBranding {
  logo: string | null
  /** Where `branding.logo:` is written, for findings about the logo. */
  logoOrigin: SourceLocation | null
  footer: string | null
  confidentiality: string | null
  slideNumbers: boolean
}

export interface ResolvedPptxOptions {
  /** Absolute path of the PowerPoint template, or null for talkdeck's own masters. */
  template: string | null
  /** talkdeck layout or role name → the template's layout name. */
  layouts: Record<string, string>
}

export interface SlideSize {
  width: number
  height: number
}

export interface ResolvedDeck {
  id: string
  file: string
  /** Real paths of the folders the deck's files may be in (its project's and `--allow-path`): its pages read no file elsewhere. */
  readableFolders: readonly string[]
  title: string
  subtitle: string | null
  author: string | null
  event: string | null
  date: string | null
  audience: Audience | null
  language: string
  /** The writing direction of the deck's language: an Arabic or Hebrew deck is laid out right to left. */
  direction: 'ltr' | 'rtl'
  /** talkdeck's own words in the deck's language (templates/messages). */
  messages: Messages
  keywords: string[]
  duration: number | null
  /** Where `duration:` is written, for timing findings. */
  durationOrigin: SourceLocation | null
  fragments: boolean
  wordsPerMinute: number
  dataset: string
  topic: { title: string; subtitle: string | null; summary: string; asOf: string | null }
  /** Months the dataset may age past `topic.asOf` before check warns. */
  maxAgeMonths: number
  theme: Theme
  branding: ResolvedBranding
  pptx: ResolvedPptxOptions
  /** Slide size in CSS pixels; the PDF page size follows it. */
  size: SlideSize
  slides: ResolvedSlide[]
  sections: ResolvedSection[]
  /** Every source cited anywhere in the deck, numbered in order of first citation. */
  sources: ResolvedSource[]
}
