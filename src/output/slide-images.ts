/**
 * `export --format png` writes a deck's slides into the deck's folder as 001.png, 002.png, …; the
 * build, which replaces that folder whole, keeps them.
 */
export const slideImageName = (number: number): string => `${String(number).padStart(3, '0')}.png`

export const SLIDE_IMAGE = /^\d{3,}\.png$/
