/**
 * `render` remembering what it returned for the last texts it was given, up to `limit` of them
 * (then it starts over). For the pure and costly steps of rendering — Markdown, highlighting —
 * that the dev server repeats on every save for text that mostly did not change: for a 200-slide
 * deck they were a third of the render of a live update.
 */
export function memoize<A extends string[]>(render: (...texts: A) => string, limit = 10_000): (...texts: A) => string {
  const results = new Map<string, string>()
  return (...texts) => {
    const key = texts.join('\0')
    let result = results.get(key)
    if (result === undefined) {
      if (results.size >= limit) results.clear()
      result = render(...texts)
      results.set(key, result)
    }
    return result
  }
}
