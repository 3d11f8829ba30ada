/**
 * Whether a reference in data, a deck or a theme is a URL (`https:`, `data:`, `file:`) rather than
 * a file path. A scheme has two letters or more, so a Windows drive (`C:\`) stays a path.
 */
export function isUrl(reference: string): boolean {
  return /^[a-z][a-z0-9+.-]+:/i.test(reference)
}

/** A URL that would make the browser reach the network. */
export function isRemoteUrl(reference: string): boolean {
  return isUrl(reference) && !/^(file|data|blob):/i.test(reference)
}
