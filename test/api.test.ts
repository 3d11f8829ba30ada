/**
 * The public API as a program uses it: check, build and export a project through lib/index.js
 * (the package's entry), with nothing printed; and the output formats as a registry — a format
 * added at run time is in `export --help`, writes its file and is linked from the deck index.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { copyProject, FIXTURES, REPO, runMain } from './helpers.js'

type Api = typeof import('../src/index.js')
const api = (await import(path.join(REPO, 'lib', 'index.js'))) as Api

describe('the library API, without the CLI', () => {
  const project = copyProject(path.join(FIXTURES, 'community-garden'))
  afterAll(() => project.cleanup())

  it('checks, builds and exports a project, printing nothing', async () => {
    const stdout = vi.spyOn(process.stdout, 'write')
    const stderr = vi.spyOn(process.stderr, 'write')
    try {
      const checked = await api.checkProject(project.dir)
      expect(checked.decks).toEqual(['garden'])
      expect(checked.problems.filter((problem) => problem.severity === 'error')).toEqual([])

      const built = await api.buildProject(project.dir, { outDir: 'site' })
      expect(built.decks.map((result) => result.ok)).toEqual([true])
      expect(built.index).toBe(path.join(project.dir, 'site', 'index.html'))

      const exported = await api.exportProject(project.dir, { outDir: 'site', formats: ['pdf', 'md'] })
      const files = exported.decks.flatMap((result) => (result.ok ? result.value : []))
      expect(files.map((file) => [file.format, path.relative(project.dir, file.file)])).toEqual([
        ['pdf', path.join('site', 'garden.pdf')],
        ['md', path.join('site', 'garden.md')],
      ])
      expect(readFileSync(path.join(project.dir, 'site', 'garden.pdf')).subarray(0, 5).toString()).toBe('%PDF-')
      // The index built before now links what the export wrote.
      expect(exported.index).toBe(built.index)
      const index = readFileSync(built.index as string, 'utf8')
      expect(index).toContain('href="garden.pdf"')
      expect(index).toContain('href="garden.md"')
    } finally {
      stdout.mockRestore()
      stderr.mockRestore()
    }
    expect(stdout).not.toHaveBeenCalled()
    expect(stderr).not.toHaveBeenCalled()
  }, 180_000)

  it('throws a TalkdeckError for a user mistake, with the exit code the CLI would use', async () => {
    const failure = api.exportProject(project.dir, { formats: ['docx'] })
    await expect(failure).rejects.toBeInstanceOf(api.ConfigError)
    await expect(failure).rejects.toMatchObject({ exitCode: api.EXIT_CODES.invalidInput, message: expect.stringContaining('got "docx"') })
  })
})

describe("the README's example", () => {
  const project = copyProject(path.join(FIXTURES, 'community-garden'))
  afterAll(() => project.cleanup())

  it('runs as written, on the package entry', () => {
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8')
    const example = /<!-- api-example[^>]*-->\n```js\n([\s\S]*?)```/.exec(readme)?.[1]
    expect(example).toContain("from 'talkdeck'")
    const script = path.join(project.dir, 'example.mjs')
    writeFileSync(script, (example as string).replace("from 'talkdeck'", `from '${pathToFileURL(path.join(REPO, 'lib', 'index.js')).href}'`))
    const printed = execFileSync(process.execPath, [script, project.dir], { encoding: 'utf8' })
    expect(printed).toContain(`garden: pdf ${path.join(project.dir, 'dist', 'garden.pdf')}`)
    expect(printed).toContain(`garden: md ${path.join(project.dir, 'dist', 'garden.md')}`)
    expect(printed).toContain(`index: ${path.join(project.dir, 'dist', 'index.html')}`)
  }, 120_000)
})

describe('a format added to the registry', () => {
  const project = copyProject(path.join(FIXTURES, 'community-garden'))
  afterAll(() => project.cleanup())

  it('is listed by export --help, written by export, linked by the index, and gone once removed', async () => {
    // The same modules the CLI runs in this process (src/), as a program that imports talkdeck would add one.
    const { registerFormat } = await import('../src/index.js')
    const remove = registerFormat({
      id: 'titles',
      summary: 'the slide titles, a line each',
      fileName: (deck) => `${deck}.titles.txt`,
      unit: 'lines',
      indexLabel: { text: 'Titles (text)' },
      needsBrowser: false,
      async write({ deck, file }) {
        const { writeFile } = await import('node:fs/promises')
        const text = [deck.title, ...deck.slides.map((slide) => slide.title ?? '')].join('\n')
        await writeFile(file, text)
        return { pages: deck.slides.length, bytes: text.length, warnings: [] }
      },
    })
    try {
      expect((await runMain(['export', '--help'])).stdout).toContain('titles: the slide titles, a line each')
      await runMain(['build', '--root', project.dir])
      const run = await runMain(['export', '--root', project.dir, '--format', 'titles'])
      expect(run.code, run.stderr).toBe(0)
      expect(run.stderr).toMatch(/exported garden → dist\/garden\.titles\.txt \(\d+ lines\)/)
      expect(readFileSync(path.join(project.dir, 'dist', 'garden.titles.txt'), 'utf8')).toContain('Our community garden')
      expect(readFileSync(path.join(project.dir, 'dist', 'index.html'), 'utf8')).toContain('>Titles (text)<')
    } finally {
      remove()
    }
    expect((await runMain(['export', '--help'])).stdout).not.toContain('titles:')
    const unknown = await runMain(['export', '--root', project.dir, '--format', 'titles'])
    expect(unknown.code).toBe(2)
    expect(existsSync(path.join(project.dir, 'dist', 'garden.pdf'))).toBe(false)
  }, 120_000)
})
