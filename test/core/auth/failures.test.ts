import { afterEach, describe, expect, it, vi } from 'vitest'
import { withFixtureServer } from '../../fixture/withFixtureServer.js'
import { isApiError } from '../../../src/core/errors/ApiError'
import type { ApiError } from '../../../src/core/errors/ApiError'
import { authStateReached, gate, heldMonogotoClient, monogotoClient } from './authClient'

const fixture = withFixtureServer()
const protectedHits = () => fixture.api.requests('/test/protected')

async function rejectionsOf(promises: Promise<unknown>[]): Promise<ApiError[]> {
  const settled = await Promise.allSettled(promises)
  return settled.map((s) => {
    if (s.status === 'fulfilled') throw new Error('expected a rejection')
    if (!isApiError(s.reason)) throw new Error(`not an ApiError: ${String(s.reason)}`)
    return s.reason
  })
}

afterEach(() => {
  vi.useRealTimers()
})

describe('when the refresh fails', () => {
  const failingRefreshes: [string, () => void][] = [
    [
      'answers 500',
      () => fixture.api.setFault('POST /monogoto/v1/auth/refresh', { type: 'status', status: 500 }),
    ],
    [
      'answers 401 (refresh token expired)',
      () => fixture.api.expireTokens({ refreshTokens: true }),
    ],
    [
      'answers an HTML page',
      () => fixture.api.setFault('POST /monogoto/v1/auth/refresh', { type: 'html', status: 502 }),
    ],
    [
      'loses its connection',
      () => fixture.api.setFault('POST /monogoto/v1/auth/refresh', { type: 'drop' }),
    ],
    [
      'answers truncated JSON',
      () => fixture.api.setFault('POST /monogoto/v1/auth/refresh', { type: 'truncated-json' }),
    ],
  ]

  it.each(failingRefreshes)(
    'rejects every waiting request with one unauthorized ApiError and calls onAuthFailure once when it %s',
    async (_, breakRefresh) => {
      const client = monogotoClient(fixture)
      fixture.api.expireTokens()
      breakRefresh()
      const errors = await rejectionsOf(
        Array.from({ length: 8 }, () => client.api.get('/test/protected')),
      )

      expect(new Set(errors.map((e) => e.kind))).toEqual(new Set(['unauthorized']))
      // One error, shared: its cause is the refresh's own failure.
      expect(new Set(errors.map((e) => e.cause)).size).toBe(1)
      expect(isApiError(errors[0]!.cause)).toBe(true)
      expect(client.failures).toHaveLength(1)
      expect(client.refreshCalls).toBe(1)
      expect(client.api.auth!.getState()).toBe('signed-out')
      // Nothing was replayed: each request reached the server once.
      expect(protectedHits()).toHaveLength(8)
    },
  )

  it('rejects the same way when refresh() throws', async () => {
    const client = monogotoClient(fixture, {
      refresh: () => {
        throw new TypeError('storage is unavailable')
      },
    })
    fixture.api.expireTokens()
    const [error] = await rejectionsOf([client.api.get('/test/protected')])
    expect(error!.kind).toBe('unauthorized')
    expect(client.failures).toHaveLength(1)
  })

  it('stays signed out without another refresh, until the app provides a new token', async () => {
    const client = monogotoClient(fixture)
    fixture.api.expireTokens({ refreshTokens: true })
    await rejectionsOf([client.api.get('/test/protected')])
    await rejectionsOf([client.api.get('/test/protected'), client.api.get('/test/protected')])
    expect(fixture.api.refreshCalls('monogoto')).toBe(1)
    expect(client.failures).toHaveLength(1)

    // The user signs in again: the app's store now returns a different token.
    client.store.access = fixture.api.issueToken().accessToken
    const ok = await client.api.get('/test/protected')
    expect(ok.status).toBe(200)
    expect(client.api.auth!.getState()).toBe('idle')
  })

  it('gives up on a refresh that hangs after refreshTimeoutMs, settling every waiter', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const client = monogotoClient(fixture, {
      refreshTimeoutMs: 5_000,
      refresh: () => new Promise<string>(() => undefined),
    })
    fixture.api.expireTokens()
    const refreshing = authStateReached(client.api, 'refreshing')
    const requests = Array.from({ length: 3 }, () => client.api.get('/test/protected'))
    const settled = rejectionsOf(requests)
    await refreshing
    await vi.advanceTimersByTimeAsync(5_000)
    const errors = await settled
    expect(errors.map((e) => e.kind)).toEqual(['unauthorized', 'unauthorized', 'unauthorized'])
    expect((errors[0]!.cause as ApiError).kind).toBe('timeout')
    expect(client.failures).toHaveLength(1)
  })
})

describe('aborting and signing out', () => {
  it('rejects an aborted request at once as canceled while the refresh goes on for the others', async () => {
    const client = heldMonogotoClient(fixture)
    fixture.api.expireTokens()
    const controller = new AbortController()
    const refreshing = authStateReached(client.api, 'refreshing')
    const aborted = client.api.get('/test/protected', {
      signal: controller.signal,
      params: { who: 'a' },
    })
    const other = client.api.get('/test/protected', { params: { who: 'b' } })
    await refreshing
    const abortedResult = aborted.catch((e: unknown) => e)
    controller.abort()
    const error = await abortedResult
    expect(isApiError(error) && error.kind).toBe('canceled')
    expect(client.api.auth!.getState()).toBe('refreshing')

    client.release()
    expect((await other).status).toBe(200)
    expect(protectedHits().filter((r) => r.query.who === 'a')).toHaveLength(1)
    expect(
      protectedHits()
        .filter((r) => r.query.who === 'b')
        .map((r) => r.status),
    ).toEqual([401, 200])
  })

  it('rejects everything waiting on a refresh when the app signs out during it, without onAuthFailure', async () => {
    const held = gate()
    const client = monogotoClient(fixture, {
      refresh: async () => {
        await held.opened
        return fixture.api.issueToken().accessToken
      },
    })
    fixture.api.expireTokens()
    const refreshing = authStateReached(client.api, 'refreshing')
    const waiting = rejectionsOf([
      client.api.get('/test/protected'),
      client.api.get('/test/protected'),
    ])
    await refreshing
    client.api.auth!.signOut()
    held.open()
    const errors = await waiting
    expect(errors.map((e) => e.kind)).toEqual(['unauthorized', 'unauthorized'])
    expect(client.api.auth!.getState()).toBe('signed-out')
    expect(client.failures).toHaveLength(0)
    expect(protectedHits()).toHaveLength(2)
  })
})
