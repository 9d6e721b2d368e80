import { afterEach, describe, expect, test, vi } from 'vitest'
import { createIdempotencyKey } from '../../../src/core/retry/idempotencyKey'

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

afterEach(() => vi.unstubAllGlobals())

describe('createIdempotencyKey', () => {
  test('returns a fresh UUID v4 each time', () => {
    const keys = new Set(Array.from({ length: 100 }, createIdempotencyKey))
    expect(keys.size).toBe(100)
    for (const key of keys) expect(key).toMatch(UUID_V4)
  })

  test('uses crypto.randomUUID where it exists', () => {
    vi.stubGlobal('crypto', { randomUUID: () => '00000000-0000-4000-8000-000000000000' })
    expect(createIdempotencyKey()).toBe('00000000-0000-4000-8000-000000000000')
  })

  test.each([
    ['randomUUID is missing (pages served over plain http)', {}],
    ['there is no crypto at all (React Native)', undefined],
  ])('still returns distinct UUIDs v4 when %s', (_, crypto) => {
    vi.stubGlobal('crypto', crypto)
    const keys = new Set(Array.from({ length: 100 }, createIdempotencyKey))
    expect(keys.size).toBe(100)
    for (const key of keys) expect(key).toMatch(UUID_V4)
  })
})
