/**
 * Rendering: resolved decks → reveal.js `<section>`s (createSlideRenderer) → a page
 * (renderDeckPage). Text from data is escaped or rendered as inline Markdown, never injected; code
 * is highlighted at build time; a project's own layouts win over the built-in ones; and strict
 * Handlebars turns a missing field into a TemplateError that says where.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import Handlebars from 'handlebars'
import { beforeAll, describe, expect, it } from 'vitest'
import { TemplateError } from '../src/errors.js'
import { findDecks } from '../src/deck/find-decks.js'
import type { ResolvedDeck } from '../src/deck/types.js'
import { renderInlineMarkdown } from '../src/render/markdown.js'
import { renderDeckPage } from '../src/render/pages.js'
import { FIXTURES, REPO, openTestWorkspace, loadDeckList, type TestWorkspace } from './helpers.js'

const RENDER_FIXTURE = path.join(FIXTURES, 'escaping-markdown')
const OVERRIDE_FIXTURE = path.join(FIXTURES, 'layout-override')
const STRUCTURAL = new Set(['title', 'agenda', 'section', 'closing', 'sources'])
const renderData = { target: 'reveal' as const, assetUrl: (file: string) => `asset:${path.basename(file)}` }
const ASSETS = { styles: ['assets/reveal.css', 'assets/talkdeck.css'], theme: 'assets/theme.css', scripts: ['assets/talkdeck.js'], head: '' }

async function loadDeck(root: string, id: string): Promise<{ workspace: TestWorkspace; deck: ResolvedDeck; file: string }> {
  const workspace = await openTestWorkspace(root)
  const ref = (await findDecks(workspace.project)).find((r) => r.id === id)
  if (!ref) throw new Error(`no deck ${id} in ${root}`)
  const [result] = await loadDeckList(workspace, [ref])
  const errors = result?.problems.filter((p) => p.severity === 'error') ?? []
  expect(errors).toEqual([])
  return { workspace, deck: result?.deck as ResolvedDeck, file: ref.file }
}

/** The text between a section's opening tag and its notes: what the audience sees. */
const visible = (section: string) => section.replace(/<aside class="notes">[\s\S]*?<\/aside>/, '')

describe('the shipped decks', () => {
  let workspace: TestWorkspace
  const rendered = new Map<string, { deck: ResolvedDeck; sections: string[] }>()
  beforeAll(async () => {
    workspace = await openTestWorkspace(REPO)
    const results = await loadDeckList(workspace, await findDecks(workspace.project))
    for (const result of results) {
      expect(result.problems.filter((p) => p.severity === 'error'), result.id).toEqual([])
      const deck = result.deck as ResolvedDeck
      rendered.set(deck.id, { deck, sections: workspace.renderer.render(deck, renderData) })
    }
  })

  it('renders one <section> per slide, with its id and layout', () => {
    expect([...rendered.keys()].sort()).toEqual(['briefing', 'conference', 'conference-es', 'lightning', 'lightning-de'])
    for (const { deck, sections } of rendered.values()) {
      expect(sections).toHaveLength(deck.slides.length)
      sections.forEach((section, index) => {
        const slide = deck.slides[index]!
        expect(section.startsWith(`<section id="${slide.id}" `), `${deck.id} slide ${slide.number}`).toBe(true)
        expect(section).toContain(`data-layout="${slide.layout}"`)
        expect(section.trimEnd().endsWith('</section>')).toBe(true)
        // One section per slide: no nested sections (reveal.js would make them vertical slides).
        expect(section.match(/<section[\s>]/g)).toHaveLength(1)
      })
    }
  })

  it('gives every content slide speaker notes in <aside class="notes">', () => {
    for (const { deck, sections } of rendered.values()) {
      const content = deck.slides.filter((s) => !STRUCTURAL.has(s.layout))
      expect(content.length, deck.id).toBeGreaterThan(0)
      for (const slide of content) {
        const section = sections[slide.number - 1]!
        expect(section, `${deck.id} slide ${slide.number} (${slide.layout})`).toContain('<aside class="notes">')
      }
      // Notes are rendered exactly where the slide has them.
      deck.slides.forEach((slide, i) => expect(sections[i]!.includes('<aside class="notes">'), `${deck.id} slide ${slide.number}`).toBe(!!slide.notes))
    }
  })

  it('highlights the Rust code of code slides at build time', () => {
    const { deck, sections } = rendered.get('conference')!
    const codeSlides = deck.slides.filter((s) => s.layout === 'code')
    expect(codeSlides.length).toBeGreaterThan(0)
    for (const slide of codeSlides) {
      const section = sections[slide.number - 1]!
      expect(slide.code?.lang).toBe('rust')
      expect(section).toContain('<pre class="td-code')
      expect(section).toContain('class="hljs language-rust"')
      expect(section).toMatch(/<span class="hljs-keyword">(fn|let|use|unsafe|pub|impl|struct|mut)<\/span>/)
    }
  })

  it('links the agenda entries to the section slides', () => {
    const { deck, sections } = rendered.get('conference')!
    const agenda = deck.slides.find((s) => s.layout === 'agenda')!
    const hrefs = [...sections[agenda.number - 1]!.matchAll(/href="([^"]+)"/g)].map((m) => m[1])
    expect(hrefs).toEqual(deck.sections.map((s) => `#/${s.id}`))
  })

  it('makes every source on a sources slide a link to its URL, numbered, with the address printed', () => {
    const { deck, sections } = rendered.get('briefing')!
    const html = deck.slides.filter((s) => s.layout === 'sources').map((s) => sections[s.number - 1]).join('\n')
    for (const source of deck.sources) {
      const href = Handlebars.escapeExpression(source.url)
      expect(html).toContain(`<li class="td-source" value="${source.number}"><span class="td-source-number">${source.number}</span><p class="td-source-text"><span class="td-source-title">${Handlebars.escapeExpression(source.title)}</span>`)
      expect(html).toContain(`<a class="td-source-address" href="${href}" target="_blank" rel="noopener">${Handlebars.escapeExpression(source.address)}</a>`)
    }
  })
})

describe('text from data is escaped or rendered as inline Markdown', () => {
  let deck: ResolvedDeck
  let sections: string[]
  let page: string
  beforeAll(async () => {
    const loaded = await loadDeck(RENDER_FIXTURE, 'render')
    deck = loaded.deck
    sections = loaded.workspace.renderer.render(deck, renderData)
    page = renderDeckPage(deck, sections, ASSETS)
  })
  const sectionOf = (id: string) => sections[deck.slides.findIndex((s) => s.id === id)]!

  it('shows raw HTML in a summary, a point, notes and titles as text', () => {
    const section = sectionOf('injected-summary')
    expect(section).toContain('Before &lt;script&gt;alert(1)&lt;/script&gt; after')
    expect(section).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(section).toContain('Title with &lt;i&gt;tags&lt;/i&gt;')
    expect(section).toContain('<aside class="notes"><p>Notes with &lt;script&gt;alert(3)&lt;/script&gt; and <strong>bold</strong> notes.</p>')
  })

  it('leaves no injected element anywhere in the page', () => {
    // The only scripts are reveal's config and the runtime.
    expect(page.match(/<script\b/gi)).toHaveLength(1 + ASSETS.scripts.length)
    expect(page).not.toMatch(/<script>alert/i)
    expect(page).not.toMatch(/<img[^>]*onerror/i)
    expect(page).not.toMatch(/<(i|b|u|em)>/)
    // The deck title, author and footer are escaped too.
    expect(page).toMatch(/<title>Render &lt;\/title&gt;&lt;script&gt;alert\(4\)&lt;\/script&gt; test<\/title>/)
    expect(page).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(5)&gt;')
    expect(page).toContain('A &lt;b&gt;bold&lt;/b&gt; author')
  })

  it('renders inline Markdown: bold, code and http(s) links opening in a new tab', () => {
    const section = sectionOf('injected-summary')
    expect(section).toContain('<strong>bold</strong>')
    expect(section).toContain('<code>some_code()</code>')
    expect(section).toContain('<a href="https://example.com/docs" target="_blank" rel="noopener">a link</a>')
    const own = sections[deck.slides.findIndex((s) => s.title?.startsWith('Own slide'))]!
    expect(own).toContain('<a href="https://example.net/" target="_blank" rel="noopener">a link</a>')
    expect(own).toContain('<code>code</code>')
    expect(own).toContain('<strong>strong</strong>')
    expect(own).toContain('&lt;u&gt;html&lt;/u&gt;')
  })

  // Loading refuses such links (test/hostile-input.test.ts); the renderer refuses them as well, for
  // a deck resolved some other way.
  it('does not render a javascript: link as a link', () => {
    const html = renderInlineMarkdown('[bad link](javascript:alert(1)) and [worse](JAVASCRIPT:alert(2))')
    expect(html).not.toMatch(/href\s*=\s*["']?\s*javascript:/i)
    expect(html).toContain('[bad link](javascript:alert(1))')
    expect(html).not.toMatch(/<a [^>]*>bad link<\/a>/)
    expect(html).not.toMatch(/<a [^>]*>worse<\/a>/)
  })

  it('highlights Rust at build time and escapes the code', () => {
    const section = sectionOf('rust-code')
    expect(section).toContain('class="hljs language-rust"')
    expect(section).toContain('<span class="hljs-keyword">fn</span>')
    expect(section).toContain('<span class="hljs-keyword">let</span>')
    expect(section).toMatch(/<span class="hljs-comment">\/\/ &lt;not a tag&gt;<\/span>/)
    expect(section).not.toContain('<not a tag>')
  })

  it('numbers citations on the slide as on the sources slide', () => {
    const section = sectionOf('rust-code')
    const source = deck.sources.find((s) => s.id === 'src-two')!
    expect(section).toContain(`href="https://example.org/two"`)
    expect(section).toContain(`[${source.number}]`)
    const sourcesSection = sections.at(-1)!
    expect(sourcesSection).toContain(`<li class="td-source" value="${source.number}"><span class="td-source-number">${source.number}</span><p class="td-source-text"><span class="td-source-title">`)
    expect(sourcesSection).toContain(`<a class="td-source-address" href="https://example.org/two"`)
    expect(sourcesSection).toContain('First &lt;b&gt;source&lt;/b&gt;')
  })

  it('writes the reveal config as JSON that cannot close its script element', () => {
    const config = /<script type="application\/json" id="talkdeck-config">([\s\S]*?)<\/script>/.exec(page)
    expect(config).not.toBeNull()
    expect(JSON.parse(config![1]!)).toMatchObject({ width: deck.size.width, height: deck.size.height, hash: true })
    expect(config![1]).not.toContain('<')
  })
})

describe('project templates and strict Handlebars', () => {
  it('uses a project layout instead of the built-in one, including its selection header', async () => {
    const { workspace, deck } = await loadDeck(OVERRIDE_FIXTURE, 'override')
    const layout = workspace.templates.layouts.get('bullets')
    expect(layout?.file).toBe(path.join(OVERRIDE_FIXTURE, 'templates', 'layouts', 'bullets.hbs'))
    expect(layout?.selection).toBe('all')
    // The built-in bullets layout is one slide per item; the override puts all three on one.
    expect(deck.slides.map((s) => s.layout)).toEqual(['title', 'bullets'])
    expect(deck.slides[1]?.items.map((i) => i.id)).toEqual(['first', 'second', 'third'])
    const sections = workspace.renderer.render(deck, renderData)
    expect(sections[1]).toContain('<div class="p2-override-bullets">')
    expect(sections[1]?.match(/<li class="p2-item">/g)).toHaveLength(3)
    expect(sections[1]).not.toContain('td-head')
    // Other layouts are still the built-in ones.
    expect(workspace.templates.layouts.get('title')?.file).toBe(path.join(REPO, 'templates', 'layouts', 'title.hbs'))
    expect(sections[0]).toContain('td-title-block')
  })

  it('does not let one project\'s override leak into another workspace', async () => {
    await loadDeck(OVERRIDE_FIXTURE, 'override')
    const repo = await openTestWorkspace(REPO)
    expect(repo.templates.layouts.get('bullets')?.file).toBe(path.join(REPO, 'templates', 'layouts', 'bullets.hbs'))
    expect(repo.templates.layouts.get('bullets')?.selection).toBe('each')
    expect(repo.templates.layouts.has('p2-missing')).toBe(false)
  })

  it('throws a TemplateError naming the layout file:line, the slide and the deck file:line for a missing field', async () => {
    const { workspace, deck, file } = await loadDeck(OVERRIDE_FIXTURE, 'missing-field')
    const layoutFile = path.join(OVERRIDE_FIXTURE, 'templates', 'layouts', 'p2-missing.hbs')
    const layoutLine = readFileSync(layoutFile, 'utf8').split('\n').findIndex((l) => l.includes('slide.nope')) + 1
    const deckText = readFileSync(file, 'utf8')
    const deckLine = deckText.split('\n').findIndex((l) => l.includes('layout: p2-missing')) + 1
    const slide = deck.slides.find((s) => s.layout === 'p2-missing')!
    // title (1) + one cards slide for three short items (2) → the broken slide is slide 3.
    expect(slide.number).toBe(3)
    let error: unknown
    try {
      workspace.renderer.render(deck, renderData)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(TemplateError)
    const message = (error as TemplateError).message
    expect((error as TemplateError).exitCode).toBe(3)
    expect(message).toContain(`${workspace.project.displayPath(layoutFile)}:${layoutLine}`)
    expect(message).toContain('"slide.nope"')
    expect(message).toContain('slide 3')
    expect(message).toContain('"Uses a field slides do not have"')
    expect(message).toContain(`${workspace.project.displayPath(file)}:${deckLine}`)
    expect(message).toContain('missing-field')
  })

  // BUG (src/render/render-slides.ts createSlideRenderer): Handlebars' strict mode does not apply
  // to helper arguments, so `{{md slide.nope}}` (or `{{#if slide.nope}}`, `{{#each slide.nope}}`)
  // silently renders nothing, contrary to the README ("a field the slide does not have is an
  // error …, never an empty string"). Almost every field in the layouts goes through `md`.
  it('throws a TemplateError for a missing field passed to a helper ({{md slide.nope}})', async () => {
    const { workspace, deck } = await loadDeck(OVERRIDE_FIXTURE, 'missing-in-helper')
    const layoutFile = path.join(OVERRIDE_FIXTURE, 'templates', 'layouts', 'p2-missing-in-helper.hbs')
    expect(() => workspace.renderer.render(deck, renderData)).toThrow(TemplateError)
    expect(() => workspace.renderer.render(deck, renderData)).toThrow(`${workspace.project.displayPath(layoutFile)}:3`)
  })

  it('renders the same deck twice to the same HTML (no state kept between renders)', async () => {
    const { workspace, deck } = await loadDeck(RENDER_FIXTURE, 'render')
    expect(workspace.renderer.render(deck, renderData)).toEqual(workspace.renderer.render(deck, renderData))
  })
})

describe('what the audience sees', () => {
  it('hides the notes from the slide body: notes text is only inside <aside class="notes">', async () => {
    const { workspace, deck } = await loadDeck(RENDER_FIXTURE, 'render')
    const sections = workspace.renderer.render(deck, renderData)
    const index = deck.slides.findIndex((s) => s.id === 'plain')
    expect(sections[index]).toContain('Plain notes.')
    expect(visible(sections[index]!)).not.toContain('Plain notes.')
  })
})
