import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { isInside, realPathOf } from '../data/read-file.js'
import type { BrowserPage } from './page.js'

export interface NetworkPolicy {
  /** Let pages reach other machines; by default only file://, data: and loopback URLs load. */
  allowNetwork?: boolean
  /** Called once per request to another machine that was blocked. */
  onBlockedRequest?: (url: string, page: BrowserPage) => void
}

const LOCAL = /^(https?|wss?):\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/i
const NETWORK = /^(https?|wss?|ftp):/i

/**
 * Exports and checks reach no other machine unless asked: a deck's look must not depend on the
 * network, and a template's script must not phone home. The block is the browser's own, below
 * anything a page can do: every connection Chromium would make goes to a proxy that closes it —
 * requests, `fetch`, EventSource, WebSockets, also from workers — WebRTC may use no UDP (and TCP
 * only through that proxy), QUIC is off, and no host name is looked up. Loopback addresses
 * bypass proxies, as Chromium always does, so a local server still works.
 */
export function offlineSwitches(proxyPort: number): string[] {
  return [
    `--proxy-server=http://127.0.0.1:${proxyPort}`,
    // Full Chromium reads the first, chrome-headless-shell the second.
    '--webrtc-ip-handling-policy=disable_non_proxied_udp',
    '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
    '--disable-quic',
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost',
  ]
}

/** The proxy of `offlineSwitches`: on the loopback address, it closes every connection at once. */
export async function startClosedProxy(): Promise<{ port: number; close(): void }> {
  const server = createServer((socket) => socket.destroy())
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  // It must not keep a finished run alive.
  server.unref()
  const address = server.address()
  return { port: typeof address === 'object' && address ? address.port : 0, close: () => void server.close() }
}

/** Tells `policy` of every request of `page` to another machine: the block makes it fail, this names it. */
export async function reportBlockedRequests(page: BrowserPage, policy: NetworkPolicy): Promise<void> {
  const onBlocked = policy.onBlockedRequest
  if (policy.allowNetwork || !onBlocked) return
  await page.watchRequests((url) => {
    if (NETWORK.test(url) && !LOCAL.test(url)) onBlocked(url, page)
  })
}

/**
 * Whether a page may read the file at `url`: one in `folders` (talkdeck's own, the run's temporary
 * folder, the page's project's), symbolic links followed. A layout's
 * `<iframe src="file:///etc/passwd">` must not put the file into an export.
 */
export function mayReadFile(url: string, folders: readonly string[]): boolean {
  let file: string
  try {
    file = realPathOf(fileURLToPath(url))
  } catch {
    return false
  }
  return folders.some((folder) => isInside(file, folder))
}
