import { availableParallelism } from 'node:os'

/**
 * Every default talkdeck applies, in one place: a deck, a command or a check that needs one reads
 * it from here (the `@default` of an option names the entry).
 */
export const DEFAULTS = {
  /** The theme of a deck without `theme:`. */
  theme: 'corporate',
  /** The theme a handout prints with unless `--theme` names another. */
  printTheme: 'paper',
  /** Speaking pace for the timing estimate, unless a deck sets `wordsPerMinute`. */
  wordsPerMinute: 130,
  /** The same in a language written without spaces between words (Chinese, Japanese), counted in characters. */
  charactersPerMinute: 240,
  /** Slide size of a deck without `size:`. */
  slideSize: '16:9',
  language: 'en',
  /** Output folder of build and export, relative to the project root. */
  outDir: 'dist',
  /** Where `talkdeck schema` writes, relative to the project root. */
  schemaDir: 'schema',
  port: 5173,
  host: '127.0.0.1',
  /**
   * Pages of the one browser a batch prints or measures in at the same time, each in a renderer
   * process of its own: one per two cores, since a page's renderer keeps a core busy and the
   * browser's own processes need the rest. On 2 cores a second page made exports slower (30
   * slides 2.4 → 2.9 s, three decks 3.1 → 3.7 s, Chromium 156).
   */
  concurrency: Math.max(1, Math.floor(availableParallelism() / 2)),
  /**
   * Slides Chromium prints in one go: a longer deck is printed in parts, in the batch's pages,
   * and put together; the dev server prints again only the parts that changed. Each part costs a
   * page load and embeds the glyphs it uses, so fewer parts are faster and smaller, and more make
   * a dev edit quicker (200 slides on 2 cores: parts of 25 → 4.7 s, 50 → 4.25 s, 200 → 4.3 s).
   */
  slidesPerPrint: 50,
  /** Months a dataset may age past its `asOf` before `check` warns. */
  maxAgeMonths: 6,
  /** Over or under a planned duration by more than this share is a timing warning. */
  timingTolerance: 0.1,
  /** Seconds a browser may take to start, and a page to load (`--browser-timeout`). */
  browserTimeoutSeconds: 30,
} as const

/**
 * Bounds on what talkdeck reads and makes, so that broken or hostile input stops early with an
 * error at its place instead of running for minutes or filling the disk (the README lists them).
 */
export const LIMITS = {
  /** Bytes of one file read as text: YAML, a layout, a partial, a theme. */
  fileBytes: 5 * 1024 * 1024,
  /** Lists and mappings inside each other in one YAML file (a deck needs 5). */
  depth: 32,
  /** Characters of one YAML value (about 3,000 words). */
  stringLength: 20_000,
  /** Entries of one YAML list (items of a file, slides of a deck, points). */
  listItems: 10_000,
  /** Values of one YAML file once its aliases (`*name`) are expanded. */
  expandedValues: 1_000_000,
  /** Characters of one YAML file once its aliases are expanded: an alias copies its anchor's text. */
  expandedCharacters: 10 * 1024 * 1024,
  /** Slides of one deck after its selections are expanded. */
  slides: 10_000,
  /** Blocks, "else" chains and sub-expressions inside each other in one template (a layout needs 4). */
  templateNesting: 100,
} as const

/**
 * Named slide sizes in CSS pixels; a deck may also give `"WIDTHxHEIGHT"`. The type scale of the
 * layouts is set for 720 px of height; 4:3 keeps the width a 16:9 slide's text column has.
 */
export const SLIDE_SIZES = {
  '16:9': { width: 1280, height: 720 },
  '4:3': { width: 1024, height: 768 },
} as const
