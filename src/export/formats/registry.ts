/**
 * Every output format `export` can write, in the order `--help` lists them. The CLI's help and
 * validation, the export batch, the deck index and `dev` read this list; adding a format is a file
 * beside this one and a line here. Each format loads its writer only when it writes.
 */
import { ConfigError } from '../../errors.js'
import { suggest } from '../../suggest.js'
import type { OutputFormat } from './format.js'
import { handoutFormat } from './handout.js'
import { markdownFormat } from './md.js'
import { pdfFormat } from './pdf.js'
import { pngFormat } from './png.js'
import { pptxFormat } from './pptx.js'

const FORMATS: OutputFormat[] = [pdfFormat, handoutFormat, pptxFormat, pngFormat, markdownFormat]

export const outputFormats = (): readonly OutputFormat[] => FORMATS

/**
 * Adds a format (a program's own, or a test's); returns what removes it again. A format whose id
 * is taken replaces nothing: ids name files, and two writers of one file would clobber it.
 */
export function registerFormat(format: OutputFormat): () => void {
  if (FORMATS.some((known) => known.id === format.id)) throw new ConfigError(`an output format "${format.id}" is registered already`)
  FORMATS.push(format)
  return () => {
    const index = FORMATS.indexOf(format)
    if (index >= 0) FORMATS.splice(index, 1)
  }
}

/** The formats `--format` values name (repeatable, or comma-separated), each once; an unknown name is a ConfigError. */
export function resolveFormats(requested: readonly string[]): OutputFormat[] {
  const ids = [...new Set(requested.flatMap((value) => value.split(',')).map((value) => value.trim().toLowerCase()).filter(Boolean))]
  if (!ids.length) return [pdfFormat]
  return ids.map((id) => {
    const known = FORMATS.find((format) => format.id === id)
    const names = FORMATS.map((format) => format.id)
    if (!known) throw new ConfigError(`--format must be ${names.join(', ')} (or a list of them), got "${id}"${suggest(id, names)}`)
    return known
  })
}
