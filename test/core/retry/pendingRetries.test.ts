import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { createTestClient, startServer } from './harness'
import type { FixtureServer } from './harness'

let server: FixtureServer

beforeEach(async () => {
  server = await startServer()
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
})

afterEach(async () => {
  vi.useRealTimers()
  await server.close()
})

test('files a retry under the request key until the request settles, and tells readers of that key', async () => {
  server.api.setFault('GET /test/items', { type: 'status', status: 503, retryAfter: 2 })
  const client = createTestClient(server.url)
  const changes: (number | null)[] = []
  const otherKeyChanges: unknown[] = []
  client.retry.pending.subscribe('items', () =>
    changes.push(client.retry.pending.get('items')?.attempt ?? null),
  )
  client.retry.pending.subscribe('other', () => otherKeyChanges.push(1))

  const request = client.api.get('/test/items', { pendingRetryKey: 'items' })
  await client.nextAnnouncement()
  expect(client.retry.pending.get('items')).toMatchObject({ attempt: 1, delayMs: 2000 })
  expect(client.retry.pending.get('other')).toBeNull()

  const outcome = await client.finish(request)
  expect(outcome.error).toBeUndefined()
  expect(client.retry.pending.get('items')).toBeNull()
  expect(changes).toEqual([1, null])
  expect(otherKeyChanges).toEqual([])
  expect(server.api.hits('GET /test/items')).toBe(2)
})

test('does not file a retry of a request sent without a key', async () => {
  server.api.setFault('GET /test/items', { type: 'status', status: 503, retryAfter: 1 })
  const client = createTestClient(server.url)
  const request = client.api.get('/test/items')
  const announcement = await client.nextAnnouncement()
  expect(announcement.attempt).toBe(1)
  expect(client.retry.pending.get('undefined')).toBeNull()
  await client.finish(request)
})

test('an older request that settles late leaves the retry of a newer one with the same key', async () => {
  server.api.setFault('GET /test/items', { type: 'status', status: 503, retryAfter: 1 })
  server.api.setFault('GET /test/items', { type: 'status', status: 503, retryAfter: 5 })
  const client = createTestClient(server.url)
  const controller = new AbortController()
  const older = client.api.get('/test/items', {
    pendingRetryKey: 'items',
    signal: controller.signal,
    params: { n: 1 },
  })
  await client.nextAnnouncement()
  const newer = client.api.get('/test/items', { pendingRetryKey: 'items', params: { n: 2 } })
  const second = await client.nextAnnouncement()
  expect(client.retry.pending.get('items')).toBe(second)
  controller.abort()
  await expect(older).rejects.toMatchObject({ kind: 'canceled' })
  expect(client.retry.pending.get('items')).toBe(second)
  await client.finish(newer)
  expect(client.retry.pending.get('items')).toBeNull()
})
