/**
 * `export --format md`: the deck as a Markdown outline for reviewers and mails — title, each
 * slide's heading, points, notes, numbered sources with their URLs — written without a browser.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startDevServer } from '../src/vite/server.js'
import { copyProject, FIXTURES, runCli, tempDir } from './helpers.js'

describe('export --format md', () => {
  const project = copyProject(path.join(FIXTURES, 'community-garden'))
  const scratch = tempDir()
  afterAll(() => {
    project.cleanup()
    scratch.cleanup()
  })
  // A "browser" that leaves a mark when anything starts it.
  const marker = path.join(scratch.dir, 'browser-started')
  const fakeBrowser = path.join(scratch.dir, 'chromium')
  writeFileSync(fakeBrowser, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`)
  chmodSync(fakeBrowser, 0o755)
  const env = { TALKDECK_BROWSER: fakeBrowser }

  it('writes the outline and starts no browser', async () => {
    const run = await runCli(['export', '--root', project.dir, '--format', 'md'], { env })
    expect(run.code, run.stderr).toBe(0)
    expect(existsSync(marker)).toBe(false)
    const outline = readFileSync(path.join(project.dir, 'dist', 'garden.md'), 'utf8')
    expect(outline).toMatch(/^# Our community garden\n/)
    expect(outline).toContain('A. Neighbour')
    // Each slide's heading, numbered as in the deck; the items of a slide under it.
    expect(outline).toMatch(/^## 1\. Our community garden$/m)
    expect(outline).toMatch(/^## 2\. .+$/m)
    expect(outline).toMatch(/^### Beds for the primary school \(.+\)$/m)
    expect(outline).toContain('Two beds where a class grows beans and learns where food comes from.')
    expect(outline).toContain('Notes: Welcome, neighbours.')
    // The sources once, numbered, with their addresses; slides cite them by number.
    expect(outline).toMatch(/^## Sources\n\n1\. \[[^\]]+\]\(https:\/\/example\.org\/[^)]+\) — /m)
    expect(outline).toContain('[Garden meeting minutes, September 2026](https://example.org/garden/minutes-2026-09)')
    expect(outline).toMatch(/^Sources: \[\d+\]/m)
    // The sources slide is that list, not a slide of its own.
    expect(outline).not.toMatch(/^## \d+\. Sources/m)
  }, 60_000)

  it('starts no browser for a deck with a Mermaid diagram either: the outline keeps its source', async () => {
    const ferry = copyProject(path.join(FIXTURES, 'river-ferry'))
    try {
      const run = await runCli(['export', '--root', ferry.dir, '--format', 'md'], { env })
      expect(run.code, run.stderr).toBe(0)
      expect(existsSync(marker)).toBe(false)
    } finally {
      ferry.cleanup()
    }
  }, 60_000)

  it('dev serves the outline as it is now, and its first page links every format it serves', async () => {
    const server = await startDevServer({ root: project.dir, port: 0, host: '127.0.0.1', browser: { explicit: fakeBrowser } })
    try {
      const response = await fetch(new URL('/garden.md', server.url))
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toContain('text/markdown')
      expect(await response.text()).toMatch(/^# Our community garden\n/)
      const index = await (await fetch(server.url)).text()
      for (const file of ['garden.pdf', 'garden.handout.pdf', 'garden.pptx', 'garden.md']) expect(index).toContain(`href="/${file}"`)
      expect(existsSync(marker)).toBe(false)
    } finally {
      await server.close()
    }
  }, 60_000)
  it('the same run with a format drawn by the browser starts it (the mark works)', async () => {
    const run = await runCli(['export', '--root', project.dir, '--format', 'md,pdf'], { env })
    expect(run.code).toBe(4)
    expect(existsSync(marker)).toBe(true)
  }, 60_000)


  it('carries block Markdown and tables as GFM', async () => {
    const bread = copyProject(path.join(FIXTURES, 'bread-baking'))
    try {
      const run = await runCli(['export', '--root', bread.dir, '--format', 'md'], { env })
      expect(run.code, run.stderr).toBe(0)
      const outline = readFileSync(path.join(bread.dir, 'dist', 'baking.md'), 'utf8')
      expect(outline).toContain('| Flour | Protein | Best for |\n| --- | ---: | --- |\n| Cake flour | 8 % | Sponges |')
      expect(outline).toContain('| All-purpose | 10 % | Most **home** baking |')
      expect(outline).toContain('*Typical protein per 100 g of flour*')
      expect(outline).toContain('| 800 g | 230 °C | 40 min | 96 °C |')
    } finally {
      bread.cleanup()
    }
  }, 60_000)
})
