import { type PdfDict, type PdfObject, type PdfValue, isDict, numberOf, PdfName, PdfRef, PdfString, PdfSyntaxError, PdfToken } from './pdf-syntax.js'

/** Reading a PDF as Chromium prints it (see pdf-syntax.ts for why not pdf-lib). */

export interface ParsedPdf {
  /** Every object in use, by object number. */
  objects: Map<number, PdfObject>
  trailer: PdfDict
}

const isWhite = (c: number) => c === 32 || c === 10 || c === 13 || c === 9 || c === 12 || c === 0
/** ( ) < > [ ] { } / % */
const isDelimiter = (c: number) => c === 40 || c === 41 || c === 60 || c === 62 || c === 91 || c === 93 || c === 123 || c === 125 || c === 47 || c === 37
const isDigit = (c: number) => c >= 48 && c <= 57

/** Reads values from a PDF's text (bytes as latin1, one character per byte). */
class Lexer {
  pos = 0
  constructor(readonly text: string) {}

  skipSpace(): void {
    const { text } = this
    for (;;) {
      const c = text.charCodeAt(this.pos)
      if (isWhite(c)) this.pos++
      else if (c === 37) {
        // A comment runs to the end of the line.
        while (this.pos < text.length && text.charCodeAt(this.pos) !== 10 && text.charCodeAt(this.pos) !== 13) this.pos++
      } else return
    }
  }

  regular(): string {
    const { text } = this
    const start = this.pos
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos)
      if (isWhite(c) || isDelimiter(c)) break
      this.pos++
    }
    return text.slice(start, this.pos)
  }

  value(): PdfValue {
    this.skipSpace()
    const { text } = this
    const c = text.charCodeAt(this.pos)
    if (c === 47) {
      this.pos++
      return new PdfName(this.regular())
    }
    if (c === 60) {
      if (text.charCodeAt(this.pos + 1) === 60) return this.dict()
      const end = text.indexOf('>', this.pos)
      if (end < 0) throw new PdfSyntaxError(`unterminated hex string at ${this.pos}`)
      const raw = text.slice(this.pos, end + 1)
      this.pos = end + 1
      return new PdfString(raw)
    }
    if (c === 40) return this.literal()
    if (c === 91) {
      this.pos++
      const items: PdfValue[] = []
      for (;;) {
        this.skipSpace()
        if (text.charCodeAt(this.pos) === 93) {
          this.pos++
          return items
        }
        if (this.pos >= text.length) throw new PdfSyntaxError('unterminated array')
        items.push(this.value())
      }
    }
    const token = this.regular()
    if (!token) throw new PdfSyntaxError(`unexpected ${JSON.stringify(text[this.pos])} at ${this.pos}`)
    // `12 0 R`: an integer followed by a generation and R is a reference.
    if (isDigit(token.charCodeAt(0)) && /^\d+$/.test(token)) {
      const save = this.pos
      this.skipSpace()
      if (isDigit(text.charCodeAt(this.pos))) {
        const gen = this.regular()
        this.skipSpace()
        if (/^\d+$/.test(gen) && text.charCodeAt(this.pos) === 82 && (this.pos + 1 >= text.length || isWhite(text.charCodeAt(this.pos + 1)) || isDelimiter(text.charCodeAt(this.pos + 1)))) {
          this.pos++
          return new PdfRef(Number(token), Number(gen))
        }
      }
      this.pos = save
    }
    return new PdfToken(token)
  }

  dict(): PdfDict {
    this.pos += 2
    const dict: PdfDict = new Map()
    const { text } = this
    for (;;) {
      this.skipSpace()
      if (text.charCodeAt(this.pos) === 62 && text.charCodeAt(this.pos + 1) === 62) {
        this.pos += 2
        return dict
      }
      const key = this.value()
      if (!(key instanceof PdfName)) throw new PdfSyntaxError(`dictionary key is not a name at ${this.pos}`)
      dict.set(key.name, this.value())
    }
  }

  literal(): PdfString {
    const { text } = this
    const start = this.pos
    let depth = 0
    for (;;) {
      const c = text.charCodeAt(this.pos++)
      if (Number.isNaN(c)) throw new PdfSyntaxError(`unterminated string at ${start}`)
      if (c === 92) this.pos++
      else if (c === 40) depth++
      else if (c === 41 && --depth === 0) break
    }
    return new PdfString(text.slice(start, this.pos))
  }

  expect(keyword: string): void {
    this.skipSpace()
    if (!this.text.startsWith(keyword, this.pos)) throw new PdfSyntaxError(`expected "${keyword}" at ${this.pos}`)
    this.pos += keyword.length
  }
}

/** A value from its text, e.g. an object's body as `parsePdf` returns it. */
export function parseValue(text: string): PdfValue {
  return new Lexer(text).value()
}

/** The value of an object, parsed from its text if it was kept as written. */
export const objectValue = (object: PdfObject | undefined): PdfValue | undefined => (object === undefined ? undefined : 'value' in object ? object.value : parseValue(object.raw))

/**
 * Reads a PDF written with a classic cross-reference table, as Chromium writes them. Objects are
 * found through the table, so nothing between them (such as a comment) is mistaken for one, and
 * each is kept as the text it is written as (streams: their dictionary parsed, their data as is);
 * only the few a caller changes are parsed (`objectValue`).
 */
export function parsePdf(bytes: Uint8Array): ParsedPdf {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const text = buffer.toString('latin1')
  const startxref = text.lastIndexOf('startxref')
  if (startxref < 0) throw new PdfSyntaxError('no startxref')
  const lexer = new Lexer(text)
  lexer.pos = startxref + 'startxref'.length
  lexer.skipSpace()
  const xref = Number(lexer.regular())
  lexer.pos = xref
  lexer.expect('xref')
  const trailerAt = text.indexOf('trailer', lexer.pos)
  if (trailerAt < 0) throw new PdfSyntaxError('not a cross-reference table this reader knows (a stream?)')
  const offsets: [number, number][] = []
  // Subsections: a line `first count`, then `count` entries of `offset generation n|f`.
  const table = /(\d+) (\d+)[ \t]*\r?\n|(\d{10}) \d{5} ([nf])/g
  table.lastIndex = lexer.pos
  let number = 0
  for (let match = table.exec(text); match && match.index < trailerAt; match = table.exec(text)) {
    if (match[1] !== undefined) number = Number(match[1])
    else if (match[4] === 'n') offsets.push([number++, Number(match[3])])
    else number++
  }
  lexer.pos = trailerAt
  lexer.expect('trailer')
  const trailer = lexer.value()
  if (!isDict(trailer)) throw new PdfSyntaxError('trailer is not a dictionary')

  // An object ends where the next one (or the table) starts.
  const ends = offsets.map(([, offset]) => offset).sort((a, b) => a - b)
  ends.push(xref)
  const endOf = (offset: number) => {
    let low = 0
    let high = ends.length - 1
    while (low < high) {
      const middle = (low + high) >> 1
      if ((ends[middle] as number) <= offset) low = middle + 1
      else high = middle
    }
    return ends[low] as number
  }
  const objects = new Map<number, PdfObject>()
  /** Streams whose /Length is a reference: their data is cut once every object is read. */
  const pending: { number: number; start: number; length: PdfRef }[] = []
  for (const [number, offset] of offsets) {
    const head = text.indexOf('obj', offset) + 3
    const end = text.lastIndexOf('endobj', endOf(offset))
    if (head < 3 || end < head) throw new PdfSyntaxError(`object ${number} is not where the table says`)
    // A stream's body ends with `endstream`, right before `endobj`.
    let last = end
    while (last > head && isWhite(text.charCodeAt(last - 1))) last--
    if (!text.startsWith('endstream', last - 9)) {
      let first = head
      while (first < last && isWhite(text.charCodeAt(first))) first++
      objects.set(number, { raw: text.slice(first, last) })
      continue
    }
    lexer.pos = head
    const value = lexer.value()
    lexer.expect('stream')
    let start = lexer.pos
    if (text.charCodeAt(start) === 13) start++
    if (text.charCodeAt(start) === 10) start++
    const length = isDict(value) ? value.get('Length') : undefined
    if (length instanceof PdfRef) {
      objects.set(number, { value })
      pending.push({ number, start, length })
      continue
    }
    const size = numberOf(length)
    if (size === undefined) throw new PdfSyntaxError(`stream ${number} has no length`)
    objects.set(number, { value, stream: buffer.subarray(start, start + size) })
  }
  for (const { number, start, length } of pending) {
    const size = numberOf(objectValue(objects.get(length.num)))
    const object = objects.get(number)
    if (size === undefined || !object) throw new PdfSyntaxError(`stream ${number} has no length`)
    object.stream = buffer.subarray(start, start + size)
  }
  return { objects, trailer }
}

/** References, and the strings they must not be looked for in (Chromium escapes parentheses in strings). */
const REFERENCE_OR_STRING = /\((?:[^\\()]|\\[\s\S])*\)|<[0-9A-Fa-f\s]*>|\b(\d+) (\d+) R\b/g

/** An object's text with every reference renumbered by `renumber`. */
export function renumberText(raw: string, renumber: (num: number) => number): string {
  return raw.replace(REFERENCE_OR_STRING, (match, number: string | undefined, gen: string) => (number === undefined ? match : `${renumber(Number(number))} ${gen} R`))
}
