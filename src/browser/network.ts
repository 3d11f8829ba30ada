import type { BrowserContext, Page } from 'playwright-core'

export interface NetworkPolicy {
  /** Let pages load remote URLs; by default only file:// and local URLs load. */
  allowNetwork?: boolean
  /** Called once per blocked request. */
  onBlockedRequest?: (url: string, page: Page) => void
}

const LOCAL = /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//i

/** Exports and checks load nothing from the network unless asked: a deck's look must not depend on it. */
export async function applyNetworkPolicy(context: BrowserContext, policy: NetworkPolicy): Promise<void> {
  if (policy.allowNetwork) return
  await context.route(/^(https?|ftp):\/\//i, async (route) => {
    const url = route.request().url()
    if (LOCAL.test(url)) return route.continue()
    policy.onBlockedRequest?.(url, route.request().frame().page())
    await route.abort('blockedbyclient')
  })
}
