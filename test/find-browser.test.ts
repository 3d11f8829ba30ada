/**
 * Where talkdeck looks for a browser, and what it says when there is none. `isExecutable` is
 * injected, so every platform's search runs here whatever this machine has installed.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BrowserError, EXIT_CODES } from '../src/errors.js'
import { browserCandidates, findBrowser } from '../src/browser/find-browser.js'

const nothing = () => false
const only = (...files: string[]) => (file: string) => files.includes(file)

function notFound(options: Parameters<typeof findBrowser>[0]): BrowserError {
  try {
    findBrowser(options)
  } catch (error) {
    expect(error).toBeInstanceOf(BrowserError)
    return error as BrowserError
  }
  throw new Error('findBrowser found a browser where none should be')
}

/** Each string occurs in the text, in this order. */
function expectInOrder(text: string, parts: string[]): void {
  let from = 0
  for (const part of parts) {
    const at = text.indexOf(part, from)
    expect(at, `"${part}" after position ${from} in:\n${text}`).toBeGreaterThanOrEqual(0)
    from = at + part.length
  }
}

const LINUX_INSTALL_PATHS = browserCandidates({ platform: 'linux', env: {} }).map((c) => c.path)

describe('findBrowser: order of precedence', () => {
  const env = { TALKDECK_BROWSER: '/env/talkdeck-browser', CHROME_PATH: '/env/chrome-path', PATH: '/path-a:/path-b' }
  const all = () => true

  it('--browser wins over everything else', () => {
    expect(findBrowser({ explicit: '/flag/chrome', env, platform: 'linux', isExecutable: all })).toEqual({ path: '/flag/chrome', origin: '--browser' })
  })

  it('then TALKDECK_BROWSER', () => {
    expect(findBrowser({ env, platform: 'linux', isExecutable: all })).toEqual({ path: '/env/talkdeck-browser', origin: 'TALKDECK_BROWSER' })
  })

  it('then CHROME_PATH', () => {
    expect(findBrowser({ env: { CHROME_PATH: env.CHROME_PATH, PATH: env.PATH }, platform: 'linux', isExecutable: all })).toEqual({ path: '/env/chrome-path', origin: 'CHROME_PATH' })
  })

  it('then the install paths, fastest first (chrome-headless-shell before chromium before Chrome)', () => {
    const found = findBrowser({ env: { PATH: env.PATH }, platform: 'linux', isExecutable: all })
    expect(found).toEqual({ path: '/usr/bin/chromium-headless-shell', origin: 'install path' })
    expect(findBrowser({ env: {}, platform: 'linux', isExecutable: only('/usr/bin/google-chrome', '/usr/bin/chromium') }).path).toBe('/usr/bin/chromium')
    expect(findBrowser({ env: {}, platform: 'linux', isExecutable: only('/snap/bin/chromium', '/opt/google/chrome/chrome') }).path).toBe('/opt/google/chrome/chrome')
  })

  it('then PATH, directory by directory, and only after every install path', () => {
    const candidates = browserCandidates({ env: { PATH: '/path-a:/path-b' }, platform: 'linux' })
    const firstPath = candidates.findIndex((c) => c.origin === 'PATH')
    expect(candidates.slice(0, firstPath).every((c) => c.origin === 'install path')).toBe(true)
    expect(findBrowser({ env: { PATH: '/path-a:/path-b' }, platform: 'linux', isExecutable: only('/path-b/chromium', '/path-a/google-chrome') })).toEqual({ path: '/path-a/google-chrome', origin: 'PATH' })
    expect(findBrowser({ env: { PATH: '/path-a:/path-b' }, platform: 'linux', isExecutable: only('/path-b/chromium', '/usr/bin/google-chrome') })).toEqual({ path: '/usr/bin/google-chrome', origin: 'install path' })
  })

  it('lists the candidates in exactly that order', () => {
    const origins = browserCandidates({ explicit: '/flag/chrome', env, platform: 'linux' }).map((c) => c.origin)
    const firstOf = (origin: string) => origins.indexOf(origin)
    expect(origins.slice(0, 3)).toEqual(['--browser', 'TALKDECK_BROWSER', 'CHROME_PATH'])
    expect(firstOf('install path')).toBe(3)
    expect(firstOf('PATH')).toBeGreaterThan(origins.lastIndexOf('install path'))
  })

  it('ignores empty variables', () => {
    expect(findBrowser({ env: { TALKDECK_BROWSER: '', CHROME_PATH: '' }, platform: 'linux', isExecutable: only('/usr/bin/chromium') })).toEqual({ path: '/usr/bin/chromium', origin: 'install path' })
  })
})

describe('findBrowser: a browser the user named must exist', () => {
  const installed = only('/usr/bin/chromium')

  it.each([
    ['--browser', { explicit: '/nonexistent/chrome', env: {} }, '/nonexistent/chrome'],
    ['TALKDECK_BROWSER', { env: { TALKDECK_BROWSER: '/nonexistent' } }, '/nonexistent'],
    ['CHROME_PATH', { env: { CHROME_PATH: '/opt/missing/chrome' } }, '/opt/missing/chrome'],
  ])('%s pointing nowhere is an error, not a silent fall-back to an installed browser', (origin, options, file) => {
    const error = notFound({ ...options, platform: 'linux', isExecutable: installed })
    expect(error.exitCode).toBe(EXIT_CODES.browser)
    expect(error.message).toContain(origin)
    expect(error.message).toContain(file)
  })

  it('a named browser that exists wins even if a lower-precedence variable is wrong', () => {
    expect(findBrowser({ explicit: '/usr/bin/chromium', env: { TALKDECK_BROWSER: '/nonexistent' }, platform: 'linux', isExecutable: installed })).toEqual({ path: '/usr/bin/chromium', origin: '--browser' })
  })
})

describe('findBrowser: nothing found', () => {
  it('linux: a BrowserError (exit 4) listing what was searched, in order, and how to install one', () => {
    const error = notFound({ env: { PATH: '/nonexistent-only' }, platform: 'linux', isExecutable: nothing })
    expect(error.exitCode).toBe(EXIT_CODES.browser)
    expectInOrder(error.message, ['--browser', 'TALKDECK_BROWSER', 'CHROME_PATH', ...LINUX_INSTALL_PATHS, 'chrome-headless-shell', 'chromium', 'google-chrome', 'on PATH'])
    expect(LINUX_INSTALL_PATHS).toEqual(expect.arrayContaining(['/usr/bin/chromium-headless-shell', '/usr/bin/chromium', '/usr/bin/google-chrome-stable', '/snap/bin/chromium']))
    expect(error.message).toContain('apt-get install chromium')
    expect(error.message).toMatch(/never downloads/)
    expect(error.stack).toBeDefined() // the CLI shows the message only; see export-failures.test.ts
  })

  it('darwin: searches /Applications and ~/Applications bundles and suggests Homebrew', () => {
    const env = { HOME: '/Users/ada', PATH: '/usr/local/bin:/opt/homebrew/bin' }
    const error = notFound({ env, platform: 'darwin', isExecutable: nothing })
    expectInOrder(error.message, [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      '/Users/ada/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    ])
    expect(error.message).not.toContain('/usr/bin/chromium')
    expect(error.message).toContain('brew install')
    const found = findBrowser({ env, platform: 'darwin', isExecutable: only('/Users/ada/Applications/Chromium.app/Contents/MacOS/Chromium', '/opt/homebrew/bin/chromium') })
    expect(found).toEqual({ path: '/Users/ada/Applications/Chromium.app/Contents/MacOS/Chromium', origin: 'install path' })
    expect(findBrowser({ env, platform: 'darwin', isExecutable: only('/opt/homebrew/bin/chromium') })).toEqual({ path: '/opt/homebrew/bin/chromium', origin: 'PATH' })
  })

  it('win32: searches Program Files and LocalAppData, and PATH split on ";" with .exe names', () => {
    const env = {
      LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local',
      PROGRAMFILES: 'C:\\Program Files',
      'PROGRAMFILES(X86)': 'C:\\Program Files (x86)',
      PATH: 'C:\\Tools;D:\\Bin',
    }
    const error = notFound({ env, platform: 'win32', isExecutable: nothing })
    expect(error.exitCode).toBe(EXIT_CODES.browser)
    expectInOrder(error.message, [
      'C:\\Users\\ada\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe',
      'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    ])
    expect(error.message).not.toContain('/usr/bin/chromium')
    const onPath = browserCandidates({ env, platform: 'win32' }).filter((c) => c.origin === 'PATH').map((c) => c.path)
    expect(onPath.length).toBeGreaterThan(0)
    expect(onPath.every((file) => /^(C:\\Tools|D:\\Bin)[\\/][a-z-]+\.exe$/.test(file))).toBe(true)
    const edgeOnPath = onPath.find((file) => file.startsWith('D:\\Bin') && file.endsWith('msedge.exe'))!
    expect(findBrowser({ env, platform: 'win32', isExecutable: only(edgeOnPath) })).toEqual({ path: edgeOnPath, origin: 'PATH' })
    expect(findBrowser({ env, platform: 'win32', isExecutable: only(edgeOnPath, 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe') }).origin).toBe('install path')
  })

  it('win32 without any Program Files variable still explains itself', () => {
    const error = notFound({ env: {}, platform: 'win32', isExecutable: nothing })
    expect(error.message).toContain('--browser PATH')
    expect(error.message).toMatch(/on PATH/)
  })
})

describe('findBrowser with the real file system', () => {
  let dir = ''
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'talkdeck-find-browser-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('accepts an executable file', () => {
    const file = path.join(dir, 'fake-chrome')
    writeFileSync(file, '#!/bin/sh\n')
    chmodSync(file, 0o755)
    expect(findBrowser({ explicit: file, env: {} })).toEqual({ path: file, origin: '--browser' })
  })

  it('rejects a file that is not executable', () => {
    const file = path.join(dir, 'not-executable')
    writeFileSync(file, 'text')
    chmodSync(file, 0o644)
    expect(() => findBrowser({ explicit: file, env: {} })).toThrow(/not an executable file/)
  })

  it('rejects a directory, such as a macOS .app bundle given instead of the binary inside it', () => {
    const bundle = path.join(dir, 'Chromium.app')
    mkdirSync(bundle, { recursive: true })
    expect(() => findBrowser({ explicit: bundle, env: {} })).toThrow(/not an executable file/)
  })
})
