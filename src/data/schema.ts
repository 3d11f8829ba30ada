/**
 * The single source of truth for talkdeck's input files. TypeScript types are inferred from these
 * schemas and `talkdeck schema` writes JSON Schema from them for editor completion.
 */
import { z } from 'zod'
import { BIDI_CONTROL } from '../errors.js'
import { findBodyImages } from './links.js'
import { chartSchema } from './chart-schema.js'
import { findFormulas, texError } from './formulas.js'
import { findBodyDiagrams } from './diagrams.js'

export const id = z
  .string()
  // Said on its own: "expected a kebab-case id" for an id that looks like one would not say why.
  .refine((value) => !BIDI_CONTROL.test(value), {
    message: 'expected an id without invisible direction controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C): they make it read as another',
    abort: true,
  })
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a kebab-case id (lowercase letters, digits and "-")')
export const text = z.string().trim().min(1, 'expected non-empty text')
/** Text shown through Markdown, where `$…$` and `$$…$$` are formulas: a TeX mistake is an error at its line. */
const markdown = text.superRefine((value, context) => {
  for (const formula of findFormulas(value)) {
    const message = texError(formula)
    if (message) context.addIssue({ code: 'custom', params: { quotesValue: true }, message: `TeX error in ${formula.display ? '$$' : '$'}${formula.tex}${formula.display ? '$$' : '$'}: ${message}` })
  }
})
const stringList = z.array(markdown)
const yearMonthDay = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, 'expected a date as "YYYY-MM" or "YYYY-MM-DD" (quoted)')
const fullDate = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected a date as "YYYY-MM-DD" (quoted)')
const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as "YYYY-MM" (quoted)')
const httpUrl = z
  .string()
  .regex(/^https?:\/\/[^\s]+$/i, 'expected an http(s) URL')

export const AUDIENCES = ['technical', 'management', 'general'] as const
export const ITEM_KINDS = ['advances', 'advantages', 'use-cases', 'challenges'] as const

export const audienceSchema = z.enum(AUDIENCES)

export const codeSchema = z.strictObject({
  lang: z.string().regex(/^[a-z0-9+#-]+$/i, 'expected a language name such as "rust"'),
  source: z.string().min(1),
  highlight: z
    .string()
    .regex(/^\d+(-\d+)?(,\d+(-\d+)?)*(\|\d+(-\d+)?(,\d+(-\d+)?)*)*$/, 'expected line ranges, steps separated by "|": "1-3|5|7-9"')
    .optional()
    .describe('line ranges to highlight one step at a time: "1-3|5|7-9"'),
})
export const metricSchema = z.strictObject({ value: text, label: markdown })
export const quoteSchema = z.strictObject({ text: markdown, by: text })
/**
 * Where a picture may come from: an http(s) URL or a path to a file of the project. Any other
 * scheme (`javascript:`, `data:text/html`, `file:`) is refused; a scheme has two letters or more,
 * so a Windows drive stays a path.
 */
const pictureSource = text.regex(/^(?![a-z][a-z0-9+.-]+:)|^https?:\/\/\S/i, 'expected an http(s) URL or a path to a file of the project')

export const imageSchema = z.strictObject({
  src: pictureSource.describe('path relative to the dataset folder (or to the deck file, on a slide), or an http(s) URL'),
  alt: text,
})
export const diagramSchema = z.strictObject({
  mermaid: z.string().trim().min(1).describe('a Mermaid diagram (flowchart, sequence, …), drawn at build time in the deck’s theme'),
  alt: text.describe('what the diagram shows, for screen readers and the PowerPoint picture'),
})
export const videoSchema = z.strictObject({
  src: pictureSource.describe('a video file of the project (relative as an image is) or an https URL'),
  poster: pictureSource.describe('the picture PDF, PNG, handout and PowerPoint show, linked to the video'),
  alt: text,
})

export const TABLE_ALIGNS = ['left', 'center', 'right'] as const
/** A cell is inline Markdown; a number is shown as written in the file. */
const cell = z.union([markdown, z.number()])

export const tableSchema = z
  .strictObject({
    columns: z.array(markdown).min(1, 'expected at least one column'),
    rows: z.array(z.array(cell)).min(1, 'expected at least one row'),
    caption: markdown.optional(),
    align: z.array(z.enum(TABLE_ALIGNS)).optional().describe('per column: left, center or right'),
  })
  // A row with a cell too many or too few would shift every cell after the gap under the wrong heading.
  .superRefine((table, context) => {
    table.rows.forEach((row, index) => {
      if (row.length !== table.columns.length) context.addIssue({ code: 'custom', path: ['rows', index], message: `row ${index + 1} has ${row.length} cell${row.length === 1 ? '' : 's'}, the table ${table.columns.length} columns (${table.columns.join(', ')}): add or remove cells` })
    })
    if (table.align && table.align.length !== table.columns.length) context.addIssue({ code: 'custom', path: ['align'], message: `align has ${table.align.length} entries, the table ${table.columns.length} columns` })
  })

/** How a badge of a word looks: the theme colours each tone (`--td-ok-*`, `--td-badge-*`, `--td-warn-*`, `--td-danger-*`). */
export const TONES = ['positive', 'neutral', 'caution', 'negative'] as const
/** The fields of items whose values are words the dataset declares in `topic.yaml`'s `words:`. */
export const WORD_FIELDS = ['status', 'severity'] as const

/** A declared word: its badge text and tone, or only its tone (`shipped: positive`). */
export const wordSchema = z.union([
  z.enum(TONES),
  z.strictObject({
    label: text.optional().describe('the badge text (default: the word itself)'),
    tone: z.enum(TONES).optional().describe('the badge colour: positive, neutral (the default), caution or negative'),
  }),
])
/** Words in the order written: that order is also the order of `sort:` and of `where:`'s lists. */
const wordListSchema = z.record(id, wordSchema)

export const wordsSchema = z.strictObject({
  status: wordListSchema.optional().describe('the words a use case\'s "status" may be, in order (default: merged, in-progress, out-of-tree, experimental)'),
  severity: wordListSchema.optional().describe('the words a challenge\'s "severity" may be, from least to most severe (default: low, medium, high)'),
})

export const topicSchema = z.strictObject({
  title: text,
  subtitle: text.optional(),
  summary: text,
  asOf: yearMonthDay.optional().describe('when the dataset was last reviewed as a whole'),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, 'expected a language tag such as "en" or "es"').optional().describe('the language the items are written in (default en); translations are in i18n/<lang>/'),
  words: wordsSchema.optional().describe('the status and severity words of this dataset, each with its badge label and tone'),
})

export const sourceSchema = z.strictObject({
  id,
  title: text,
  url: httpUrl,
  publisher: text.optional(),
  date: yearMonthDay.optional(),
  accessed: fullDate.optional().describe('when someone last checked that the page says what is cited'),
  archived: httpUrl.optional().describe('an archived copy, e.g. on web.archive.org'),
})
export const sourcesFileSchema = z.array(sourceSchema)

/** Block Markdown: paragraphs, nested lists, GFM tables, images, block quotes, fenced code, formulas. */
const body = markdown
  .superRefine((value, context) => {
    for (const image of findBodyImages(value)) {
      if (!image.alt) context.addIssue({ code: 'custom', params: { quotesValue: true }, message: `the image ${image.src} has no alt text: write ![what it shows](${image.src})` })
    }
    for (const diagram of findBodyDiagrams(value)) {
      if (!diagram.alt) context.addIssue({ code: 'custom', message: `the mermaid diagram at line ${diagram.line} of the body has no alt text: add a line "accDescr: what it shows" to it` })
    }
  })
  .describe('block Markdown: paragraphs, lists, tables, images ![alt](path), > quotes, ```fenced code```, $formulas$')

/** One column of a two-columns slide: any of the blocks a slide shows. */
export const blockSchema = z.strictObject({
  title: markdown.optional(),
  text: markdown.optional(),
  points: stringList.optional(),
  body: body.optional(),
  table: tableSchema.optional(),
  chart: chartSchema.optional().describe('numbers drawn as a chart, as wide as the column'),
  code: codeSchema.optional(),
  image: imageSchema.optional(),
  diagram: diagramSchema.optional(),
  video: videoSchema.optional(),
})

const itemFields = {
  id,
  title: markdown,
  summary: markdown,
  points: stringList.optional(),
  tags: z.array(id).optional(),
  audience: z.array(audienceSchema).optional(),
  sources: z.array(id).min(1, 'expected at least one source id: every fact needs a source'),
  notes: markdown.optional().describe('speaker notes'),
  chart: chartSchema.optional().describe('numbers drawn as a chart, with their sources'),
  body: body.optional(),
  table: tableSchema.optional(),
  diagram: diagramSchema.optional(),
  video: videoSchema.optional(),
  code: codeSchema.optional(),
  metric: metricSchema.optional(),
  quote: quoteSchema.optional(),
  image: imageSchema.optional(),
  updated: yearMonthDay.optional().describe('when the item last changed in substance'),
}

export const advanceSchema = z.strictObject({
  ...itemFields,
  date: yearMonthDay,
  version: z
    .string({ error: 'expected a version as a quoted string, e.g. "6.10" (unquoted 6.10 reads as 6.1)' })
    .regex(/^[\w.+-]+$/, 'expected a version such as "6.17" or "2.0.1"')
    .optional(),
})
export const advantageSchema = z.strictObject(itemFields)
export const useCaseSchema = z.strictObject({
  ...itemFields,
  status: id.describe('a word of topic.yaml\'s words.status (default: merged, in-progress, out-of-tree, experimental)'),
  area: text.optional(),
})
export const challengeSchema = z.strictObject({
  ...itemFields,
  severity: id.optional().describe('a word of topic.yaml\'s words.severity (default: low, medium, high)'),
  mitigation: markdown.optional(),
})

/** The one table of item kinds: where each lives in a dataset and its schema (a slide's title for a kind is a word of templates/messages). */
export const ITEMS = {
  advances: { file: 'advances.yaml', schema: z.array(advanceSchema) },
  advantages: { file: 'advantages.yaml', schema: z.array(advantageSchema) },
  'use-cases': { file: 'use-cases.yaml', schema: z.array(useCaseSchema) },
  challenges: { file: 'challenges.yaml', schema: z.array(challengeSchema) },
} as const satisfies Record<ItemKind, { file: string; schema: z.ZodType }>

const oneOrMany = <T extends z.ZodType>(schema: T) => z.union([schema, z.array(schema)])

export const whereSchema = z.strictObject({
  tags: oneOrMany(id).optional().describe('items having any of these tags'),
  audience: oneOrMany(audienceSchema).optional(),
  status: oneOrMany(id).optional().describe('use cases with any of these status words (declared in topic.yaml)'),
  severity: oneOrMany(id).optional().describe('challenges with any of these severity words (declared in topic.yaml)'),
  since: yearMonth.optional().describe('items dated or updated after this month'),
})

export const SORT_KEYS = ['date', 'version', 'title', 'severity', 'status', 'id'] as const
/** A sort key, or the key prefixed with "-" for descending: a closed set, so a typo gets "did you mean". */
export const sortSchema = z.enum([...SORT_KEYS, ...SORT_KEYS.map((key) => `-${key}` as const)])

export const columnSchema = z.strictObject({ title: markdown, points: stringList })

export const slideSchema = z.strictObject({
  layout: id.describe('a layout in templates/layouts (built-in or the project’s own)'),
  id: id.optional().describe('anchor for links to this slide; default from the title'),
  title: markdown.optional(),
  subtitle: markdown.optional(),
  text: markdown.optional().describe('a paragraph of inline Markdown'),
  points: stringList.optional(),
  notes: markdown.optional().describe('speaker notes; selections default to the items’ notes'),
  body: body.optional(),
  table: tableSchema.optional(),
  chart: chartSchema.optional().describe('numbers drawn as a chart, with their sources'),
  columns: z.array(columnSchema).optional(),
  code: codeSchema.optional(),
  metric: metricSchema.optional(),
  quote: quoteSchema.optional(),
  image: imageSchema.optional(),
  diagram: diagramSchema.optional(),
  video: videoSchema.optional(),
  caption: markdown.optional().describe('on a figure: what the picture shows (default: the text)'),
  credit: markdown.optional().describe('on a figure: who made the picture'),
  left: blockSchema.optional().describe('on two-columns: the left column'),
  right: blockSchema.optional().describe('on two-columns: the right column'),
  sources: z.array(id).optional().describe('source ids this slide cites'),
  minutes: z.number().positive().optional().describe('on a section slide: time planned for the section'),
  from: z.enum([...ITEM_KINDS, 'sources']).optional().describe('select items from the dataset, or the sources the deck cites'),
  ids: z.array(id).optional().describe('these items, in this order'),
  where: whereSchema.optional(),
  sort: sortSchema.optional(),
  limit: z.number().int().positive().optional(),
  perSlide: z.number().int().positive().optional().describe('for layouts showing all items at once'),
})

export const brandingSchema = z.strictObject({
  logo: pictureSource.optional().describe('image path relative to the deck file, or an http(s) URL'),
  footer: text.optional(),
  confidentiality: text.optional().describe('a label such as "Internal"'),
  slideNumbers: z.boolean().optional(),
})

export const pptxSchema = z.strictObject({
  template: text.optional().describe('a .pptx or .potx whose slide masters and layouts the slides use (relative to the deck file)'),
  layouts: z
    .record(id, text)
    .optional()
    .describe('talkdeck layout or role → the template layout name to use, when the template names differ (e.g. section: "Divider")'),
})

export const deckSchema = z.strictObject({
  title: text,
  subtitle: text.optional(),
  author: text.optional(),
  event: text.optional(),
  date: z.union([yearMonthDay, text]).optional(),
  theme: text.optional().describe('a built-in theme name or a path to a CSS file'),
  data: id.describe('a dataset folder in data/'),
  duration: z.number().positive().optional().describe('planned talk length in minutes'),
  audience: audienceSchema.optional(),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/).optional(),
  keywords: stringList.optional(),
  fragments: z.boolean().optional().describe('reveal bullet points one at a time'),
  wordsPerMinute: z.number().int().positive().optional().describe('speaking pace for the timing estimate (default 130; in Chinese and Japanese, characters: default 240)'),
  maxAge: z.number().int().positive().optional().describe('months the dataset may age past its asOf before check warns (default 6)'),
  branding: brandingSchema.optional(),
  size: z
    .string()
    .regex(/^(16:9|4:3|[1-9]\d{2,3}x[1-9]\d{2,3})$/, 'expected "16:9", "4:3" or a size in pixels such as "1920x1080"')
    .optional()
    .describe('slide size: "16:9" (1280×720, the default), "4:3" (1024×768) or "WIDTHxHEIGHT" in pixels'),
  pptx: pptxSchema.optional().describe('options of the PowerPoint export'),
  slides: z.array(slideSchema).min(1, 'expected at least one slide'),
})

export type Topic = z.infer<typeof topicSchema>
export type Tone = (typeof TONES)[number]
export type WordField = (typeof WORD_FIELDS)[number]
export type Source = z.infer<typeof sourceSchema>
export type Advance = z.infer<typeof advanceSchema>
export type Advantage = z.infer<typeof advantageSchema>
export type UseCase = z.infer<typeof useCaseSchema>
export type Challenge = z.infer<typeof challengeSchema>
export type ItemKind = (typeof ITEM_KINDS)[number]
export type Item = Advance | Advantage | UseCase | Challenge
export type Audience = z.infer<typeof audienceSchema>
export type SlideEntry = z.infer<typeof slideSchema>
export type DeckFile = z.infer<typeof deckSchema>
export type Where = z.infer<typeof whereSchema>
export type Code = z.infer<typeof codeSchema>
export type Metric = z.infer<typeof metricSchema>
export type Quote = z.infer<typeof quoteSchema>
export type Image = z.infer<typeof imageSchema>
export type Column = z.infer<typeof columnSchema>
export type Diagram = z.infer<typeof diagramSchema>
export type Video = z.infer<typeof videoSchema>
export type Block = z.infer<typeof blockSchema>
export type Table = z.infer<typeof tableSchema>
export type TableAlign = (typeof TABLE_ALIGNS)[number]
