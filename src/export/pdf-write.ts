import { promisify } from 'node:util'
import { deflate as deflateCallback } from 'node:zlib'
import { type PdfObject, type PdfValue, isDict, name, num, PdfRef, PdfSyntaxError, PdfToken, serialize } from './pdf-syntax.js'

/** Compression runs in libuv's thread pool, beside the main thread. */
const deflate = promisify(deflateCallback)

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
