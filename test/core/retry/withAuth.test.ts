// The retry layer inside createApiClient, next to the auth layer: what the two do together.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createApiClient } from '../../../src/core/client'
import type { RetryAnnouncement } from '../../../src/core/retry'
import { startServer, until } from './harness'
import type { FixtureServer } from './harness'

let server: FixtureServer
const PROTECTED = 'GET /test/protected'

beforeEach(async () => {
  server = await startServer()
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
})

afterEach(async () => {
  vi.useRealTimers()
  await server.close()
})

function client(refresh: () => string | Promise<string>) {
  let token = server.api.issueToken().accessToken
  const announcements: RetryAnnouncement[] = []
  const api = createApiClient({
    baseURL: server.url,
    auth: {
      getAccessToken: () => token,
      refresh: async () => (token = await refresh()),
    },
    retry: { retries: 2 },
  })
  api.retry.subscribe((a) => announcements.push(a))
  return { api, announcements }
}

describe('retry with auth', () => {
  test('a retry that meets an expired token is refreshed and replayed once by auth, then settles once', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    const refresh = vi.fn(() => server.api.issueToken().accessToken)
    const { api, announcements } = client(refresh)
    const onRetrySettled = vi.fn()
    server.api.setFault(PROTECTED, { type: 'status', status: 503 })

    const request = api.get('/test/protected', { onRetrySettled })
    await until(() => announcements.length === 1)
    server.api.expireTokens()
    await vi.advanceTimersByTimeAsync(500)

    await expect(request).resolves.toMatchObject({ status: 200 })
    expect(server.api.requests(PROTECTED).map((r) => r.status)).toEqual([503, 401, 200])
    expect(refresh).toHaveBeenCalledOnce()
    expect(announcements).toHaveLength(1)
    expect(onRetrySettled).toHaveBeenCalledOnce()
    expect(onRetrySettled).toHaveBeenCalledWith(
      expect.objectContaining({ retries: 1, error: undefined }),
    )
  })

  test('a retry whose token cannot be refreshed ends with the auth error, not another retry, and settles', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    const { api, announcements } = client(() => Promise.reject(new Error('refresh token expired')))
    const onRetrySettled = vi.fn()
    server.api.setFault(PROTECTED, { type: 'status', status: 503 })

    const request = api.get('/test/protected', { onRetrySettled })
    request.catch(() => undefined)
    await until(() => announcements.length === 1)
    server.api.expireTokens()
    await vi.advanceTimersByTimeAsync(500)

    await expect(request).rejects.toMatchObject({ kind: 'unauthorized' })
    expect(server.api.requests(PROTECTED).map((r) => r.status)).toEqual([503, 401])
    expect(announcements).toHaveLength(1)
    expect(onRetrySettled).toHaveBeenCalledOnce()
    expect(onRetrySettled.mock.calls[0]?.[0]).toMatchObject({
      retries: 1,
      error: { kind: 'unauthorized' },
    })
  })
})
