/**
 * Hostile and broken input (issue 11): projects shared by others must not make talkdeck delete
 * what it did not write, copy files from outside the project, turn data into markup or a script,
 * print a stack trace or run without end. Each case runs the CLI's `main` in this process, the
 * code path of bin/talkdeck.js; a few run the real binary as well.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { appendFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { afterAll, describe, expect, it } from 'vitest'
import { loadDataset } from '../src/data/load-dataset.js'
import { createProject } from '../src/data/project.js'
import { LIMITS } from '../src/defaults.js'
import { FIXTURES, copyProject, runCli, runMain, tempDir, type CliRun } from './helpers.js'

const TEA = path.join(FIXTURES, 'tea-project')
const cleanups: (() => void)[] = []
afterAll(() => cleanups.splice(0).forEach((cleanup) => cleanup()))

/** A copy of the tea project to break, removed after the file's tests. */
function newProject(): string {
  const copy = copyProject(TEA)
  cleanups.push(copy.cleanup)
  return copy.dir
}
function newDir(): string {
  const dir = tempDir()
  cleanups.push(dir.cleanup)
  return dir.dir
}

const deckFile = (root: string) => path.join(root, 'decks', 'tea-talk.yaml')
const advantages = (root: string) => path.join(root, 'data', 'tea', 'advantages.yaml')
const sources = (root: string) => path.join(root, 'data', 'tea', 'sources.yaml')

function edit(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8')
  const next = text.replace(from, to)
  if (next === text) throw new Error(`edit did not apply to ${file}`)
  writeFileSync(file, next)
}
const lineOf = (file: string, needle: string) => readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(needle)) + 1

/** Every file and folder under `dir` (links not followed) with a hash of each file. */
function snapshot(dir: string): Record<string, string> {
  const entries: Record<string, string> = {}
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const full = path.join(current, name)
      const info = lstatSync(full)
      const key = path.relative(dir, full)
      if (info.isDirectory()) {
        entries[key] = 'folder'
        walk(full)
      } else entries[key] = info.isFile() ? createHash('sha1').update(readFileSync(full)).digest('hex') : 'other'
    }
  }
  if (existsSync(dir)) walk(dir)
  return entries
}

const STACK_LINE = /^\s{4}at /m
/** A user's mistake: the exit code, no stack trace, and the message. */
function expectRefused(run: CliRun, code = 2): void {
  expect(run.code, run.stderr).toBe(code)
  expect(run.stderr).not.toMatch(STACK_LINE)
  expect(run.stderr).not.toMatch(/\b(TypeError|ReferenceError|RangeError|SyntaxError):/)
}
/** A file in a folder of the project's templates, the folder made. */
function templateFile(root: string, folder: string, name: string): string {
  mkdirSync(path.join(root, 'templates', folder), { recursive: true })
  return path.join(root, 'templates', folder, name)
}

/** `file:line` of an error printed for `file` (shown relative to the current folder or absolute). */
const errorAt = (file: string, line: number) => new RegExp(`${escapeRegExp(path.basename(file))}:${line}(:\\d+)?: error: `)
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function mkfifo(file: string): void {
  execFileSync('mkfifo', [file])
}

/** The pid of a process that has ended: what a SIGKILLed talkdeck leaves in its temporary names. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.kill(process.pid, "SIGKILL")'])
  if (!child.pid) throw new Error('no child pid')
  return child.pid
}

describe('a build never deletes what it did not write', () => {
  it.each(['.', '..', '/', 'data', 'data/tea', 'decks', 'templates/out'])('--out %s is refused before anything is written', async (out) => {
    const root = newProject()
    const before = snapshot(root)
    const run = await runMain(['build', '--root', root, '--out', out])
    expectRefused(run)
    expect(run.stderr).toContain(`--out ${out} (${path.resolve(root, out)}): `)
    expect(snapshot(root)).toEqual(before)
  })

  it('--out through a symbolic link to the project is refused', async () => {
    const root = newProject()
    const link = path.join(newDir(), 'link')
    symlinkSync(root, link)
    const before = snapshot(root)
    const run = await runMain(['build', '--root', root, '--out', link])
    expectRefused(run)
    expect(run.stderr).toContain('that is the project folder')
    expect(snapshot(root)).toEqual(before)
  })

  it('--out naming an existing file is refused and the file is kept', async () => {
    const root = newProject()
    writeFileSync(path.join(root, 'notes.txt'), 'mine')
    const run = await runMain(['build', '--root', root, '--out', 'notes.txt'])
    expectRefused(run)
    expect(run.stderr).toContain('that is a file, not a folder')
    expect(readFileSync(path.join(root, 'notes.txt'), 'utf8')).toBe('mine')
  })

  it.each([
    ['data.yaml', 'talkdeck keeps for a project folder'],
    ['decks.yaml', 'talkdeck keeps for a project folder'],
    ['templates.yaml', 'talkdeck keeps for a project folder'],
    ['index.yaml', 'talkdeck keeps for its own output'],
    ['themes.yaml', 'talkdeck keeps for its own output'],
    ['assets.yaml', 'talkdeck keeps for its own output'],
    ['index.html.yaml', 'a deck id is letters, digits'],
    ['my deck.yaml', 'a deck id is letters, digits'],
    ['tea-talk.yml', 'is also the id of'],
  ])('a deck file %s is refused by name; the other decks are built', async (name, message) => {
    const root = newProject()
    writeFileSync(path.join(root, 'decks', name), readFileSync(deckFile(root)))
    const out = newDir()
    const before = snapshot(path.join(root, 'data'))
    const run = await runMain(['build', '--root', root, '--out', out])
    expectRefused(run)
    expect(run.stderr).toMatch(new RegExp(`${escapeRegExp(name)}: error: the (file name makes the )?deck id`))
    expect(run.stderr).toContain(message)
    expect(readdirSync(out).sort()).toEqual(['assets', 'index.html', 'tea-talk'])
    expect(snapshot(path.join(root, 'data'))).toEqual(before)
  })

  it('a folder in --out that talkdeck did not write is kept, not built over (exit 5) and not linked from the index', async () => {
    const root = newProject()
    writeFileSync(path.join(root, 'decks', 'other.yaml'), readFileSync(deckFile(root)))
    const out = newDir()
    mkdirSync(path.join(out, 'tea-talk'))
    writeFileSync(path.join(out, 'tea-talk', 'thesis.tex'), 'my thesis')
    const run = await runMain(['build', '--root', root, '--out', out])
    expectRefused(run, 5)
    expect(run.stderr).toContain(`${path.join(out, 'tea-talk')} is a folder talkdeck did not write (it has no .talkdeck-output file)`)
    expect(readdirSync(path.join(out, 'tea-talk'))).toEqual(['thesis.tex'])
    const index = readFileSync(path.join(out, 'index.html'), 'utf8')
    expect(index).toContain('href="other/index.html"')
    expect(index).not.toContain('href="tea-talk/index.html"')
  })

  it.each([
    ['a file where a deck folder goes', 'tea-talk', (target: string) => writeFileSync(target, 'mine'), 'is a file where talkdeck writes a folder'],
    ['a folder where index.html goes', 'index.html', (target: string) => mkdirSync(target), 'is a folder where talkdeck writes a file'],
    ['a symbolic link where a deck folder goes', 'tea-talk', (target: string) => symlinkSync(newDir(), target), 'is a symbolic link'],
  ])('%s is kept', async (_what, name, make, message) => {
    const root = newProject()
    const out = newDir()
    const target = path.join(out, name)
    make(target)
    const before = snapshot(out)
    const run = await runMain(['build', '--root', root, '--out', out])
    expect(run.code).toBe(5)
    expect(run.stderr).not.toMatch(STACK_LINE)
    expect(run.stderr).toContain(`${target} ${message}`)
    if (name === 'index.html') expect(statSync(target).isDirectory()).toBe(true)
    else expect(snapshot(out)).toEqual(before)
  })

  it('a deck folder talkdeck built is replaced by the next build, marker and all', async () => {
    const root = newProject()
    const out = newDir()
    expect((await runMain(['build', '--root', root, '--out', out])).code).toBe(0)
    expect(existsSync(path.join(out, 'tea-talk', '.talkdeck-output'))).toBe(true)
    edit(deckFile(root), 'title: Brewing better tea', 'title: Brewing even better tea')
    expect((await runMain(['build', '--root', root, '--out', out])).code).toBe(0)
    expect(readFileSync(path.join(out, 'tea-talk', 'index.html'), 'utf8')).toContain('Brewing even better tea')
    expect(readdirSync(out).sort()).toEqual(['assets', 'index.html', 'tea-talk'])
  })

  it('the leftovers of a SIGKILLed run are removed by the next run; a running one\'s are kept', async () => {
    const root = newProject()
    const out = newDir()
    const dead = deadPid()
    const leftovers = [`tea-talk.talkdeck-tmp-${dead}-1700000000000`, `tea-talk.talkdeck-tmp-${dead}-1700000000000-old`, `index.html.talkdeck-tmp-${dead}-1700000000001`]
    mkdirSync(path.join(out, leftovers[0]!))
    writeFileSync(path.join(out, leftovers[0]!, 'index.html'), 'half')
    mkdirSync(path.join(out, leftovers[1]!))
    writeFileSync(path.join(out, leftovers[2]!), 'half')
    // A talkdeck running at the same time (here: this process's parent) keeps its temporary file.
    const running = `other.html.talkdeck-tmp-${process.ppid}-1700000000002`
    writeFileSync(path.join(out, running), 'in progress')
    const run = await runMain(['build', '--root', root, '--out', out])
    expect(run.code, run.stderr).toBe(0)
    expect(readdirSync(out).sort()).toEqual(['assets', 'index.html', running, 'tea-talk'])
  })
})

describe('files stay inside the project', () => {
  /** A file outside the project, in a folder of its own. */
  function outsideFile(name: string, content: string): { dir: string; file: string } {
    const dir = newDir()
    const file = path.join(dir, name)
    writeFileSync(file, content)
    return { dir, file }
  }
  const SECRET = 'secret bytes that must stay where they are'
  /** No file under `out` holds the secret. */
  const expectNotCopied = (out: string) => {
    for (const [file, hash] of Object.entries(snapshot(out))) expect(hash, file).not.toBe(createHash('sha1').update(SECRET).digest('hex'))
  }

  it('an item image outside the project is an error at its src; --allow-path lets it in', async () => {
    const root = newProject()
    const { dir, file } = outsideFile('cup.svg', SECRET)
    edit(advantages(root), '  audience: [general]', `  image: { src: ${path.relative(path.join(root, 'data', 'tea'), file)}, alt: A cup }\n  audience: [general]`)
    const out = newDir()
    const run = await runMain(['build', '--root', root, '--out', out])
    expectRefused(run)
    expect(run.stderr).toMatch(errorAt(advantages(root), lineOf(advantages(root), 'cup.svg')))
    expect(run.stderr).toContain(`image file ${file}: outside the project;`)
    expect(run.stderr).toContain('(at [0].image.src)')
    expectNotCopied(out)

    const allowed = await runMain(['build', '--root', root, '--out', out, '--allow-path', dir])
    expect(allowed.code, allowed.stderr).toBe(0)
    expect(readdirSync(path.join(out, 'tea-talk', 'assets', 'media'))).toHaveLength(1)
  })

  it('a slide image, a logo and a PowerPoint template outside the project are errors at their lines', async () => {
    const root = newProject()
    const { file } = outsideFile('logo.png', SECRET)
    const { file: template } = outsideFile('brand.potx', SECRET)
    edit(deckFile(root), 'slides:\n', `branding:\n  logo: ${file}\npptx:\n  template: ${template}\nslides:\n  - layout: bullets\n    title: A picture\n    image: { src: ${file}, alt: Outside }\n    sources: [iso-3103]\n`)
    const run = await runMain(['check', '--no-browser', '--root', root])
    expectRefused(run)
    expect(run.stdout).toMatch(errorAt(deckFile(root), lineOf(deckFile(root), 'logo:')))
    expect(run.stdout).toMatch(errorAt(deckFile(root), lineOf(deckFile(root), 'template:')))
    expect(run.stdout).toMatch(errorAt(deckFile(root), lineOf(deckFile(root), 'image:')))
    expect(run.stdout.match(/outside the project/g)).toHaveLength(3)
  })

  it('a logo reached through a symbolic link inside the project is judged by where it points', async () => {
    const root = newProject()
    const { file } = outsideFile('logo.png', SECRET)
    symlinkSync(file, path.join(root, 'decks', 'logo.png'))
    edit(deckFile(root), 'slides:\n', 'branding:\n  logo: logo.png\nslides:\n')
    const out = newDir()
    const run = await runMain(['build', '--root', root, '--out', out])
    expectRefused(run)
    expect(run.stderr).toMatch(errorAt(deckFile(root), lineOf(deckFile(root), 'logo:')))
    expect(run.stderr).toContain(`outside the project (a link to ${file})`)
    expectNotCopied(out)
  })

  it.each([
    ['a path outside', (_root: string, file: string) => file, 'outside the project'],
    ['a symbolic link out of the project', (root: string, file: string) => {
        symlinkSync(file, path.join(root, 'decks', 'brand.css'))
        return './brand.css'
      }, 'outside the project'],
  ])('theme: %s is an error at the theme line', async (_what, theme, message) => {
    const root = newProject()
    const { file } = outsideFile('brand.css', `.reveal { color: red } /* ${SECRET} */`)
    edit(deckFile(root), 'theme: paper', `theme: ${theme(root, file)}`)
    const out = newDir()
    const run = await runMain(['build', '--root', root, '--out', out])
    expectRefused(run)
    expect(run.stderr).toMatch(errorAt(deckFile(root), lineOf(deckFile(root), 'theme:')))
    expect(run.stderr).toContain(message)
    expect(existsSync(path.join(out, 'tea-talk'))).toBe(false)
  })

  it('url()s and @imports of a project theme that leave the project are errors in the theme file', async () => {
    const root = newProject()
    const { dir, file } = outsideFile('bg.png', SECRET)
    const themes = path.join(root, 'templates', 'themes')
    mkdirSync(themes, { recursive: true })
    symlinkSync(file, path.join(themes, 'linked.png'))
    const css = [
      '/* A brand */',
      `.a { background: url("${path.relative(themes, file)}") }`,
      '.b { background: url(linked.png) }',
      `@import "${path.relative(themes, path.join(dir, 'more.css'))}";`,
      '.c { background: url(file:///etc/passwd) }',
      '.d { background: url(/etc/hostname) }',
      '.e { background: url(https://example.org/ok.png), url(data:image/png;base64,AA) }',
    ].join('\n')
    writeFileSync(path.join(themes, 'brand.css'), css)
    edit(deckFile(root), 'theme: paper', 'theme: brand')
    const out = newDir()
    const run = await runMain(['build', '--root', root, '--out', out])
    expectRefused(run)
    for (const line of [2, 3, 4, 5, 6]) expect(run.stderr).toMatch(errorAt('brand.css', line))
    expect(run.stderr).not.toMatch(errorAt('brand.css', 7))
    expectNotCopied(out)
    expect(existsSync(path.join(out, 'tea-talk'))).toBe(false)
  })

  it('the theme gallery leaves out a project theme that refers outside the project, and says why', async () => {
    const root = newProject()
    const { file } = outsideFile('bg.png', SECRET)
    writeFileSync(templateFile(root, 'themes', 'brand.css'), `/* A brand */\n.reveal { background: url("${file}") }\n`)
    writeFileSync(templateFile(root, 'themes', 'plain.css'), '/* Plain */\n.reveal { color: black }\n')
    const out = newDir()
    const run = await runMain(['themes', '--root', root, '--out', out])
    expectRefused(run)
    expect(run.stderr).toMatch(errorAt('brand.css', 2))
    expect(run.stderr).toMatch(/images of deck tea-talk/)
    const files = readdirSync(path.join(out, 'themes'))
    expect(files.some((name) => name.startsWith('plain-'))).toBe(true)
    expect(files.some((name) => name.startsWith('brand-'))).toBe(false)
    expectNotCopied(out)
  }, 120_000)

  it.each([
    ['a data file', advantages, 'advantages.yaml', '- id: elsewhere\n'],
    ['a layout', (root: string) => templateFile(root, 'layouts', 'bullets.hbs'), 'bullets.hbs', '<h2>{{slide.title}}</h2>'],
  ])('%s that links out of the project is not read; --allow-path lets it in', async (_what, place, name, content) => {
    const root = newProject()
    const { dir } = outsideFile(name, content)
    const target = place(root)
    rmSync(target, { force: true })
    symlinkSync(path.join(dir, name), target)
    const run = await runMain(['check', '--no-browser', '--root', root])
    expectRefused(run)
    expect(run.stdout).toMatch(new RegExp(`${escapeRegExp(name)}: error: cannot read the file: it is outside the project`))
    const allowed = await runMain(['check', '--no-browser', '--root', root, '--allow-path', dir])
    expect(allowed.stdout).not.toContain('outside the project')
  })

  it('--allow-path must name a folder', async () => {
    const root = newProject()
    const run = await runMain(['check', '--no-browser', '--root', root, '--allow-path', 'no-such-folder'])
    expectRefused(run)
    expect(run.stderr).toContain(`--allow-path must name a folder, got ${path.join(root, 'no-such-folder')}`)
  })
})

describe('links and pictures in data: http(s), mailto and #slides only', () => {
  type Case = [string, (root: string) => { file: string; needle: string; message: string }]
  const LINK = 'link to "'
  const PICTURE = 'expected an http(s) URL or a path to a file of the project'
  const point = (text: string, message = LINK) => (root: string) => {
    edit(advantages(root), '    - Weigh the leaf', `    - ${JSON.stringify(text)}`)
    return { file: advantages(root), needle: text.slice(0, 12), message }
  }
  const CASES: Case[] = [
    ['a javascript: link in a point', point('[open](javascript:alert(1))')],
    ['a JavaScript: link with capitals', point('[open](JavaScript:alert(1))')],
    ['a vbscript: link', point('[open](vbscript:msgbox(1))')],
    ['a data:text/html link', point('[open](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)')],
    ['a file: link', point('[open](file:///etc/passwd)')],
    ['an autolink to javascript:', point('<javascript:alert(1)>')],
    ['a data: picture', point('![x](data:text/html,<script>alert(1)</script>)', 'picture to "data:text/html')],
    [
      'a javascript: reference link in notes',
      (root) => {
        edit(advantages(root), '  notes: If you measure,', '  notes: |\n    See [the page][p].\n\n    [p]: javascript:alert(1)\n    If you measure,')
        // A block of text is located at its first line.
        return { file: advantages(root), needle: 'See [the page]', message: LINK }
      },
    ],
    [
      'a javascript: link in a slide text',
      (root) => {
        edit(deckFile(root), '  - layout: title\n', '  - layout: title\n    text: "[x](javascript:alert(1))"\n')
        return { file: deckFile(root), needle: 'text: ', message: LINK }
      },
    ],
    [
      'a javascript: image src',
      (root) => {
        edit(advantages(root), '  audience: [general]', '  image: { src: "javascript:alert(1)", alt: x }\n  audience: [general]')
        return { file: advantages(root), needle: 'javascript:', message: PICTURE }
      },
    ],
    [
      'a data:text/html image src',
      (root) => {
        edit(advantages(root), '  audience: [general]', '  image: { src: "data:text/html,<script>alert(1)</script>", alt: x }\n  audience: [general]')
        return { file: advantages(root), needle: 'data:text', message: PICTURE }
      },
    ],
    [
      'a vbscript: logo',
      (root) => {
        edit(deckFile(root), 'slides:\n', 'branding:\n  logo: "vbscript:msgbox(1)"\nslides:\n')
        return { file: deckFile(root), needle: 'logo:', message: PICTURE }
      },
    ],
  ]

  it.each(CASES)('%s is an error at its line, in check and in build', async (_what, breakIt) => {
    const root = newProject()
    const { file, needle, message } = breakIt(root)
    const check = await runMain(['check', '--no-browser', '--root', root])
    expectRefused(check)
    expect(check.stdout).toMatch(errorAt(file, lineOf(file, needle)))
    expect(check.stdout).toContain(message)
    const out = newDir()
    const build = await runMain(['build', '--root', root, '--out', out])
    expectRefused(build)
    expect(existsSync(path.join(out, 'tea-talk'))).toBe(false)
  })

  it('http(s), mailto and #slide links, http(s) pictures and logos, and SVG files as <img>s are shown', async () => {
    const root = newProject()
    edit(advantages(root), '    - Weigh the leaf', '    - "[ISO](https://www.iso.org/) [old](http://example.org/) [mail](mailto:tea@example.org) [back](#repeatable) ![cup](https://example.org/cup.png)"')
    edit(deckFile(root), 'slides:\n', 'branding:\n  logo: https://example.org/logo.png\nslides:\n')
    // A script in an SVG never runs from an <img>: it stays one, never inlined.
    mkdirSync(path.join(root, 'data', 'tea', 'pictures'))
    writeFileSync(path.join(root, 'data', 'tea', 'pictures', 'cup.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>parent.pwned = true</script><circle r="4"/></svg>')
    edit(advantages(root), '  audience: [general]', '  image: { src: pictures/cup.svg, alt: A cup }\n  audience: [general]')
    const out = newDir()
    const run = await runMain(['build', '--root', root, '--out', out])
    expect(run.code, run.stderr).toBe(0)
    const html = readFileSync(path.join(out, 'tea-talk', 'index.html'), 'utf8')
    for (const href of ['https://www.iso.org/', 'http://example.org/', 'mailto:tea@example.org', '#repeatable']) expect(html).toContain(`href="${href}"`)
    expect(html).toContain('<img src="https://example.org/cup.png" alt="cup" />')
    expect(html).toContain('<img class="td-brand-logo" data-pptx="logo" src="https://example.org/logo.png" alt="">')
    expect(html).toMatch(/<img data-pptx="picture" src="assets\/media\/[0-9a-f]+-cup\.svg" alt="A cup">/)
    expect(html).not.toContain('<svg')
    expect(html).not.toContain('pwned')
  })
})

describe('every user mistake is a located error, never a stack', () => {
  type Target = [string, (root: string) => string]
  const TARGETS: Target[] = [
    ['a data file', advantages],
    ['a deck file', (root) => path.join(root, 'decks', 'other.yaml')],
    ['a layout', (root) => templateFile(root, 'layouts', 'bullets.hbs')],
    ['a partial', (root) => templateFile(root, 'partials', 'cite.hbs')],
    [
      'a theme',
      (root) => {
        mkdirSync(path.join(root, 'templates', 'themes'), { recursive: true })
        edit(deckFile(root), 'theme: paper', 'theme: brand')
        return path.join(root, 'templates', 'themes', 'brand.css')
      },
    ],
    [
      'an image',
      (root) => {
        edit(advantages(root), '  audience: [general]', '  image: { src: cup.png, alt: A cup }\n  audience: [general]')
        return path.join(root, 'data', 'tea', 'cup.png')
      },
    ],
    [
      'a logo',
      (root) => {
        edit(deckFile(root), 'slides:\n', 'branding:\n  logo: logo.png\nslides:\n')
        return path.join(root, 'decks', 'logo.png')
      },
    ],
  ]
  const KINDS: [string, (file: string) => void, RegExp][] = [
    ['a folder', (file) => mkdirSync(file), /a folder, not a file/],
    ['a FIFO', mkfifo, /a FIFO, socket or device/],
    ['a dangling symbolic link', (file) => symlinkSync('nowhere', file), /a dangling symbolic link/],
    ['a symbolic link loop', (file) => symlinkSync(path.basename(file), file), /a symbolic link loop/],
  ]
  const cases = TARGETS.flatMap(([target, place]) => KINDS.map(([kind, make, message]) => [`${target} that is ${kind}`, place, make, message] as const))

  it.each(cases)('%s: exit 2, the file named, nothing read', async (_what, place, make, message) => {
    const root = newProject()
    const file = place(root)
    rmSync(file, { force: true })
    make(file)
    const started = performance.now()
    const run = await runMain(['check', '--no-browser', '--root', root])
    expectRefused(run)
    expect(run.stdout).toContain(path.basename(file))
    expect(run.stdout).toMatch(message)
    // A FIFO is refused, not opened: nothing waits for a writer.
    expect(performance.now() - started).toBeLessThan(20_000)
  })

  it('a partial with a syntax error breaks only the decks whose layouts use it, and check says where', async () => {
    const root = newProject()
    mkdirSync(path.join(root, 'templates', 'partials'), { recursive: true })
    writeFileSync(path.join(root, 'templates', 'partials', 'cite.hbs'), '<p>\n{{#each slide.sources}}{{title}}\n')
    // A second deck uses only layouts without the partial.
    writeFileSync(path.join(root, 'decks', 'short.yaml'), 'title: Short\ndata: tea\nslides:\n  - layout: title\n    notes: Hello.\n  - layout: section\n    title: Part one\n    notes: On.\n')
    const check = await runMain(['check', '--no-browser', '--root', root])
    expectRefused(check)
    expect(check.stdout).toMatch(/cite\.hbs:3:1: error: template syntax error: .*deck "tea-talk"/)
    expect(check.stdout).not.toContain('deck short:')
    const out = newDir()
    const build = await runMain(['build', '--root', root, '--out', out])
    expect(build.code).toBe(3)
    expect(build.stderr).not.toMatch(STACK_LINE)
    expect(readdirSync(out).sort()).toEqual(['assets', 'index.html', 'short'])
  })

  it('a second YAML document is an error at its "---" line', async () => {
    const root = newProject()
    appendFileSync(advantages(root), '---\n- id: more\n')
    const run = await runMain(['check', '--no-browser', '--root', root])
    expectRefused(run)
    expect(run.stdout).toMatch(errorAt(advantages(root), lineOf(advantages(root), '---')))
    expect(run.stdout).toContain('a second YAML document')
  })

  it('one invalid source is one error; the other sources still load', async () => {
    const root = newProject()
    const text = readFileSync(sources(root), 'utf8')
    const count = text.match(/^- id:/gm)?.length ?? 0
    expect(count).toBeGreaterThan(1)
    edit(sources(root), /url: \S+/, 'url: not a url')
    const result = await loadDataset(createProject(root), 'tea')
    const errors = result.problems.filter((problem) => problem.severity === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ line: lineOf(sources(root), 'url: not a url'), path: '[0].url' })
  })
})

describe('bounded work: limits with a located error', () => {
  /** Runs check with advantages.yaml replaced by `yaml`; returns the run and how long it took. */
  async function checkWith(yaml: string): Promise<{ run: CliRun; seconds: number; root: string }> {
    const root = newProject()
    writeFileSync(advantages(root), yaml)
    const started = performance.now()
    const run = await runMain(['check', '--no-browser', '--root', root])
    return { run, seconds: (performance.now() - started) / 1000, root }
  }

  it('aliases that expand beyond the limit ("billion laughs") stop at the alias, at once', async () => {
    const lines = ['- id: bomb', '  title: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]']
    for (let level = 1; level <= 9; level++) lines.push(`  f${level}: &a${level} [${Array.from({ length: 10 }, () => `*a${level - 1}`).join(', ')}]`)
    const { run, seconds, root } = await checkWith(`${lines.join('\n')}\n`)
    expectRefused(run)
    expect(run.stdout).toMatch(errorAt(advantages(root), 7))
    expect(run.stdout).toContain('aliases ("*name") expand this file beyond')
    expect(seconds).toBeLessThan(10)
  })

  it('a long value aliased many times is refused before it is rendered', async () => {
    const long = 'x'.repeat(15_000)
    const { run } = await checkWith(`- id: copies\n  title: &long "${long}"\n  points: [${Array.from({ length: 1000 }, () => '*long').join(', ')}]\n`)
    expectRefused(run)
    expect(run.stdout).toContain('MB of text')
  })

  it.each([
    ['a value too long', `- id: long\n  title: "${'x'.repeat(LIMITS.stringLength + 1)}"\n`, 2, `the value is ${(LIMITS.stringLength + 1).toLocaleString('en')} characters long`],
    ['lists nested too deep', `- id: deep\n  points: ${'['.repeat(LIMITS.depth + 5)}${']'.repeat(LIMITS.depth + 5)}\n`, 2, `nested more than ${LIMITS.depth} deep`],
    ['a list too long', Array.from({ length: LIMITS.listItems + 1 }, (_, index) => `- ${index}`).join('\n'), 1, `more than ${LIMITS.listItems.toLocaleString('en')} entries`],
  ])('%s', async (_what, yaml, line, message) => {
    const { run, root } = await checkWith(yaml)
    expectRefused(run)
    expect(run.stdout).toMatch(errorAt(advantages(root), line))
    expect(run.stdout).toContain(message)
  })

  it('a layout above the size limit is not read', async () => {
    const root = newProject()
    writeFileSync(templateFile(root, 'layouts', 'bullets.hbs'), `<h2>{{slide.title}}</h2>{{!-- ${'x'.repeat(LIMITS.fileBytes)} --}}`)
    const run = await runMain(['check', '--no-browser', '--root', root])
    expectRefused(run)
    expect(run.stdout).toMatch(/bullets\.hbs: error: the file is 5\.0 MB; at most 5 MB is read/)
  })

  it('an unknown key is echoed shortened', async () => {
    const root = newProject()
    const key = `k${'e'.repeat(5000)}y`
    edit(deckFile(root), 'theme: paper', `theme: paper\n${key}: 1`)
    const run = await runMain(['check', '--no-browser', '--root', root])
    expectRefused(run)
    const line = run.stdout.split('\n').find((text) => text.includes('unknown field')) ?? ''
    expect(line).toMatch(/unknown field "keeee+…"/)
    expect(line.length).toBeLessThan(400)
  })

  /** A project whose deck expands to `slides` slides of one title (ids must be numbered). */
  function bigProject(slides: number): string {
    const root = newProject()
    const items = Array.from({ length: slides }, (_, index) => `- id: item-${index}\n  title: Same title\n  summary: Summary ${index}.\n  sources: [iso-3103]\n  notes: Notes ${index}.`)
    writeFileSync(advantages(root), `${items.join('\n')}\n`)
    writeFileSync(deckFile(root), 'title: Big\ndata: tea\nslides:\n  - layout: bullets\n    from: advantages\n')
    return root
  }

  it('a deck beyond the slide limit is an error at the entry that passes it', async () => {
    const root = bigProject(LIMITS.listItems)
    appendFileSync(deckFile(root), '  - layout: bullets\n    from: advantages\n  - layout: title\n')
    const run = await runMain(['check', '--no-browser', '--root', root])
    expectRefused(run)
    expect(run.stdout).toMatch(errorAt(deckFile(root), 6))
    expect(run.stdout).toContain(`more than ${LIMITS.slides.toLocaleString('en')} slides`)
  })

  it('check stays linear in slides: 10,000 slides take about five times 2,000', async () => {
    const timeCheck = async (root: string) => {
      const started = performance.now()
      const run = await runMain(['check', '--no-browser', '--root', root])
      expect(run.code, run.stdout.slice(0, 2000)).toBe(0)
      return (performance.now() - started) / 1000
    }
    const small = bigProject(2_000)
    const large = bigProject(10_000)
    await timeCheck(small)
    const seconds = { small: await timeCheck(small), large: await timeCheck(large) }
    // Linear is 5×; quadratic would be 25×. The machine is shared, so the bound is loose.
    expect(seconds.large / seconds.small, JSON.stringify(seconds)).toBeLessThan(12)
    expect(seconds.large).toBeLessThan(60)
  }, 180_000)
})

describe('the real binary', () => {
  it('refuses --out above the project and an image outside it, without a stack trace', async () => {
    const root = newProject()
    const above = await runCli(['build', '--root', root, '--out', '..'])
    expectRefused(above)
    edit(advantages(root), '  audience: [general]', '  image: { src: /etc/hostname, alt: x }\n  audience: [general]')
    const outside = await runCli(['check', '--no-browser', '--root', root])
    expectRefused(outside)
    expect(outside.stdout).toContain('outside the project')
  })

  it('a dangling deck symlink and a FIFO data file are located errors', async () => {
    const root = newProject()
    symlinkSync('gone.yaml', path.join(root, 'decks', 'other.yaml'))
    unlinkSync(path.join(root, 'data', 'tea', 'challenges.yaml'))
    mkfifo(path.join(root, 'data', 'tea', 'challenges.yaml'))
    const run = await runCli(['check', '--no-browser', '--root', root])
    expectRefused(run)
    expect(run.stdout).toMatch(/other\.yaml: error: cannot read the file: it is a dangling symbolic link/)
    expect(run.stdout).toMatch(/challenges\.yaml: error: cannot read the file: it is a FIFO/)
  })
})
