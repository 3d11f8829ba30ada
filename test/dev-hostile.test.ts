/**
 * `talkdeck dev` under hostile input and requests (issue 11): it serves exactly the HTML `build`
 * writes (no transform that decodes attributes), refuses links that are scripts, does not serve
 * files outside the project reached through symbolic links, keeps Vite's Host check and CORS rule,
 * says which port it took, and exits 130 on Ctrl-C.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../src/errors.js'
import { startDevServer, type DevServer } from '../src/vite/server.js'
import { FIXTURES, REPO, browserPath, copyProject, tempDir } from './helpers.js'

const project = copyProject(path.join(FIXTURES, 'tea-project'))
const outside = tempDir()
const servers: DevServer[] = []
let server: DevServer
let browser: Browser | undefined

const file = (...parts: string[]) => path.join(project.dir, ...parts)
const SECRET = 'not for the dev server'

/** The payloads a shared dataset could carry in its text and image fields. */
const PAYLOADS = {
  alt: '" onerror="window.pwned = 1',
  src: 'https://example.org/cup.png" onerror="window.pwned = 2',
  title: '<img src=x onerror="window.pwned = 3">',
}

beforeAll(async () => {
  const advantages = file('data', 'tea', 'advantages.yaml')
  writeFileSync(
    advantages,
    readFileSync(advantages, 'utf8').replace(
      '  audience: [general]',
      `  image: { src: ${JSON.stringify(PAYLOADS.src)}, alt: ${JSON.stringify(PAYLOADS.alt)} }\n  audience: [general]`,
    ).replace('title: Repeatable cups', `title: ${JSON.stringify(`Repeatable cups ${PAYLOADS.title}`)}`),
  )
  // A second deck with a remote picture of its own, and a third whose text links to a script.
  writeFileSync(file('decks', 'remote.yaml'), 'title: Remote\ndata: tea\nslides:\n  - layout: bullets\n    title: A remote picture\n    image: { src: "https://example.org/tea.png", alt: Tea }\n    sources: [iso-3103]\n    notes: Look.\n')
  writeFileSync(file('decks', 'scripted.yaml'), 'title: Scripted\ndata: tea\nslides:\n  - layout: title\n    text: "[click](javascript:alert(1))"\n    notes: No.\n')
  writeFileSync(path.join(outside.dir, 'secret.txt'), SECRET)
  symlinkSync(path.join(outside.dir, 'secret.txt'), file('data', 'tea', 'linked.txt'))
  mkdirSync(file('data', 'tea', 'pictures'))
  symlinkSync(outside.dir, file('data', 'tea', 'pictures', 'elsewhere'))
  writeFileSync(file('data', 'tea', 'pictures', 'own.txt'), 'the project\'s own')
  server = await startDevServer({ root: project.dir, port: 0, host: '127.0.0.1' })
  servers.push(server)
}, 120_000)

afterAll(async () => {
  await browser?.close()
  for (const started of servers) await started.close()
  project.cleanup()
  outside.cleanup()
})

/** A GET with any Host and Origin, which fetch() would not send. */
function request(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (response) => {
      let body = ''
      response.on('data', (chunk) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }))
    })
    req.on('error', reject)
  })
}
const at = (urlPath: string, base = server.url) => new URL(urlPath, base).href

describe('talkdeck dev serves what build writes', () => {
  it('an onerror payload in an image or a title does not run, and remote images keep their URL', async () => {
    const html = (await request(at('/tea-talk/'))).body
    // Escaped as build escapes it: served as rendered, with no HTML transform decoding it.
    expect(html).toContain('src="https://example.org/cup.png&quot; onerror&#x3D;&quot;window.pwned &#x3D; 2"')
    expect(html).toContain('alt="&quot; onerror&#x3D;&quot;window.pwned &#x3D; 1"')
    expect(html).not.toContain('/@fs/https:')
    expect(html).not.toMatch(/<img[^>]* onerror=/)
    expect((await request(at('/remote/'))).body).toContain('<img data-pptx="picture" src="https://example.org/tea.png" alt="Tea">')

    browser = await chromium.launch({ executablePath: browserPath(), args: ['--no-sandbox'] })
    const page = await browser.newPage()
    await page.goto(at('/tea-talk/#/repeatable'))
    await page.waitForFunction(() => (window as unknown as { talkdeck?: { reveal?: { isReady(): boolean } } }).talkdeck?.reveal?.isReady() === true, null, { timeout: 30_000 })
    // Images fail to load (no network here), which is when an onerror would run.
    await page.waitForTimeout(500)
    const seen = await page.evaluate(() => ({
      pwned: (window as unknown as { pwned?: number }).pwned ?? null,
      handlers: document.querySelectorAll('[onerror]').length,
      heading: document.querySelector('section.present h2')?.textContent ?? '',
    }))
    expect(seen.pwned).toBeNull()
    expect(seen.handlers).toBe(0)
    // Shown as text (with typographic quotes), not made an element.
    expect(seen.heading).toMatch(/^Repeatable cups <img src=x onerror=.window\.pwned = 3.>$/)
  })

  it('a javascript: link in a deck is an error at its line, not a link', async () => {
    const response = await request(at('/scripted/'))
    expect(response.status).toBe(500)
    expect(response.body).toMatch(/scripted\.yaml:5:12: error: link to &quot;javascript:alert\(1\)&quot;/)
    expect(response.body).not.toMatch(/href="javascript:/)
  })
})

describe('talkdeck dev serves only the project\'s files', () => {
  it('a file reached through a symbolic link out of the project is refused (403) unless --allow-path names its folder', async () => {
    for (const urlPath of [
      '/data/tea/linked.txt',
      `/@fs${file('data', 'tea', 'linked.txt')}`,
      `/@fs${file('data', 'tea', 'pictures', 'elsewhere', 'secret.txt')}`,
      '/data/tea/pictures/elsewhere/secret.txt',
      `/@fs${path.join(outside.dir, 'secret.txt')}`,
    ]) {
      const response = await request(at(urlPath))
      expect(response.status, urlPath).toBe(403)
      expect(response.body, urlPath).not.toContain(SECRET)
    }
    expect((await request(at('/data/tea/pictures/own.txt'))).body).toBe('the project\'s own')
    expect((await request(at(`/@fs${file('data', 'tea', 'pictures', 'own.txt')}`))).body).toBe('the project\'s own')

    // --allow-path lets a linked folder in.
    const allowing = await startDevServer({ root: project.dir, port: 0, host: '127.0.0.1', allowPaths: [outside.dir] })
    servers.push(allowing)
    const response = await request(at('/data/tea/linked.txt', allowing.url))
    expect(response.status).toBe(200)
    expect(response.body).toBe(SECRET)
  })

  it('talkdeck\'s own package is not served, only the client files a deck loads (issue 24)', async () => {
    for (const urlPath of ['src/cli.ts', 'package.json', 'lib/cli-bundle/cli.js', 'node_modules/js-yaml/package.json', 'templates/layouts/title.hbs']) {
      const response = await request(at(`/@fs${path.join(REPO, urlPath)}`))
      expect(response.status, urlPath).toBe(403)
    }
    browser ??= await chromium.launch({ executablePath: browserPath(), args: ['--no-sandbox'] })
    const page = await browser.newPage()
    // What the dev server itself failed to give; the deck's remote pictures fail here for want of a network.
    const refused: string[] = []
    const ours = (url: string) => new URL(url).origin === new URL(server.url).origin
    page.on('response', (response) => {
      if (response.status() >= 400 && ours(response.url())) refused.push(`${response.status()} ${response.url()}`)
    })
    page.on('requestfailed', (failed) => {
      if (ours(failed.url())) refused.push(`${failed.failure()?.errorText} ${failed.url()}`)
    })
    const loaded: string[] = []
    page.on('requestfinished', (finished) => loaded.push(finished.url()))
    await page.goto(at('/tea-talk/'))
    await page.waitForFunction(() => (window as unknown as { talkdeck?: { reveal?: { isReady(): boolean } } }).talkdeck?.reveal?.isReady() === true, null, { timeout: 30_000 })
    await page.evaluate(() => document.fonts.ready.then(() => undefined))
    await page.close()
    expect(refused).toEqual([])
    // The runtime, Vite's client and the fonts came from the package.
    expect(loaded.filter((url) => url.includes('/lib/client/fonts/')).length).toBeGreaterThan(0)
    expect(loaded.some((url) => url.endsWith('/lib/client/talkdeck.js'))).toBe(true)
  })

  it('keeps Vite\'s Host check (DNS rebinding) and its CORS rule', async () => {
    expect((await request(at('/tea-talk/'), { host: 'evil.example' })).status).toBe(403)
    const foreign = await request(at('/tea-talk/'), { origin: 'http://evil.example' })
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined()
    const local = await request(at('/tea-talk/'), { origin: 'http://127.0.0.1:9999' })
    expect(local.headers['access-control-allow-origin']).toBe('http://127.0.0.1:9999')
  })

  it('listens on 127.0.0.1 by default', async () => {
    const { DEFAULTS } = await import('../src/defaults.js')
    expect(DEFAULTS.host).toBe('127.0.0.1')
  })
})

describe('talkdeck dev: ports and signals', () => {
  const port = () => new URL(server.url).port

  it('--strict-port fails on a taken port; without it the next free port is taken', async () => {
    const taken = Number(port())
    await expect(startDevServer({ root: project.dir, port: taken, strictPort: true, host: '127.0.0.1' })).rejects.toThrow(ConfigError)
    await expect(startDevServer({ root: project.dir, port: taken, strictPort: true, host: '127.0.0.1' })).rejects.toThrow(`could not listen on 127.0.0.1:${taken}: the port is taken`)
    const next = await startDevServer({ root: project.dir, port: taken, host: '127.0.0.1' })
    servers.push(next)
    expect(next.port).not.toBe(taken)
    expect(next.url).toBe(`http://127.0.0.1:${next.port}/`)
  })

  it('the CLI says which port it took, and exits 130 on SIGINT', async () => {
    const child = spawn(process.execPath, [path.join(REPO, 'bin', 'talkdeck.js'), 'dev', '--root', project.dir, '--port', port()], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    const listening = new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString()
        if (/talkdeck dev: http:/.test(stderr)) resolve()
      })
    })
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    await listening
    expect(stderr).toMatch(new RegExp(`talkdeck dev: port ${port()} is taken; using (\\d+)`))
    const taken = /using (\d+)/.exec(stderr)?.[1]
    expect(stderr).toContain(`talkdeck dev: http://127.0.0.1:${taken}/`)
    child.kill('SIGINT')
    expect(await exited).toBe(130)
  })

  it('the CLI with --strict-port exits 2 on a taken port, without a stack trace', async () => {
    const child = spawn(process.execPath, [path.join(REPO, 'bin', 'talkdeck.js'), 'dev', '--root', project.dir, '--port', port(), '--strict-port'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)))
    expect(code, stderr).toBe(2)
    expect(stderr).toContain(`talkdeck: could not listen on 127.0.0.1:${port()}: the port is taken`)
    expect(stderr).not.toMatch(/^\s{4}at /m)
  })
})
