import { describe, expect, it, vi } from 'vitest'
import { withFixtureServer } from '../../fixture/withFixtureServer.js'
import { isApiError } from '../../../src/core/errors/ApiError'
import { heldMonogotoClient, monogotoClient, requestDuringHeldRefresh } from './authClient'

const fixture = withFixtureServer()
const bearer = (token: string) => `Bearer ${token}`
/** A JWT-shaped token with these claims (the signature is not checked by the client). */
const jwtWith = (claims: Record<string, number>) =>
  `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.signature`
const protectedHits = () => fixture.api.requests('/test/protected')

describe('single-flight refresh', () => {
  it('refreshes once for 50 concurrent requests (GET and POST) with an expired token and replays all 50', async () => {
    const client = monogotoClient(fixture)
    const oldToken = client.store.access
    fixture.api.expireTokens()

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0
          ? client.api.get('/test/protected', { params: { i } })
          : client.api.post('/test/protected', { i }),
      ),
    )

    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200))
    expect(fixture.api.refreshCalls('monogoto')).toBe(1)
    expect(client.refreshCalls).toBe(1)
    const seen = protectedHits()
    expect(seen).toHaveLength(100)
    const first = seen.filter((r) => r.headers.authorization === bearer(oldToken))
    const replays = seen.filter((r) => r.headers.authorization === bearer(client.store.access))
    expect(first.map((r) => r.status)).toEqual(Array(50).fill(401))
    expect(replays.map((r) => r.status)).toEqual(Array(50).fill(200))
    // Every POST body reached the server again on its replay.
    const postBodies = replays.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body).i)
    expect(postBodies.sort((a, b) => a - b)).toEqual(
      Array.from({ length: 25 }, (_, k) => 2 * k + 1),
    )
  })

  it('never trips the 5-refreshes-a-minute limit of seed 001 with pages of 20 queries', async () => {
    // The server refuses 4-hour tokens within milliseconds here: development says so, once.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const client = monogotoClient(fixture)
    for (let page = 0; page < 3; page++) {
      fixture.api.expireTokens()
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          client.api.get('/monogoto/v1/things', { params: { page, i } }),
        ),
      )
      expect(results.every((r) => r.status === 200)).toBe(true)
    }
    expect(fixture.api.refreshCalls('monogoto')).toBe(3)
    expect(fixture.api.requests('POST /monogoto/v1/auth/refresh').map((r) => r.status)).toEqual([
      200, 200, 200,
    ])
    expect(warn.mock.calls.map(([message]) => String(message))).toEqual([
      expect.stringMatching(/refreshed every \d+ ms although they live 14400000 ms/),
    ])
    warn.mockRestore()
  })

  it('replays a request that failed with an older token without another refresh', async () => {
    const client = monogotoClient(fixture)
    fixture.api.expireTokens()
    // The first request is held by the server until after the refresh that the second one starts.
    fixture.api.setFault('GET /test/protected', { type: 'delay', ms: 150 })
    const slow = client.api.get('/test/protected')
    const fast = client.api.post('/test/protected', { fast: true })
    await Promise.all([slow, fast])

    expect(fixture.api.refreshCalls('monogoto')).toBe(1)
    const gets = fixture.api.requests('GET /test/protected')
    expect(gets.map((r) => r.status)).toEqual([401, 200])
    expect(gets[1]!.headers.authorization).toBe(bearer(client.store.access))
  })

  it('holds new requests while a refresh runs, then sends them once with the new token', async () => {
    const refreshed = heldMonogotoClient(fixture)
    const { whileHeld, after: second } = await requestDuringHeldRefresh(
      fixture,
      refreshed.api,
      refreshed.release,
    )
    // While the refresh is held, the later request has not reached the server.
    expect(whileHeld).toHaveLength(0)
    expect(second).toHaveLength(1)
    expect(second[0]!.status).toBe(200)
    expect(second[0]!.headers.authorization).toBe(bearer(refreshed.store.access))
  })

  it('refreshes before sending when the token is about to expire, so no request gets a 401', async () => {
    const client = monogotoClient(fixture, { refreshLeewayMs: 30_000 })
    // A token that expires in 10 s, inside the 30 s leeway: its JWT exp claim says so.
    const issued = fixture.api.issueToken()
    client.store.access = issued.accessToken
    client.store.refresh = issued.refreshToken
    client.api.auth!.signIn(issued.accessToken, Date.now() + 10_000)

    const results = await Promise.all(
      Array.from({ length: 10 }, () => client.api.get('/test/protected')),
    )
    expect(results.every((r) => r.status === 200)).toBe(true)
    expect(fixture.api.refreshCalls('monogoto')).toBe(1)
    expect(protectedHits().map((r) => r.status)).toEqual(Array(10).fill(200))
  })

  it('refreshes before sending when the JWT exp claim is inside the leeway', async () => {
    const issued = fixture.api.issueToken()
    const client = monogotoClient(fixture, { getAccessToken: () => client.store.access })
    // A token of four hours' life with 10 s left: its exp claim alone must trigger the refresh
    // (the default leeway of 30 s is well under a tenth of its life).
    const now = Math.floor(Date.now() / 1000)
    client.store.access = jwtWith({ iat: now - 4 * 3600 + 10, exp: now + 10 })
    client.store.refresh = issued.refreshToken
    await client.api.get('/test/protected')
    expect(fixture.api.refreshCalls('monogoto')).toBe(1)
    expect(protectedHits().map((r) => r.status)).toEqual([200])
    expect(protectedHits()[0]!.headers.authorization).toBe(bearer(client.store.access))
  })
})

describe('what is never done', () => {
  it('replays a request at most once: a second 401 ends as an unauthorized ApiError', async () => {
    let calls = 0
    const client = monogotoClient(fixture, {
      refresh: () => {
        calls++
        return 'not-a-valid-token'
      },
    })
    fixture.api.expireTokens()
    const error: unknown = await client.api.get('/test/protected').catch((e: unknown) => e)
    expect(isApiError(error) && error.kind).toBe('unauthorized')
    expect(calls).toBe(1)
    expect(protectedHits().map((r) => r.headers.authorization)).toEqual([
      expect.stringMatching(/^Bearer ey/),
      'Bearer not-a-valid-token',
    ])
  })

  it('does not run the refresh logic on the refresh call itself (skipAuth), so a 401 there ends it', async () => {
    const client = monogotoClient(fixture, {
      refresh: async () => {
        const { data } = await client.api.post<{ access_token: string }>(
          '/monogoto/v1/auth/refresh',
          { refresh_token: 'revoked' },
          { skipAuth: true },
        )
        return data.access_token
      },
    })
    fixture.api.expireTokens()
    const error: unknown = await client.api.get('/test/protected').catch((e: unknown) => e)
    expect(isApiError(error) && error.kind).toBe('unauthorized')
    const refreshes = fixture.api.requests('POST /monogoto/v1/auth/refresh')
    expect(refreshes.map((r) => r.status)).toEqual([401])
    expect(refreshes[0]!.headers.authorization).toBeUndefined()
    expect(client.failures).toHaveLength(1)
  })

  it('sends a skipAuth request without the token and does not refresh on its 401', async () => {
    const client = monogotoClient(fixture)
    fixture.api.expireTokens()
    const error: unknown = await client.api
      .get('/test/protected', { skipAuth: true })
      .catch((e: unknown) => e)
    expect(isApiError(error) && error.status).toBe(401)
    expect(protectedHits()[0]!.headers.authorization).toBeUndefined()
    expect(fixture.api.refreshCalls()).toBe(0)
  })

  it('leaves a header the caller set on purpose alone, and does not refresh on its 401', async () => {
    const client = monogotoClient(fixture)
    const error: unknown = await client.api
      .get('/test/protected', { headers: { Authorization: 'Bearer chosen-by-caller' } })
      .catch((e: unknown) => e)
    expect(isApiError(error) && error.status).toBe(401)
    expect(protectedHits().map((r) => r.headers.authorization)).toEqual(['Bearer chosen-by-caller'])
    expect(client.refreshCalls).toBe(0)
  })
})

describe('auth state', () => {
  it('goes idle → refreshing → idle around a refresh, and tells subscribers', async () => {
    const client = monogotoClient(fixture)
    const states: string[] = []
    const stop = client.api.auth!.subscribe((s) => states.push(s))
    fixture.api.expireTokens()
    await client.api.get('/test/protected')
    stop()
    expect(states).toEqual(['refreshing', 'idle'])
    expect(client.api.auth!.getState()).toBe('idle')
  })
})
