/**
 * An sfnt font (TrueType/OpenType, as harfbuzz's subsetter writes it) as WOFF 1.0, each table
 * compressed with Node's zlib: https://www.w3.org/TR/WOFF/. WOFF2 would be about a quarter
 * smaller, but its only encoder at hand (the wasm build of Google's, which subset-font uses) takes
 * a second or more per font; this takes milliseconds, for fonts of a few KB once subset.
 */
import { deflateSync } from 'node:zlib'

const HEADER = 44
const DIRECTORY_ENTRY = 20
const align4 = (length: number) => (length + 3) & ~3

export function sfntToWoff(sfnt: Uint8Array): Uint8Array {
  const input = Buffer.from(sfnt.buffer, sfnt.byteOffset, sfnt.byteLength)
  const flavor = input.readUInt32BE(0)
  const numTables = input.readUInt16BE(4)
  const tables = Array.from({ length: numTables }, (_, index) => {
    const record = 12 + index * 16
    const offset = input.readUInt32BE(record + 8)
    const length = input.readUInt32BE(record + 12)
    const data = input.subarray(offset, offset + length)
    const compressed = deflateSync(data, { level: 9 })
    // A table that does not shrink is stored as it is (compLength = origLength).
    return { tag: input.readUInt32BE(record), checksum: input.readUInt32BE(record + 4), length, stored: compressed.length < length ? compressed : data }
  })
  const totalSfntSize = 12 + 16 * numTables + tables.reduce((sum, table) => sum + align4(table.length), 0)
  let offset = HEADER + DIRECTORY_ENTRY * numTables
  const placed = tables.map((table) => {
    const at = offset
    offset += align4(table.stored.length)
    return { ...table, at }
  })
  const woff = Buffer.alloc(offset)
  woff.writeUInt32BE(0x774f4646, 0) // 'wOFF'
  woff.writeUInt32BE(flavor, 4)
  woff.writeUInt32BE(offset, 8)
  woff.writeUInt16BE(numTables, 12)
  woff.writeUInt32BE(totalSfntSize, 16)
  woff.writeUInt16BE(1, 20) // version 1.0; no metadata, no private data
  placed.forEach((table, index) => {
    const entry = HEADER + index * DIRECTORY_ENTRY
    woff.writeUInt32BE(table.tag, entry)
    woff.writeUInt32BE(table.at, entry + 4)
    woff.writeUInt32BE(table.stored.length, entry + 8)
    woff.writeUInt32BE(table.length, entry + 12)
    woff.writeUInt32BE(table.checksum, entry + 16)
    table.stored.copy(woff, table.at)
  })
  return new Uint8Array(woff.buffer, woff.byteOffset, woff.byteLength)
}
