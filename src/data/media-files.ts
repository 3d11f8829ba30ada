import type { Video } from './schema.js'
import { isUrl } from '../urls.js'

/** A local file a slide or an item shows (a picture, a video and its poster), where it is written and what it is. */
export interface MediaFile {
  at: ReadonlyArray<string | number>
  what: string
  src: string
}

/**
 * The project files of `fields` and of its two-columns blocks: each must be a file of the project
 * (or of an --allow-path folder), as an image is, so a video cannot read past the project either.
 */
export function mediaFilesOf(fields: { image?: { src: string }; video?: Video; left?: MediaFields; right?: MediaFields }): MediaFile[] {
  const own = (block: MediaFields | undefined, at: string[]): MediaFile[] => [
    ...(block?.image ? [{ at: [...at, 'image', 'src'], what: 'image file', src: block.image.src }] : []),
    ...(block?.video ? [{ at: [...at, 'video', 'src'], what: 'video file', src: block.video.src }, { at: [...at, 'video', 'poster'], what: 'poster file', src: block.video.poster }] : []),
  ]
  return [...own(fields, []), ...own(fields.left, ['left']), ...own(fields.right, ['right'])].filter((file) => !isUrl(file.src))
}

type MediaFields = { image?: { src: string }; video?: Video }
