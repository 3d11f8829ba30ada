/**
 * Keycaps (1️⃣ #️⃣) and the sequences spelled with U+FE0F (🏳️‍🌈, ❤️‍🔥, 🏳️‍⚧️ …) drawn as one
 * glyph by the bundled Twemoji font (twemoji-colr-font), run once at `npm run compile` by
 * vite.config.ts on the copy in lib/client/fonts that every page, build, PDF and PNG uses.
 *
 * Twemoji draws a sequence with a ligature of its ccmp feature, and spells U+FE0F into 854 of its
 * 2,309 ligatures (`u31_fe0f_20e3` for 1️⃣). The font has no cmap format 14 record for
 * "character + U+FE0F", so Chromium's shaping drops the U+FE0F before the ligatures are applied,
 * and those 854 no longer match: a keycap came out blank, the rainbow flag as a white flag and a
 * rainbow. Sequences without U+FE0F (👩‍💻) were fine. The fix adds to the ligature subtable a copy
 * of each ligature that holds U+FE0F, without it (852 new ones: two FE0F-less sequences already
 * have a ligature of their own, 💏 and 💑, which is kept); text that keeps its U+FE0F still meets
 * the original ligature, so the font now draws both spellings.
 *
 * Only GSUB changes, and WOFF2 stores it as it is: the container is read and written back here
 * around Node's own Brotli, every other table (the transformed glyf among them) untouched.
 * Rejected: a cmap format 14 table (it would map the pair to the base glyph, and the ligature
 * holding U+FE0F would still not match); decoding and re-encoding with the wasm WOFF2 codec
 * (`wawoff2`: a new devDependency, and 32 s for the encoder alone where Node's Brotli took 13 s on
 * the same busy machine).
 * WOFF2: https://www.w3.org/TR/WOFF2/; GSUB: https://learn.microsoft.com/typography/opentype/spec/gsub
 */
import { promisify } from 'node:util'
import { brotliCompress, brotliDecompressSync, constants } from 'node:zlib'

const VS16 = 0xfe0f

/** A ligature: the glyphs it replaces, in order, and the glyph it draws instead. */
interface Ligature {
  components: number[]
  glyph: number
}

/** One entry of a WOFF2 table directory, and the table's bytes as stored (transformed or not). */
interface Woff2Table {
  /** The entry's flags byte and, for a tag outside WOFF2's list of known tags, the tag itself. */
  head: Uint8Array
  tag: string
  origLength: number
  /** Present when the table is stored transformed (glyf, loca, hmtx). */
  transformLength: number | undefined
  data: Buffer
}

/** WOFF2's known tags, by their index in a directory entry's flags (63: the tag follows the flags). */
const KNOWN_TAGS = [
  ...['cmap', 'head', 'hhea', 'hmtx', 'maxp', 'name', 'OS/2', 'post', 'cvt ', 'fpgm', 'glyf', 'loca', 'prep', 'CFF ', 'VORG', 'EBDT'],
  ...['EBLC', 'gasp', 'hdmx', 'kern', 'LTSH', 'PCLT', 'VDMX', 'vhea', 'vmtx', 'BASE', 'GDEF', 'GPOS', 'GSUB', 'EBSC', 'JSTF', 'MATH'],
  ...['CBDT', 'CBLC', 'COLR', 'CPAL', 'SVG ', 'sbix', 'acnt', 'avar', 'bdat', 'bloc', 'bsln', 'cvar', 'fdsc', 'feat', 'fmtx', 'fvar'],
  ...['gvar', 'hsty', 'just', 'lcar', 'mort', 'morx', 'opbd', 'prop', 'trak', 'Zapf', 'Silf', 'Glat', 'Gloc', 'Feat', 'Sill'],
]

const align4 = (length: number) => (length + 3) & ~3

/** A WOFF2 font's header and tables, the tables as stored (decompressed, still transformed). */
function readWoff2(woff2: Uint8Array): { header: Buffer; tables: Woff2Table[] } {
  const input = Buffer.from(woff2.buffer, woff2.byteOffset, woff2.byteLength)
  if (input.toString('latin1', 0, 4) !== 'wOF2') throw new Error('not a WOFF2 font')
  if (input.toString('latin1', 4, 8) === 'ttcf' || input.readUInt32BE(28) !== 0 || input.readUInt32BE(40) !== 0) {
    throw new Error('a font collection, or a WOFF2 with metadata or private data: not written back by this fix')
  }
  let at = 48
  const base128 = () => {
    let value = 0
    for (let i = 0; i < 5; i++) {
      const byte = input[at++] ?? 0
      value = value * 128 + (byte & 0x7f)
      if (byte < 0x80) return value
    }
    throw new Error('bad UIntBase128 in the WOFF2 table directory')
  }
  const entries = Array.from({ length: input.readUInt16BE(12) }, () => {
    const start = at
    const flags = input[at++] ?? 0
    const arbitrary = (flags & 0x3f) === 0x3f
    const tag = arbitrary ? input.toString('latin1', at, at + 4) : (KNOWN_TAGS[flags & 0x3f] ?? '')
    if (arbitrary) at += 4
    const head = input.subarray(start, at)
    const origLength = base128()
    // Transform 0 is glyf's and loca's own transform and every other table's "none"; 3 is glyf's and loca's "none".
    const transformed = tag === 'glyf' || tag === 'loca' ? flags >> 6 !== 3 : flags >> 6 !== 0
    return { head, tag, origLength, transformLength: transformed ? base128() : undefined }
  })
  const stream = brotliDecompressSync(input.subarray(at, at + input.readUInt32BE(20)))
  let offset = 0
  const tables = entries.map((entry) => {
    const length = entry.transformLength ?? entry.origLength
    offset += length
    return { ...entry, data: stream.subarray(offset - length, offset) }
  })
  return { header: input.subarray(0, 48), tables }
}

function base128(value: number): number[] {
  const bytes = [value & 0x7f]
  for (let rest = value >>> 7; rest > 0; rest >>>= 7) bytes.unshift((rest & 0x7f) | 0x80)
  return bytes
}

/**
 * The font written back in the same container: the same directory, the same transforms, one Brotli
 * stream with the settings of Google's encoder, which wrote the package's font (quality 11, a 4 MB
 * window): with no table changed, the file comes back byte for byte.
 */
async function writeWoff2(header: Buffer, tables: Woff2Table[]): Promise<Uint8Array> {
  const directory = Buffer.concat(
    tables.map((table) => Buffer.from([...table.head, ...base128(table.origLength), ...(table.transformLength === undefined ? [] : base128(table.transformLength))])),
  )
  const stream = Buffer.concat(tables.map((table) => table.data))
  const compressed = await promisify(brotliCompress)(stream, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 22,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_FONT,
      [constants.BROTLI_PARAM_SIZE_HINT]: stream.length,
    },
  })
  const length = align4(48 + directory.length + compressed.length)
  const out = Buffer.alloc(length)
  header.copy(out)
  out.writeUInt32BE(length, 8)
  out.writeUInt32BE(12 + 16 * tables.length + tables.reduce((sum, table) => sum + align4(table.origLength), 0), 16) // totalSfntSize
  out.writeUInt32BE(compressed.length, 20)
  directory.copy(out, 48)
  compressed.copy(out, 48 + directory.length)
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
}

/** The glyph a format 12 cmap subtable gives a code point (Twemoji's emoji lie beyond the BMP, so it has one). */
function glyphOf(cmap: Buffer, codePoint: number): number {
  for (let record = 0; record < cmap.readUInt16BE(2); record++) {
    const table = cmap.readUInt32BE(4 + record * 8 + 4)
    if (cmap.readUInt16BE(table) !== 12) continue
    for (let group = 0; group < cmap.readUInt32BE(table + 12); group++) {
      const at = table + 16 + group * 12
      if (codePoint >= cmap.readUInt32BE(at) && codePoint <= cmap.readUInt32BE(at + 4)) return cmap.readUInt32BE(at + 8) + codePoint - cmap.readUInt32BE(at)
    }
  }
  throw new Error(`no glyph for U+${codePoint.toString(16).toUpperCase()} in the font's cmap`)
}

/** The glyphs of a Coverage table, in coverage index order. */
function readCoverage(table: Buffer, at: number): number[] {
  const format = table.readUInt16BE(at)
  const count = table.readUInt16BE(at + 2)
  if (format === 1) return Array.from({ length: count }, (_, i) => table.readUInt16BE(at + 4 + i * 2))
  return Array.from({ length: count }, (_, i) => {
    const [first, last] = [table.readUInt16BE(at + 4 + i * 6), table.readUInt16BE(at + 6 + i * 6)]
    return Array.from({ length: last - first + 1 }, (_, k) => first + k)
  }).flat()
}

/**
 * Where GSUB's script, feature and lookup lists end: the fix rewrites only the ligature subtable,
 * so they must all lie before it (as the font's compiler, FontForge, writes them).
 */
function listsEnd(gsub: Buffer): number {
  let end = 10
  const reach = (at: number, length: number) => {
    end = Math.max(end, at + length)
  }
  const scriptList = gsub.readUInt16BE(4)
  reach(scriptList, 2 + 6 * gsub.readUInt16BE(scriptList))
  for (let i = 0; i < gsub.readUInt16BE(scriptList); i++) {
    const script = scriptList + gsub.readUInt16BE(scriptList + 2 + i * 6 + 4)
    const langSysCount = gsub.readUInt16BE(script + 2)
    reach(script, 4 + 6 * langSysCount)
    const langSyses = [gsub.readUInt16BE(script), ...Array.from({ length: langSysCount }, (_, k) => gsub.readUInt16BE(script + 4 + k * 6 + 4))]
    for (const langSys of langSyses.filter((offset) => offset !== 0)) reach(script + langSys, 6 + 2 * gsub.readUInt16BE(script + langSys + 4))
  }
  const featureList = gsub.readUInt16BE(6)
  reach(featureList, 2 + 6 * gsub.readUInt16BE(featureList))
  for (let i = 0; i < gsub.readUInt16BE(featureList); i++) {
    const feature = featureList + gsub.readUInt16BE(featureList + 2 + i * 6 + 4)
    if (gsub.readUInt16BE(feature) !== 0) throw new Error('a GSUB feature with parameters: not handled by this fix')
    reach(feature, 4 + 2 * gsub.readUInt16BE(feature + 2))
  }
  const lookupList = gsub.readUInt16BE(8)
  reach(lookupList, 2 + 2 * gsub.readUInt16BE(lookupList))
  const lookup = lookupList + gsub.readUInt16BE(lookupList + 2)
  reach(lookup, 6 + 2 * gsub.readUInt16BE(lookup + 4) + (gsub.readUInt16BE(lookup + 2) & 0x10 ? 2 : 0))
  return end
}

/** A LigatureSubst format 1 subtable holding these ligatures, each first glyph's longest first. */
function writeLigatureSubtable(ligatures: Ligature[]): Buffer {
  const sets = new Map<number, Ligature[]>()
  for (const ligature of ligatures) {
    const first = ligature.components[0] as number
    sets.set(first, [...(sets.get(first) ?? []), ligature])
  }
  // Coverage in glyph order; in a set, a longer ligature before any it begins with (the first that matches wins).
  const firsts = [...sets.keys()].sort((a, b) => a - b)
  const setBytes = firsts.map((first) => {
    const set = (sets.get(first) ?? []).sort((a, b) => b.components.length - a.components.length)
    const records = set.map((ligature) => [ligature.glyph, ligature.components.length, ...ligature.components.slice(1)])
    return u16s([set.length, ...startsOf(records.map((record) => 2 * record.length), 2 + 2 * set.length), ...records.flat()])
  })
  const coverage = u16s([1, firsts.length, ...firsts])
  const setOffsets = startsOf([coverage.length, ...setBytes.map((bytes) => bytes.length)], 6 + 2 * firsts.length).slice(1)
  const length = 6 + 2 * firsts.length + coverage.length + setBytes.reduce((sum, bytes) => sum + bytes.length, 0)
  if (length > 0xffff) throw new Error(`the ligature subtable would take ${length} bytes, past the reach of its 16-bit offsets`)
  return Buffer.concat([u16s([1, 6 + 2 * firsts.length, firsts.length, ...setOffsets]), coverage, ...setBytes])
}

/** Where each of blocks of these lengths starts when they follow each other from `first`. */
function startsOf(lengths: number[], first: number): number[] {
  const starts: number[] = []
  let at = first
  for (const length of lengths) {
    starts.push(at)
    at += length
  }
  return starts
}

function u16s(values: number[]): Buffer {
  const bytes = Buffer.alloc(values.length * 2)
  values.forEach((value, index) => bytes.writeUInt16BE(value, index * 2))
  return bytes
}

/**
 * GSUB with a copy, without `vs16`, of every ligature holding the glyph `vs16`; a sequence that
 * already has a ligature keeps it. Expects Twemoji's GSUB: one lookup, of ligatures, in one subtable
 * written after the lists; anything else fails the compile with a message rather than a wrong font.
 */
export function addLigaturesWithoutVs16(gsub: Buffer, vs16: number): { gsub: Buffer; added: number } {
  const lookupList = gsub.readUInt16BE(8)
  const lookup = lookupList + gsub.readUInt16BE(lookupList + 2)
  const subtable = lookup + gsub.readUInt16BE(lookup + 6)
  const shape = [gsub.readUInt32BE(0), gsub.readUInt16BE(lookupList), gsub.readUInt16BE(lookup), gsub.readUInt16BE(lookup + 4), gsub.readUInt16BE(subtable)]
  if (shape.join() !== [0x10000, 1, 4, 1, 1].join() || listsEnd(gsub) > subtable) {
    throw new Error(`GSUB is not one ligature lookup in one subtable after the lists (version, lookups, type, subtables, format: ${shape.join(', ')})`)
  }
  const firsts = readCoverage(gsub, subtable + gsub.readUInt16BE(subtable + 2))
  const ligatures = firsts.flatMap((first, index) => {
    const set = subtable + gsub.readUInt16BE(subtable + 6 + index * 2)
    return Array.from({ length: gsub.readUInt16BE(set) }, (_, k): Ligature => {
      const at = set + gsub.readUInt16BE(set + 2 + k * 2)
      const rest = Array.from({ length: gsub.readUInt16BE(at + 2) - 1 }, (_, c) => gsub.readUInt16BE(at + 4 + c * 2))
      return { glyph: gsub.readUInt16BE(at), components: [first, ...rest] }
    })
  })
  const known = new Set(ligatures.map((ligature) => ligature.components.join()))
  const added: Ligature[] = []
  for (const ligature of ligatures) {
    const components = ligature.components.filter((glyph) => glyph !== vs16)
    if (components.length === ligature.components.length || components.length < 2 || known.has(components.join())) continue
    known.add(components.join())
    added.push({ components, glyph: ligature.glyph })
  }
  return { gsub: Buffer.concat([gsub.subarray(0, subtable), writeLigatureSubtable([...ligatures, ...added])]), added: added.length }
}

/** The bundled Twemoji WOFF2 with every ligature spelled with U+FE0F also reachable without it. */
export async function fixTwemoji(woff2: Uint8Array): Promise<{ woff2: Uint8Array; added: number }> {
  const { header, tables } = readWoff2(woff2)
  const table = (tag: string) => {
    const found = tables.find((entry) => entry.tag === tag)
    if (!found || found.transformLength !== undefined) throw new Error(`no ${tag} table stored as it is`)
    return found
  }
  const gsub = table('GSUB')
  const fixed = addLigaturesWithoutVs16(gsub.data, glyphOf(table('cmap').data, VS16))
  const written = tables.map((entry) => (entry === gsub ? { ...entry, origLength: fixed.gsub.length, data: fixed.gsub } : entry))
  return { woff2: await writeWoff2(header, written), added: fixed.added }
}
