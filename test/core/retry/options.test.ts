import { describe, expect, test } from 'vitest'
import { RETRY_DEFAULTS, resolveRetryOptions } from '../../../src/core/retry/options'

describe('resolveRetryOptions', () => {
  test('gives the documented defaults when nothing is set', () => {
    expect(resolveRetryOptions(undefined)).toEqual(RETRY_DEFAULTS)
    expect(RETRY_DEFAULTS).toMatchObject({
      retries: 3,
      baseDelayMs: 1000,
      maxDelayMs: 30_000,
      maxRetryAfterMs: 60_000,
      budgetMs: Infinity,
      idempotencyKey: false,
      idempotencyHeader: 'Idempotency-Key',
    })
    expect(RETRY_DEFAULTS.methods).toEqual(['get', 'head', 'options', 'put', 'delete', 'trace'])
  })

  test('reads a number as the count of retries and false as none', () => {
    expect(resolveRetryOptions(5).retries).toBe(5)
    expect(resolveRetryOptions(false).retries).toBe(0)
  })

  test('refines a base: per-request options keep what they do not set', () => {
    const client = resolveRetryOptions({ retries: 2, baseDelayMs: 200 })
    expect(resolveRetryOptions({ retries: 5 }, client)).toMatchObject({ retries: 5, baseDelayMs: 200 })
    expect(resolveRetryOptions(false, client)).toMatchObject({ retries: 0, baseDelayMs: 200 })
    expect(resolveRetryOptions(undefined, client)).toEqual(client)
  })

  test('keeps the default for an option given as undefined', () => {
    expect(resolveRetryOptions({ retries: undefined, maxDelayMs: undefined })).toEqual(RETRY_DEFAULTS)
  })

  test('lower-cases the methods, as axios sends them', () => {
    expect(resolveRetryOptions({ methods: ['GET', 'Post'] }).methods).toEqual(['get', 'post'])
  })

  test.each([
    [{ retries: -1 }, /retry\.retries must be a non-negative integer, got -1/],
    [{ retries: 1.5 }, /retry\.retries must be a non-negative integer/],
    [-2, /retry\.retries/],
    [{ baseDelayMs: Number.NaN }, /retry\.baseDelayMs must be a non-negative number, got NaN/],
    [{ maxDelayMs: -5 }, /retry\.maxDelayMs/],
    [{ maxRetryAfterMs: Number.NaN }, /retry\.maxRetryAfterMs/],
    [{ budgetMs: -1 }, /retry\.budgetMs/],
    [{ attemptTimeoutMs: Number.NaN }, /retry\.attemptTimeoutMs/],
    [{ schedules: { 429: { initialDelayMs: -1 } } }, /retry\.schedules\.429\.initialDelayMs/],
    [{ schedules: { 500: { initialDelayMs: [30_000, 15_000] as const } } }, /min <= max/],
    [{ schedules: { 500: { initialDelayMs: 1, factor: Number.NaN } } }, /retry\.schedules\.500\.factor/],
  ])('throws a TypeError naming the option for %j', (input, message) => {
    expect(() => resolveRetryOptions(input)).toThrow(TypeError)
    expect(() => resolveRetryOptions(input)).toThrow(message)
  })

  test('throws on a value that is not a number, false or options', () => {
    expect(() => resolveRetryOptions(true as never)).toThrow(/retry must be a number, false or options, got true/)
    expect(() => resolveRetryOptions('3' as never)).toThrow(TypeError)
  })
})
