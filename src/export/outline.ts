import { type PdfDict, type PdfRef, type PdfValue, name, num, PdfString } from './pdf-syntax.js'
import type { PdfBuilder } from './pdf-write.js'

export interface OutlineEntry {
  title: string
  /** 0-based page the entry opens. */
  page: number
  children: OutlineEntry[]
}

/**
 * Writes the PDF's bookmarks from the deck's own structure and returns the outline's root, or
 * undefined when there is none. Chromium's generated outline takes headings from the layout and
 * glues words where a line broke ("aboutwhether"); the deck knows its titles, its sections and
 * the page each slide starts on.
 */
export function writeOutline(document: PdfBuilder, pages: PdfRef[], entries: OutlineEntry[]): PdfRef | undefined {
  if (entries.length === 0 || pages.length === 0) return undefined
  const rootRef = document.reserve()
  const refs = (list: OutlineEntry[]) => list.map(() => document.reserve())

  /** Writes `list` under `parent`; returns how many entries are visible below the parent (all open). */
  const writeLevel = (list: OutlineEntry[], listRefs: PdfRef[], parent: PdfRef): number => {
    let count = 0
    list.forEach((entry, index) => {
      const page = pages[Math.min(entry.page, pages.length - 1)] as PdfRef
      const dict: PdfDict = new Map<string, PdfValue>([
        ['Title', PdfString.fromText(entry.title)],
        ['Parent', parent],
        ['Dest', [page, name('Fit')]],
      ])
      const previous = listRefs[index - 1]
      const next = listRefs[index + 1]
      if (previous) dict.set('Prev', previous)
      if (next) dict.set('Next', next)
      const ref = listRefs[index] as PdfRef
      if (entry.children.length) {
        const childRefs = refs(entry.children)
        dict.set('First', childRefs[0] as PdfRef)
        dict.set('Last', childRefs.at(-1) as PdfRef)
        const below = writeLevel(entry.children, childRefs, ref)
        dict.set('Count', num(below))
        count += below
      }
      document.set(ref, dict)
      count++
    })
    return count
  }

  const topRefs = refs(entries)
  const total = writeLevel(entries, topRefs, rootRef)
  document.set(rootRef, new Map<string, PdfValue>([
    ['Type', name('Outlines')],
    ['First', topRefs[0] as PdfRef],
    ['Last', topRefs.at(-1) as PdfRef],
    ['Count', num(total)],
  ]))
  return rootRef
}
