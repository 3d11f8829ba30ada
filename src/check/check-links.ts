/**
 * `check --links`: asks every source URL whether it is still there. Opt-in, because it goes
 * online; requests run a few at a time, each with a timeout, and nothing is downloaded beyond the
 * headers (HEAD, or GET when a server refuses HEAD).
 */
import type { Problem } from '../errors.js'
import type { Dataset } from '../data/load-dataset.js'

export interface LinkCheckOptions {
  /** Seconds one request may take. @default 10 */
  timeoutSeconds?: number
  /** Requests at the same time. @default 8 */
  concurrency?: number
}

type LinkStatus = { kind: 'ok' } | { kind: 'redirect'; to: string; status: number } | { kind: 'dead'; reason: string; network?: boolean }

/**
 * Failures below HTTP: no name resolution, no route, no connection. One source failing so is a
 * dead host; every source failing so is this machine being offline.
 */
const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'ENETDOWN', 'EHOSTUNREACH', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT'])

async function probe(url: string, timeoutSeconds: number): Promise<LinkStatus> {
  const ask = (method: 'HEAD' | 'GET') =>
    fetch(url, { method, redirect: 'manual', signal: AbortSignal.timeout(timeoutSeconds * 1000), headers: { 'user-agent': 'talkdeck check --links' } })
  try {
    let response = await ask('HEAD')
    // Some servers refuse HEAD; the same question with GET (the body is not read).
    if (response.status === 405 || response.status === 501 || response.status === 403) response = await ask('GET')
    await response.body?.cancel()
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location')
      return location ? { kind: 'redirect', to: new URL(location, url).href, status: response.status } : { kind: 'dead', reason: `HTTP ${response.status} without a Location` }
    }
    if (response.status >= 400) return { kind: 'dead', reason: `HTTP ${response.status}` }
    return { kind: 'ok' }
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code
    const timedOut = (error as Error).name === 'TimeoutError'
    const reason = timedOut ? `no answer in ${timeoutSeconds} s` : cause ?? (error as Error).message
    return { kind: 'dead', reason, network: timedOut || (cause !== undefined && NETWORK_CODES.has(cause)) }
  }
}

/**
 * One warning per source whose URL is dead or redirects, at the source's line. When no source got
 * an answer and every one failed below HTTP (no DNS, no route), the machine is offline: that is
 * said once, at the first sources file, instead of one "ENOTFOUND" per source.
 */
export async function checkLinks(datasets: Dataset[], options: LinkCheckOptions = {}): Promise<Problem[]> {
  const sources = datasets.flatMap((dataset) => [...dataset.sources.values()])
  const timeout = options.timeoutSeconds ?? 10
  const results: Problem[][] = new Array(sources.length)
  const statuses: LinkStatus[] = []
  let next = 0
  const worker = async () => {
    while (next < sources.length) {
      const index = next++
      const located = sources[index]
      if (!located) continue
      const { source, location } = located
      const status = await probe(source.url, timeout)
      statuses.push(status)
      const at = { severity: 'warning' as const, file: location.file, ...(location.line !== undefined ? { line: location.line } : {}) }
      results[index] =
        status.kind === 'dead'
          ? [{ ...at, code: 'dead-link', message: `source "${source.id}": ${source.url} is unreachable (${status.reason})${source.archived ? `; the archived copy is ${source.archived}` : '; add an "archived:" copy or replace the source'}` }]
          : status.kind === 'redirect'
            ? [{ ...at, code: 'redirect', message: `source "${source.id}": ${source.url} redirects (${status.status}) to ${status.to}; cite where it leads if that is the same page` }]
            : []
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, sources.length)) }, worker))
  const first = sources[0]
  if (first && sources.length > 1 && statuses.every((status) => status.kind === 'dead' && status.network)) {
    const reasons = [...new Set(statuses.map((status) => (status.kind === 'dead' ? status.reason : '')))].join(', ')
    return [
      {
        severity: 'warning',
        code: 'offline',
        file: first.location.file,
        message: `links not checked: none of the ${sources.length} source URLs could be reached (${reasons}) — this machine seems to be offline; run "check --links" again with a network`,
      },
    ]
  }
  return results.flat()
}
