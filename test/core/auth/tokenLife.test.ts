// How the client judges a token's life: a refresh that returns the same token is no failure, the
// leeway never exceeds a tenth of a token's life, and expiry is judged on the server's clock where
// the client can know it. Issue 15, findings 2 and 3.
import axios from 'axios'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApiClient } from '../../../src/core/client'
import type { AuthOptions } from '../../../src/core/auth/types'
import { withFixtureServer } from '../../fixture/withFixtureServer.js'
import type { FixtureHandle } from '../../fixture/withFixtureServer.js'
import { crossTabUnderTest } from './authClient'

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

/** A client on Monogoto's tokens that refreshes through the fixture and reports what it knows. */
function tokenClient(fixture: FixtureHandle, overrides: Partial<AuthOptions> = {}) {
  const issued = fixture.api.issueToken()
  const store = { access: issued.accessToken, refresh: issued.refreshToken }
  const counts = { refreshes: 0, failures: 0 }
  const api = createApiClient({
    baseURL: fixture.url,
    retry: false,
    auth: {
      ...crossTabUnderTest,
      getAccessToken: () => store.access,
      refresh: async () => {
        counts.refreshes++
        const { data } = await axios.post<{
          access_token: string
          refresh_token: string
          expires_in: number
        }>(`${fixture.url}/monogoto/v1/auth/refresh`, { refresh_token: store.refresh })
        store.access = data.access_token
        store.refresh = data.refresh_token
        return { accessToken: data.access_token, expiresInMs: data.expires_in * 1000 }
      },
      onAuthFailure: () => counts.failures++,
      ...overrides,
    },
  })
  return { api, store, counts }
}

describe('a refresh that returns the same token', () => {
  const fixture = withFixtureServer({ authRateLimit: false })

  it('is not a failed refresh: a renewal inside the leeway that gets the same token keeps the session, and refreshes once', async () => {
    const { api, store, counts } = tokenClient(fixture, {
      // An issuer without `jti` signs the same token within the same second.
      refresh: () => {
        counts.refreshes++
        return store.access
      },
    })
    // Inside the leeway: the client renews before sending, and gets the very same token back.
    api.auth!.signIn(store.access, Date.now() + 5_000)

    const results = await Promise.all(Array.from({ length: 10 }, () => api.get('/test/protected')))

    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200))
    expect(api.auth!.getState()).toBe('idle')
    expect(counts.failures).toBe(0)
    // The same token cannot be renewed any better now: one refresh, not one per request.
    expect(counts.refreshes).toBe(1)
    for (let i = 0; i < 5; i++) await api.get('/test/protected')
    expect(counts.refreshes).toBe(1)
    expect(fixture.api.requests('/test/protected').map((r) => r.status)).toEqual(
      Array(15).fill(200),
    )
  })

  it('signs out only on evidence: the replay sent with the refreshed token is refused', async () => {
    const { api, store, counts } = tokenClient(fixture, {
      refresh: () => {
        counts.refreshes++
        return store.access // the same token the server has just refused
      },
    })
    fixture.api.expireTokens()
    const errors = await Promise.all(
      Array.from({ length: 4 }, () => api.get('/test/protected').catch((e: unknown) => e)),
    )
    expect(errors.map((e) => (e as { kind?: string }).kind)).toEqual(Array(4).fill('unauthorized'))
    expect(counts.refreshes).toBe(1)
    expect(counts.failures).toBe(1)
    expect(api.auth!.getState()).toBe('signed-out')
    // Each request went out twice: once, and once replayed after the one refresh.
    expect(fixture.api.requests('/test/protected').map((r) => r.status)).toEqual(Array(8).fill(401))

    // Signing in again works, although the issuer may hand out an identical token again.
    store.access = fixture.api.issueToken().accessToken
    expect((await api.get('/test/protected')).status).toBe(200)
    expect(api.auth!.getState()).toBe('idle')
  })
})

describe('short-lived tokens', () => {
  const fixture = withFixtureServer({ authRateLimit: false, accessTokenTtlMs: 3_000 })

  it('renews a 3 s token about once per life, not on every request (35 requests over 30 s)', async () => {
    // Only the clock is fake: the client and the fixture both read it, sockets run as usual.
    vi.useFakeTimers({ toFake: ['Date'] })
    const { api, counts } = tokenClient(fixture)
    for (let i = 0; i < 35; i++) {
      expect((await api.get('/test/protected')).status).toBe(200)
      vi.setSystemTime(Date.now() + 857)
    }
    // 30 s is ten lives of a 3 s token: at most one refresh per life (with a 30 s leeway, every
    // request but the first refreshed: 34). Every request was accepted, so each renewal came
    // before the server's expiry, none after.
    expect(counts.refreshes).toBeLessThanOrEqual(10)
    expect(fixture.api.requests('/test/protected').map((r) => r.status)).toEqual(
      Array(35).fill(200),
    )
  })

  it('warns once in development when refresh() reports an expiry that is already due', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { api, store, counts } = tokenClient(fixture, {
      // The classic slip: expires_in is in seconds, expiresInMs wants milliseconds.
      refresh: async () => {
        counts.refreshes++
        const { data } = await axios.post<{ access_token: string; expires_in: number }>(
          `${fixture.url}/monogoto/v1/auth/refresh`,
          { refresh_token: store.refresh },
        )
        store.access = data.access_token
        return { accessToken: data.access_token, expiresInMs: data.expires_in }
      },
    })
    fixture.api.expireTokens()
    await api.get('/test/protected')
    await api.get('/test/protected')
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]![0])).toMatch(/expiresInMs/)
    expect(String(warn.mock.calls[0]![0])).toMatch(/refreshLeewayMs/)
  })
})

describe('a 20 s token', () => {
  const fixture = withFixtureServer({ authRateLimit: false, accessTokenTtlMs: 20_000 })

  it('costs no refresh for 20 sequential requests within its life (the leeway is 2 s, not 30 s)', async () => {
    const { api, counts } = tokenClient(fixture)
    for (let i = 0; i < 20; i++) await api.get('/test/protected')
    expect(counts.refreshes).toBe(0)
  })
})

describe('a device clock 10 minutes ahead of the server, with 5-minute JWTs', () => {
  const tenMinutes = 10 * 60_000
  // The server's clock is the device's minus ten minutes: every token's exp looks past locally.
  const fixture = withFixtureServer({
    authRateLimit: false,
    accessTokenTtlMs: 5 * 60_000,
    now: () => Date.now() - tenMinutes,
  })

  it('refreshes once (the stored token looks expired), then judges the fresh token by its iat', async () => {
    const { api, counts } = tokenClient(fixture, {
      // Only the JWT speaks: refresh() returns the bare token, no expiresInMs.
      refresh: async () => {
        counts.refreshes++
        const { data } = await axios.post<{ access_token: string }>(
          `${fixture.url}/monogoto/v1/auth/refresh`,
          { refresh_token: refreshToken },
        )
        return data.access_token
      },
    })
    const refreshToken = fixture.api.issueToken().refreshToken
    for (let i = 0; i < 20; i++) expect((await api.get('/test/protected')).status).toBe(200)
    expect(counts.refreshes).toBe(1)
  })
})
