// What the app's callbacks may do to the auth layer from inside it: call back into the client,
// never answer, or throw. Whatever they do, every request settles as it would have, against a
// real server, and no promise of the library is left rejected without a handler (that ends a
// default Node process).
import axios from 'axios'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { withFixtureServer } from '../../fixture/withFixtureServer.js'
import { isApiError } from '../../../src/core/errors/ApiError'
import type { ApiError } from '../../../src/core/errors/ApiError'
import type { AuthOptions } from '../../../src/core/auth/types'
import { gate, monogotoClient } from './authClient'

const fixture = withFixtureServer()
const protectedHits = () => fixture.api.requests('/test/protected')

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

/**
 * Records the rejections Node finds unhandled until `unhandled()` is read. Node reports them once
 * the microtasks of a turn have run, so two turns of the event loop are let pass first.
 */
function watchUnhandledRejections() {
  const seen: unknown[] = []
  const record = (reason: unknown) => seen.push(reason)
  process.on('unhandledRejection', record)
  return {
    async unhandled() {
      await new Promise((resolve) => setImmediate(resolve))
      await new Promise((resolve) => setImmediate(resolve))
      process.off('unhandledRejection', record)
      return seen.map((reason) => (reason instanceof Error ? reason.message : String(reason)))
    },
  }
}

/** How each request settled: `200`, or the kind and message of its ApiError. */
async function outcomesOf(requests: Promise<{ status: number }>[]) {
  return (await Promise.allSettled(requests)).map((settled) => {
    if (settled.status === 'fulfilled') return settled.value.status
    const error: unknown = settled.reason
    return isApiError(error)
      ? `${error.kind}: ${error.message}`
      : `not an ApiError: ${String(error)}`
  })
}

type Client = ReturnType<typeof monogotoClient>

/** A Monogoto client whose auth options may call back into the client itself. */
function reentrantClient(overrides: (self: () => Client) => Partial<AuthOptions>) {
  const made: Client = monogotoClient(
    fixture,
    overrides(() => made),
  )
  return made
}

describe('a sign-out or sign-in from inside a callback as a refresh starts (B)', () => {
  it('a listener that signs out on "refreshing": every waiter rejects "Signed out.", refresh() is not called, nothing is unhandled', async () => {
    const watch = watchUnhandledRejections()
    const client = monogotoClient(fixture)
    client.api.auth!.subscribe((state) => {
      if (state === 'refreshing') client.api.auth!.signOut()
    })
    fixture.api.expireTokens()

    const outcomes = await outcomesOf(
      Array.from({ length: 3 }, () => client.api.get('/test/protected')),
    )

    expect(outcomes).toEqual(Array(3).fill('unauthorized: Signed out.'))
    expect(protectedHits().map((hit) => hit.status)).toEqual([401, 401, 401])
    expect(client.refreshCalls).toBe(0)
    expect(fixture.api.refreshCalls('monogoto')).toBe(0)
    expect(client.failures).toEqual([])
    expect(client.api.auth!.getState()).toBe('signed-out')
    expect(await watch.unhandled()).toEqual([])
  })

  it('a listener that signs in on "refreshing": the waiters are replayed once with that token, refresh() is not called, nothing is unhandled', async () => {
    const watch = watchUnhandledRejections()
    const client = monogotoClient(fixture)
    const expired = client.store.access
    fixture.api.expireTokens()
    const fresh = fixture.api.issueToken().accessToken
    client.api.auth!.subscribe((state) => {
      if (state === 'refreshing') client.api.auth!.signIn(fresh)
    })

    const outcomes = await outcomesOf(
      Array.from({ length: 3 }, (_, n) => client.api.get('/test/protected', { params: { n } })),
    )

    expect(outcomes).toEqual([200, 200, 200])
    for (const n of ['0', '1', '2'])
      expect(
        protectedHits()
          .filter((hit) => hit.query.n === n)
          .map((hit) => [hit.status, hit.headers.authorization]),
      ).toEqual([
        [401, `Bearer ${expired}`],
        [200, `Bearer ${fresh}`],
      ])
    expect(client.refreshCalls).toBe(0)
    expect(fixture.api.refreshCalls('monogoto')).toBe(0)
    expect(await watch.unhandled()).toEqual([])
  })

  const refreshesThatSignOut: [string, () => Promise<string> | string][] = [
    ['returns a token', () => 'never-used-token-0123456789'],
    [
      'then throws',
      () => {
        throw new Error('refresh() gave up')
      },
    ],
    ['then returns a rejected promise', () => Promise.reject(new Error('refresh() gave up'))],
  ]

  it.each(refreshesThatSignOut)(
    'a refresh() that signs out at once and %s: every waiter rejects "Signed out.", without onAuthFailure, nothing is unhandled',
    async (_, andThen) => {
      const watch = watchUnhandledRejections()
      const client = reentrantClient((self) => ({
        refresh: () => {
          self().api.auth!.signOut()
          return andThen()
        },
      }))
      fixture.api.expireTokens()

      const outcomes = await outcomesOf(
        Array.from({ length: 3 }, () => client.api.get('/test/protected')),
      )

      expect(outcomes).toEqual(Array(3).fill('unauthorized: Signed out.'))
      expect(protectedHits().map((hit) => hit.status)).toEqual([401, 401, 401])
      expect(client.failures).toEqual([])
      expect(client.api.auth!.getState()).toBe('signed-out')
      expect(await watch.unhandled()).toEqual([])
    },
  )

  it('a refresh() that signs in at once with the token it got: the waiters are replayed once with it, nothing is unhandled', async () => {
    const watch = watchUnhandledRejections()
    const client = reentrantClient((self) => ({
      refresh: () => {
        self().api.auth!.signIn(fresh)
        return fresh
      },
    }))
    fixture.api.expireTokens()
    const fresh = fixture.api.issueToken().accessToken

    const outcomes = await outcomesOf(
      Array.from({ length: 3 }, () => client.api.get('/test/protected')),
    )

    expect(outcomes).toEqual([200, 200, 200])
    expect(protectedHits().map((hit) => hit.status)).toEqual([401, 401, 401, 200, 200, 200])
    expect(
      protectedHits()
        .slice(3)
        .map((hit) => hit.headers.authorization),
    ).toEqual(Array(3).fill(`Bearer ${fresh}`))
    expect(client.api.auth!.getState()).toBe('idle')
    expect(await watch.unhandled()).toEqual([])
  })

  it('every listener hears the states in the order they came, and the last it hears is the current one', async () => {
    const client = monogotoClient(fixture)
    const heard: string[][] = [[], []]
    client.api.auth!.subscribe((state) => {
      heard[0]!.push(state)
      if (state === 'refreshing') client.api.auth!.signOut()
    })
    client.api.auth!.subscribe((state) => heard[1]!.push(state))
    fixture.api.expireTokens()

    await client.api.get('/test/protected').catch(() => undefined)

    expect(heard).toEqual([
      ['refreshing', 'signed-out'],
      ['refreshing', 'signed-out'],
    ])
    expect(client.api.auth!.getState()).toBe('signed-out')
  })
})

describe('a getAccessToken() that never settles (C)', () => {
  /** A client whose getAccessToken() never settles; `asked` resolves once a request calls it. */
  function hangingClient(
    overrides: Partial<AuthOptions> = {},
    clientOptions: Parameters<typeof monogotoClient>[2] = {},
  ) {
    const asked = gate()
    const client = monogotoClient(
      fixture,
      {
        getAccessToken: () => {
          asked.open()
          return new Promise<string>(() => undefined)
        },
        ...overrides,
      },
      clientOptions,
    )
    return { ...client, asked: asked.opened }
  }

  it('ends the wait when the request is aborted: canceled, nothing sent', async () => {
    const { api, asked } = hangingClient()
    const controller = new AbortController()
    const request = api
      .get('/test/protected', { signal: controller.signal })
      .catch((e: unknown) => e)
    await asked
    controller.abort()
    const error = await request
    expect(isApiError(error) && error.kind).toBe('canceled')
    expect(protectedHits()).toEqual([])
  })

  it('ends the wait when the request is canceled by its CancelToken: canceled, nothing sent', async () => {
    const { api, asked } = hangingClient()
    const source = axios.CancelToken.source()
    const request = api
      .get('/test/protected', { cancelToken: source.token })
      .catch((e: unknown) => e)
    await asked
    source.cancel('the user left')
    const error = await request
    expect(isApiError(error) && error.kind).toBe('canceled')
    expect(protectedHits()).toEqual([])
  })

  it("ends the wait after the request's timeout when that is shorter than refreshTimeoutMs: a timeout, nothing sent", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { api, asked } = hangingClient({ refreshTimeoutMs: 5_000 }, { timeout: 1_000 })
    const request = api.get('/test/protected').catch((e: unknown) => e)
    await asked
    await vi.advanceTimersByTimeAsync(1_000)
    const error = (await request) as ApiError
    expect(isApiError(error) && [error.kind, error.message]).toEqual([
      'timeout',
      'getAccessToken() gave no token within 1000 ms.',
    ])
    expect(error.request?.url).toMatch(/\/test\/protected$/)
    expect(protectedHits()).toEqual([])
  })

  it('ends the wait after refreshTimeoutMs when the request has no timeout: a timeout, nothing sent', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { api, asked } = hangingClient({ refreshTimeoutMs: 5_000 })
    const request = api.get('/test/protected').catch((e: unknown) => e)
    await asked
    await vi.advanceTimersByTimeAsync(5_000)
    const error = await request
    expect(isApiError(error) && [error.kind, error.message]).toEqual([
      'timeout',
      'getAccessToken() gave no token within 5000 ms.',
    ])
    expect(protectedHits()).toEqual([])
  })
})

describe('an isAuthError() that throws or answers a promise has no say (E)', () => {
  function reportedErrors() {
    const reported: unknown[] = []
    vi.stubGlobal('reportError', (error: unknown) => reported.push(error))
    return reported
  }

  it('one that throws on a 401: the default decides (refresh, one replay, success), and the throw is reported', async () => {
    const reported = reportedErrors()
    const bug = new Error('pred bug')
    const client = monogotoClient(fixture, {
      isAuthError: () => {
        throw bug
      },
    })
    fixture.api.expireTokens()

    const response = await client.api.get('/test/protected')

    expect(response.status).toBe(200)
    expect(protectedHits().map((hit) => hit.status)).toEqual([401, 200])
    expect(client.refreshCalls).toBe(1)
    expect(reported).toEqual([bug])
  })

  it('one that throws on a 404: the request rejects with the 404, as without it', async () => {
    const reported = reportedErrors()
    const client = monogotoClient(
      fixture,
      {
        isAuthError: () => {
          throw new Error('pred bug')
        },
      },
      { retry: false },
    )

    const error = await client.api.get('/test/status/404').catch((e: unknown) => e)

    expect(isApiError(error) && [error.kind, error.status]).toEqual(['not_found', 404])
    expect(fixture.api.requests('/test/status/404')).toHaveLength(1)
    expect(client.refreshCalls).toBe(0)
    expect(reported).toHaveLength(1)
  })

  it('an async one (a promise is no verdict): a 500 is no auth error, no refresh, and its rejection is reported, not unhandled', async () => {
    const watch = watchUnhandledRejections()
    const reported = reportedErrors()
    const client = monogotoClient(
      fixture,
      { isAuthError: (() => Promise.reject(new Error('async pred'))) as unknown as () => boolean },
      { retry: false },
    )

    const error = await client.api.get('/test/status/500').catch((e: unknown) => e)

    expect(isApiError(error) && [error.kind, error.status]).toEqual(['server', 500])
    expect(fixture.api.requests('/test/status/500')).toHaveLength(1)
    expect(client.refreshCalls).toBe(0)
    expect(client.api.auth!.getState()).toBe('idle')
    expect(await watch.unhandled()).toEqual([])
    expect(reported.map((e) => (e as Error).message)).toEqual(['async pred'])
  })
})
