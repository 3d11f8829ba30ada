import { accessSync, constants, statSync } from 'node:fs'
import path from 'node:path'
import { BrowserError } from '../errors.js'

export interface BrowserCandidate {
  path: string
  /** Where the path came from, for the "not found" message. */
  origin: string
}

export interface FindBrowserOptions {
  /** `--browser PATH`: wins over everything else. */
  explicit?: string
  env?: NodeJS.ProcessEnv
  platform?: NodeJS.Platform
  isExecutable?: (file: string) => boolean
}

/**
 * Well-known install paths, fastest first: chrome-headless-shell starts in about half the time of
 * a full browser, and any Chromium-based browser prints the same PDF.
 */
function wellKnownPaths(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') {
    const apps = ['/Applications', path.join(env.HOME ?? '', 'Applications')]
    const bundles = [
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Chromium.app/Contents/MacOS/Chromium',
      'Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary',
      'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      'Brave Browser.app/Contents/MacOS/Brave Browser',
    ]
    return apps.flatMap((dir) => bundles.map((bundle) => path.join(dir, bundle)))
  }
  if (platform === 'win32') {
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter((r): r is string => !!r)
    const relative = [
      'Google\\Chrome\\Application\\chrome.exe',
      'Chromium\\Application\\chrome.exe',
      'Microsoft\\Edge\\Application\\msedge.exe',
      'BraveSoftware\\Brave-Browser\\Application\\brave.exe',
    ]
    return roots.flatMap((root) => relative.map((file) => path.win32.join(root, file)))
  }
  return [
    '/usr/bin/chromium-headless-shell',
    '/usr/lib/chromium/chromium-headless-shell',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/opt/google/chrome/chrome',
    '/usr/bin/microsoft-edge',
    '/snap/bin/chromium',
  ]
}

const INSTALL_HINT = [
  'Install one (Debian/Ubuntu: sudo apt-get install chromium; macOS: brew install --cask chromium),',
  'or point talkdeck at one with --browser PATH or TALKDECK_BROWSER=PATH. talkdeck never downloads a browser.',
].join('\n')

const PATH_NAMES = ['chrome-headless-shell', 'chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'chrome', 'msedge', 'microsoft-edge']

function defaultIsExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return statSync(file).isFile()
  } catch {
    return false
  }
}

/** Every place a browser is looked for, in order: --browser, TALKDECK_BROWSER, CHROME_PATH, install paths, PATH. */
export function browserCandidates(options: FindBrowserOptions = {}): BrowserCandidate[] {
  const env = options.env ?? process.env
  const platform = options.platform ?? process.platform
  const candidates: BrowserCandidate[] = []
  if (options.explicit) candidates.push({ path: options.explicit, origin: '--browser' })
  if (env.TALKDECK_BROWSER) candidates.push({ path: env.TALKDECK_BROWSER, origin: 'TALKDECK_BROWSER' })
  if (env.CHROME_PATH) candidates.push({ path: env.CHROME_PATH, origin: 'CHROME_PATH' })
  for (const file of wellKnownPaths(platform, env)) candidates.push({ path: file, origin: 'install path' })
  const separator = platform === 'win32' ? ';' : ':'
  const extension = platform === 'win32' ? '.exe' : ''
  for (const directory of (env.PATH ?? '').split(separator).filter(Boolean)) {
    for (const name of PATH_NAMES) candidates.push({ path: path.join(directory, name + extension), origin: 'PATH' })
  }
  return candidates
}

export function findBrowser(options: FindBrowserOptions = {}): BrowserCandidate {
  const isExecutable = options.isExecutable ?? defaultIsExecutable
  const candidates = browserCandidates(options)
  // A browser the user named must exist: silently falling back to another would surprise them.
  const named = candidates.find((c) => c.origin !== 'install path' && c.origin !== 'PATH')
  if (named && !isExecutable(named.path)) {
    throw new BrowserError(
      `the browser given by ${named.origin} is not an executable file: ${named.path}\n${INSTALL_HINT}`,
    )
  }
  const found = candidates.find((candidate) => isExecutable(candidate.path))
  if (found) return found
  const env = options.env ?? process.env
  throw new BrowserError(
    [
      'no Chrome, Chromium, chrome-headless-shell or Edge found. Searched, in order:',
      '  --browser PATH, TALKDECK_BROWSER, CHROME_PATH (none set)',
      ...wellKnownPaths(options.platform ?? process.platform, env).map((file) => `  ${file}`),
      `  ${PATH_NAMES.join(', ')} on PATH`,
      INSTALL_HINT,
    ].join('\n'),
  )
}
