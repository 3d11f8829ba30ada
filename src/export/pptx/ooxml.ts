/**
 * Small helpers to read and edit the XML parts of a PPTX package (JSZip + @xmldom/xmldom).
 * pptxgenjs writes the package; these edit what it cannot express and read templates.
 */
import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom'
import type JSZip from 'jszip'

export const NS = {
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  p: 'http://schemas.openxmlformats.org/presentationml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  rel: 'http://schemas.openxmlformats.org/package/2006/relationships',
  ct: 'http://schemas.openxmlformats.org/package/2006/content-types',
} as const

export const REL_TYPES = {
  slide: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide',
  slideLayout: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideLayout',
  slideMaster: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideMaster',
  notesSlide: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesSlide',
  notesMaster: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesMaster',
  theme: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme',
} as const

export function parseXml(text: string): Document {
  return new DOMParser().parseFromString(text, 'text/xml')
}

export function serializeXml(document: Document): string {
  const text = new XMLSerializer().serializeToString(document)
  return text.startsWith('<?xml') ? text : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${text}`
}

export async function readXml(zip: JSZip, name: string): Promise<Document | undefined> {
  const file = zip.file(name)
  return file ? parseXml(await file.async('string')) : undefined
}

export function writeXml(zip: JSZip, name: string, document: Document): void {
  zip.file(name, serializeXml(document))
}

/** Element children of `parent` with a namespace and local name. */
export function children(parent: Element | Document, ns: string, localName: string): Element[] {
  const found: Element[] = []
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).namespaceURI === ns && (node as Element).localName === localName) found.push(node as Element)
  }
  return found
}

export function child(parent: Element | Document, ns: string, localName: string): Element | undefined {
  return children(parent, ns, localName)[0]
}

export function descendants(parent: Element | Document, ns: string, localName: string): Element[] {
  return Array.from(parent.getElementsByTagNameNS(ns, localName))
}

export function firstElementChild(parent: Element): Element | undefined {
  for (let node = parent.firstChild; node; node = node.nextSibling) if (node.nodeType === 1) return node as Element
  return undefined
}

/** Relationships of a part, by id. */
export async function readRelationships(zip: JSZip, relsName: string): Promise<{ id: string; type: string; target: string; external: boolean }[]> {
  const document = await readXml(zip, relsName)
  if (!document) return []
  return descendants(document, NS.rel, 'Relationship').map((element) => ({
    id: element.getAttribute('Id') ?? '',
    type: element.getAttribute('Type') ?? '',
    target: element.getAttribute('Target') ?? '',
    external: element.getAttribute('TargetMode') === 'External',
  }))
}

/** `ppt/slides/slide1.xml` → `ppt/slides/_rels/slide1.xml.rels`. */
export function relsPath(part: string): string {
  const slash = part.lastIndexOf('/')
  return `${part.slice(0, slash)}/_rels/${part.slice(slash + 1)}.rels`
}

/** Resolves a relationship target against the folder of the part that holds it. */
export function resolveTarget(part: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1)
  const segments = part.split('/').slice(0, -1)
  for (const segment of target.split('/')) {
    if (segment === '..') segments.pop()
    else if (segment !== '.') segments.push(segment)
  }
  return segments.join('/')
}

/** Parts in `folder` named `<stem>N.xml`, in N order. */
export function numberedParts(zip: JSZip, folder: string, stem: string): string[] {
  const pattern = new RegExp(`^${folder}/${stem}(\\d+)\\.xml$`)
  return Object.keys(zip.files)
    .map((name) => ({ name, match: pattern.exec(name) }))
    .filter((entry) => entry.match)
    .sort((a, b) => Number(a.match?.[1]) - Number(b.match?.[1]))
    .map((entry) => entry.name)
}
