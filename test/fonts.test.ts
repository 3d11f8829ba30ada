import { appendFileSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXIT_CODES } from '../src/errors.js'
import { copyProject, runCli, tempDir, fixture } from './helpers.js'
import { readPdf, type ReadPdf } from './pdf-reader.js'

/** Every font the PDF embeds, by base name ("Inter-Regular") or "Type3" for drawn glyphs. */
async function embeddedFonts(file: string): Promise<string[]> {
  const document = await PDFDocument.load(readFileSync(file))
  const names: string[] = []
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('Font')) continue
    const subtype = object.get(PDFName.of('Subtype'))
    const base = object.get(PDFName.of('BaseFont'))
    names.push(subtype === PDFName.of('Type3') ? 'Type3' : String(base).replace(/^\/([A-Z]{6}\+)?/, ''))
  }
  return names
}

describe('non-Latin text and emoji in the PDF (bundled fallback fonts)', () => {
  const out = tempDir()
  let pdf: ReadPdf
  let fonts: string[]
  beforeAll(async () => {
    const run = await runCli(['export', '--root', fixture('international-text'), '--out', out.dir])
    expect(run.stderr).not.toMatch(/error/)
    const file = path.join(out.dir, 'tea-talk.pdf')
    pdf = await readPdf(file)
    fonts = await embeddedFonts(file)
  })
  afterAll(() => out.cleanup())

  it('keeps CJK, Cyrillic, Greek and Devanagari text as selectable text', () => {
    const text = pdf.pages.at(-1)?.text ?? ''
    for (const word of ['茶', '抹茶', 'чай', 'τσάι', 'चाय']) expect(text).toContain(word)
  })

  it('draws them with the bundled fonts, not with missing-glyph boxes', () => {
    expect(fonts.some((name) => name.startsWith('NotoSansSC'))).toBe(true)
    // Arabic too: not with whatever font the machine has (DejaVu Sans here).
    expect(fonts.some((name) => name.startsWith('NotoSansArabic'))).toBe(true)
    expect(fonts.some((name) => name.startsWith('NotoSans-'))).toBe(true)
  })

  it('draws emoji in colour from the bundled Twemoji font', () => {
    // Chromium embeds colour (COLR) glyphs as Type 3 fonts; an emoji without a usable font would
    // either be missing from the page or fall back to an outline font.
    expect(fonts).toContain('Type3')
    expect(pdf.pages.at(-1)?.text).toContain('🍵')
  })
})

describe('check: a character no font has', () => {
  // Egyptian hieroglyphs and Linear B: in none of the bundled fonts, on two slides.
  const project = copyProject(fixture('international-text'))
  afterAll(() => project.cleanup())
  beforeAll(() => {
    appendFileSync(
      path.join(project.dir, 'decks', 'tea-talk.yaml'),
      ['  - layout: bullets', '    title: Tea in old scripts', '    sources: [wiki-tea]', '    notes: Where no font goes.', '    points:', '      - "Egyptian: 𓂀"', '      - "Linear B: 𐀀"', '  - layout: section', '    title: "𓂀 again"', '    sources: [wiki-tea]', '    notes: Said once per deck.', ''].join('\n'),
    )
  })

  it('is not said of text the bundled fonts draw (CJK, Arabic, Cyrillic, Greek, Devanagari, emoji)', async () => {
    const run = await runCli(['check', '--root', fixture('international-text'), '--no-browser', '--strict'])
    expect(run.stdout + run.stderr).not.toMatch(/missing|no font/)
    expect(run.code).toBe(EXIT_CODES.ok)
  })

  it('is a warning at the first slide showing it, naming each character once (exit 6 with --strict)', async () => {
    const run = await runCli(['check', '--root', project.dir, '--no-browser', '--strict'])
    const found = `${run.stdout}\n${run.stderr}`.split('\n').filter((line) => /no font/.test(line))
    expect(found).toHaveLength(1)
    expect(found[0]).toMatch(/decks\/tea-talk\.yaml:\d+:\d+: warning: slide 8 "Tea in old scripts" shows "𓂀" \(U\+13080\), "𐀀" \(U\+10000\), which no font talkdeck bundles has/)
    expect(run.code).toBe(EXIT_CODES.warnings)
  })
})
