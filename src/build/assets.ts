import { createHash } from 'node:crypto'
import path from 'node:path'
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
