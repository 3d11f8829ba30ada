/**
 * Pictures for PowerPoint. PNG, JPEG and GIF files go in as they are. Other formats are drawn to
 * PNG in the page: a picture given as data (an inline `<svg>`, a `data:` URL) at once; a file
 * (an SVG logo, a WebP) by `rasterizePicture` with its bytes, which Node reads, because a canvas
 * that drew a file:// picture may not be read back ("tainted").
 */
import type { Block } from '../../export/pptx/geometry.js'
import type { SlideCapture } from './capture.js'

/** Formats PowerPoint shows as they are. */
const NATIVE = /\.(png|jpe?g|gif)(\?.*)?$/i

export interface RasterizeRequest {
  /** The picture as a `data:` URL. */
  dataUrl: string
  /** The size the slide shows it at, CSS px: an SVG is drawn at twice that; another picture at its own size. */
  shown: { w: number; h: number }
  /** The longest side a raster picture keeps. */
  maxSide: number
}

async function loadImage(src: string): Promise<HTMLImageElement | undefined> {
  const image = new Image()
  image.src = src
  try {
    await image.decode()
  } catch {
    return undefined
  }
  return image.naturalWidth ? image : undefined
}

function drawToPng(image: HTMLImageElement, width: number, height: number): { png?: string; error?: string } {
  const surface = document.createElement('canvas')
  surface.width = Math.max(1, Math.round(width))
  surface.height = Math.max(1, Math.round(height))
  const context = surface.getContext('2d')
  if (!context) return { error: 'the browser has no canvas to draw it on' }
  context.drawImage(image, 0, 0, surface.width, surface.height)
  try {
    return { png: surface.toDataURL('image/png') }
  } catch {
    return { error: 'the browser would not give its pixels back (a picture from another origin)' }
  }
}

/** A picture given as data → a PNG `data:` URL, or why not. */
export async function rasterizePicture({ dataUrl, shown, maxSide }: RasterizeRequest): Promise<{ png?: string; error?: string }> {
  const image = await loadImage(dataUrl)
  if (!image) return { error: 'it is not a picture the browser can draw (a broken file, or a format it does not read)' }
  // Vector pictures are drawn at twice their layout size, so they stay sharp when projected.
  if (/^data:image\/svg/i.test(dataUrl)) return drawToPng(image, Math.max(shown.w * 2, 16), Math.max(shown.h * 2, 16))
  const scale = Math.min(1, maxSide / Math.max(image.naturalWidth, image.naturalHeight))
  return drawToPng(image, image.naturalWidth * scale, image.naturalHeight * scale)
}

/** An `<img>` as a picture block: its file, its alt text, and its PNG when it is data in another format. */
export async function capturePicture(role: 'image' | 'logo', image: HTMLImageElement, capture: SlideCapture, maxSide: number): Promise<void> {
  const rect = capture.rectOf(image)
  const src = image.getAttribute('src') ?? ''
  // A logo repeats on every slide and has no alt text in the deck's markup; PowerPoint asks for one.
  const alt = image.alt || (role === 'logo' ? 'Logo' : '')
  const picture: NonNullable<Block['image']> = { src, alt }
  if (!image.complete) await image.decode().catch(() => undefined)
  if (!image.naturalWidth) picture.error = 'the picture did not load'
  else if (!NATIVE.test(src) && image.currentSrc.startsWith('data:')) Object.assign(picture, await rasterizePicture({ dataUrl: image.currentSrc, shown: rect, maxSide }))
  capture.blocks.push({ role, rect, image: picture })
  capture.pictures.add(image)
  capture.taken.add(image)
}

/** An inline `<svg>` as a picture: its markup drawn to PNG at twice its size. */
export async function captureInlineSvg(svg: SVGSVGElement, capture: SlideCapture, maxSide: number): Promise<void> {
  const rect = capture.rectOf(svg)
  const markup = new XMLSerializer().serializeToString(svg)
  const dataUrl = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`
  // A diagram says what it shows on its figure (role="img"); a chart in the caption of its data table.
  const alt = svg.getAttribute('aria-label') ?? svg.querySelector(':scope > title')?.textContent ?? svg.closest('[aria-label]')?.getAttribute('aria-label') ?? svg.closest('figure')?.querySelector('caption')?.textContent ?? ''
  const converted = await rasterizePicture({ dataUrl, shown: rect, maxSide })
  capture.blocks.push({ role: 'image', rect, image: { src: 'inline SVG', alt, ...converted } })
  capture.pictures.add(svg)
  capture.taken.add(svg)
}
