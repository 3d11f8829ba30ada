import { outputFormats } from '../export/formats/registry.js'
import type { IndexDownload } from '../render/pages.js'

/** What the deck index links beside each deck: every format that writes one file, and the single-file build. */
export const indexDownloads = (): IndexDownload[] => [
  ...outputFormats().flatMap((format) => (format.indexLabel ? [{ suffix: format.fileName(''), label: format.indexLabel }] : [])),
  { suffix: '.html', label: { word: 'singleFile' } },
]
