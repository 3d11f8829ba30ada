import type { ResolvedDeck } from '../deck/types.js'
import { documentInfo } from './metadata.js'
import { type OutlineEntry, writeOutline } from './outline.js'
import { objectValue, parsePdf, renumberText } from './pdf-read.js'
import { type PdfDict, type PdfObject, type PdfValue, PdfName, PdfRef, PdfString, PdfSyntaxError, PdfToken, isDict, name, num, numberOf } from './pdf-syntax.js'
import { PdfBuilder, writePdf } from './pdf-write.js'

/**
 * One PDF from the PDFs Chromium printed of consecutive parts of a deck, in order, as if the whole
 * deck had been printed at once: the pages one after another, every link (internal ones through
 * the named destinations of all parts), one tagged structure (the parts' elements under one
 * Document element, their marked-content keys renumbered), then talkdeck's own document
 * information and outline, written compact (object streams). Fonts stay per part: each part
 * embeds the glyphs it uses.
 */
export async function assemblePdf(parts: Uint8Array[], deck: ResolvedDeck, outline: OutlineEntry[], now = new Date()): Promise<{ bytes: Uint8Array; pages: number }> {
  const out = new PdfBuilder()
  const catalogRef = out.reserve()
  const infoRef = out.add(documentInfo(deck, now))
  const pagesRef = out.reserve()
  const structRootRef = out.reserve()
  const parentTreeRef = out.reserve()

  const pageRefs: PdfRef[] = []
  const partRoots: PdfRef[] = []
  const parentTree: PdfValue[] = []
  const dests: PdfDict = new Map()
  const roleMap: PdfDict = new Map()
  let firstCatalog: PdfDict | undefined
  /** The one Document element every part's content goes under, and what goes under it. */
  let document: { ref: PdfRef; dict: PdfDict } | undefined
  const documentKids: PdfValue[] = []
  /** Top-level structure elements that are not a Document (kept side by side under the root). */
  const otherTops: PdfValue[] = []
  let keyOffset = 0

  for (const bytes of parts) {
    const { objects, trailer } = parsePdf(bytes)
    const parsed = new Map<number, PdfValue | undefined>()
    const get = (value: PdfValue | undefined): PdfValue | undefined => {
      if (!(value instanceof PdfRef)) return value
      if (!parsed.has(value.num)) parsed.set(value.num, objectValue(objects.get(value.num)))
      return parsed.get(value.num)
    }
    const dictAt = (value: PdfValue | undefined, what: string): PdfDict => {
      const found = get(value)
      if (!isDict(found)) throw new PdfSyntaxError(`printed PDF has no ${what}`)
      return found
    }
    const catalog = dictAt(trailer.get('Root'), 'catalog')
    firstCatalog ??= catalog
    const structRoot = get(catalog.get('StructTreeRoot'))

    // Objects of the part that are replaced by the whole document's own.
    const skipped = new Set<number>()
    const skip = (value: PdfValue | undefined) => value instanceof PdfRef && skipped.add(value.num)
    skip(trailer.get('Root'))
    skip(trailer.get('Info'))
    skip(catalog.get('StructTreeRoot'))
    skip(catalog.get('Dests'))
    const treeNodes = (value: PdfValue | undefined): void => {
      skip(value)
      const node = get(value)
      if (isDict(node)) for (const kid of asArray(node.get('Kids'))) treeNodes(kid)
    }
    if (isDict(structRoot)) {
      treeNodes(structRoot.get('ParentTree'))
      treeNodes(structRoot.get('IDTree'))
      skip(structRoot.get('RoleMap'))
    }
    const names = get(catalog.get('Names'))
    if (isDict(names)) {
      skip(catalog.get('Names'))
      treeNodes(names.get('Dests'))
    }

    // The part's Document element is merged into the first part's; its children move over.
    const tops = isDict(structRoot) ? asArray(structRoot.get('K')) : []
    const partDocuments = tops.filter((top): top is PdfRef => {
      const element = get(top)
      const role = isDict(element) ? element.get('S') : undefined
      return top instanceof PdfRef && role instanceof PdfName && role.name === 'Document'
    })
    if (document) for (const ref of partDocuments) skipped.add(ref.num)

    const renumbered = new Map<number, number>()
    let next = out.objects.length + 1
    for (const number of objects.keys()) if (!skipped.has(number)) renumbered.set(number, next++)
    if (isDict(structRoot)) renumbered.set((catalog.get('StructTreeRoot') as PdfRef).num, structRootRef.num)
    // Elements whose parent was this part's Document now have the first part's.
    if (document) for (const ref of partDocuments) renumbered.set(ref.num, document.ref.num)
    const renumber = (number: number) => {
      const target = renumbered.get(number)
      if (target === undefined) throw new PdfSyntaxError(`printed PDF refers to object ${number}, which it does not have`)
      return target
    }
    const remap = (value: PdfValue): PdfValue => {
      if (value instanceof PdfRef) return new PdfRef(renumber(value.num))
      if (Array.isArray(value)) return value.map(remap)
      if (value instanceof Map) {
        const copy: PdfDict = new Map()
        for (const [key, item] of value) copy.set(key, remap(item))
        return copy
      }
      return value
    }
    // Pages and annotations name their entry in the parent tree; the parts' keys follow each other.
    const offsetKeys = (dict: PdfDict) => {
      for (const key of ['StructParents', 'StructParent']) {
        const own = numberOf(dict.get(key))
        if (own !== undefined) dict.set(key, num(own + keyOffset))
      }
      return dict
    }
    for (const [number, object] of objects) {
      if (skipped.has(number)) continue
      let copied: PdfObject
      if ('raw' in object) {
        const raw = renumberText(object.raw, renumber)
        copied = { raw: keyOffset ? raw.replace(STRUCT_PARENT, (_, key: string, own: string) => `/${key} ${Number(own) + keyOffset}`) : raw }
      } else {
        const value = remap(object.value)
        copied = { value: isDict(value) ? offsetKeys(value) : value }
      }
      if (object.stream) copied.stream = object.stream
      out.objects.push(copied)
    }
    /** A copied object, parsed, to be changed. */
    const editable = (ref: PdfRef): PdfDict => {
      const object = out.objects[ref.num - 1] as PdfObject
      const value = objectValue(object)
      if (!isDict(value)) throw new PdfSyntaxError(`object ${ref.num} is not a dictionary`)
      out.objects[ref.num - 1] = object.stream ? { value, stream: object.stream } : { value }
      return value
    }

    for (const ref of partDocuments) {
      const element = get(ref) as PdfDict
      const kids = kidsOf(element).map(remap)
      if (!document) {
        const newRef = new PdfRef(renumber(ref.num))
        document = { ref: newRef, dict: editable(newRef) }
      }
      documentKids.push(...kids)
    }
    for (const top of tops) if (!partDocuments.includes(top as PdfRef)) otherTops.push(remap(top))

    // The part's pages, in order, under the document's page tree.
    const partRoot = catalog.get('Pages')
    if (!(partRoot instanceof PdfRef)) throw new PdfSyntaxError('printed PDF has no page tree')
    for (const page of pagesUnder(partRoot, dictAt)) pageRefs.push(remap(page) as PdfRef)
    const newRoot = remap(partRoot) as PdfRef
    editable(newRoot).set('Parent', pagesRef)
    partRoots.push(newRoot)

    if (isDict(structRoot)) {
      const entries = treeEntries(structRoot.get('ParentTree'), 'Nums', get)
      let largest = -1
      for (let i = 0; i + 1 < entries.length; i += 2) {
        const key = numberOf(entries[i]) ?? 0
        largest = Math.max(largest, key)
        parentTree.push(num(key + keyOffset), remap(entries[i + 1] as PdfValue))
      }
      keyOffset += Math.max(numberOf(structRoot.get('ParentTreeNextKey')) ?? 0, largest + 1)
      const roles = get(structRoot.get('RoleMap'))
      if (isDict(roles)) for (const [key, value] of roles) if (!roleMap.has(key)) roleMap.set(key, value)
    }
    const ownDests = get(catalog.get('Dests'))
    if (isDict(ownDests)) for (const [key, value] of ownDests) dests.set(key, remap(value))
    if (isDict(names)) {
      const entries = treeEntries(names.get('Dests'), 'Names', get)
      for (let i = 0; i + 1 < entries.length; i += 2) {
        const key = entries[i]
        // Named destinations by string become names of the /Dests dictionary.
        if (key instanceof PdfString && key.raw.startsWith('(')) dests.set(key.raw.slice(1, -1).replace(/[^\w.-]/g, (c) => `#${c.charCodeAt(0).toString(16).padStart(2, '0')}`), remap(entries[i + 1] as PdfValue))
      }
    }
  }

  out.set(pagesRef, new Map<string, PdfValue>([['Type', name('Pages')], ['Kids', partRoots], ['Count', num(pageRefs.length)]]))
  if (document) document.dict.set('K', documentKids)
  const structKids = [...(document ? [document.ref] : []), ...otherTops]
  out.set(parentTreeRef, new Map<string, PdfValue>([['Nums', parentTree]]))
  const structRoot = new Map<string, PdfValue>([
    ['Type', name('StructTreeRoot')],
    ['K', structKids.length === 1 ? (structKids[0] as PdfValue) : structKids],
    ['ParentTree', parentTreeRef],
    ['ParentTreeNextKey', num(keyOffset)],
  ])
  if (roleMap.size) structRoot.set('RoleMap', roleMap)
  out.set(structRootRef, structRoot)

  const catalog = new Map<string, PdfValue>([['Type', name('Catalog')], ['Pages', pagesRef]])
  const markInfo = firstCatalog?.get('MarkInfo')
  if (isDict(markInfo)) catalog.set('MarkInfo', markInfo)
  if (structKids.length) catalog.set('StructTreeRoot', structRootRef)
  if (dests.size) catalog.set('Dests', out.add(dests))
  completeCatalog(out, catalogRef, catalog, deck, pageRefs, outline)
  return { bytes: await writePdf(out.objects, { root: catalogRef, info: infoRef }), pages: pageRefs.length }
}

/** The catalog with what talkdeck adds to every PDF: the title shown, the deck's language, the outline. */
function completeCatalog(out: PdfBuilder, catalogRef: PdfRef, catalog: PdfDict, deck: ResolvedDeck, pageRefs: PdfRef[], outline: OutlineEntry[]): void {
  catalog.set('ViewerPreferences', new Map<string, PdfValue>([['Type', name('ViewerPreferences')], ['DisplayDocTitle', new PdfToken('true')]]))
  catalog.set('Lang', PdfString.fromText(deck.language))
  const outlineRef = writeOutline(out, pageRefs, outline)
  if (outlineRef) {
    catalog.set('Outlines', outlineRef)
    catalog.set('PageMode', name('UseOutlines'))
  }
  out.set(catalogRef, catalog)
}

/** The pages of the page tree at `root`, in order. */
function pagesUnder(root: PdfRef, dictAt: (value: PdfValue | undefined, what: string) => PdfDict): PdfRef[] {
  const pages: PdfRef[] = []
  const walk = (ref: PdfRef) => {
    const node = dictAt(ref, 'page')
    const type = node.get('Type')
    if (type instanceof PdfName && type.name === 'Pages') for (const kid of asArray(node.get('Kids'))) walk(kid as PdfRef)
    else pages.push(ref)
  }
  walk(root)
  return pages
}

const STRUCT_PARENT = /\/(StructParents?) (\d+)/g

const asArray = (value: PdfValue | undefined): PdfValue[] => (value === undefined ? [] : Array.isArray(value) ? value : [value])

/**
 * A structure element's children as a list that can move to another parent: a bare marked-content
 * number means "on my page", so it becomes a marked-content reference naming that page.
 */
function kidsOf(element: PdfDict): PdfValue[] {
  const page = element.get('Pg')
  return asArray(element.get('K')).map((kid) =>
    numberOf(kid) !== undefined && page ? new Map<string, PdfValue>([['Type', name('MCR')], ['Pg', page], ['MCID', kid]]) : kid,
  )
}

/** The flat key/value list of a number tree (`Nums`) or name tree (`Names`), through its kids. */
function treeEntries(root: PdfValue | undefined, key: 'Nums' | 'Names', get: (value: PdfValue | undefined) => PdfValue | undefined): PdfValue[] {
  const node = get(root)
  if (!isDict(node)) return []
  return [...asArray(get(node.get(key))), ...asArray(node.get('Kids')).flatMap((kid) => treeEntries(kid, key, get))]
}
