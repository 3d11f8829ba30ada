/**
 * The shape of the code and of layouts: the dependency rules (lint) catch an import that runs
 * against the flow, and a layout's header — not its name — decides how checks, timing and the
 * agenda treat its slides.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { checkDeck } from '../src/check/static-checks.js'
import { estimateTiming } from '../src/deck/timing.js'
import { REPO, copyProject, fixture, loadDeckList, openTestWorkspace, runCli, tempDir } from './helpers.js'
import { readPdf } from './pdf-reader.js'

const run = promisify(execFile)

/** Runs dependency-cruiser with the project's rules on a tree of its own. */
async function cruise(files: Record<string, string>): Promise<{ code: number; output: string }> {
  const { dir, cleanup } = copyProject(path.join(REPO, 'test', 'fixtures', 'tea-project', 'decks'))
  try {
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }))
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
      writeFileSync(path.join(dir, name), text)
    }
    const bin = path.join(REPO, 'node_modules', '.bin', 'depcruise')
    return await run(bin, ['src', '--config', path.join(REPO, '.dependency-cruiser.cjs')], { cwd: dir }).then(
      ({ stdout }) => ({ code: 0, output: stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, output: error.stdout }),
    )
  } finally {
    cleanup()
  }
}

describe('dependency rules', () => {
  it('pass on imports that follow the flow', async () => {
    const result = await cruise({
      'src/data/schema.ts': 'export const a = 1\n',
      'src/deck/resolve.ts': "import { a } from '../data/schema.js'\nexport const b = a\n",
      'src/browser/measure.ts': "import { b } from '../deck/resolve.js'\nexport const c = b\n",
    })
    expect(result.code, result.output).toBe(0)
  })

  it('fail on a backward import and on an import between export and check', async () => {
    const backward = await cruise({
      'src/browser/session.ts': 'export const session = 1\n',
      'src/data/load.ts': "import { session } from '../browser/session.js'\nexport const load = session\n",
    })
    expect(backward.code).not.toBe(0)
    expect(backward.output).toMatch(/flow-data.*src\/data\/load\.ts → src\/browser\/session\.ts/)
    const sideways = await cruise({
      'src/check/x.ts': 'export const x = 1\n',
      'src/export/y.ts': "import { x } from '../check/x.js'\nexport const y = x\n",
    })
    expect(sideways.output).toMatch(/side-by-side/)
  })
})

describe('layouts say what they are', () => {
  it("a project's own divider layout starts a section, needs no source and takes a divider's time", async () => {
    const project = copyProject(fixture('clean-talk'))
    try {
      mkdirSync(path.join(project.dir, 'templates', 'layouts'), { recursive: true })
      writeFileSync(path.join(project.dir, 'templates', 'layouts', 'chapter.hbs'), '{{!-- talkdeck: selection=none role=divider needs=title --}}\n<h1>{{md slide.title}}</h1>\n')
      const deckFile = path.join(project.dir, 'decks', 'tea-talk.yaml')
      const { readFileSync } = await import('node:fs')
      writeFileSync(deckFile, readFileSync(deckFile, 'utf8').replace('slides:\n', 'slides:\n  - layout: chapter\n    title: Part one\n    minutes: 1\n    notes: Where we begin.\n'))
      const workspace = await openTestWorkspace(project.dir)
      const [result] = await loadDeckList(workspace, [{ id: 'tea-talk', file: deckFile }])
      const deck = result?.deck
      expect(result?.problems.filter((p) => p.severity === 'error')).toEqual([])
      const chapter = deck?.slides.find((slide) => slide.layout === 'chapter')
      expect(chapter?.role).toBe('divider')
      expect(deck?.sections.map((section) => section.title)).toContain('Part one')
      const findings = deck ? checkDeck(deck) : []
      expect(findings.filter((p) => p.message.includes('Part one') && p.code === 'unsourced-slide')).toEqual([])
      const timing = deck ? estimateTiming(deck) : undefined
      // Four words of notes: the divider minimum (8 s), not a content slide's 20 s.
      expect(timing?.slides[(chapter?.number ?? 1) - 1]).toBe(8)
    } finally {
      project.cleanup()
    }
  })
})

describe('slide size comes from the deck', () => {
  it('a 4:3 deck builds, checks and exports at 1024×768 (768×576 pt pages)', async () => {
    const project = copyProject(fixture('clean-talk'))
    const out = tempDir()
    try {
      const { readFileSync } = await import('node:fs')
      const deckFile = path.join(project.dir, 'decks', 'tea-talk.yaml')
      writeFileSync(deckFile, `size: "4:3"\n${readFileSync(deckFile, 'utf8')}`)
      const check = await runCli(['check', '--strict', '--root', project.dir])
      expect(check.code, check.stdout).toBe(0)
      const build = await runCli(['build', '--root', project.dir, '--out', out.dir])
      expect(build.code, build.stderr).toBe(0)
      expect(readFileSync(path.join(out.dir, 'tea-talk', 'index.html'), 'utf8')).toContain('"width":1024,"height":768')
      const exported = await runCli(['export', '--root', project.dir, '--out', out.dir, '--format', 'pdf,handout'])
      expect(exported.code, exported.stderr).toBe(0)
      const pdf = await readPdf(path.join(out.dir, 'tea-talk.pdf'))
      for (const page of pdf.pages) expect([Math.round(page.width), Math.round(page.height)]).toEqual([768, 576])
      const handout = await readPdf(path.join(out.dir, 'tea-talk.handout.pdf'))
      expect(handout.pages.length).toBeGreaterThan(0)
    } finally {
      project.cleanup()
      out.cleanup()
    }
  })
})
