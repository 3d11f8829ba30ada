import type { ResolvedDeck } from '../deck/types.js'
import { escapeHtml } from './markdown.js'

/**
 * The page that lists built decks. Each card shows the deck's real title slide: an iframe of the
 * built deck scaled down, so the thumbnail is never out of date and needs no screenshot step.
 */
export function renderIndexPage(decks: ResolvedDeck[], files: Set<string> = new Set()): string {
  const cards = decks
    .map((deck) => {
      const href = `${encodeURIComponent(deck.id)}/index.html`
      const facts = [
        `${deck.slides.length} slides`,
        deck.duration ? `${deck.duration} min` : '',
        deck.audience ?? '',
        `theme: ${deck.theme.name}`,
      ].filter(Boolean)
      return `<li class="deck">
  <a class="thumb" href="${href}" aria-hidden="true" tabindex="-1"><iframe src="${href}?embedded#/0" title="" loading="lazy" scrolling="no" tabindex="-1"></iframe></a>
  <h2><a href="${href}">${escapeHtml(deck.title)}</a></h2>
  ${deck.subtitle ? `<p class="subtitle">${escapeHtml(deck.subtitle)}</p>` : ''}
  <p class="facts">${facts.map(escapeHtml).join(' · ')}</p>
  ${downloads(deck.id, files)}
</li>`
    })
    .join('\n')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="talkdeck">
<title>Decks</title>
<style>
  body { margin: 0; font: 16px/1.5 system-ui, sans-serif; background: #f4f6f9; color: #1f2937; }
  main { max-width: 1180px; margin: 0 auto; padding: 40px 24px; }
  h1 { font-size: 28px; margin: 0 0 24px; }
  ul { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 28px; }
  .deck { background: #fff; border-radius: 12px; box-shadow: 0 1px 3px rgb(0 0 0 / 0.12); overflow: hidden; }
  .thumb { display: block; position: relative; aspect-ratio: 16 / 9; overflow: hidden; background: #dde3ea; }
  .thumb iframe { position: absolute; top: 0; left: 0; width: 1280px; height: 720px; border: 0; transform: scale(var(--thumb-scale, 0.28)); transform-origin: 0 0; pointer-events: none; }
  h2 { font-size: 19px; margin: 16px 18px 4px; }
  h2 a { color: inherit; text-decoration: none; }
  h2 a:hover { text-decoration: underline; }
  .subtitle { margin: 0 18px; color: #4b5563; }
  .facts { margin: 8px 18px 18px; color: #4b5563; font-size: 14px; }
  .downloads { margin: -8px 18px 18px; font-size: 14px; display: flex; gap: 14px; }
</style>
</head>
<body>
<main>
<h1>Decks</h1>
<ul>
${cards}
</ul>
</main>
<script>
  // Fit each 1280×720 thumbnail to its card, whatever the card's width.
  const fit = () => document.querySelectorAll('.thumb').forEach((thumb) => thumb.style.setProperty('--thumb-scale', String(thumb.clientWidth / 1280)))
  addEventListener('resize', fit)
  fit()
</script>
</body>
</html>
`
}

/** Links to the deck's PDFs when `talkdeck export` has written them beside the decks. */
function downloads(deckId: string, files: Set<string>): string {
  const links = [
    [`${deckId}.pdf`, 'PDF'],
    [`${deckId}.handout.pdf`, 'Handout (PDF)'],
  ]
    .filter(([file]) => files.has(file ?? ''))
    .map(([file, label]) => `<a href="${encodeURIComponent(file ?? '')}">${label}</a>`)
  return links.length ? `<p class="downloads">${links.join('')}</p>` : ''
}
