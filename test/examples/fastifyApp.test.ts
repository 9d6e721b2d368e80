import { execFile } from 'node:child_process'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { chromium } from 'playwright'
import type { Browser, BrowserContext, Page } from 'playwright'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { chromiumLaunchOptions } from '../../scripts/chromium.mjs'
import { npmEnvironment, packLibrary, repositoryRoot } from './packLibrary'

// examples/fastify-app used exactly as a user would: the packed library installed from its tarball
// into a copy of the app, the app type-checked and built with Vite, its Fastify API and the built
// page served on two origins of 127.0.0.1, and the page driven in headless Chromium. Each test
// asserts what the API saw (its own log of answered requests) and what the page shows.

const run = promisify(execFile)
const EXAMPLE = resolve(repositoryRoot, 'examples/fastify-app')
// Short tokens for the tests of sessions; tests of anything else use tokens that outlive them, so
// that what they pin does not depend on how the session is renewed.
const TOKEN_LIFETIME_SECONDS = 20
const LONG_TOKEN_LIFETIME_SECONDS = 3600
const WAIT_MS = 15_000 // the longest any single step may take before the test fails

/** One request as the example's API logged it (server/backend.js). */
interface SeenRequest {
  method: string
  route: string
  url: string
  status: number
  authorization: string | undefined
  retryAfter: string | number | undefined
  receivedAt: number
}

/** What server/backend.js's createBackend returns, as far as this test uses it. */
interface Backend {
  app: { listen(options: { host: string; port: number }): Promise<string>; close(): Promise<void> }
  seen: SeenRequest[]
  issued: { accessToken: string; sameAsPrevious: boolean }[]
  state: { tokenLifetimeSeconds: number; statsAllowed: boolean; announcementsDown: boolean }
}
interface BackendModule {
  createBackend(options: {
    webOrigin: string
    tokenLifetimeSeconds: number
    now: () => number
  }): Promise<Backend>
}
interface WebModule {
  createWebServer(directory: string): Server
}

/** The API's clock: the system's, shifted, or stopped at a moment the test chooses. */
class ServerClock {
  private frozenAt: number | undefined
  private offsetMs = 0
  readonly now = () => this.frozenAt ?? Date.now() + this.offsetMs
  shift(milliseconds: number) {
    this.offsetMs = milliseconds
  }
  freeze(at: number) {
    this.frozenAt = at
  }
  reset() {
    this.frozenAt = undefined
    this.offsetMs = 0
  }
}

const clock = new ServerClock()
let scratch: string
let appDirectory: string
let typecheck: Promise<{ ok: boolean; output: string }> | undefined
const stopTypecheck = new AbortController()
let backend: Backend
let web: Server
let webUrl: string
let browser: Browser

async function npm(args: string[], environment: NodeJS.ProcessEnv = npmEnvironment()) {
  try {
    await run('npm', args, { cwd: appDirectory, env: environment, maxBuffer: 64 * 1024 * 1024 })
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
    throw new Error(`npm ${args.join(' ')} failed:\n${stdout}\n${stderr}`.slice(0, 4000), {
      cause: error,
    })
  }
}

function listen(server: Server): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolveUrl(`http://127.0.0.1:${port}`)
    })
  })
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'rq-example-'))
  appDirectory = join(scratch, 'fastify-app')
  const packed = await packLibrary(scratch)
  // The app as committed, without what a previous local run left in it.
  await cp(EXAMPLE, appDirectory, {
    recursive: true,
    filter: (path) => !/(^|[\\/])(node_modules|dist)([\\/]|$)/.test(relative(EXAMPLE, path)),
  })
  await npm(['ci', '--no-audit', '--no-fund', '--loglevel=error'])
  await npm(['install', '--no-audit', '--no-fund', '--loglevel=error', packed.tarball])
  // Type-checking takes a while; it runs beside the rest and has a test of its own. The app's
  // `typecheck` script, run as one process (not through npm), so that afterAll can end it.
  typecheck = run(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit'],
    { cwd: appDirectory, env: npmEnvironment(), signal: stopTypecheck.signal },
  ).then(
    () => ({ ok: true, output: '' }),
    (error: { stdout?: string; stderr?: string }) => ({
      ok: false,
      output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
    }),
  )

  // The page's origin first: the API's CORS configuration names it.
  const webModule = (await import(
    pathToFileURL(join(appDirectory, 'server/web.js')).href
  )) as WebModule
  web = webModule.createWebServer(join(appDirectory, 'dist'))
  webUrl = await listen(web)
  const backendModule = (await import(
    pathToFileURL(join(appDirectory, 'server/backend.js')).href
  )) as BackendModule
  backend = await backendModule.createBackend({
    webOrigin: webUrl,
    tokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS,
    now: clock.now,
  })
  const apiUrl = await backend.app.listen({ host: '127.0.0.1', port: 0 })
  await npm(['run', 'build'], { ...npmEnvironment(), VITE_API_URL: apiUrl })
  browser = await chromium.launch(chromiumLaunchOptions)
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await backend?.app.close()
  await new Promise((done) => (web?.listening ? web.close(done) : done(undefined)))
  // Still running only when its test was filtered out; it must not outlive the run.
  stopTypecheck.abort()
  await typecheck
  if (scratch) await rm(scratch, { recursive: true, force: true })
})

/** Polls the API's log until `done` holds; fails naming `what` after WAIT_MS. */
async function untilServer(what: string, done: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for the API: ${what}`)
    await new Promise((next) => setTimeout(next, 20))
  }
}

const seenSince = (mark: number, route?: string) =>
  backend.seen.slice(mark).filter((entry) => route === undefined || entry.route === route)
const statuses = (entries: SeenRequest[]) => entries.map((entry) => entry.status)

let visits = 0
/** A full page load (a new query string each time, so the hash alone never decides). */
async function visit(page: Page, panel: string) {
  visits += 1
  await page.goto(`${webUrl}/?visit=${visits}#${panel}`)
}

/** A fresh browser profile (no stored session), closed whatever the test does. */
async function withPage(
  test: (page: Page, context: BrowserContext) => Promise<void>,
  prepare?: (context: BrowserContext) => Promise<void>,
) {
  const context = await browser.newContext()
  context.setDefaultTimeout(WAIT_MS)
  // Marks the page once React has rendered into #root, so that an empty #root afterwards can only
  // mean React unmounted the app (see firstShown).
  await context.addInitScript(() => {
    const observer = new MutationObserver(() => {
      if (document.getElementById('root')?.childElementCount) {
        Reflect.set(window, '__appRendered', true)
        observer.disconnect()
      }
    })
    observer.observe(document, { childList: true, subtree: true })
  })
  try {
    await prepare?.(context)
    const page = await context.newPage()
    await test(page, context)
  } finally {
    await context.close()
  }
}

/** Signs in with the form, as a user does; resolves once the dashboard shows. */
async function signIn(page: Page) {
  await visit(page, 'home')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('navigation').waitFor()
}

/**
 * Which of `candidates` the page shows first: each is a test id and the text its element must
 * have; `root-empty` when React, having rendered the app, unmounted all of it.
 */
async function firstShown(page: Page, candidates: [testId: string, text: string][]) {
  const handle = await page.waitForFunction(
    (wanted) => {
      for (const [testId, text] of wanted) {
        const element = document.querySelector(`[data-testid="${testId}"]`)
        if (element?.textContent?.includes(text)) return testId
      }
      const rendered = Reflect.get(window, '__appRendered') === true
      return rendered && document.getElementById('root')?.childElementCount === 0
        ? 'root-empty'
        : false
    },
    candidates,
    { timeout: WAIT_MS, polling: 20 },
  )
  return (await handle.jsonValue()) as string
}

describe('examples/fastify-app, built from the packed library', () => {
  it('type-checks against the declarations of the packed library (TypeScript strict)', async () => {
    const result = await typecheck
    if (!result) throw new Error('the type check never started (see beforeAll)')
    expect(result.output).toBe('')
    expect(result.ok).toBe(true)
  }, 120_000)
})

describe('examples/fastify-app: sessions with 20 s tokens from @fastify/jwt', () => {
  beforeEach(() => {
    backend.state.tokenLifetimeSeconds = TOKEN_LIFETIME_SECONDS
    clock.reset()
  })

  it('refreshes once for a burst of ten queries after the token expired, and replays all ten', async () => {
    await withPage(async (page) => {
      await signIn(page)
      // Expired for the API; for the browser's clock the token still has about 19 of its 20 s.
      clock.shift((TOKEN_LIFETIME_SECONDS + 5) * 1000)
      const mark = backend.seen.length
      await visit(page, 'items')
      await untilServer(
        'ten items answered 200',
        () => statuses(seenSince(mark, '/api/items/:id')).filter((s) => s === 200).length >= 10,
      )
      await page.waitForFunction(() => {
        const items = [...document.querySelectorAll('[data-testid="item"]')]
        return items.length === 10 && items.every((item) => /^Item \d+$/.test(item.textContent))
      })
      const items = seenSince(mark, '/api/items/:id')
      const newToken = backend.issued.at(-1)?.accessToken
      expect({
        refreshes: seenSince(mark, '/auth/refresh').length,
        rejected: items.filter((entry) => entry.status === 401).length,
        replayed: items.filter((entry) => entry.status === 200).length,
        replayedWithTheNewToken: items.filter(
          (entry) => entry.status === 200 && entry.authorization === `Bearer ${newToken}`,
        ).length,
      }).toEqual({ refreshes: 1, rejected: 10, replayed: 10, replayedWithTheNewToken: 10 })
    })
  }, 60_000)

  it('stays signed in across ten page loads whose refreshes return the identical token', async () => {
    // The API's clock stands still: every token it signs for the account is the same bytes, as
    // two @fastify/jwt tokens signed within one second are. The browser's clock is past the
    // token's expiry, so each load refreshes first.
    const frozenAt = Date.now()
    clock.freeze(frozenAt)
    try {
      await withPage(async (page, context) => {
        await signIn(page)
        await context.clock.install({ time: frozenAt + (TOKEN_LIFETIME_SECONDS + 1) * 1000 })
        const outcomes: { load: number; shown: string; refreshes: number; identical: number }[] = []
        for (let load = 1; load <= 10; load += 1) {
          const mark = backend.seen.length
          const issuedMark = backend.issued.length
          await visit(page, 'item')
          const shown = await firstShown(page, [
            ['session-ended', ''],
            ['one-item', 'Item 1'],
          ])
          outcomes.push({
            load,
            shown,
            refreshes: seenSince(mark, '/auth/refresh').length,
            identical: backend.issued.slice(issuedMark).filter((token) => token.sameAsPrevious)
              .length,
          })
        }
        expect(outcomes.filter((outcome) => outcome.shown !== 'one-item')).toEqual([])
        // The scenario really happened: each load refreshed, and got the same token back.
        expect(outcomes.every((outcome) => outcome.refreshes >= 1 && outcome.identical >= 1)).toBe(
          true,
        )
      })
    } finally {
      clock.reset()
    }
  }, 60_000)

  // One request every 2 s of both clocks over two token lifetimes, the clocks stopped in between:
  // with a leeway bounded by the token's life, at most one refresh per lifetime. Each request is
  // in a second of its own on the API's clock, so no refresh returns the token it replaces.
  // Returns when each refresh arrived, in ms on the API's clock from the sign-in.
  const refreshesOverTwoLifetimes = async (browserAheadMs: number): Promise<number[]> => {
    const start = Date.now()
    const setClocks = async (page: Page, elapsedMs: number) => {
      clock.freeze(start + elapsedMs)
      await page.clock.setSystemTime(start + browserAheadMs + elapsedMs)
    }
    let refreshes: number[] = []
    try {
      await withPage(
        async (page) => {
          await setClocks(page, 0)
          await signIn(page)
          const mark = backend.seen.length
          const answered = () =>
            statuses(seenSince(mark, '/api/items/:id')).filter((status) => status === 200).length
          await setClocks(page, 1_000)
          await visit(page, 'item')
          await untilServer('the first item', () => answered() >= 1)
          const lastStepMs = 2 * TOKEN_LIFETIME_SECONDS * 1000
          for (let elapsed = 3_000, step = 2; elapsed <= lastStepMs; elapsed += 2_000, step += 1) {
            await page.getByTestId('one-item-status').filter({ hasText: 'idle' }).waitFor()
            await setClocks(page, elapsed)
            await page.getByRole('button', { name: 'Reload' }).click()
            await untilServer(`item answer ${step}`, () => answered() >= step)
          }
          refreshes = seenSince(mark, '/auth/refresh').map((entry) => entry.receivedAt - start)
        },
        (context) => context.clock.install({ time: start + browserAheadMs }),
      )
    } finally {
      clock.reset()
    }
    return refreshes
  }

  /**
   * At most one refresh per token lifetime: no two refreshes closer than the life less its
   * bounded leeway (a tenth). Over two lifetimes that is 2 refreshes, or 3 when a page load
   * starts a phase of its own (below). And at least one once the sign-in token's life, less
   * that leeway, had passed: the requests went on for two lifetimes, so a client that never
   * refreshed fails here.
   */
  const expectOneRefreshPerLifetime = (refreshedAt: number[], most: number) => {
    const lifetimeMs = TOKEN_LIFETIME_SECONDS * 1000
    const gaps = refreshedAt.slice(1).map((at, i) => at - refreshedAt[i]!)
    expect(gaps.every((gap) => gap >= 0.9 * lifetimeMs)).toBe(true)
    expect(refreshedAt.length).toBeLessThanOrEqual(most)
    expect(refreshedAt.filter((at) => at >= 0.9 * lifetimeMs).length).toBeGreaterThanOrEqual(1)
  }

  it('refreshes at most once per token lifetime with the default leeway (20 s tokens)', async () => {
    expectOneRefreshPerLifetime(await refreshesOverTwoLifetimes(0), 2)
  }, 60_000)

  // The page load finds the stored token's JWT exp ten minutes in the past by the device's clock,
  // and the browser hides the API's Date header across origins: one refresh at the load, then the
  // refreshed tokens are judged by their iat, so the next ones come a lifetime apart.
  it('refreshes at most once per token lifetime when the device clock is 10 minutes ahead', async () => {
    expectOneRefreshPerLifetime(await refreshesOverTwoLifetimes(10 * 60_000), 3)
  }, 60_000)
})

describe('examples/fastify-app: errors from Fastify and its plugins, boundaries', () => {
  beforeEach(() => {
    backend.state.tokenLifetimeSeconds = LONG_TOKEN_LIFETIME_SECONDS
    clock.reset()
  })

  it("shows each of Fastify's validation errors (allErrors) next to its input", async () => {
    await withPage(async (page) => {
      await signIn(page)
      await visit(page, 'profile')
      await page.getByLabel('Email').fill('not-an-email')
      await page.getByLabel('Name').fill('A')
      await page.getByLabel('Postcode').fill('abc')
      const mark = backend.seen.length
      await page.getByRole('button', { name: 'Save' }).click()
      await untilServer('the profile answered', () => seenSince(mark, '/api/profile').length > 0)
      expect(statuses(seenSince(mark, '/api/profile'))).toEqual([400])
      await page.getByRole('button', { name: 'Save' }).and(page.locator(':enabled')).waitFor()
      // Each input's own message, found the way assistive technology finds it.
      const messages = await page.evaluate(() =>
        Object.fromEntries(
          [...document.querySelectorAll('form[aria-label="Profile"] input')].map((input) => [
            document.querySelector(`label[for="${input.id}"]`)?.textContent ?? input.id,
            document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent ??
              '',
          ]),
        ),
      )
      expect(messages).toEqual({
        Email: 'must match format "email"',
        Name: 'must NOT have fewer than 2 characters',
        City: 'must NOT have fewer than 1 characters',
        Postcode: 'must match pattern "^[0-9]{5}$"',
      })
    })
  }, 60_000)

  it('waits out an exposed Retry-After from @fastify/rate-limit, counting down from it', async () => {
    await withPage(
      async (page) => {
        await signIn(page)
        const mark = backend.seen.length
        await visit(page, 'report')
        await page.getByTestId('report').waitFor()
        // From here the page's clock moves only when the test moves it: the wait before the retry
        // is counted on it, exactly.
        const pageNow = await page.evaluate(() => Date.now())
        await page.clock.pauseAt(pageNow + 1_000)
        await page.getByRole('button', { name: 'Refresh report' }).click()
        await untilServer(
          'the report refused',
          () => statuses(seenSince(mark, '/api/report')).length >= 2,
        )
        const limited = seenSince(mark, '/api/report')[1]!
        const retryAfterSeconds = Number(limited.retryAfter)
        expect(statuses(seenSince(mark, '/api/report'))).toEqual([200, 429])
        expect(retryAfterSeconds).toBeGreaterThan(0)
        // The page's clock has not moved since the 429: the countdown shows the whole wait.
        await page
          .getByTestId('report-retry')
          .filter({ hasText: `retrying in ${retryAfterSeconds} s` })
          .waitFor()
        // A millisecond short of the wait, no retry has gone out...
        await page.clock.runFor(retryAfterSeconds * 1000 - 1)
        await page.getByTestId('report-retry').filter({ hasText: 'retrying in 1 s' }).waitFor()
        // ...also once the API's window (kept on real time, no clock of the test's) has passed,
        // when a retry would be let through.
        const windowOver = limited.receivedAt + retryAfterSeconds * 1000
        await new Promise((next) => setTimeout(next, Math.max(0, windowOver - Date.now()) + 100))
        expect(statuses(seenSince(mark, '/api/report'))).toEqual([200, 429])
        expect(await page.getByTestId('report-retry').isVisible()).toBe(true)
        // The last millisecond: the retry goes out, and is answered.
        await page.clock.runFor(1)
        await untilServer(
          'the report answered again',
          () => statuses(seenSince(mark, '/api/report')).length >= 3,
        )
        await page.getByTestId('report-retry').waitFor({ state: 'detached' })
        expect(statuses(seenSince(mark, '/api/report'))).toEqual([200, 429, 200])
      },
      (context) => context.clock.install(),
    )
  }, 60_000)

  it('counts down from the Retry-After of a rate-limited write, read from the ApiError', async () => {
    await withPage(async (page) => {
      await signIn(page)
      const mark = backend.seen.length
      await visit(page, 'export')
      await page.getByRole('button', { name: 'Export' }).click()
      await page.getByTestId('export-started').waitFor()
      await page.getByRole('button', { name: 'Export' }).click()
      await untilServer(
        'the second export answered',
        () => statuses(seenSince(mark, '/api/exports')).length >= 2,
      )
      const exports = seenSince(mark, '/api/exports')
      expect(statuses(exports)).toEqual([202, 429])
      const retryAfterSeconds = Number(exports[1]?.retryAfter)
      const text = await page.getByTestId('export-wait').textContent()
      const shownSeconds = Number(/try again in (\S+) s/.exec(text ?? '')?.[1])
      expect(text).toMatch(/try again in \d+ s/)
      expect(shownSeconds).toBeGreaterThanOrEqual(retryAfterSeconds - 1)
      expect(shownSeconds).toBeLessThanOrEqual(retryAfterSeconds)
    })
  }, 60_000)

  it("fetches again when an ApiErrorBoundary's fallback is reset", async () => {
    backend.state.statsAllowed = false
    try {
      await withPage(async (page) => {
        await signIn(page)
        const mark = backend.seen.length
        await visit(page, 'stats')
        await page
          .getByTestId('stats-error')
          .filter({ hasText: 'Only administrators can see the statistics' })
          .waitFor()
        backend.state.statsAllowed = true
        await page.getByRole('button', { name: 'Try again' }).click()
        await expect(page.getByTestId('stats').textContent()).resolves.toBe('1 users, 100 items')
        expect(statuses(seenSince(mark, '/api/stats'))).toEqual([403, 200])
      })
    } finally {
      backend.state.statsAllowed = false
    }
  }, 60_000)

  it('keeps the page when a query with no boundary above it fails', async () => {
    try {
      await withPage(async (page) => {
        await signIn(page)
        backend.state.announcementsDown = true
        const mark = backend.seen.length
        await visit(page, 'home')
        await untilServer(
          'the announcements answered',
          () => seenSince(mark, '/announcements').length > 0,
        )
        expect(statuses(seenSince(mark, '/announcements'))).toEqual([503])
        const shown = await firstShown(page, [['announcements-error', '']])
        expect(shown).toBe('announcements-error')
        await expect(page.getByTestId('announcements-error').textContent()).resolves.toContain(
          'Announcements are being updated',
        )
        await expect(page.getByRole('navigation').isVisible()).resolves.toBe(true)
      })
    } finally {
      backend.state.announcementsDown = false
    }
  }, 60_000)
})
