import { promisify } from 'node:util'
import { deflate as deflateCallback } from 'node:zlib'

/** Compression runs in libuv's thread pool, beside the main thread. */
const deflate = promisify(deflateCallback)

/**
 * Just enough of the PDF file format to read what Chromium prints and write it back compact: a
 * parser for objects (dictionaries, arrays, names, strings, numbers, references, streams) and the
 * classic cross-reference table Chromium (Skia) writes, and a writer that packs every object that
 * is not a stream into compressed object streams with a cross-reference stream (PDF 1.5).
 *
 * Why not pdf-lib: loading and saving a 200-slide tagged PDF (10,000 objects) took it 1.2 s of a
 * 4 s export, and its import another 0.3 s; this reads and writes the same file in a few tens of
 * milliseconds. Stream data is copied as it is and never decoded.
 */

/** A name, without its slash, as written (#xx escapes kept). */
export class PdfName {
  constructor(readonly name: string) {}
}

/** A string as written in the file, delimiters included: `(literal)` or `<hex>`. */
export class PdfString {
  constructor(readonly raw: string) {}

  /** A text string as PDF readers expect it: plain when printable ASCII, else UTF-16BE with a byte-order mark. */
  static fromText(text: string): PdfString {
    if (/^[\x20-\x7e]*$/.test(text)) return new PdfString(`(${text.replace(/[\\()]/g, '\\$&')})`)
    let hex = 'FEFF'
    for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase()
    return new PdfString(`<${hex}>`)
  }
}

/** A number, `true`, `false` or `null`, kept as written so that it is written back unchanged. */
export class PdfToken {
  constructor(readonly text: string) {}
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen = 0,
  ) {}
}

export type PdfDict = Map<string, PdfValue>
export type PdfValue = PdfName | PdfString | PdfToken | PdfRef | PdfValue[] | PdfDict

/**
 * An indirect object: its value — parsed, or as written in the file when nothing in it needs
 * changing but its references — and the raw (still encoded) data when it is a stream.
 */
export type PdfObject = ({ value: PdfValue } | { raw: string }) & { stream?: Uint8Array }

export interface ParsedPdf {
  /** Every object in use, by object number. */
  objects: Map<number, PdfObject>
  trailer: PdfDict
}

export class PdfSyntaxError extends Error {}

export const num = (value: number): PdfToken => new PdfToken(Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4))))
export const name = (value: string): PdfName => new PdfName(value)

export function isDict(value: PdfValue | undefined): value is PdfDict {
  return value instanceof Map
}

/** The number a value holds, or undefined when it holds none. */
export function numberOf(value: PdfValue | undefined): number | undefined {
  if (!(value instanceof PdfToken)) return undefined
  const parsed = Number(value.text)
  return Number.isNaN(parsed) ? undefined : parsed
}

// ------------------------------------------------------------------------------------------------
// Reading

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

// ------------------------------------------------------------------------------------------------
// Writing

export function serialize(value: PdfValue): string {
  if (value instanceof PdfName) return `/${value.name}`
  if (value instanceof PdfString) return value.raw
  if (value instanceof PdfToken) return value.text
  if (value instanceof PdfRef) return `${value.num} ${value.gen} R`
  if (Array.isArray(value)) return `[${value.map(serialize).join(' ')}]`
  let out = '<<'
  for (const [key, item] of value) out += `/${key} ${serialize(item)}`
  return `${out}>>`
}

/** Objects per object stream: large enough to compress well, small enough for a reader to unpack one quickly. */
const OBJECTS_PER_STREAM = 200

/**
 * Writes a whole PDF: streams as they are, every other object packed into compressed object
 * streams, and a cross-reference stream. Objects must be numbered 1…n without gaps.
 */
export async function writePdf(objects: PdfObject[], trailer: { root: PdfRef; info: PdfRef }): Promise<Uint8Array> {
  // Object streams first, compressed side by side; they are numbered after the objects.
  const groups: number[][] = []
  objects.forEach((object, index) => {
    if (object.stream) return
    const last = groups.at(-1)
    if (last && last.length < OBJECTS_PER_STREAM) last.push(index + 1)
    else groups.push([index + 1])
  })
  const packed = await Promise.all(
    groups.map(async (numbers) => {
      const heads: string[] = []
      const bodies: string[] = []
      let position = 0
      for (const number of numbers) {
        const object = objects[number - 1] as PdfObject
        const body = 'raw' in object ? object.raw : serialize(object.value)
        heads.push(`${number} ${position}`)
        bodies.push(body)
        position += body.length + 1
      }
      const head = `${heads.join(' ')}\n`
      const data = await deflate(Buffer.from(head + bodies.join('\n'), 'latin1'))
      return { numbers, data, dict: new Map<string, PdfValue>([['Type', name('ObjStm')], ['N', num(numbers.length)], ['First', num(head.length)], ['Filter', name('FlateDecode')]]) }
    }),
  )

  const chunks: Buffer[] = []
  let offset = 0
  const emit = (chunk: Buffer | string) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk
    chunks.push(bytes)
    offset += bytes.length
  }
  // Cross-reference entries by object number: [type, field 2, field 3].
  const entries: [number, number, number][] = [[0, 0, 65535]]
  const writeStream = (number: number, dict: string, data: Uint8Array) => {
    entries[number] = [1, offset, 0]
    emit(`${number} 0 obj\n${dict}\nstream\n`)
    emit(Buffer.from(data.buffer, data.byteOffset, data.byteLength))
    emit('\nendstream\nendobj\n')
  }
  const withLength = (dict: PdfValue, length: number) => {
    if (!isDict(dict)) throw new PdfSyntaxError('a stream has no dictionary')
    return serialize(new Map(dict).set('Length', num(length)))
  }

  emit('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')
  objects.forEach((object, index) => {
    if (object.stream) writeStream(index + 1, 'raw' in object ? object.raw : withLength(object.value, object.stream.length), object.stream)
  })
  let nextNumber = objects.length + 1
  for (const { numbers, data, dict } of packed) {
    const streamNumber = nextNumber++
    numbers.forEach((number, index) => (entries[number] = [2, streamNumber, index]))
    writeStream(streamNumber, withLength(dict, data.length), data)
  }

  const xrefNumber = nextNumber++
  const xrefOffset = offset
  entries[xrefNumber] = [1, xrefOffset, 0]
  const table = Buffer.alloc(entries.length * 7)
  entries.forEach(([type, second, third], index) => {
    table.writeUInt8(type, index * 7)
    table.writeUInt32BE(second, index * 7 + 1)
    table.writeUInt16BE(third, index * 7 + 5)
  })
  const data = await deflate(table)
  const dict = new Map<string, PdfValue>([
    ['Type', name('XRef')],
    ['Size', num(entries.length)],
    ['W', [num(1), num(4), num(2)]],
    ['Root', trailer.root],
    ['Info', trailer.info],
    ['Filter', name('FlateDecode')],
    ['Length', num(data.length)],
  ])
  emit(`${xrefNumber} 0 obj\n${serialize(dict)}\nstream\n`)
  emit(data)
  emit(`\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`)
  return new Uint8Array(Buffer.concat(chunks, offset))
}

/** The objects of a PDF being put together, numbered in the order they are added. */
export class PdfBuilder {
  readonly objects: PdfObject[] = []

  add(value: PdfValue, stream?: Uint8Array): PdfRef {
    this.objects.push(stream ? { value, stream } : { value })
    return new PdfRef(this.objects.length)
  }

  /** A number for an object whose value is known only later (`set`). */
  reserve(): PdfRef {
    return this.add(new PdfToken('null'))
  }

  set(ref: PdfRef, value: PdfValue): void {
    if (!this.objects[ref.num - 1]) throw new PdfSyntaxError(`no object ${ref.num}`)
    this.objects[ref.num - 1] = { value }
  }
}
