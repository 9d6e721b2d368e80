// The request side of auth has two paths: a token that getAccessToken returns at once is attached
// without a promise hop, one it returns as a promise is awaited. Both must behave alike, and so
// must a client whose app adds interceptors of its own (they run before auth's).
import { describe, expect, it } from 'vitest'
import { withFixtureServer } from '../../fixture/withFixtureServer.js'
import { isApiError } from '../../../src/core/errors/ApiError'
import type { AuthOptions } from '../../../src/core/auth/types'
import { authStateReached, gate, monogotoClient, requestDuringHeldRefresh } from './authClient'

const fixture = withFixtureServer()
/** A second origin, reset before each test like the first. */
const other = withFixtureServer()

const bearer = (token: string) => `Bearer ${token}`
const protectedHits = () => fixture.api.requests('/test/protected')

type Source = (read: () => string | undefined) => NonNullable<AuthOptions['getAccessToken']>
const sources: [string, Source][] = [
  ['returns the token at once', (read) => () => read()],
  // An async function: a failure of the read is a rejection, not a throw.
  ['returns a promise of the token', (read) => async () => read()],
]

describe.each(sources)('when getAccessToken %s', (_, source) => {
  /** A Monogoto client whose getAccessToken reads its store the way `source` says. */
  function client(overrides: Partial<AuthOptions> = {}, refreshHeldUntil?: Promise<void>) {
    const made: ReturnType<typeof monogotoClient> = monogotoClient(
      fixture,
      { getAccessToken: source(() => made.store.access), ...overrides },
      {},
      refreshHeldUntil,
    )
    return made
  }

  it('attaches the token to the baseURL origin only, and never to a skipAuth request', async () => {
    const c = client()
    await c.api.get('/test/echo')
    await c.api.get(`${other.url}/test/echo`)
    await c.api.get(`${other.url.replace(/^http:/, '')}/test/echo`).catch(() => undefined)
    await c.api.get('/test/echo', { skipAuth: true })
    expect(fixture.api.requests().map((r) => r.headers.authorization)).toEqual([
      bearer(c.store.access),
      undefined,
    ])
    expect(other.api.requests().map((r) => r.headers.authorization)).toEqual([undefined])
  })

  it('sends the token to an origin listed in allowedOrigins', async () => {
    const c = client({ allowedOrigins: [other.origin] })
    await c.api.get(`${other.url}/test/echo`)
    expect(other.api.requests().map((r) => r.headers.authorization)).toEqual([
      bearer(c.store.access),
    ])
  })

  it('leaves a header the caller set alone, and does not refresh on its 401', async () => {
    const c = client()
    const error: unknown = await c.api
      .get('/test/protected', { headers: { Authorization: 'Bearer chosen-by-caller' } })
      .catch((e: unknown) => e)
    expect(isApiError(error) && error.status).toBe(401)
    expect(protectedHits().map((r) => r.headers.authorization)).toEqual(['Bearer chosen-by-caller'])
    expect(c.refreshCalls).toBe(0)
  })

  it('holds a new request while a refresh runs, then sends it once with the new token', async () => {
    const held = gate()
    const c = client({}, held.opened)
    const seen = await requestDuringHeldRefresh(fixture, c.api, held.open)
    expect(seen.whileHeld).toHaveLength(0)
    expect(seen.after.map((r) => [r.status, r.headers.authorization])).toEqual([
      [200, bearer(c.store.access)],
    ])
    expect(c.refreshCalls).toBe(1)
  })

  it('rejects a request waiting for the refresh at once as canceled when it aborts, sending nothing', async () => {
    const held = gate()
    const c = client({}, held.opened)
    fixture.api.expireTokens()
    const refreshing = authStateReached(c.api, 'refreshing')
    const first = c.api.get('/test/protected', { params: { who: 'first' } })
    await refreshing
    const controller = new AbortController()
    const waiting = c.api
      .get('/test/protected', { signal: controller.signal, params: { who: 'waiting' } })
      .catch((e: unknown) => e)
    await new Promise((resolve) => setImmediate(resolve))
    controller.abort()
    const error = await waiting
    expect(isApiError(error) && error.kind).toBe('canceled')
    expect(c.api.auth!.getState()).toBe('refreshing')
    held.open()
    expect((await first).status).toBe(200)
    expect(protectedHits().filter((r) => r.query.who === 'waiting')).toHaveLength(0)
  })

  it('refreshes before sending when the token is inside the leeway of its expiry', async () => {
    const c = client({ refreshLeewayMs: 30_000 })
    const issued = fixture.api.issueToken()
    c.store.access = issued.accessToken
    c.store.refresh = issued.refreshToken
    c.api.auth!.signIn(issued.accessToken, Date.now() + 10_000)

    const results = await Promise.all(Array.from({ length: 5 }, () => c.api.get('/test/protected')))

    expect(results.map((r) => r.status)).toEqual(Array(5).fill(200))
    expect(c.refreshCalls).toBe(1)
    expect(protectedHits().map((r) => [r.status, r.headers.authorization])).toEqual(
      Array(5).fill([200, bearer(c.store.access)]),
    )
  })

  it('picks up a token the app stored after a sign-out, and leaves signed-out', async () => {
    const c = client()
    c.api.auth!.signOut()
    const issued = fixture.api.issueToken()
    c.store.access = issued.accessToken

    await c.api.get('/test/protected')

    expect(protectedHits()[0]!.headers.authorization).toBe(bearer(issued.accessToken))
    expect(c.api.auth!.getState()).toBe('idle')
  })

  it('rejects with an ApiError, sending nothing, when getAccessToken fails', async () => {
    const failure = new Error('the token store is locked')
    const c = client({
      getAccessToken: source(() => {
        throw failure
      }),
    })
    const error: unknown = await c.api.get('/test/protected').catch((e: unknown) => e)
    expect(isApiError(error)).toBe(true)
    expect(isApiError(error) && error.cause).toBe(failure)
    expect(protectedHits()).toHaveLength(0)
  })
})

describe("with the app's own request interceptors (they run before auth's)", () => {
  it('sends the token an asynchronous interceptor stored just before', async () => {
    const c = monogotoClient(fixture)
    const renewed = fixture.api.issueToken().accessToken
    c.api.interceptors.request.use(async (config) => {
      await new Promise((resolve) => setImmediate(resolve))
      c.store.access = renewed
      return config
    })
    await c.api.get('/test/protected')
    expect(protectedHits().map((r) => r.headers.authorization)).toEqual([bearer(renewed)])
  })

  it('does not send the token where an interceptor redirected the request to another origin', async () => {
    const c = monogotoClient(fixture)
    c.api.interceptors.request.use(
      (config) => {
        config.url = `${other.url}/test/echo`
        return config
      },
      undefined,
      { synchronous: true },
    )
    await c.api.get('/test/echo')
    expect(fixture.api.requests()).toHaveLength(0)
    expect(other.api.requests().map((r) => r.headers.authorization)).toEqual([undefined])
  })

  it('leaves a header an interceptor set alone, and does not refresh on its 401', async () => {
    const c = monogotoClient(fixture)
    c.api.interceptors.request.use(
      (config) => {
        config.headers.set('Authorization', 'Bearer chosen-by-interceptor')
        return config
      },
      undefined,
      { synchronous: true },
    )
    const error: unknown = await c.api.get('/test/protected').catch((e: unknown) => e)
    expect(isApiError(error) && error.status).toBe(401)
    expect(protectedHits().map((r) => r.headers.authorization)).toEqual([
      'Bearer chosen-by-interceptor',
    ])
    expect(c.refreshCalls).toBe(0)
  })

  it('waits for a refresh that started while an asynchronous interceptor held the request', async () => {
    const refreshHeld = gate()
    const interceptorHeld = gate()
    const c = monogotoClient(fixture, {}, {}, refreshHeld.opened)
    c.api.interceptors.request.use(async (config) => {
      if (config.params?.n === 2) await interceptorHeld.opened
      return config
    })
    fixture.api.expireTokens()
    // Sent while all is idle, then held by the app's interceptor past the start of a refresh.
    const held = c.api.get('/test/protected', { params: { n: 2 } })
    await new Promise((resolve) => setImmediate(resolve))
    const refreshing = authStateReached(c.api, 'refreshing')
    const first = c.api.get('/test/protected', { params: { n: 1 } })
    await refreshing
    interceptorHeld.open()
    await new Promise((resolve) => setImmediate(resolve))
    expect(protectedHits().filter((r) => r.query.n === '2')).toHaveLength(0)
    refreshHeld.open()
    await Promise.all([first, held])
    expect(
      protectedHits()
        .filter((r) => r.query.n === '2')
        .map((r) => [r.status, r.headers.authorization]),
    ).toEqual([[200, bearer(c.store.access)]])
    expect(c.refreshCalls).toBe(1)
  })
})
