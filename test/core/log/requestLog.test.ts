// The request log (issue 20): one entry per attempt that went on the wire, at three levels, with
// nothing secret in it, against the fixture server on 127.0.0.1.
import axios from 'axios'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApiClient } from '../../../src/core/client'
import { consoleLog } from '../../../src/core/log/consoleLog'
import type { RequestLogEntry, RequestLogLevel } from '../../../src/core/log/types'
import { startFixtureServer } from '../../fixture/server'
import type { FixtureServer } from '../../fixture/server'

let server: FixtureServer

beforeEach(async () => {
  server = await startFixtureServer({ authRateLimit: false })
})

afterEach(async () => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  await server.close()
})

/** A Monogoto client whose entries are kept in `entries`. */
function loggedClient(
  level: RequestLogLevel | undefined,
  write?: (entry: RequestLogEntry) => void | Promise<void>,
) {
  const issued = server.api.issueToken()
  const store = { access: issued.accessToken, refresh: issued.refreshToken }
  const entries: RequestLogEntry[] = []
  const api = createApiClient({
    baseURL: server.url,
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 },
    log: { ...(level ? { level } : {}), write: write ?? ((entry) => void entries.push(entry)) },
    auth: {
      getAccessToken: () => store.access,
      refresh: async () => {
        const { data } = await axios.post<{ access_token: string; refresh_token: string }>(
          `${server.url}/monogoto/v1/auth/refresh`,
          { refresh_token: store.refresh },
        )
        store.access = data.access_token
        store.refresh = data.refresh_token
        return data.access_token
      },
    },
  })
  return { api, store, entries }
}

/**
 * One logical request that goes out three times: a 503 (retried), then a 401 because the token
 * expired during the retry's wait (refreshed), then the replay that succeeds.
 */
async function firstRetryReplay(api: ReturnType<typeof loggedClient>['api']) {
  server.api.setFault('PUT /test/protected', { type: 'status', status: 503 })
  const expired = new Promise<void>((resolve) => {
    const stop = api.retry.subscribe(() => {
      server.api.expireTokens()
      stop()
      resolve()
    })
  })
  const response = await api.put('/test/protected', { amount: 5 }, { params: { page: 2 } })
  await expired
  return response
}

const shape = (entries: RequestLogEntry[]) =>
  entries.map((e) => [e.request, e.attempt, e.reason, e.method, e.status])

describe('one entry per attempt on the wire', () => {
  it('full: every attempt, with params, body and the error body', async () => {
    const { api, entries } = loggedClient('full')
    expect((await firstRetryReplay(api)).status).toBe(200)
    expect(shape(entries)).toEqual([
      [1, 1, 'first', 'PUT', 503],
      [1, 2, 'retry', 'PUT', 401],
      [1, 3, 'replay after refresh', 'PUT', 200],
    ])
    expect(entries.map((e) => e.url)).toEqual(Array(3).fill(`${server.url}/test/protected`))
    expect(entries.every((e) => (e.params as { page?: number }).page === 2)).toBe(true)
    expect(entries.map((e) => e.requestBody)).toEqual(Array(3).fill({ amount: 5 }))
    expect(entries[1]!.error).toMatchObject({ kind: 'unauthorized', status: 401 })
    expect(entries[1]!.responseBody).toMatchObject({ code: 'token_expired' })
    expect(entries[2]!.error).toBeUndefined()
    expect(entries.every((e) => Number.isInteger(e.durationMs) && e.durationMs >= 0)).toBe(true)
    // The server saw exactly the attempts the log lists.
    expect(server.api.requests('PUT /test/protected').map((r) => r.status)).toEqual([503, 401, 200])
  })

  it('errors (the default): only the failed attempts, in full', async () => {
    const { api, entries } = loggedClient(undefined)
    await firstRetryReplay(api)
    expect(shape(entries)).toEqual([
      [1, 1, 'first', 'PUT', 503],
      [1, 2, 'retry', 'PUT', 401],
    ])
    expect(entries[0]!.requestBody).toEqual({ amount: 5 })
    expect(entries[0]!.error).toMatchObject({ kind: 'server', status: 503 })
  })

  it('summary: every attempt, without params or bodies', async () => {
    const { api, entries } = loggedClient('summary')
    await firstRetryReplay(api)
    expect(shape(entries)).toEqual([
      [1, 1, 'first', 'PUT', 503],
      [1, 2, 'retry', 'PUT', 401],
      [1, 3, 'replay after refresh', 'PUT', 200],
    ])
    for (const entry of entries) {
      expect(entry).not.toHaveProperty('params')
      expect(entry).not.toHaveProperty('requestBody')
      expect(entry).not.toHaveProperty('responseBody')
    }
    expect(entries[0]!.error?.message).toBe('Service Unavailable')
  })

  it('numbers logical requests apart, and names the request id and the idempotency key', async () => {
    const { api, entries } = loggedClient('full')
    await api.get('/test/items')
    await api.post('/test/writes', { n: 1 }, { headers: { 'Idempotency-Key': 'key-42' } })
    await api.get('/test/status/200', { params: { header: 'X-Request-Id: req-7' } })
    expect(entries.map((e) => [e.request, e.attempt])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
    ])
    expect(entries[1]!.idempotencyKey).toBe('key-42')
    expect(entries[2]!.requestId).toBe('req-7')
  })

  it('says network, timeout or canceled when no response came', async () => {
    const { api, entries } = loggedClient('errors')
    server.api.setFault('GET /test/items', { type: 'drop', times: 'always' })
    await api.get('/test/items', { retry: false }).catch(() => undefined)
    server.api.setFault('GET /test/slow', { type: 'stall' })
    await api.get('/test/slow', { retry: false, timeout: 50 }).catch(() => undefined)
    const controller = new AbortController()
    server.api.setFault('GET /test/echo', { type: 'stall' })
    const aborted = api.get('/test/echo', { signal: controller.signal, retry: false })
    setTimeout(() => controller.abort(), 30)
    await aborted.catch(() => undefined)
    expect(entries.map((e) => e.status)).toEqual(['network', 'timeout', 'canceled'])
  })
})

describe('nothing secret reaches an entry', () => {
  it('no API key in a header, query or body, no bearer token, no cookie, no token the server echoes', async () => {
    const { api, store, entries } = loggedClient('full')
    const apiKey = 'key_live_5f6c8a1e9b2d'
    const password = 'correct horse battery staple'
    const cookie = 'session=sess_9d8e7f6a5b4c'
    // The server echoes the bearer token in its error message, as some do.
    server.api.setFault('POST /test/writes', {
      type: 'status',
      status: 400,
      body: { message: `Token ${store.access} refused`, api_key: apiKey },
    })
    await api
      .post(
        '/test/writes',
        { user: 'ann', password, apiKey, nested: { client_secret: apiKey } },
        {
          headers: { 'X-Api-Key': apiKey, Cookie: cookie },
          params: { api_key: apiKey, access_token: store.access, page: 1 },
          retry: false,
        },
      )
      .catch(() => undefined)
    await api.get(`/test/echo?token=${apiKey}`, { headers: { Cookie: cookie } })
    expect(entries).toHaveLength(2)
    const logged = JSON.stringify(entries)
    for (const secret of [apiKey, password, cookie, 'sess_9d8e7f6a5b4c', store.access])
      expect(logged).not.toContain(secret)
    // What is not secret stays readable.
    expect(entries[0]!.requestBody).toMatchObject({ user: 'ann', password: '[REDACTED]' })
    expect(entries[0]!.params).toMatchObject({ page: 1, api_key: '[REDACTED]' })
    expect(entries[0]!.error?.message).toBe('Token [REDACTED] refused')
  })

  it('no OAuth authorization code or state, in params or a form body, as in the URL', async () => {
    const { api, entries } = loggedClient('full')
    const code = 'auth_code_7Hq2Lm9Xw'
    const state = 'state_3Kd8Pz1Vb'
    await api.get('/test/echo', { params: { code, state, page: 2 }, skipAuth: true })
    await api.post(
      '/test/echo',
      `grant_type=authorization_code&code=${code}&redirect_uri=https%3A%2F%2Fapp.test%2Fcb`,
      { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, skipAuth: true },
    )
    await api.get(`/test/echo?code=${code}&state=${state}`, { skipAuth: true })
    expect(entries).toHaveLength(3)
    const logged = JSON.stringify(entries)
    expect(logged).not.toContain(code)
    expect(logged).not.toContain(state)
    expect(entries[0]!.params).toEqual({ code: '[REDACTED]', state: '[REDACTED]', page: 2 })
    expect(entries[1]!.requestBody).toMatchObject({
      grant_type: 'authorization_code',
      code: '[REDACTED]',
    })
  })
})

describe('a log never changes what a request settles with', () => {
  it('a write that throws: the request succeeds, and the throw is reported', async () => {
    const reported: unknown[] = []
    vi.stubGlobal('reportError', (error: unknown) => reported.push(error))
    const { api } = loggedClient('full', () => {
      throw new Error('the log is full')
    })
    expect((await api.get('/test/items')).status).toBe(200)
    expect(reported).toHaveLength(1)
  })

  it('a write that never finishes: the request does not wait for it', async () => {
    const { api } = loggedClient('full', () => new Promise<void>(() => undefined))
    expect((await api.get('/test/items')).status).toBe(200)
    await expect(api.get('/test/items/99')).rejects.toMatchObject({ kind: 'not_found' })
  })

  it('the error a request rejects with is the same as without a log (its data parsed)', async () => {
    const { api } = loggedClient('errors')
    const withLog = (await api.get('/test/items/99').catch((e: unknown) => e)) as { data: unknown }
    const plain = createApiClient({ baseURL: server.url, retry: false })
    const without = (await plain.get('/test/items/99').catch((e: unknown) => e)) as {
      data: unknown
    }
    expect(withLog.data).toEqual(without.data)
    expect(typeof withLog.data).toBe('object')
  })

  it('no log: no step runs for it (the adapter sees the same config it would)', async () => {
    const api = createApiClient({ baseURL: server.url })
    const response = await api.get('/test/items')
    expect(response.config).not.toHaveProperty('__rqLog')
  })
})

describe('consoleLog', () => {
  it('writes one line per attempt, failures as warnings', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const api = createApiClient({ baseURL: server.url, retry: false, log: consoleLog('summary') })
    await api.get('/test/items')
    await api.get('/test/items/99').catch(() => undefined)
    expect(String(info.mock.calls[0]![0])).toMatch(
      /^\[resilient-query\] #1\.1 first GET .*\/test\/items → 200 in \d+ ms$/,
    )
    expect(String(warn.mock.calls[0]![0])).toMatch(
      /#2\.1 first GET .*→ 404 in \d+ ms: Item 99 not found$/,
    )
  })
})
