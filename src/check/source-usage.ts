import type { Dataset } from '../data/load-dataset.js'
import type { ResolvedDeck } from '../deck/types.js'

export interface SourceUsage {
  id: string
  title: string
  url: string
  accessed: string | null
  /** Where the source is written: `file:line`. */
  location: string
  /** Items of the dataset that cite it. */
  items: string[]
  /** Decks and the slides on which the source is cited (the sources slides left out). */
  decks: { deck: string; slides: { number: number; title: string }[] }[]
}

/** For a reviewer: each source with the items and slides that cite it, in the dataset's order. */
export function describeSourceUsage(dataset: Dataset, decks: ResolvedDeck[]): SourceUsage[] {
  return [...dataset.sources.values()].map(({ source, location }) => ({
    id: source.id,
    title: source.title,
    url: source.url,
    accessed: source.accessed ?? null,
    location: `${location.file}:${location.line ?? 1}`,
    items: [...dataset.items.values()].filter(({ item }) => item.sources.includes(source.id)).map(({ item }) => item.id),
    decks: decks
      .filter((deck) => deck.dataset === dataset.name)
      .map((deck) => ({
        deck: deck.id,
        slides: deck.slides
          .filter((slide) => slide.role !== 'reference' && slide.sources.some((cited) => cited.id === source.id))
          .map((slide) => ({ number: slide.number, title: slide.title ?? slide.layout })),
      }))
      .filter((usage) => usage.slides.length > 0),
  }))
}
