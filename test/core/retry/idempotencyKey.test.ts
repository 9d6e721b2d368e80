import { afterEach, describe, expect, test, vi } from 'vitest'
import { createIdempotencyKey } from '../../../src/core/retry/idempotencyKey'

afterEach(() => vi.unstubAllGlobals())

describe('createIdempotencyKey', () => {
  test('returns a fresh UUID each time', () => {
    const keys = new Set(Array.from({ length: 100 }, createIdempotencyKey))
    expect(keys.size).toBe(100)
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  test('falls back to 128 random bits where randomUUID is missing (plain-http pages)', () => {
    const getRandomValues = vi.fn((bytes: Uint8Array) => bytes.fill(171))
    vi.stubGlobal('crypto', { getRandomValues })
    expect(createIdempotencyKey()).toBe('ab'.repeat(16))
    expect(getRandomValues).toHaveBeenCalledOnce()
  })

  test('still returns distinct keys without any crypto (React Native)', () => {
    vi.stubGlobal('crypto', undefined)
    const a = createIdempotencyKey()
    const b = createIdempotencyKey()
    expect(a).toMatch(/^[0-9a-f]{32}$/)
    expect(a).not.toBe(b)
  })
})
