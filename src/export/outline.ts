import { type PDFDict, PDFHexString, PDFName, PDFNumber, type PDFDocument, type PDFRef } from '../vendor/pdf-lib.js'

export interface OutlineEntry {
  title: string
  /** 0-based page the entry opens. */
  page: number
  children: OutlineEntry[]
}

/**
 * Writes the PDF's bookmarks from the deck's own structure. Chromium's generated outline takes
 * headings from the layout and glues words where a line broke ("aboutwhether"); the deck knows its
 * titles, its sections and the page each slide starts on.
 */
export function writeOutline(document: PDFDocument, entries: OutlineEntry[]): void {
  if (entries.length === 0) return
  const { context } = document
  const pages = document.getPages()
  const rootRef = context.nextRef()
  const refs = (list: OutlineEntry[]) => list.map(() => context.nextRef())

  /** Writes `list` under `parent`; returns how many entries are visible below the parent (all open). */
  const writeLevel = (list: OutlineEntry[], listRefs: PDFRef[], parent: PDFRef): number => {
    let count = 0
    list.forEach((entry, index) => {
      const page = pages[Math.min(entry.page, pages.length - 1)]
      if (!page) return
      const dict = context.obj({}) as PDFDict
      dict.set(PDFName.of('Title'), PDFHexString.fromText(entry.title))
      dict.set(PDFName.of('Parent'), parent)
      dict.set(PDFName.of('Dest'), context.obj([page.ref, PDFName.of('Fit')]))
      const previous = listRefs[index - 1]
      const next = listRefs[index + 1]
      if (previous) dict.set(PDFName.of('Prev'), previous)
      if (next) dict.set(PDFName.of('Next'), next)
      const ref = listRefs[index] as PDFRef
      if (entry.children.length) {
        const childRefs = refs(entry.children)
        dict.set(PDFName.of('First'), childRefs[0] as PDFRef)
        dict.set(PDFName.of('Last'), childRefs.at(-1) as PDFRef)
        const below = writeLevel(entry.children, childRefs, ref)
        dict.set(PDFName.of('Count'), PDFNumber.of(below))
        count += below
      }
      context.assign(ref, dict)
      count++
    })
    return count
  }

  const topRefs = refs(entries)
  const total = writeLevel(entries, topRefs, rootRef)
  const root = context.obj({ Type: 'Outlines' }) as PDFDict
  root.set(PDFName.of('First'), topRefs[0] as PDFRef)
  root.set(PDFName.of('Last'), topRefs.at(-1) as PDFRef)
  root.set(PDFName.of('Count'), PDFNumber.of(total))
  context.assign(rootRef, root)
  document.catalog.set(PDFName.of('Outlines'), rootRef)
  document.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'))
}
