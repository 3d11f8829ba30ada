/**
 * talkdeck's own templates are compiled when talkdeck is (`npm run compile`), and a run uses that
 * code instead of compiling them again: every built-in template has it, it renders exactly what
 * compiling the template now renders, and a template whose text differs is compiled as it reads.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Layout, Partial } from '../src/data/load-templates.js'
import { findDecks } from '../src/deck/find-decks.js'
import { sampleLayouts } from '../src/export/gallery.js'
import { precompiledTemplate } from '../src/render/precompiled-templates.js'
import { createSlideRenderer } from '../src/render/render-slides.js'
import { REPO, loadDeckList, openTestWorkspace } from './helpers.js'

const builtIn = readdirSync(path.join(REPO, 'templates'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.hbs'))

describe('templates compiled ahead', () => {
  it.each(builtIn)('%s is compiled ahead', (name) => {
    expect(precompiledTemplate(readFileSync(path.join(REPO, 'templates', name), 'utf8'))).toBeDefined()
  })

  it('a template edited since is not taken for the one compiled ahead', () => {
    const source = readFileSync(path.join(REPO, 'templates', 'layouts', 'bullets.hbs'), 'utf8')
    expect(precompiledTemplate(`${source}\n`)).toBeUndefined()
  })

  it('renders every layout, in the deck and in print, exactly as the template compiled now', async () => {
    const workspace = await openTestWorkspace(REPO)
    const conference = (await loadDeckList(workspace, await findDecks(workspace.project))).find((result) => result.id === 'conference')?.deck
    if (!conference) throw new Error('the conference deck did not resolve')
    const deck = sampleLayouts(conference)
    // A comment at the end changes a template's text, not what it renders: these are compiled now.
    const now = <T extends Layout | Partial>(templates: Map<string, T>) => new Map([...templates].map(([name, template]) => [name, { ...template, source: `${template.source}{{!-- compiled now --}}` }]))
    const ahead = createSlideRenderer(workspace.templates)
    const compiledNow = createSlideRenderer({ layouts: now(workspace.templates.layouts), partials: now(workspace.templates.partials) })
    for (const target of ['reveal', 'print'] as const) {
      const data = { target, assetUrl: (file: string) => `file://${file}` }
      const slides = ahead.render(deck, data)
      expect(slides.length).toBe(deck.slides.length)
      expect(slides).toEqual(compiledNow.render(deck, data))
    }
    expect(new Set(deck.slides.map((slide) => slide.layout))).toEqual(new Set(workspace.templates.layouts.keys()))
  })
})
