import { beforeEach, describe, expect, it } from 'vitest'
import { createApiClient } from '../../src/core/client'
import { CREDENTIALS } from '../fixture/credentials.js'
import { fixture } from './fixtureControl'

beforeEach(async () => {
  await fixture.reset()
})

// Seed 002 (Monetro): the session lives in HttpOnly cookies that JavaScript never sees; only a
// real browser's cookie jar can show that the refresh and the replays work without a token.
describe('a cookie session in Chromium', () => {
  function monetroClient() {
    const client = createApiClient({
      baseURL: '/api/monetro/api',
      withCredentials: true,
      auth: {
        refresh: async () => {
          await client.post('/auth/refresh', undefined, { skipAuth: true })
        },
      },
    })
    return client
  }

  it('refreshes once through the refresh cookie when 5 requests meet TOKEN_EXPIRED, and replays them', async () => {
    const client = monetroClient()
    await client.post('/auth/login', CREDENTIALS.monetro, { skipAuth: true })
    expect(document.cookie).not.toContain('monetro_access') // HttpOnly: invisible to scripts
    await fixture.expireTokens()

    const results = await Promise.all(Array.from({ length: 5 }, () => client.get('/me')))

    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
    expect((await fixture.stats()).refreshCalls.monetro).toBe(1)
    const seen = await fixture.requests('GET /monetro/api/me')
    expect(seen.map((r) => r.status).sort()).toEqual([
      200, 200, 200, 200, 200, 401, 401, 401, 401, 401,
    ])
    expect(seen.every((r) => r.headers.authorization === undefined)).toBe(true)
  })

  it('ends signed out, with one unauthorized error, when the refresh cookie has expired too', async () => {
    const client = monetroClient()
    await client.post('/auth/login', CREDENTIALS.monetro, { skipAuth: true })
    await client.post('/auth/logout', undefined, { skipAuth: true })

    const settled = await Promise.allSettled([client.get('/me'), client.get('/me')])
    const kinds = settled.map((s) =>
      s.status === 'rejected' ? (s.reason as { kind: string }).kind : 'ok',
    )
    expect(kinds).toEqual(['unauthorized', 'unauthorized'])
    expect(client.auth!.getState()).toBe('signed-out')
    expect((await fixture.stats()).refreshCalls.monetro).toBe(1)
  })
})
