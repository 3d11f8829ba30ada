/**
 * Reads a PDF back the way a reader would: pages and their sizes, the text of each page, link
 * annotations (external URL, or internal destination resolved to a page), the bookmark outline
 * with its nesting, the document information, and from the catalog whether the file is tagged.
 * Tests assert on this, never on bytes.
 */
import { readFile } from 'node:fs/promises'
import { PDFBool, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib'
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs'

export interface PdfPage {
  /** 0-based. */
  index: number
  /** In PDF points (1/72 in). */
  width: number
  height: number
  /** The page's text, runs joined, a newline where pdf.js reports the end of a line. */
  text: string
}

export interface PdfLink {
  /** 0-based page the link is on. */
  page: number
  /** External target (URI action). */
  url?: string
  /** Named destination of an internal link, if it used one. */
  dest?: string
  /** 0-based page an internal link goes to. */
  destPage?: number
}

export interface PdfOutlineEntry {
  title: string
  /** 0-based page the entry goes to; null if it has no resolvable destination. */
  page: number | null
  children: PdfOutlineEntry[]
}

export interface PdfCatalog {
  /** `/MarkInfo << /Marked true >>` */
  marked: boolean
  structTreeRoot: boolean
  lang: string | null
}

export interface ReadPdf {
  pages: PdfPage[]
  links: PdfLink[]
  outline: PdfOutlineEntry[]
  /** The document information dictionary as pdf.js reports it (Title, Author, Subject, …). */
  info: Record<string, unknown>
  catalog: PdfCatalog
}

type PdfJsDocument = Awaited<ReturnType<typeof pdfjs.getDocument>['promise']>
type RawDest = string | unknown[] | null | undefined

async function destinationPage(doc: PdfJsDocument, dest: RawDest): Promise<number | null> {
  try {
    const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest
    if (!Array.isArray(explicit) || explicit.length === 0) return null
    const target = explicit[0] as unknown
    if (typeof target === 'number') return target
    return await doc.getPageIndex(target as Parameters<PdfJsDocument['getPageIndex']>[0])
  } catch {
    return null
  }
}

interface RawOutline {
  title: string
  dest: RawDest
  items?: RawOutline[]
}

async function readOutline(doc: PdfJsDocument, items: RawOutline[] | null | undefined): Promise<PdfOutlineEntry[]> {
  const entries: PdfOutlineEntry[] = []
  for (const item of items ?? []) {
    entries.push({ title: item.title, page: await destinationPage(doc, item.dest), children: await readOutline(doc, item.items) })
  }
  return entries
}

async function readCatalog(bytes: Uint8Array): Promise<PdfCatalog> {
  const document = await PDFDocument.load(bytes, { updateMetadata: false })
  const catalog = document.catalog
  const markInfo = catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict)
  const marked = markInfo?.get(PDFName.of('Marked'))
  const lang = catalog.get(PDFName.of('Lang'))
  return {
    marked: marked instanceof PDFBool && marked.asBoolean(),
    structTreeRoot: catalog.get(PDFName.of('StructTreeRoot')) !== undefined,
    lang: lang instanceof PDFString || lang instanceof PDFHexString ? lang.decodeText() : null,
  }
}

export async function readPdf(source: string | Uint8Array): Promise<ReadPdf> {
  const bytes = typeof source === 'string' ? new Uint8Array(await readFile(source)) : source
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  const doc = await pdfjs.getDocument({ data: bytes.slice(), verbosity: 0, isEvalSupported: false, useSystemFonts: false }).promise
  try {
    const pages: PdfPage[] = []
    const links: PdfLink[] = []
    for (let index = 0; index < doc.numPages; index++) {
      const page = await doc.getPage(index + 1)
      const [x0, y0, x1, y1] = page.view as [number, number, number, number]
      const content = await page.getTextContent()
      const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('')
      pages.push({ index, width: x1 - x0, height: y1 - y0, text })
      for (const annotation of (await page.getAnnotations()) as { subtype: string; url?: string; unsafeUrl?: string; dest?: RawDest }[]) {
        if (annotation.subtype !== 'Link') continue
        const url = annotation.url ?? annotation.unsafeUrl
        if (url) links.push({ page: index, url })
        else if (annotation.dest) {
          const destPage = await destinationPage(doc, annotation.dest)
          links.push({ page: index, ...(typeof annotation.dest === 'string' ? { dest: annotation.dest } : {}), ...(destPage === null ? {} : { destPage }) })
        }
      }
      page.cleanup()
    }
    const outline = await readOutline(doc, (await doc.getOutline()) as RawOutline[] | null)
    const { info } = await doc.getMetadata()
    return { pages, links, outline, info: info as Record<string, unknown>, catalog: await readCatalog(bytes) }
  } finally {
    await doc.destroy()
  }
}

/**
 * Text reduced to lowercase letters and digits, for "is this text on that page" checks that do not
 * depend on where Chromium broke lines, on typographic quotes, or on inline Markdown.
 */
export function squash(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\]\((?:https?:|#)[^)]*\)/g, ']') // Markdown links: keep the text, drop the target
    .toLowerCase()
    // Modifier letters: the subset font of a PDF may map ’ back to U+02BC, a "letter".
    .replace(/[^\p{L}\p{N}]+|\p{Lm}/gu, '')
}

/** Parses a PDF date `D:YYYYMMDDHHmmSS…` into a Date (UTC unless an offset is given). */
export function parsePdfDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null
  const match = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(value)
  if (!match) return null
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', zone = 'Z'] = match
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.replace(/'/g, '').slice(3, 5)}`
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`)
  return Number.isNaN(date.getTime()) ? null : date
}

/** Every outline entry, depth first, with its depth (0 = top level). */
export function flattenOutline(entries: PdfOutlineEntry[], depth = 0): (PdfOutlineEntry & { depth: number })[] {
  return entries.flatMap((entry) => [{ ...entry, depth }, ...flattenOutline(entry.children, depth + 1)])
}
