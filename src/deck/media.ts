import path from 'node:path'
import type { Diagram, Video } from '../data/schema.js'
import type { SourceLocation } from '../errors.js'
import { isUrl } from '../urls.js'
import type { ResolvedDiagram } from './types.js'

/** A video's local files become absolute (relative to the dataset folder, or to the deck file on a slide); URLs stay. */
export function resolveVideo(video: Video | undefined, base: string): Video | null {
  if (!video) return null
  const local = (src: string) => (isUrl(src) ? src : path.resolve(base, src))
  return { ...video, src: local(video.src), poster: local(video.poster) }
}

/** A diagram with the place a syntax error of it is reported at: the slide's entry or the item. */
export function resolveDiagram(diagram: Diagram | undefined, location: SourceLocation): ResolvedDiagram | null {
  return diagram ? { mermaid: diagram.mermaid, alt: diagram.alt, location } : null
}

