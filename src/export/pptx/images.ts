/**
 * Pictures for PowerPoint. PNG, JPEG and GIF go in as they are; anything else (SVG, WebP, AVIF…)
 * was drawn to PNG by the browser while measuring. A picture that could not be had is left out
 * and named in a `pptx-image` warning.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ResolvedDeck, ResolvedSlide } from '../../deck/types.js'
import type { Problem } from '../../errors.js'
import type { Block } from './geometry.js'

const NATIVE = /\.(png|jpe?g|gif)$/i

export type PictureSource = { path: string } | { data: string }

export function pictureSource(image: NonNullable<Block['image']>, deck: ResolvedDeck, slide: ResolvedSlide | undefined, warnings: Problem[]): PictureSource | undefined {
  const warn = (why: string) => {
    warnings.push({
      severity: 'warning',
      code: 'pptx-image',
      deck: deck.id,
      file: slide?.origin.file ?? deck.file,
      ...(slide?.origin.line !== undefined ? { line: slide.origin.line } : {}),
      message: `slide ${slide?.number ?? '?'}: picture ${describe(image.src)} is not in the PPTX: ${why}`,
    })
    return undefined
  }
  if (image.png) return { data: image.png.replace(/^data:/, '') }
  if (image.error) return warn(image.error)
  if (image.src.startsWith('file:')) {
    const file = fileURLToPath(image.src)
    if (!NATIVE.test(file)) return warn('PowerPoint cannot show this format and it could not be converted to PNG')
    if (!existsSync(file)) return warn('the file does not exist')
    return { path: file }
  }
  if (/^data:image\/(png|jpeg|gif);base64,/i.test(image.src)) return { data: image.src.replace(/^data:/, '') }
  if (/^https?:/i.test(image.src)) return warn('remote pictures are not downloaded during export')
  return warn('unknown picture source')
}

function describe(src: string): string {
  if (src.startsWith('file:')) return path.basename(fileURLToPath(src))
  return src.length > 80 ? `${src.slice(0, 77)}...` : src
}
