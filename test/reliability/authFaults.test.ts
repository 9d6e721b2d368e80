// Refresh failures under concurrency and over and over: test/core/auth/failures.test.ts shows each
// failure once with a handful of requests; here 50 requests wait on every refresh, and one client
// goes through cycle after cycle of sign-in → expiry → failed refresh. Real I/O and tiny real waits
// (a 400 ms refresh timeout); only counts are asserted.
import axios from 'axios'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApiClient } from '../../src/core/client'
import { isApiError } from '../../src/core/errors/ApiError'
import type { AuthOptions } from '../../src/core/auth/types'
import { startFixtureServer } from '../fixture/server'
import type { FixtureServer } from '../fixture/server'
import { realDelay } from './measure'
import { crossTabUnderTest } from '../core/auth/authClient'

const WAITERS = 50
const REFRESH = 'POST /monogoto/v1/auth/refresh'
const PROTECTED = 'GET /test/protected'
let server: FixtureServer

beforeAll(async () => {
  // No rate limit on the auth endpoints: the cycles below refresh more than 5 times a minute.
  server = await startFixtureServer({ authRateLimit: false })
})
beforeEach(() => server.api.reset())
afterAll(() => server.close())

/** A client whose app store holds Monogoto tokens and whose refresh() calls the fixture `on`, passing on the signal. */
function sessionClient(overrides: Partial<AuthOptions> = {}, on: FixtureServer = server) {
  const store: { access?: string | undefined; refresh?: string | undefined } = {}
  const counts = { refreshCalls: 0, authFailures: 0 }
  const signals: AbortSignal[] = []
  const api = createApiClient({
    baseURL: on.url,
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 },
    auth: {
      ...crossTabUnderTest,
      getAccessToken: () => store.access,
      refreshTimeoutMs: 400,
      refresh: async ({ signal }) => {
        counts.refreshCalls++
        signals.push(signal)
        const { data } = await axios.post<{ access_token?: string; refresh_token?: string }>(
          `${on.url}/monogoto/v1/auth/refresh`,
          { refresh_token: store.refresh },
          { signal },
        )
        store.access = data.access_token
        store.refresh = data.refresh_token
        return data.access_token
      },
      onAuthFailure: () => counts.authFailures++,
      ...overrides,
    },
  })
  const signIn = () => {
    const issued = on.api.issueToken()
    store.access = issued.accessToken
    store.refresh = issued.refreshToken
    return issued
  }
  return { api, store, counts, signals, signIn }
}

/** Every outcome, or 'unsettled' for a promise still pending after `ms` of real time. */
async function outcomes(promises: Promise<unknown>[], ms = 5_000): Promise<string[]> {
  return Promise.all(
    promises.map((p) =>
      Promise.race([
        p.then(
          () => 'ok',
          (error: unknown) => (isApiError(error) ? error.kind : `untyped: ${String(error)}`),
        ),
        realDelay(ms).then(() => 'unsettled'),
      ]),
    ),
  )
}

const totalHits = () => server.api.requests().length

/** Fails when anything reaches the server during `ms` of quiet: a refresh or replay loop would. */
async function expectQuiet(ms = 60) {
  const before = totalHits()
  await realDelay(ms)
  expect(totalHits() - before).toBe(0)
}

const BROKEN_REFRESHES: [string, () => void][] = [
  ['answers 500', () => server.api.setFault(REFRESH, { type: 'status', status: 500 })],
  ['answers 401 (refresh token expired)', () => server.api.expireTokens({ refreshTokens: true })],
  [
    'answers 200 with an HTML page (a captive portal)',
    () => server.api.setFault(REFRESH, { type: 'html', status: 200 }),
  ],
  ['answers 200 with invalid JSON', () => server.api.setFault(REFRESH, { type: 'truncated-json' })],
  [
    'answers 200 with JSON but no token',
    () =>
      server.api.setFault(REFRESH, { type: 'status', status: 200, body: { token_type: 'Bearer' } }),
  ],
  ['loses its connection', () => server.api.setFault(REFRESH, { type: 'drop' })],
  ['hangs past refreshTimeoutMs', () => server.api.setFault(REFRESH, { type: 'stall' })],
]

describe('cycles of sign-in → expiry → failed refresh, 50 requests waiting each time', () => {
  it('settles every waiter as unauthorized, with one refresh and one onAuthFailure per cycle, and no loop', async () => {
    const client = sessionClient()
    for (const [, breakRefresh] of BROKEN_REFRESHES) {
      const before = {
        ...client.counts,
        refreshHits: server.api.hits(REFRESH),
        protectedHits: server.api.hits(PROTECTED),
      }
      client.signIn()
      // The sign-in took: the app's new token goes out and the state leaves signed-out.
      expect((await client.api.get('/test/protected')).status).toBe(200)
      expect(client.api.auth!.getState()).toBe('idle')

      server.api.expireTokens()
      breakRefresh()
      const kinds = await outcomes(
        Array.from({ length: WAITERS }, () => client.api.get('/test/protected')),
      )

      expect(new Set(kinds)).toEqual(new Set(['unauthorized']))
      expect(client.counts.refreshCalls - before.refreshCalls).toBe(1)
      // At most one refresh request reached the server: none when a busy machine let the refresh
      // time out before its request arrived, never two.
      expect(server.api.hits(REFRESH) - before.refreshHits).toBeLessThanOrEqual(1)
      expect(client.counts.authFailures - before.authFailures).toBe(1)
      // 1 request after the sign-in, then each of the 50 once: nothing was replayed or retried.
      expect(server.api.hits(PROTECTED) - before.protectedHits).toBe(1 + WAITERS)
      expect(client.api.auth!.getState()).toBe('signed-out')
      await expectQuiet()
      server.api.clearFaults()
    }
    // The hanging refresh was aborted through its signal when it timed out, not left running; no other was.
    expect(client.signals.map((signal) => signal.aborted)).toEqual(
      BROKEN_REFRESHES.map(([name]) => name.startsWith('hangs')),
    )
  })

  it('settles waiters that arrive before, during and after the failing refresh, and those aborted meanwhile', async () => {
    const client = sessionClient()
    for (let cycle = 0; cycle < 2; cycle++) {
      client.signIn()
      await client.api.get('/test/protected')
      // The refresh token has expired too, and the refresh is slow enough for a second wave to arrive during it.
      server.api.expireTokens({ refreshTokens: true })
      server.api.setFault(REFRESH, { type: 'delay', ms: 60 })
      // Some requests also meet retryable faults of their own on the way.
      server.api.setFault(PROTECTED, { type: 'status', status: 503, times: 5 })
      const controller = new AbortController()
      const before = { ...client.counts }

      const first = Array.from({ length: WAITERS }, (_, i) =>
        client.api.get('/test/protected', i % 5 === 0 ? { signal: controller.signal } : {}),
      )
      await realDelay(30)
      const during = Array.from({ length: WAITERS }, () => client.api.get('/test/protected'))
      controller.abort()
      const settledFirst = await outcomes([...first, ...during])
      const after = await outcomes(
        Array.from({ length: 10 }, () => client.api.get('/test/protected')),
      )

      const count = (kinds: string[], kind: string) => kinds.filter((k) => k === kind).length
      expect(count(settledFirst, 'canceled') + count(settledFirst, 'unauthorized')).toBe(
        2 * WAITERS,
      )
      expect(count(settledFirst, 'canceled')).toBeGreaterThan(0)
      expect(new Set(after)).toEqual(new Set(['unauthorized']))
      expect(client.counts.refreshCalls - before.refreshCalls).toBe(1)
      expect(client.counts.authFailures - before.authFailures).toBe(1)
      await expectQuiet()
      server.api.clearFaults()
    }
  })
})

describe('signing out during a refresh', () => {
  it('rejects all 50 waiters, calls no onAuthFailure, and signs in again cleanly, cycle after cycle', async () => {
    let refreshCalls = 0
    const client = sessionClient({
      refresh: async () => {
        refreshCalls++
        await realDelay(40)
        return server.api.issueToken().accessToken
      },
    })
    for (let cycle = 0; cycle < 3; cycle++) {
      client.signIn()
      await client.api.get('/test/protected')
      server.api.expireTokens()
      const waiting = outcomes(
        Array.from({ length: WAITERS }, () => client.api.get('/test/protected')),
      )
      await new Promise<void>((resolve) => {
        const stop = client.api.auth!.subscribe(
          (state) => state === 'refreshing' && (stop(), resolve()),
        )
      })
      client.store.access = undefined
      client.api.auth!.signOut()
      expect(new Set(await waiting)).toEqual(new Set(['unauthorized']))
      expect(client.api.auth!.getState()).toBe('signed-out')
      await realDelay(60) // the disowned refresh ends meanwhile
      expect(client.api.auth!.getState()).toBe('signed-out')
    }
    expect(client.counts.authFailures).toBe(0)
    expect(refreshCalls).toBe(3)
    await expectQuiet()
  })

  /** A client whose first refresh() waits for `release()`; later ones answer at once. */
  function heldRefreshClient() {
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    let refreshCalls = 0
    const store: { access?: string | undefined } = { access: server.api.issueToken().accessToken }
    const api = createApiClient({
      baseURL: server.url,
      retry: false,
      auth: {
        ...crossTabUnderTest,
        getAccessToken: () => store.access,
        refresh: async () => {
          if (++refreshCalls === 1) await held
          return (store.access = server.api.issueToken().accessToken)
        },
      },
    })
    const reached = (state: string) =>
      new Promise<void>((resolve) => {
        const stop = api.auth!.subscribe((next) => next === state && (stop(), resolve()))
      })
    return { api, store, release, refreshCalls: () => refreshCalls, reached }
  }

  // Regression (fixed in fd5ad1e): signOut() left the requests waiting on the refresh it disowned
  // pending until that refresh ended by itself, for a hanging one refreshTimeoutMs (15 s by default),
  // so a signed-out UI kept its spinners. They must reject at once, as unauthorized.
  it('settles every request waiting on a hanging refresh at once', async () => {
    const client = heldRefreshClient()
    try {
      server.api.expireTokens()
      const refreshing = client.reached('refreshing')
      const settled: string[] = []
      const waiting = Array.from({ length: 20 }, () =>
        client.api.get('/test/protected').then(
          () => settled.push('ok'),
          (error: unknown) => settled.push(isApiError(error) ? error.kind : 'untyped'),
        ),
      )
      await refreshing
      // All 20 answered 401 and wait on the refresh, none settled yet.
      while (server.api.requests(PROTECTED).filter((r) => r.status === 401).length < 20)
        await realDelay(5)
      await realDelay(30)
      expect(settled).toEqual([])
      client.api.auth!.signOut()
      await realDelay(100)
      expect(settled).toEqual(Array.from({ length: 20 }, () => 'unauthorized'))
      void waiting
    } finally {
      client.release()
    }
  })

  // Regression (fixed in fd5ad1e): signOut() left the disowned refresh as the one in flight, so a
  // session signed into before it ended, needing a refresh of its own, was handed the disowned one:
  // its requests waited for it and failed as "Signed out." although the state was idle.
  it('gives a session signed into after a sign-out a refresh of its own', async () => {
    const client = heldRefreshClient()
    try {
      server.api.expireTokens()
      const refreshing = client.reached('refreshing')
      void client.api.get('/test/protected').catch(() => undefined)
      await refreshing
      client.store.access = undefined
      client.api.auth!.signOut()
      // The user signs in again; the new token is soon refused too.
      client.store.access = server.api.issueToken().accessToken
      client.api.auth!.signIn(client.store.access)
      server.api.expireTokens()
      const next = await outcomes([client.api.get('/test/protected')], 300)
      expect(next).toEqual(['ok'])
      expect(client.refreshCalls()).toBe(2)
    } finally {
      client.release()
    }
  })

  // Regression (fixed in fd5ad1e): signOut() did not abort the signal it had handed to refresh(). A
  // refresh written the documented way (it stores the new token in the app's store, which
  // getAccessToken reads) completed after the sign-out and stored its token, and the next request
  // adopted it as a sign-in: the signed-out session came back. A refresh that passes the signal on
  // must now stop and store nothing.
  it('does not bring the session back when the disowned refresh completes and stores its token', async () => {
    const slow = await startFixtureServer({ authRateLimit: false, refreshDelayMs: 100 })
    try {
      const { api, store, signals, signIn } = sessionClient({}, slow)
      signIn()
      slow.api.expireTokens()
      const waiting = outcomes([api.get('/test/protected'), api.get('/test/protected')])
      await realDelay(40)
      expect(api.auth!.getState()).toBe('refreshing')
      // The user signs out: the app clears its store and tells the client.
      store.access = undefined
      store.refresh = undefined
      api.auth!.signOut()
      expect(await waiting).toEqual(['unauthorized', 'unauthorized'])
      await realDelay(150)

      const next = await outcomes([api.get('/test/protected')])
      expect(next).toEqual(['unauthorized'])
      expect(api.auth!.getState()).toBe('signed-out')
      expect(slow.api.requests(PROTECTED).at(-1)?.headers.authorization).toBeUndefined()
      expect(signals.at(-1)?.aborted).toBe(true)
    } finally {
      await slow.close()
    }
  })
})
