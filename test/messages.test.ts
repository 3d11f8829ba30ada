/**
 * Issue 31, point 5: talkdeck's own words follow the deck's language — from catalogs in
 * templates/messages/ that a project can override or extend — and so do dates, numbers, the
 * handout's page numbers, the PowerPoint's run languages and the speaking time.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadMessageCatalogs, MESSAGE_PLACEHOLDERS } from '../src/data/messages.js'
import { createProject } from '../src/data/project.js'
import { countSpoken, estimateTiming } from '../src/deck/timing.js'
import type { ResolvedDeck } from '../src/deck/types.js'
import type { Problem } from '../src/errors.js'
import { copyProject, FIXTURES, fixture, runCli, tempDir } from './helpers.js'
import { readPdf, squash } from './pdf-reader.js'
import { startDevServer } from '../src/vite/server.js'

const cleanups: (() => void)[] = []
afterAll(() => cleanups.splice(0).forEach((cleanup) => cleanup()))

/** A copy of the Spanish tea project, changed by `change`. */
function spanishProject(change: (dir: string) => void = () => undefined): string {
  const copy = copyProject(fixture('tea-in-spanish'))
  cleanups.push(copy.cleanup)
  change(copy.dir)
  return copy.dir
}

const write = (dir: string, file: string, text: string) => {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
  writeFileSync(path.join(dir, file), text)
}
const edit = (file: string, from: string, to: string) => {
  const text = readFileSync(file, 'utf8')
  if (!text.includes(from)) throw new Error(`fixture edit did not apply to ${file}`)
  writeFileSync(file, text.replace(from, to))
}

async function checkJson(dir: string): Promise<{ code: number; problems: Problem[] }> {
  const run = await runCli(['check', '--json', '--no-browser', '--root', dir])
  return { code: run.code, problems: (JSON.parse(run.stdout) as { problems: Problem[] }).problems }
}

describe("talkdeck's catalogs", () => {
  it('give every word in English, Spanish, German, French, Chinese and Arabic, each keeping its placeholders', async () => {
    const catalogs = (await loadMessageCatalogs(createProject(path.join(FIXTURES, 'plain-project')))).filter((catalog) => catalog.builtIn)
    expect(catalogs.map((catalog) => catalog.language).sort()).toEqual(['ar', 'de', 'en', 'es', 'fr', 'zh'])
    for (const catalog of catalogs) {
      expect(catalog.problems, catalog.display).toEqual([])
      expect(Object.keys(catalog.messages).sort(), catalog.display).toEqual(Object.keys(MESSAGE_PLACEHOLDERS).sort())
    }
  })
})

describe('a deck in Spanish', () => {
  const out = tempDir()
  cleanups.push(out.cleanup)
  let html: string
  beforeAll(async () => {
    const dir = spanishProject()
    const run = await runCli(['export', '--root', dir, '--out', out.dir, '--format', 'pdf,handout,pptx,md'])
    expect(run.code, run.stderr).toBe(0)
    const build = await runCli(['build', '--root', dir, '--out', path.join(out.dir, 'site')])
    expect(build.code, build.stderr).toBe(0)
    html = readFileSync(path.join(out.dir, 'site', 'te', 'index.html'), 'utf8')
  }, 240_000)

  it("shows talkdeck's words in Spanish on the slides: agenda, a kind's title, risk, mitigation, sources, dates", async () => {
    for (const words of ['>Índice<', '>Retos<', '>riesgo medio<', '>Mitigación:<', '<span class="td-cite-label">Fuentes</span>', '>may 2019<']) expect(html).toContain(words)
    for (const english of ['>Agenda<', '>Challenges<', 'medium risk', 'Mitigation:', '>Sources<', '>May 2019<']) expect(html).not.toContain(english)
    const pdf = await readPdf(path.join(out.dir, 'te.pdf'))
    const text = squash(pdf.pages.map((page) => page.text).join(' '))
    for (const words of ['Índice', 'Retos', 'riesgo medio', 'Mitigación:', 'Fuentes']) expect(text).toContain(squash(words))
    expect(pdf.catalog.lang).toBe('es')
  })

  it("numbers the handout's pages and slides in Spanish", async () => {
    const handout = await readPdf(path.join(out.dir, 'te.handout.pdf'))
    const first = squash(handout.pages[0]?.text ?? '')
    expect(first).toContain(squash('Diapositiva 1 de 8'))
    expect(first).toContain(squash('Página 1 de 8'))
    expect(first).not.toContain('Page')
  })

  it('marks every run of the PowerPoint as Spanish (es-ES), notes too, so PowerPoint spell-checks it in Spanish', async () => {
    const zip = await JSZip.loadAsync(readFileSync(path.join(out.dir, 'te.pptx')))
    const parts = Object.keys(zip.files).filter((name) => /^ppt\/(slides\/slide|notesSlides\/notesSlide)\d+\.xml$/.test(name))
    expect(parts.length).toBeGreaterThan(8)
    for (const part of parts) {
      const xml = (await zip.file(part)?.async('string')) ?? ''
      expect(xml, part).not.toContain('lang="en-US"')
    }
    expect(await zip.file('ppt/slides/slide5.xml')?.async('string')).toContain('lang="es-ES"')
  })

  it('marks the runs Spanish on a PowerPoint template too, the slide number the template brings included', async () => {
    const dir = spanishProject()
    const run = await runCli(['export', '--root', dir, '--out', path.join(out.dir, 'lights'), '--format', 'pptx', '--pptx-template', path.join(FIXTURES, 'pptx-templates', 'libreoffice-lights.potx')])
    expect(run.code, run.stderr).toBe(0)
    const zip = await JSZip.loadAsync(readFileSync(path.join(out.dir, 'lights', 'te.pptx')))
    const slide = (await zip.file('ppt/slides/slide2.xml')?.async('string')) ?? ''
    expect(slide).toContain('type="slidenum"')
    expect(slide).toContain('lang="es-ES"')
    expect(slide).not.toContain('lang="en-US"')
  }, 120_000)

  it('writes the outline in Spanish', () => {
    const outline = readFileSync(path.join(out.dir, 'te.md'), 'utf8')
    expect(outline).toContain('## 2. Índice')
    expect(outline).toContain('Notas: ')
    expect(outline).toContain('## Fuentes')
    expect(outline).not.toMatch(/^Notes: |^## Sources/m)
  })
})

describe("a project's own words", () => {
  it('override a word of a built-in language and keep the others', async () => {
    const dir = spanishProject((root) => write(root, 'templates/messages/es.yaml', '# Nuestra casa dice "Referencias".\nsources: Referencias\n'))
    const out = tempDir()
    cleanups.push(out.cleanup)
    const run = await runCli(['build', '--root', dir, '--out', out.dir])
    expect(run.code, run.stderr).toBe(0)
    const html = readFileSync(path.join(out.dir, 'te', 'index.html'), 'utf8')
    expect(html).toContain('<span class="td-cite-label">Referencias</span>')
    expect(html).toContain('>Índice<')
  }, 120_000)

  it('a mistake in a catalog is an error at its line: an unknown word, a word that lost its placeholder', async () => {
    const dir = spanishProject((root) => write(root, 'templates/messages/es.yaml', 'sources: Referencias\nfactsAsOf: Datos de hoy\nsurces: Referencias\n'))
    const { code, problems } = await checkJson(dir)
    expect(code).not.toBe(0)
    expect(problems.filter((problem) => problem.file === 'templates/messages/es.yaml').map((problem) => ({ line: problem.line, message: problem.message }))).toEqual([
      { line: 3, message: expect.stringMatching(/unknown field "surces" \(did you mean "sources"\?\)/) },
    ])
    const placeholder = spanishProject((root) => write(root, 'templates/messages/es.yaml', 'sources: Referencias\nfactsAsOf: Datos de hoy\n'))
    const second = await checkJson(placeholder)
    expect(second.problems.filter((problem) => problem.code === 'messages')).toMatchObject([{ severity: 'error', file: 'templates/messages/es.yaml', line: 2, message: expect.stringContaining('"factsAsOf" must keep {date}') }])
  })

  it('a deck in a language no catalog has is told so at its language, and shows English words', async () => {
    const dir = spanishProject((root) => edit(path.join(root, 'decks', 'te.yaml'), 'language: es', 'language: it'))
    const { problems } = await checkJson(dir)
    expect(problems.filter((problem) => problem.code === 'messages')).toMatchObject([{ severity: 'warning', file: 'decks/te.yaml', line: 5, message: expect.stringContaining('talkdeck has no words in Italian (it)') }])
    // A project's catalog adds the language: then nothing is said.
    write(dir, 'templates/messages/it.yaml', 'sources: Fonti\nagenda: Sommario\n')
    expect((await checkJson(dir)).problems.filter((problem) => problem.code === 'messages')).toEqual([])
  })
})

describe('numbers and speaking time follow the language', () => {
  it('a chart in a German deck groups thousands with a dot', async () => {
    const project = copyProject(path.join(FIXTURES, 'bike-counts'))
    const out = tempDir()
    cleanups.push(project.cleanup, out.cleanup)
    edit(path.join(project.dir, 'decks', 'charts.yaml'), 'theme: paper', 'theme: paper\nlanguage: de')
    const run = await runCli(['build', 'charts', '--root', project.dir, '--out', out.dir])
    expect(run.code, run.stderr).toBe(0)
    const html = readFileSync(path.join(out.dir, 'charts', 'index.html'), 'utf8')
    expect(html).toContain('>1.800<')
    expect(html).not.toContain('>1,800<')
    expect(html).toContain('>Quellen<')
  }, 120_000)

  it('Chinese is timed in characters: 240 a minute, Latin words among them counted as words', () => {
    expect(countSpoken('我们今天讲 Rust 内核', 'zh')).toBe(8)
    expect(countSpoken('我们今天讲 Rust 内核', 'en')).toBe(3)
    const notes = '内'.repeat(240)
    const deck = { language: 'zh', wordsPerMinute: 240, sections: [], slides: [{ role: 'content', notes }] } as unknown as ResolvedDeck
    expect(estimateTiming(deck).total).toBe(60)
  })
})

describe("dev's own pages in the decks' language", () => {
  it.each([
    ['tea-in-spanish', 'te', 'es', 'ltr', 'Presentaciones', 'Esquema (Markdown)', 'Esta presentación tiene errores'],
    ['tea-in-arabic', 'shay', 'ar', 'rtl', 'العروض التقديمية', 'المخطط (Markdown)', 'في هذا العرض أخطاء'],
  ])('%s: the deck list with its files, and the page of a deck with an error', async (name, id, language, direction, decks, outline, errors) => {
    const project = copyProject(fixture(name))
    cleanups.push(project.cleanup)
    const server = await startDevServer({ root: project.dir, port: 0, host: '127.0.0.1' })
    try {
      const index = await (await fetch(server.url)).text()
      expect(index).toContain(`<html lang="${language}" dir="${direction}">`)
      expect(index).toContain(`<h1>${decks}</h1>`)
      expect(index).toContain(`<a href="/${id}.md">${outline}</a>`)
      const deckFile = path.join(project.dir, 'decks', `${id}.yaml`)
      writeFileSync(deckFile, readFileSync(deckFile, 'utf8').replace(/^slides:/m, 'speaker: Someone\nslides:'))
      const page = await fetch(new URL(`/${id}/`, server.url))
      expect(page.status).toBe(500)
      const html = await page.text()
      expect(html).toContain(`<html lang="${language}" dir="${direction}">`)
      expect(html).toContain(errors)
      // The findings themselves are talkdeck's English diagnostics, marked so.
      expect(html).toMatch(/<pre id="talkdeck-errors" lang="en" dir="ltr"[^>]*>[^<]*speaker/)
    } finally {
      await server.close()
    }
  }, 60_000)
})

describe("the built decks' index and the Markdown outline in the decks' language", () => {
  it('a Spanish project: the index in Spanish, each deck with its lang, its facts in Spanish; the outline too', async () => {
    const project = copyProject(fixture('tea-in-spanish'))
    const out = tempDir()
    cleanups.push(project.cleanup, out.cleanup)
    const built = await runCli(['build', '--root', project.dir, '--out', out.dir])
    expect(built.code, built.stderr).toBe(0)
    const index = readFileSync(path.join(out.dir, 'index.html'), 'utf8')
    expect(index).toContain('<html lang="es" dir="ltr">')
    expect(index).toContain('<h1>Presentaciones</h1>')
    expect(index).toContain('<li class="deck" lang="es" dir="ltr">')
    expect(index).toMatch(/<p class="facts">\d+ diapositivas · \d+ min · tema: \w+<\/p>/)
    const exported = await runCli(['export', '--root', project.dir, '--out', out.dir, '--format', 'md'])
    expect(exported.code, exported.stderr).toBe(0)
    expect(readFileSync(path.join(out.dir, 'te.md'), 'utf8')).toMatch(/\d+ diapositivas, \d+ min/)
    // The index export rewrote links the outline in Spanish too.
    expect(readFileSync(path.join(out.dir, 'index.html'), 'utf8')).toContain('<a href="te.md">Esquema (Markdown)</a>')
  }, 120_000)
})
