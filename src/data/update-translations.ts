/**
 * What `talkdeck translate` writes into one translation file: every text (an item's field, a text
 * of topic.yaml) that has no translation yet, or whose original changed since it was translated,
 * with the original beside it. Translations already written are kept, and so are the file's
 * comments and order: the file is edited as a YAML document (eemeli/yaml), not rewritten from
 * data. Pure: text in, text out.
 */
import { isMap, parseDocument, type Document } from 'yaml'
import type { Item } from './schema.js'
import { fieldText, hashText, languageName, textFields, type FieldText } from './translations.js'

export interface TranslationUpdate {
  /** The file's new text. */
  text: string
  /** Fields with no translation yet (newly added or still empty). */
  toTranslate: number
  /** Translated fields to check against the original beside them (it changed since, or was never cleared). */
  toReview: number
}

/** Where the editors' JSON Schema is, from `data/<name>/i18n/<lang>/<file>.yaml`. */
const schemaLine = (schema: string) => ` yaml-language-server: $schema=../../../../schema/${schema}`

const isEmpty = (value: unknown) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)

/** One text to translate: where it goes in the file (item id and field, or a topic key), and its original. */
export interface TextToTranslate {
  at: string[]
  original: FieldText
}

/** The texts of items, each at its id and field. */
export const itemEntries = (items: readonly Item[]): TextToTranslate[] =>
  items.flatMap((item) => textFields(item).flatMap((field) => {
    const original = fieldText(item, field)
    return original === undefined ? [] : [{ at: [item.id, field], original }]
  }))

/** What a new translation file's header says: the original's file, how entries are keyed ("by item id"), the JSON Schema. */
export interface TranslationFileKind {
  originalFile: string
  keyedBy: string
  schema: string
}

export function updateTranslationFile(existing: string | undefined, entries: readonly TextToTranslate[], language: string, { originalFile, keyedBy, schema }: TranslationFileKind): TranslationUpdate {
  const document: Document = parseDocument(existing ?? '')
  if (!isMap(document.contents)) {
    document.contents = document.createNode({})
    document.commentBefore = `${schemaLine(schema)}\n ${languageName(language)} (${language}) translations of ${originalFile}, ${keyedBy}. Write each text: beside its original:,\n then delete the original: line. hash: says which original a text translates (talkdeck translate writes it).`
  }
  let toTranslate = 0
  let toReview = 0
  for (const { at, original } of entries) {
    const hash = hashText(original)
    const text = document.getIn([...at, 'text'])
    if (isEmpty(text)) {
      toTranslate++
      if (document.getIn([...at, 'hash']) === hash && document.hasIn([...at, 'original'])) continue
      // The original first: it is what the translator reads before writing the text under it.
      document.setIn([...at, 'original'], original)
      document.setIn([...at, 'text'], null)
      document.setIn([...at, 'hash'], hash)
    } else if (document.getIn([...at, 'hash']) !== hash) {
      toReview++
      document.setIn([...at, 'original'], original)
      document.setIn([...at, 'hash'], hash)
    } else if (document.hasIn([...at, 'original'])) toReview++
  }
  // Unfolded lines: an original reads as written, and an empty text stays "text:" for the translator to fill.
  return { text: document.toString({ nullStr: '', lineWidth: 0 }), toTranslate, toReview }
}
