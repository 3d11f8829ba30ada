import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { OutputError } from '../errors.js'
import { describeFileError } from '../output/write-atomic.js'
import { isUrl } from '../urls.js'

/** Files a page refers to by URL, collected while rendering and copied next to the page. */
export interface AssetCollector {
  assetUrl(absolutePath: string): string
  /** File name in the asset folder → the file it copies. */
  files: Map<string, string>
}

export function createAssetCollector(prefix: string): AssetCollector {
  const files = new Map<string, string>()
  return {
    files,
    assetUrl(absolutePath) {
      if (isUrl(absolutePath)) return absolutePath
      // Named by a hash of the path: two images called logo.png in different folders both survive.
      const hash = createHash('sha1').update(absolutePath).digest('hex').slice(0, 8)
      const name = `${hash}-${path.basename(absolutePath)}`
      files.set(name, absolutePath)
      return `${prefix}${name}`
    },
  }
}

const MEDIA_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.ogv': 'video/ogg',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
}

/** A file as a data: URL, for a page that must load nothing else; URLs stay as they are. */
export function dataUrl(file: string): string {
  if (isUrl(file)) return file
  let bytes: Buffer
  try {
    bytes = readFileSync(file)
  } catch (error) {
    throw new OutputError(`could not read ${file}: ${describeFileError(error)}`, { cause: error })
  }
  return `data:${MEDIA_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream'};base64,${bytes.toString('base64')}`
}
