export function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'slide'
  )
}

/**
 * `base`, or `base-2`, `base-3`… when taken. `next` remembers where each base's count stands, so a
 * deck of 10,000 slides with one title numbers them in linear time.
 */
export function uniqueId(base: string, used: Set<string>, next: Map<string, number>): string {
  let id = base
  let n = next.get(base) ?? 2
  while (used.has(id)) id = `${base}-${n++}`
  next.set(base, n)
  used.add(id)
  return id
}
