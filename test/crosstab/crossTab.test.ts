// Three tabs of one origin in real Chromium against a server whose refresh tokens rotate and whose
// reuse of a consumed refresh token revokes the whole family (issue 19). Several pages of one
// Playwright browser context share BroadcastChannel and Web Locks, as the tabs of one browser do.
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { chromium } from 'playwright'
import type { Browser, BrowserContext, Page } from 'playwright'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { chromiumLaunchOptions } from '../../scripts/chromium.mjs'
import type { CrossTabApp, PageSetup } from './page'
import { startRotatingServer } from './rotatingServer'
import type { RotatingServer } from './rotatingServer'

let server: RotatingServer
let browser: Browser
let context: BrowserContext

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./page.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  })
  server = await startRotatingServer({
    html: '<!doctype html><title>tab</title><script type="module" src="/page.js"></script>',
    script: bundle.outputFiles[0]!.text,
  })
  browser = await chromium.launch(chromiumLaunchOptions)
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

beforeEach(async () => {
  server.reset()
  await context?.close()
  context = await browser.newContext()
})

type App = Window & { crossTabApp: CrossTabApp }

/** `count` tabs of the app, each set up alike (bearer tabs hold the same signed-in pair). */
async function openTabs(count: number, setup: PageSetup): Promise<Page[]> {
  const pair = setup.mode === 'bearer' ? server.signIn() : undefined
  const pages: Page[] = []
  for (let i = 0; i < count; i++) {
    const page = await context.newPage()
    await page.goto(server.url)
    await page.waitForFunction(() => 'crossTabApp' in window)
    await page.evaluate(
      ([options, tokens]) => {
        const app = (window as unknown as App).crossTabApp
        app.setup(options)
        if (tokens) app.setTokens(tokens.accessToken, tokens.refreshToken)
      },
      [setup, pair] as const,
    )
    pages.push(page)
  }
  if (setup.mode === 'cookie')
    await pages[0]!.evaluate(() => fetch('/api/cookie/login', { method: 'POST' }))
  return pages
}

const fire = (page: Page, count: number) =>
  page.evaluate((n) => (window as unknown as App).crossTabApp.fire(n), count)
const stateOf = (page: Page) => page.evaluate(() => (window as unknown as App).crossTabApp.state())

/**
 * Expires every access token, then fires 5 requests in each tab at once. The refresh is held by the
 * server for a moment, so that every tab's requests meet the expired token before it ends.
 */
async function expiryBurst(pages: Page[]) {
  server.expireAccessTokens()
  server.delayNextRefresh(300)
  return Promise.all(pages.map((page) => fire(page, 5)))
}

describe.each(['bearer', 'cookie'] as const)('three tabs with crossTab, %s session', (mode) => {
  it('refresh once per expiry across all tabs, replay all 15 requests, and stay signed in (5 expiries)', async () => {
    const pages = await openTabs(3, { mode, crossTab: true })
    const before = server.stats()
    for (let expiry = 1; expiry <= 5; expiry++) {
      const outcomes = await expiryBurst(pages)
      expect(outcomes.flat()).toEqual(Array(15).fill('ok'))
      expect(server.stats().refreshes - before.refreshes).toBe(expiry)
    }
    const stats = server.stats()
    expect(stats.reuses).toBe(0)
    // 15 refused and 15 replayed per expiry.
    expect(stats.data[200]).toBe(75)
    expect(stats.data[401]).toBe(75)
    expect(await Promise.all(pages.map(stateOf))).toEqual(['idle', 'idle', 'idle'])
    const refreshCalls = await Promise.all(
      pages.map((page) =>
        page.evaluate(() => (window as unknown as App).crossTabApp.refreshCalls()),
      ),
    )
    expect(refreshCalls.reduce((sum, calls) => sum + calls, 0)).toBe(5)
    console.info(
      `cross-tab (${mode}): 3 pages, 5 expiries, ${stats.refreshes} refreshes, ${stats.data[200]} replays answered 200, ${stats.reuses} reuses`,
    )
  })
})

describe('three tabs without crossTab (the failure the option prevents)', () => {
  it('race to refresh with one rotating token: the server sees the reuse and revokes the family', async () => {
    const pages = await openTabs(3, { mode: 'bearer', crossTab: false })
    const outcomes = (await expiryBurst(pages)).flat()
    const stats = server.stats()
    expect(stats.refreshes).toBe(1)
    expect(stats.reuses).toBeGreaterThanOrEqual(1)
    expect(outcomes.filter((o) => o === 'unauthorized').length).toBeGreaterThan(0)
    console.info(
      `without crossTab: 3 pages, 1 expiry, ${stats.refreshes + stats.reuses} refresh attempts, ${stats.reuses} reuses, ${outcomes.filter((o) => o !== 'ok').length} of 15 requests failed`,
    )
  })
})

describe('sign-out and lost tabs', () => {
  it('a sign-out in one tab moves the other two to signed-out within 100 ms (by the browser clock)', async () => {
    const pages = await openTabs(3, { mode: 'bearer', crossTab: true })
    const signedOutAt = await pages[0]!.evaluate(() =>
      (window as unknown as App).crossTabApp.signOut(),
    )
    for (const page of pages.slice(1)) {
      await page.waitForFunction(
        () => (window as unknown as App).crossTabApp.state() === 'signed-out',
      )
      const changes = await page.evaluate(() =>
        (window as unknown as App).crossTabApp.stateChanges(),
      )
      const at = changes.find((change) => change.state === 'signed-out')!.at
      expect(at - signedOutAt).toBeLessThanOrEqual(100)
    }
  })

  it('a tab closed in the middle of its refresh does not block the others: the next one refreshes', async () => {
    const pages = await openTabs(3, { mode: 'bearer', crossTab: true })
    server.expireAccessTokens()
    // The first tab's refresh is held by the server; the tab closes before it is answered.
    server.delayNextRefresh(60_000)
    void fire(pages[0]!, 1).catch(() => undefined)
    await pages[0]!.waitForFunction(
      () => (window as unknown as App).crossTabApp.refreshCalls() === 1,
    )
    const waiting = fire(pages[1]!, 2)
    await pages[0]!.close()
    expect(await waiting).toEqual(['ok', 'ok'])
    expect(server.stats().refreshes).toBe(1)
    expect(server.stats().reuses).toBe(0)
    expect(await fire(pages[2]!, 2)).toEqual(['ok', 'ok'])
  })

  it('a frozen tab that holds the lock loses it after refreshTimeoutMs, and another tab refreshes', async () => {
    const frozen = await openTabs(1, {
      mode: 'bearer',
      crossTab: true,
      refreshHangs: true,
      refreshTimeoutMs: 800,
    })
    const others = await openTabs(1, { mode: 'bearer', crossTab: true, refreshTimeoutMs: 800 })
    server.expireAccessTokens()
    void fire(frozen[0]!, 1).catch(() => undefined)
    await frozen[0]!.waitForFunction(
      () => (window as unknown as App).crossTabApp.refreshCalls() === 1,
    )
    const outcome = await fire(others[0]!, 1)
    expect(outcome).toEqual(['ok'])
    expect(server.stats().refreshes).toBe(1)
  })
})
