/**
 * Reads the print page, laid out by Chromium at the deck's size, into `DeckGeometry` with the page
 * script `measurePptx` (src/page-scripts/pptx): where each slide's title, text, cards, timeline,
 * code, pictures and branding are, with their computed fonts, sizes and colours, and what it
 * shows that no block holds.
 *
 * This is the only file of the PPTX writer that needs a browser: it takes a page of the browser
 * layer with the print page open and its fonts loaded (see `openPrintPage`).
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { runPageScript, type ScriptRunner } from '../../browser/page-scripts.js'
import type { DeckGeometry, Rect } from './geometry.js'

/** Colour properties of the theme read from `:root` (see templates/styles/layouts.css). */
const THEME_COLORS = [
  'bg', 'fg', 'heading', 'muted', 'accent', 'accent-text', 'accent-contrast', 'link', 'surface', 'border',
  'badge-bg', 'badge-fg', 'code-bg', 'code-fg', 'code-border', 'code-keyword', 'code-string', 'code-comment',
  'code-number', 'code-function', 'code-type', 'code-meta', 'inline-code-bg',
]

/** Images wider or taller than this are scaled down when the browser converts them to PNG. */
const MAX_CONVERTED_SIDE = 2400

/** Formats PowerPoint shows as they are; the others are converted to PNG. */
const NATIVE = /\.(png|jpe?g|gif)$/i

const MEDIA_TYPES: Record<string, string> = {
  svg: 'image/svg+xml', webp: 'image/webp', avif: 'image/avif', bmp: 'image/bmp', ico: 'image/x-icon', apng: 'image/apng',
}

type Converted = { png?: string; error?: string }

export async function measureSlides(page: ScriptRunner): Promise<DeckGeometry> {
  const geometry = await runPageScript(page, 'measurePptx', { themeColors: THEME_COLORS, maxSide: MAX_CONVERTED_SIDE })
  await convertFilePictures(page, geometry)
  return geometry
}

/**
 * Pictures in files PowerPoint cannot show (an SVG logo, a WebP photo): Node reads the file and
 * the page draws its bytes to PNG, since a canvas that drew a file:// picture may not be read back
 * ("tainted"). Only pictures the page showed are read: the page's file guard let them through.
 * Each file at each size once: a logo is on every slide.
 */
async function convertFilePictures(page: ScriptRunner, geometry: DeckGeometry): Promise<void> {
  const converted = new Map<string, Promise<Converted>>()
  for (const block of geometry.slides.flatMap((slide) => slide.blocks)) {
    const { image } = block
    if (!image || image.png || image.error || !image.src.startsWith('file:')) continue
    const file = fileURLToPath(image.src)
    if (NATIVE.test(file)) continue
    const key = `${file}\n${block.rect.w}×${block.rect.h}`
    let conversion = converted.get(key)
    if (!conversion) {
      conversion = convertFile(page, file, block.rect)
      converted.set(key, conversion)
    }
    Object.assign(image, await conversion)
  }
}

async function convertFile(page: ScriptRunner, file: string, shown: Rect): Promise<Converted> {
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (error) {
    return { error: `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` }
  }
  const type = MEDIA_TYPES[path.extname(file).slice(1).toLowerCase()] ?? 'application/octet-stream'
  return runPageScript(page, 'rasterizePicture', { dataUrl: `data:${type};base64,${bytes.toString('base64')}`, shown: { w: shown.w, h: shown.h }, maxSide: MAX_CONVERTED_SIDE })
}
