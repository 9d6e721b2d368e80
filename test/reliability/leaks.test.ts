// No secret leaves through an error: errors of every kind, made by the real client against the
// fixture while it sends a bearer token, a cookie, an API key header, credentials in the query and
// in the URL, and receives Set-Cookie. Each error is checked in every form a log or a tracker gets
// (toJSON, JSON.stringify, String, stack, util.inspect, console formatting), and the console itself.
// The token's origins are covered by test/core/auth/origins.test.ts and, across all soak traffic,
// by soak.test.ts.
import { inspect } from 'node:util'
import axios from 'axios'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApiClient } from '../../src/core/client'
import { isApiError } from '../../src/core/errors/ApiError'
import type { ApiError } from '../../src/core/errors/ApiError'
import type { RetryAnnouncement, RetrySettled } from '../../src/core/retry/types'
import { startFixtureServer } from '../fixture/server'
import type { FixtureServer } from '../fixture/server'
import {
  SECRETS,
  SECRET_HEADERS,
  SECRET_PARAMS,
  captureConsole,
  errorForms,
  leaksOf,
} from './secrets'

let server: FixtureServer
let captured: ReturnType<typeof captureConsole>

beforeAll(async () => {
  server = await startFixtureServer({ authRateLimit: false })
})
afterAll(() => server.close())
beforeEach(() => {
  server.api.reset()
  captured = captureConsole()
})
afterEach(() => captured.restore())

function secretClient(options: { failRefresh?: boolean } = {}) {
  const issued = server.api.issueToken()
  const store = { access: issued.accessToken, refresh: issued.refreshToken }
  const authFailures: ApiError[] = []
  const announcements: RetryAnnouncement[] = []
  const settled: RetrySettled[] = []
  const api = createApiClient({
    baseURL: server.url,
    headers: SECRET_HEADERS,
    retry: {
      retries: 1,
      baseDelayMs: 1,
      maxDelayMs: 1,
      maxRetryAfterMs: 100,
      attemptTimeoutMs: 150,
    },
    auth: {
      getAccessToken: () => store.access,
      refresh: async () => {
        if (options.failRefresh)
          server.api.setFault('POST /monogoto/v1/auth/refresh', { type: 'status', status: 500 })
        const { data } = await axios.post<{ access_token: string }>(
          `${server.url}/monogoto/v1/auth/refresh`,
          {
            refresh_token: store.refresh,
          },
        )
        return data.access_token
      },
      onAuthFailure: (error) => authFailures.push(error),
    },
  })
  api.retry.subscribe(
    (a) => announcements.push(a),
    (s) => settled.push(s),
  )
  const secrets = [...Object.values(SECRETS), issued.accessToken, issued.refreshToken]
  return { api, store, secrets, authFailures, announcements, settled }
}

async function failureOf(request: Promise<unknown>): Promise<ApiError> {
  const outcome = await request.then(
    () => new Error('expected a failure'),
    (error: unknown) => error,
  )
  if (!isApiError(outcome)) throw new Error(`not an ApiError: ${String(outcome)}`)
  return outcome
}

const setCookie = `Set-Cookie: session=${SECRETS.setCookie}; HttpOnly`

type Case = [string, (client: ReturnType<typeof secretClient>) => Promise<unknown>, string]
const CASES: Case[] = [
  [
    'a 500 after its retry, with Set-Cookie',
    (c) => c.api.get('/test/status/500', { params: { ...SECRET_PARAMS, header: setCookie } }),
    'server',
  ],
  ['a 404', (c) => c.api.get('/test/items/404', { params: SECRET_PARAMS }), 'not_found'],
  [
    'a 422 on a POST whose body holds a password',
    (c) => {
      server.api.setFault('POST /test/echo', {
        type: 'status',
        status: 422,
        body: { errors: { password: ['is too weak'] } },
      })
      return c.api.post(
        '/test/echo',
        { user: 'demo', password: SECRETS.password },
        { params: SECRET_PARAMS },
      )
    },
    'validation',
  ],
  [
    'a 429 whose Retry-After is over the cap, with Set-Cookie',
    (c) => {
      server.api.setFault('GET /test/items', {
        type: 'status',
        status: 429,
        retryAfter: 3600,
        headers: { 'Set-Cookie': `sid=${SECRETS.setCookie}` },
      })
      return c.api.get('/test/items', { params: SECRET_PARAMS })
    },
    'rate_limited',
  ],
  [
    'a dropped connection, twice',
    (c) => {
      server.api.setFault('GET /test/items', { type: 'drop', times: 2 })
      return c.api.get('/test/items', { params: SECRET_PARAMS })
    },
    'network',
  ],
  [
    'a stalled answer past the timeout, twice',
    (c) => {
      server.api.setFault('GET /test/items', { type: 'stall', times: 2 })
      return c.api.get('/test/items', { params: SECRET_PARAMS })
    },
    'timeout',
  ],
  [
    'an abort',
    (c) => {
      server.api.setFault('GET /test/items', { type: 'stall' })
      const controller = new AbortController()
      setTimeout(() => controller.abort(), 20)
      return c.api.get('/test/items', { params: SECRET_PARAMS, signal: controller.signal })
    },
    'canceled',
  ],
  [
    'an nginx page',
    (c) => {
      server.api.setFault('GET /test/items', { type: 'html', status: 502, times: 2 })
      return c.api.get('/test/items', { params: SECRET_PARAMS })
    },
    'server',
  ],
  [
    'credentials in the URL',
    (c) =>
      c.api.get(
        `${server.url.replace('//', `//demo:${SECRETS.password}@`)}/test/status/503?api_key=${SECRETS.apiKeyParam}`,
      ),
    'server',
  ],
  [
    'a 401 whose refresh fails',
    (c) => {
      server.api.expireTokens()
      return c.api.get('/test/protected', { params: SECRET_PARAMS })
    },
    'unauthorized',
  ],
]

describe('secrets in errors from the real client', () => {
  it.each(CASES)(
    '%s: no token, cookie or key in any form of the error, its retry events or the console',
    async (_, send, kind) => {
      const client = secretClient({ failRefresh: kind === 'unauthorized' })
      const error = await failureOf(send(client))
      expect(error.kind).toBe(kind)

      // The control: the secrets were really sent, and the raw material behind the error holds them.
      const sent = server.api.requests().at(0)
      expect(sent?.headers['x-api-key']).toBe(SECRETS.apiKeyHeader)
      expect(sent?.headers.cookie).toContain(SECRETS.cookie)
      expect(Object.values(sent?.query ?? {}).join() + sent?.headers.authorization).toMatch(
        new RegExp(`${SECRETS.apiKeyParam}|Basic|Bearer ${client.store.access}`),
      )

      expect(leaksOf(error, client.secrets)).toEqual([])
      for (const e of [
        ...client.authFailures,
        ...client.announcements.map((a) => a.error),
        ...client.settled.flatMap((s) => s.error ?? []),
      ])
        expect(leaksOf(e, client.secrets)).toEqual([])
      for (const event of [...client.announcements, ...client.settled]) {
        const text = JSON.stringify(event) + inspect(event, { depth: Infinity })
        expect(client.secrets.filter((secret) => text.includes(secret))).toEqual([])
      }
      // What an app's error logging prints.
      console.error(error)
      console.log('request failed:', error, error.request)
      console.warn('%o', error.toJSON())
      expect(
        captured.lines.filter((line) => client.secrets.some((secret) => line.includes(secret))),
      ).toEqual([])
      expect(captured.lines).toHaveLength(3) // the library itself printed nothing
    },
  )

  it('keeps them out of the cause too: the AxiosError behind the error is a copy without them', async () => {
    const client = secretClient()
    const error = await failureOf(client.api.get('/test/status/500', { params: SECRET_PARAMS }))
    // What the server saw holds them, so the check is not blind.
    const seen = JSON.stringify(server.api.requests().at(-1))
    expect(seen).toContain(client.store.access)
    for (const printed of [
      inspect(error.cause, { depth: Infinity, showHidden: true }),
      JSON.stringify(error.cause),
    ])
      expect(client.secrets.filter((secret) => printed.includes(secret))).toEqual([])
    expect(error.cause).toMatchObject({ response: { status: 500 } })
    expect(Object.keys(errorForms(error))).toHaveLength(8)
  })
})
