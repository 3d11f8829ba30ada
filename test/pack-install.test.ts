/**
 * talkdeck as a person installs it: `npm pack`, the tarball installed into an empty folder, then
 * `talkdeck new` there and the new project built, checked and exported with the installed binary.
 * The install stays lean (≤ 100 MB of node_modules) and so does a built deck (≤ 1.5 MB with the
 * files it shares).
 */
import { execFile, spawn } from 'node:child_process'
import { existsSync, lstatSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXIT_CODES } from '../src/errors.js'
import { REPO, tempDir } from './helpers.js'

const run = promisify(execFile)
const MB = 1024 * 1024

/** Bytes a folder takes on disk, as `du` counts them (links not followed). */
function diskUsage(dir: string): number {
  let total = 0
  for (const entry of readdirSync(dir)) {
    const file = path.join(dir, entry)
    const stat = lstatSync(file)
    total += stat.blocks * 512
    if (stat.isDirectory()) total += diskUsage(file)
  }
  return total
}

interface Step {
  code: number
  stdout: string
  stderr: string
}

/** The installed binary, as `npx talkdeck` runs it, in `cwd`. */
function talkdeck(bin: string, args: string[], cwd: string): Promise<Step> {
  return run(process.execPath, [bin, ...args], { cwd, maxBuffer: 32 * MB }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  )
}

describe('npm pack → npm install into an empty folder → talkdeck new → build, check, export', () => {
  const work = tempDir()
  const app = path.join(work.dir, 'app')
  const project = path.join(app, 'my-talks')
  const bin = path.join(app, 'node_modules', 'talkdeck', 'bin', 'talkdeck.js')
  beforeAll(async () => {
    // The library and client are compiled by the global setup: pack them as they are.
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work.dir], { cwd: REPO, maxBuffer: 32 * MB })
    const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }]
    const { mkdirSync } = await import('node:fs')
    mkdirSync(app)
    writeFileSync(path.join(app, 'package.json'), `${JSON.stringify({ name: 'app', private: true }, null, 2)}\n`)
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(work.dir, filename)], {
      cwd: app,
      env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', PUPPETEER_SKIP_DOWNLOAD: '1' },
      maxBuffer: 32 * MB,
    })
  }, 600_000)
  afterAll(() => work.cleanup())

  it('installs in at most 100 MB of node_modules', () => {
    const bytes = diskUsage(path.join(app, 'node_modules'))
    console.info(`node_modules after installing the tarball: ${(bytes / MB).toFixed(1)} MB`)
    expect(existsSync(bin)).toBe(true)
    expect(bytes).toBeLessThanOrEqual(100 * MB)
  })

  it('starts a project with talkdeck new and checks it with --strict', async () => {
    const created = await talkdeck(bin, ['new', 'my-talks'], app)
    expect(created.code, created.stderr).toBe(EXIT_CODES.ok)
    expect(created.stderr).toContain('cd my-talks')
    // talkdeck came from a tarball: the project installs from the same tarball, not from a registry that may not have it.
    const pkg = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }
    expect(pkg.devDependencies.talkdeck).toMatch(/^file:\.\.\/\.\.\/talkdeck-[\d.]+\.tgz$/)
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'], { cwd: project, env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' }, maxBuffer: 32 * MB })
    expect(existsSync(path.join(project, 'node_modules', 'talkdeck', 'bin', 'talkdeck.js'))).toBe(true)
    const check = await talkdeck(bin, ['check', '--strict'], project)
    expect(check.code, check.stderr).toBe(EXIT_CODES.ok)
  }, 180_000)

  it('builds the decks, each folder with the files it shares at most 1.5 MB', async () => {
    const built = await talkdeck(bin, ['build'], project)
    expect(built.code, built.stderr).toBe(EXIT_CODES.ok)
    const dist = path.join(project, 'dist')
    for (const deck of ['talk', 'briefing']) {
      const bytes = diskUsage(path.join(dist, deck)) + diskUsage(path.join(dist, 'assets'))
      console.info(`built deck ${deck}: ${(diskUsage(path.join(dist, deck)) / 1024).toFixed(0)} KB + ${(diskUsage(path.join(dist, 'assets')) / 1024).toFixed(0)} KB shared`)
      expect(bytes).toBeLessThanOrEqual(1.5 * MB)
    }
    const single = await talkdeck(bin, ['build', 'talk', '--single-file'], project)
    expect(single.code, single.stderr).toBe(EXIT_CODES.ok)
    expect(lstatSync(path.join(dist, 'talk.html')).size).toBeLessThanOrEqual(1.5 * MB)
  }, 180_000)

  it('serves the decks with talkdeck dev from the built client, with no reveal.js or font package installed', async () => {
    expect(existsSync(path.join(app, 'node_modules', 'reveal.js'))).toBe(false)
    expect(existsSync(path.join(app, 'node_modules', '@fontsource'))).toBe(false)
    const server = spawn(process.execPath, [bin, 'dev', '--port', '0', '--host', '127.0.0.1'], { cwd: project, stdio: ['ignore', 'ignore', 'pipe'] })
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let text = ''
        server.stderr.on('data', (chunk) => {
          text += String(chunk)
          const found = /talkdeck dev: (http:\/\/\S+)/.exec(text)
          if (found?.[1]) resolve(found[1])
        })
        server.on('exit', () => reject(new Error(`dev exited: ${text}`)))
      })
      const page = await (await fetch(new URL('talk/', url))).text()
      expect(page).toContain('Brewing tea by the standard')
      const assets = [...page.matchAll(/(?:src|href)="(\/@fs[^"]+)"/g)].map((match) => match[1]!)
      expect(assets.length).toBeGreaterThanOrEqual(3)
      for (const asset of assets) expect((await fetch(new URL(asset, url))).status, asset).toBe(200)
    } finally {
      server.kill('SIGTERM')
    }
  }, 120_000)

  it('draws a chart and a diagram with the libraries it carries (ECharts and Mermaid are not installed)', async () => {
    expect(existsSync(path.join(app, 'node_modules', 'echarts'))).toBe(false)
    expect(existsSync(path.join(app, 'node_modules', 'mermaid'))).toBe(false)
    writeFileSync(
      path.join(project, 'decks', 'rich.yaml'),
      [
        'title: Steeping in numbers',
        'data: tea',
        'slides:',
        '  - layout: chart',
        '    title: Minutes of steeping',
        '    chart:',
        '      type: bar',
        '      categories: [Green, Black]',
        '      series: [{ name: Minutes, values: [3, 6] }]',
        '      sources: [iso-3103-2019]',
        '    notes: The standard steeps for six minutes.',
        '  - layout: figure',
        '    title: A cup by the standard',
        '    diagram:',
        '      alt: Weigh the leaf, pour the water, steep six minutes.',
        '      mermaid: |',
        '        flowchart LR',
        '          Weigh --> Pour --> Steep',
        '    sources: [iso-3103-2019]',
        '    notes: Three steps.',
        '',
      ].join('\n'),
    )
    const built = await talkdeck(bin, ['build', 'rich'], project)
    expect(built.code, built.stderr).toBe(EXIT_CODES.ok)
    const html = readFileSync(path.join(project, 'dist', 'rich', 'index.html'), 'utf8')
    expect(html).toMatch(/<figure class="td-chart td-chart-bar">[\s\S]*?<svg /)
    expect(html).toMatch(/class="td-diagram[^"]*"[\s\S]*?<svg /)
  }, 180_000)

  it('exports PDF, PNG and a handout', async () => {
    const exported = await talkdeck(bin, ['export', '--format', 'pdf,png,handout', '--per-page', '3'], project)
    expect(exported.code, exported.stderr).toBe(EXIT_CODES.ok)
    const dist = path.join(project, 'dist')
    for (const file of ['talk.pdf', 'briefing.pdf', 'talk.handout.pdf', 'talk/001.png', 'briefing/001.png']) expect(existsSync(path.join(dist, file)), file).toBe(true)
  }, 240_000)
})
