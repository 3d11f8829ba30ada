/**
 * The script of a presented deck: reveal.js with speaker notes. Built by Vite as a classic script
 * (IIFE) so a deck also runs when opened from file://. `talkdeck dev` serves the same built file and
 * calls `refresh()` on every edit, which swaps in re-rendered slides without losing the current one.
 */
import Reveal from 'reveal.js'
import RevealNotes from 'reveal.js/plugin/notes'

type RevealApi = InstanceType<typeof Reveal>

const configElement = document.getElementById('talkdeck-config')
const config = configElement ? (JSON.parse(configElement.textContent ?? '{}') as Record<string, unknown>) : {}
// `?embedded`: a thumbnail in the deck index, a still picture of the title slide.
const embedded = new URLSearchParams(location.search).has('embedded')
const stillOptions = embedded ? { controls: false, progress: false, keyboard: false, hash: false, transition: 'none' } : {}
/** Each slide's markup as the page or the last update brought it (before reveal.js marks it up), to tell which slides an update changes. */
let servedSlides = Array.from(document.querySelectorAll('.reveal .slides > section'), (section) => section.outerHTML)
const deck: RevealApi = new Reveal({ ...config, ...stillOptions, plugins: [RevealNotes] })
const ready = deck.initialize()

declare global {
  interface Window {
    talkdeck: {
      reveal: RevealApi
      ready: Promise<unknown>
      replaceSlides(html: string): Promise<boolean>
      /** `talkdeck dev` calls it on every saved change, with the project file that changed. */
      refresh(change?: { file: string }): Promise<void>
      offerPdf(): void
      /** Live updates applied so far, and the project file the last one came from: tests wait on them. */
      updates: number
      lastChange: string | null
    }
  }
}

/**
 * Replaces slides and theme from a freshly rendered page, staying on the same slide: found by its
 * id, so a slide inserted before it does not move the speaker elsewhere. Only talkdeck's own
 * classes on <html> change; reveal.js keeps the ones it set (without them the slides vanish).
 */
async function replaceSlides(html: string): Promise<boolean> {
  const next = new DOMParser().parseFromString(html, 'text/html')
  const slides = document.querySelector('.reveal .slides')
  const nextSlides = next.querySelector('.reveal .slides')
  if (!slides || !nextSlides) return false
  const { h, v, f } = deck.getIndices()
  const currentId = deck.getCurrentSlide()?.id
  const nextSections = Array.from(nextSlides.querySelectorAll(':scope > section'))
  const nextMarkup = nextSections.map((section) => section.outerHTML)
  const sections = Array.from(slides.querySelectorAll(':scope > section'))
  if (sections.length === nextMarkup.length && servedSlides.length === nextMarkup.length && slides.children.length === nextSlides.children.length) {
    // Only the slides that changed are replaced: laying out all of a long deck again took most of a live update.
    nextSections.forEach((section, index) => {
      if (nextMarkup[index] !== servedSlides[index]) sections[index]?.replaceWith(document.importNode(section, true))
    })
  } else slides.innerHTML = nextSlides.innerHTML
  servedSlides = nextMarkup
  const theme = document.querySelector<HTMLLinkElement>('link[data-talkdeck-theme]')
  const nextTheme = next.querySelector<HTMLLinkElement>('link[data-talkdeck-theme]')
  if (theme && nextTheme && theme.href !== nextTheme.href) {
    // The new theme is loaded before the old one goes, so the slide never shows unthemed.
    const loaded = nextTheme.cloneNode() as HTMLLinkElement
    await new Promise((resolve) => {
      loaded.onload = loaded.onerror = resolve
      theme.after(loaded)
    })
    theme.remove()
  }
  const root = document.documentElement
  for (const name of Array.from(root.classList)) if (name.startsWith('td-')) root.classList.remove(name)
  for (const name of Array.from(next.documentElement.classList)) if (name.startsWith('td-')) root.classList.add(name)
  root.setAttribute('style', next.documentElement.getAttribute('style') ?? '')
  document.title = next.title
  deck.sync()
  const shown = Array.from(slides.querySelectorAll<HTMLElement>(':scope > section'))
  const index = currentId ? shown.findIndex((section) => section.id === currentId) : -1
  if (index >= 0) deck.slide(index, 0, f)
  else deck.slide(Math.min(h, shown.length - 1), v, f)
  await document.fonts.ready
  window.talkdeck.updates++
  return true
}

/**
 * `talkdeck dev` calls this on every saved change: the page is fetched again and its slides swapped
 * in. Broken input: the server's error page is shown instead, which reloads itself (back to this
 * slide, kept in the address) once the file is fixed.
 */
async function refresh(change?: { file: string }): Promise<void> {
  const response = await fetch(location.pathname, { headers: { accept: 'text/html' } })
  const html = await response.text()
  if (!response.ok || !(await replaceSlides(html))) location.reload()
  else if (change) window.talkdeck.lastChange = change.file
}

/** `talkdeck dev` only: D opens the deck's PDF, which the server prints as `talkdeck export` would write it. */
function offerPdf(): void {
  const deckId = location.pathname.split('/').filter(Boolean)[0]
  if (deckId && !embedded) deck.addKeyBinding({ keyCode: 68, key: 'D', description: 'Open the PDF of this deck' }, () => window.open(`/${deckId}.pdf`, '_blank'))
}

window.talkdeck = { reveal: deck, ready, replaceSlides, refresh, offerPdf, updates: 0, lastChange: null }
