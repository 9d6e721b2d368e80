// What an outside attack on the auth layer broke (issue 16), each pinned against real servers on
// 127.0.0.1 by what they saw.
import { Readable } from 'node:stream'
import { inspect } from 'node:util'
import axios from 'axios'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApiClient } from '../../../src/core/client'
import type { ApiClientOptions } from '../../../src/core/client'
import { isApiError } from '../../../src/core/errors/ApiError'
import type { RequestLogEntry } from '../../../src/core/log/types'
import type { ApiError } from '../../../src/core/errors/ApiError'
import { withFixtureServer } from '../../fixture/withFixtureServer.js'
import type { FixtureHandle } from '../../fixture/withFixtureServer.js'
import { authStateReached, crossTabUnderTest, gate, monogotoClient } from './authClient'

const fixture = withFixtureServer()
/** A second origin, reset before each test like the first. */
const other = withFixtureServer()

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const API_KEY = 'k3y-that-must-stay-home'

/** A client whose credential is an API key in `X-Api-Key` (no scheme), the case axios never strips. */
function apiKeyClient(
  options: {
    allowedOrigins?: string[]
    adapter?: 'http' | 'fetch'
    /** The client's default headers, as the app gives them. */
    headers?: Record<string, string>
    log?: ApiClientOptions['log']
  } = {},
) {
  return createApiClient({
    baseURL: fixture.url,
    retry: false,
    ...(options.adapter ? { adapter: options.adapter } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.log ? { log: options.log } : {}),
    auth: {
      ...crossTabUnderTest,
      header: 'X-Api-Key',
      scheme: '',
      getAccessToken: () => API_KEY,
      refresh: () => API_KEY,
      ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    },
  })
}

const keysSeenBy = (server: FixtureHandle) =>
  server.api.requests().map((r) => r.headers['x-api-key'])
const redirectTo = (location: string) => ({ params: { header: `Location: ${location}` } })

describe('a credential in a custom header never follows a redirect to another origin (16.1)', () => {
  for (const adapter of ['http', 'fetch'] as const) {
    it(`302 to another origin, ${adapter} adapter: the other origin gets the request without the key`, async () => {
      const api = apiKeyClient({ adapter })
      const response = await api.get('/test/status/302', redirectTo(`${other.url}/test/echo`))
      expect(response.status).toBe(200)
      expect(keysSeenBy(fixture)).toEqual([API_KEY])
      expect(other.api.requests().map((r) => r.path)).toEqual(['/test/echo'])
      expect(keysSeenBy(other)).toEqual([undefined])
    })

    it(`307 with a body to another origin, ${adapter} adapter: the body goes again, the key does not`, async () => {
      const api = apiKeyClient({ adapter })
      await api.put('/test/status/307', { amount: 5 }, redirectTo(`${other.url}/test/echo`))
      const [seen] = other.api.requests()
      expect(seen?.method).toBe('PUT')
      expect(JSON.parse(seen?.body ?? 'null')).toEqual({ amount: 5 })
      expect(seen?.headers['x-api-key']).toBeUndefined()
    })

    it(`keeps the key on a redirect within the origin and to an allowed one, ${adapter} adapter`, async () => {
      const api = apiKeyClient({ adapter, allowedOrigins: [other.origin] })
      await api.get('/test/status/302', redirectTo(`${fixture.url}/test/echo`))
      await api.get('/test/status/301', redirectTo(`${other.url}/test/echo`))
      expect(keysSeenBy(fixture)).toEqual([API_KEY, API_KEY, API_KEY])
      expect(keysSeenBy(other)).toEqual([API_KEY])
    })
  }

  it('drops the key on the hop that leaves, and puts it back when the chain returns home', async () => {
    const api = apiKeyClient()
    // home → other → home: the key goes to neither the other origin nor... back home it is ours again.
    const back = `${fixture.url}/test/echo`
    await api.get('/test/status/302', {
      params: {
        header: `Location: ${other.url}/test/status/302?header=${encodeURIComponent(`Location: ${back}`)}`,
      },
    })
    expect(keysSeenBy(other)).toEqual([undefined])
    expect(keysSeenBy(fixture)).toEqual([API_KEY, API_KEY])
  })

  it('turns a POST answered by 303 into a GET without the body, as browsers do', async () => {
    const api = apiKeyClient()
    await api.post('/test/status/303', { secret: 1 }, redirectTo(`${fixture.url}/test/echo`))
    const second = fixture.api.requests()[1]
    expect(second?.method).toBe('GET')
    expect(second?.body).toBe('')
  })

  it('stops after maxRedirects with a typed error', async () => {
    const api = apiKeyClient()
    const loop = `${fixture.url}/test/status/302?header=${encodeURIComponent(`Location: ${fixture.url}/test/echo`)}`
    const error: unknown = await api
      .get('/test/status/302', { maxRedirects: 1, params: { header: `Location: ${loop}` } })
      .catch((e: unknown) => e)
    expect(isApiError(error) && error.kind).toBe('http')
    expect(fixture.api.requests()).toHaveLength(2)
  })
})

describe('the credential header set by the app itself never follows a redirect either', () => {
  // Found by a second outside attack: the app puts the key in the header auth.header names (per
  // request, in the client's defaults, in another letter case), the library leaves the value
  // alone, and the adapter followed the redirect with it.
  const APP_KEY = 'app-set-key-that-must-stay-home'
  const appKeyClient = (options: { adapter?: 'http' | 'fetch'; defaultHeader?: boolean } = {}) =>
    apiKeyClient({
      ...(options.adapter ? { adapter: options.adapter } : {}),
      ...(options.defaultHeader ? { headers: { 'x-api-key': APP_KEY } } : {}),
    })

  for (const adapter of ['http', 'fetch'] as const) {
    it(`per request, 307 to another origin, ${adapter} adapter`, async () => {
      const api = appKeyClient({ adapter })
      const response = await api.get('/test/status/307', {
        ...redirectTo(`${other.url}/test/echo`),
        headers: { 'X-Api-Key': APP_KEY },
      })
      expect(response.status).toBe(200)
      expect(keysSeenBy(fixture)).toEqual([APP_KEY])
      expect(other.api.requests().map((r) => r.path)).toEqual(['/test/echo'])
      expect(keysSeenBy(other)).toEqual([undefined])
    })
  }

  it("in the client's default headers, in another letter case, 302 to another origin", async () => {
    const api = appKeyClient({ defaultHeader: true })
    await api.get('/test/status/302', {
      ...redirectTo(`${other.url}/test/echo`),
      headers: { 'X-API-KEY': APP_KEY },
    })
    expect(keysSeenBy(fixture)).toEqual([APP_KEY])
    expect(keysSeenBy(other)).toEqual([undefined])
  })

  it('keeps the value the app set on a redirect within the origin', async () => {
    const api = appKeyClient()
    await api.get('/test/status/302', {
      ...redirectTo(`${fixture.url}/test/echo`),
      headers: { 'X-Api-Key': APP_KEY },
    })
    expect(keysSeenBy(fixture)).toEqual([APP_KEY, APP_KEY])
  })
})

describe('redirects with a request log (its code loads while the first request waits)', () => {
  it('keeps the key home on the first request too, and logs each hop as a redirect', async () => {
    const entries: RequestLogEntry[] = []
    const api = apiKeyClient({
      log: { level: 'full', write: (entry) => void entries.push(entry) },
    })
    const back = `${fixture.url}/test/status/307?header=${encodeURIComponent(`Location: ${other.url}/test/echo`)}`
    await api.get('/test/status/302', redirectTo(back))
    expect(keysSeenBy(fixture)).toEqual([API_KEY, API_KEY])
    expect(keysSeenBy(other)).toEqual([undefined])
    await vi.waitFor(() => expect(entries).toHaveLength(3))
    expect(
      entries.map((entry) => [entry.request, entry.attempt, entry.reason, entry.status]),
    ).toEqual([
      [1, 1, 'first', 302],
      [1, 2, 'redirect', 307],
      [1, 3, 'redirect', 200],
    ])
  })
})

describe('the credential goes where axios really sends the request (16.3)', () => {
  it('is not sent when allowAbsoluteUrls: false sends an absolute URL to a per-request baseURL', async () => {
    const client = monogotoClient(fixture)
    await client.api
      .get(`${fixture.url}/test/echo`, { baseURL: other.url, allowAbsoluteUrls: false })
      .catch(() => undefined)
    expect(fixture.api.requests()).toHaveLength(0)
    expect(other.api.requests()).toHaveLength(1)
    expect(other.api.requests()[0]!.headers.authorization).toBeUndefined()
  })

  it('is not sent when the client refuses absolute URLs and a request names another baseURL', async () => {
    const client = monogotoClient(fixture, {}, { allowAbsoluteUrls: false })
    await client.api.get('/test/echo', { baseURL: other.url })
    expect(other.api.requests().map((r) => r.headers.authorization)).toEqual([undefined])
  })

  it('is not sent where an app interceptor that runs after ours (non-legacy ordering) points the request', async () => {
    const client = monogotoClient(
      fixture,
      {},
      {
        transitional: { legacyInterceptorReqResOrdering: false },
      },
    )
    client.api.interceptors.request.use(
      (config) => {
        config.url = `${other.url}/test/echo`
        return config
      },
      undefined,
      { synchronous: true },
    )
    await client.api.get('/test/echo')
    expect(fixture.api.requests()).toHaveLength(0)
    expect(other.api.requests().map((r) => r.headers.authorization)).toEqual([undefined])
  })
})

describe('a body that cannot be sent twice is not replayed after a refresh (16.2, auth side)', () => {
  it('fails with a typed, explaining error; the refresh still happens, so the next call works', async () => {
    const client = monogotoClient(fixture)
    fixture.api.expireTokens()
    const error: unknown = await client.api
      .put('/test/protected', Readable.from(['{"part":', '1}']), {
        headers: { 'Content-Type': 'application/json' },
      })
      .catch((e: unknown) => e)
    expect(isApiError(error)).toBe(true)
    expect(isApiError(error) && error.code).toBe('body_not_resendable')
    expect(isApiError(error) && error.message).toMatch(/recreateData/)
    expect(fixture.api.requests('PUT /test/protected').map((r) => r.body)).toEqual(['{"part":1}'])
    await vi.waitFor(() => expect(client.api.auth!.getState()).toBe('idle'))
    expect((await client.api.get('/test/protected')).status).toBe(200)
    expect(client.refreshCalls).toBe(1)
  })

  it('replays it with a fresh body when the request gives recreateData', async () => {
    const client = monogotoClient(fixture)
    fixture.api.expireTokens()
    const chunks = () => Readable.from(['{"part":', '1}'])
    const response = await client.api.put('/test/protected', chunks(), {
      headers: { 'Content-Type': 'application/json' },
      recreateData: chunks,
    })
    expect(response.status).toBe(200)
    expect(fixture.api.requests('PUT /test/protected').map((r) => [r.status, r.body])).toEqual([
      [401, '{"part":1}'],
      [200, '{"part":1}'],
    ])
  })

  it('says recreateData gave a used body when it hands back the stream it sent', async () => {
    const client = monogotoClient(fixture)
    fixture.api.expireTokens()
    const body = Readable.from(['{"part":', '1}'])
    const error: unknown = await client.api
      .put('/test/protected', body, {
        headers: { 'Content-Type': 'application/json' },
        recreateData: () => body,
      })
      .catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'body_not_resendable' })
    expect((error as ApiError).message).toContain('recreateData returned a used body')
    expect(fixture.api.requests('PUT /test/protected').map((r) => r.status)).toEqual([401])
  })
})

describe('a CancelToken ends a wait for the refresh as an AbortSignal does (16.8, auth side)', () => {
  it('rejects as canceled at once while the refresh goes on, sending nothing', async () => {
    const held = gate()
    const client = monogotoClient(fixture, {}, {}, held.opened)
    fixture.api.expireTokens()
    const refreshing = authStateReached(client.api, 'refreshing')
    const first = client.api.get('/test/protected', { params: { who: 'first' } })
    await refreshing
    const source = axios.CancelToken.source()
    const waiting = client.api
      .get('/test/protected', { cancelToken: source.token, params: { who: 'waiting' } })
      .catch((e: unknown) => e)
    await new Promise((resolve) => setImmediate(resolve))
    source.cancel('the user left')
    const error = await waiting
    // Settled while the refresh is still held: it did not wait for it.
    expect(isApiError(error) && error.kind).toBe('canceled')
    expect(client.api.auth!.getState()).toBe('refreshing')
    held.open()
    expect((await first).status).toBe(200)
    expect(
      fixture.api.requests('/test/protected').filter((r) => r.query.who === 'waiting'),
    ).toEqual([])
  })
})

describe('duration options are checked once (16.9, auth side)', () => {
  it.each([
    ['refreshTimeoutMs', 3e9],
    ['refreshTimeoutMs', -1],
    ['refreshTimeoutMs', Number.NaN],
    ['refreshLeewayMs', Infinity],
  ])('refuses auth.%s = %s when the client is created, naming the option', (name, value) => {
    expect(() =>
      createApiClient({ baseURL: fixture.url, auth: { refresh: () => 'x', [name]: value } }),
    ).toThrow(new RegExp(`auth\\.${name} must be`))
  })

  it('takes refreshTimeoutMs: Infinity as "no timeout": a refresh that takes its time succeeds', async () => {
    // An overflowing timer fires at once: before the fix, this refresh "timed out" after 1 ms.
    const slow = gate()
    const client = monogotoClient(fixture, { refreshTimeoutMs: Infinity }, {}, slow.opened)
    fixture.api.expireTokens()
    const request = client.api.get('/test/protected')
    await authStateReached(client.api, 'refreshing')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(client.api.auth!.getState()).toBe('refreshing')
    slow.open()
    expect((await request).status).toBe(200)
    expect(client.failures).toHaveLength(0)
  })
})

describe('a throwing app callback never changes what a request settles with (16.12, auth side)', () => {
  it('onAuthFailure that throws: every request still rejects as unauthorized', async () => {
    vi.stubGlobal('reportError', () => undefined)
    const client = monogotoClient(fixture, {
      onAuthFailure: () => {
        throw new Error('the app crashed in onAuthFailure')
      },
    })
    fixture.api.expireTokens({ refreshTokens: true })
    const errors = await Promise.all(
      Array.from({ length: 3 }, () => client.api.get('/test/protected').catch((e: unknown) => e)),
    )
    expect(errors.map((e) => isApiError(e) && e.kind)).toEqual(Array(3).fill('unauthorized'))
  })

  it('a subscriber that throws: the refresh and the replays go on', async () => {
    const reported: unknown[] = []
    vi.stubGlobal('reportError', (error: unknown) => reported.push(error))
    const client = monogotoClient(fixture)
    client.api.auth!.subscribe(() => {
      throw new Error('the app crashed in a subscriber')
    })
    fixture.api.expireTokens()
    const results = await Promise.all(
      Array.from({ length: 3 }, () => client.api.get('/test/protected')),
    )
    expect(results.map((r) => r.status)).toEqual([200, 200, 200])
    expect(reported).toHaveLength(2) // idle → refreshing → idle, each reported
  })
})

describe('a refresh through the same client is never retried (16.15)', () => {
  it('sends a single-use refresh token once even when the client keys and retries writes', async () => {
    const issued = fixture.api.issueToken()
    const store = { access: issued.accessToken, refresh: issued.refreshToken }
    const api = createApiClient({
      baseURL: fixture.url,
      retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 2, idempotencyKey: true },
      auth: {
        getAccessToken: () => store.access,
        // The README's refresh, as written there.
        refresh: async ({ signal }) => {
          const { data } = await api.post<{ access_token: string; refresh_token: string }>(
            '/monogoto/v1/auth/refresh',
            { refresh_token: store.refresh },
            { skipAuth: true, signal },
          )
          store.access = data.access_token
          store.refresh = data.refresh_token
          return data.access_token
        },
      },
    })
    fixture.api.expireTokens()
    // The server rotates the token, then the answer is lost on the way back.
    fixture.api.setFault('POST /monogoto/v1/auth/refresh', { type: 'drop', phase: 'response' })
    const error: unknown = await api.get('/test/protected').catch((e: unknown) => e)
    expect(isApiError(error) && error.kind).toBe('unauthorized')
    const refreshes = fixture.api.requests('POST /monogoto/v1/auth/refresh')
    expect(refreshes).toHaveLength(1)
    expect(refreshes[0]!.headers['idempotency-key']).toBeUndefined()
    expect(refreshes[0]!.headers.authorization).toBeUndefined()
  })

  it('retries it when the refresh request asks for retries itself', async () => {
    const issued = fixture.api.issueToken()
    const store = { access: issued.accessToken, refresh: issued.refreshToken }
    const api = createApiClient({
      baseURL: fixture.url,
      retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 2 },
      auth: {
        getAccessToken: () => store.access,
        refresh: async ({ signal }) => {
          const { data } = await api.post<{ access_token: string; refresh_token: string }>(
            '/monogoto/v1/auth/refresh',
            { refresh_token: store.refresh },
            { skipAuth: true, signal, retry: { retries: 1 }, headers: { 'Idempotency-Key': 'r1' } },
          )
          store.access = data.access_token
          return data.access_token
        },
      },
    })
    fixture.api.expireTokens()
    fixture.api.setFault('POST /monogoto/v1/auth/refresh', { type: 'status', status: 503 })
    expect((await api.get('/test/protected')).status).toBe(200)
    expect(fixture.api.requests('POST /monogoto/v1/auth/refresh').map((r) => r.status)).toEqual([
      503, 200,
    ])
  })
})

describe('the token the server echoes never reaches an error (16.4)', () => {
  it('is scrubbed from the message, toJSON() and util.inspect(), as sent and URL-encoded', async () => {
    const client = monogotoClient(fixture)
    const token = client.store.access
    fixture.api.setFault('GET /test/items', {
      type: 'status',
      status: 400,
      body: {
        message: `Token ${token} is not allowed on this route`,
        errors: [{ field: 'q', message: `q=${encodeURIComponent(token)} was refused` }],
      },
    })
    const error: unknown = await client.api
      .get('/test/items', { params: { q: token }, retry: false })
      .catch((e: unknown) => e)
    expect(isApiError(error)).toBe(true)
    const apiError = error as ApiError
    expect(apiError.message).toBe('Token [REDACTED] is not allowed on this route')
    for (const shown of [
      JSON.stringify(apiError.toJSON()),
      inspect(apiError),
      apiError.message,
      JSON.stringify(apiError.fieldErrors),
    ]) {
      expect(shown).not.toContain(token)
      expect(shown).not.toContain(encodeURIComponent(token))
    }
  })
})
