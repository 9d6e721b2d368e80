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
      idempotencyHeader: 'Idempotency-Key',
    })
    expect(RETRY_DEFAULTS.idempotencyKey).toBeUndefined()
    expect(RETRY_DEFAULTS.attemptTimeoutMs).toBeUndefined()
  })

  test('reads a number as the count of retries and false as none', () => {
    expect(resolveRetryOptions(5).retries).toBe(5)
    expect(resolveRetryOptions(false).retries).toBe(0)
  })

  test('refines a base: per-request options keep what they do not set', () => {
    const client = resolveRetryOptions({ retries: 2, baseDelayMs: 200 })
    expect(resolveRetryOptions({ retries: 5 }, client)).toMatchObject({
      retries: 5,
      baseDelayMs: 200,
    })
    expect(resolveRetryOptions(false, client)).toMatchObject({ retries: 0, baseDelayMs: 200 })
    expect(resolveRetryOptions(undefined, client)).toEqual(client)
  })

  test('keeps the default for an option given as undefined', () => {
    expect(resolveRetryOptions({ retries: undefined, maxDelayMs: undefined })).toEqual(
      RETRY_DEFAULTS,
    )
  })

  test.each([
    [{ retries: -1 }, /retry\.retries must be a non-negative integer, got -1/],
    [{ retries: 1.5 }, /retry\.retries must be a non-negative integer/],
    [-2, /retry\.retries/],
    [
      { baseDelayMs: Number.NaN },
      /retry\.baseDelayMs must be a number of milliseconds from 0 to 2147483647, got NaN/,
    ],
    [{ baseDelayMs: Infinity }, /retry\.baseDelayMs must be .* from 0 to 2147483647, got Infinity/],
    [{ maxDelayMs: Number.NaN }, /retry\.maxDelayMs .* or Infinity \(no limit\), got NaN/],
    [{ budgetMs: '1000' as never }, /retry\.budgetMs .* got "1000"/],
    [{ attemptTimeoutMs: 3e9 }, /retry\.attemptTimeoutMs .* got 3000000000/],
    [{ schedules: null as never }, /retry\.schedules must be an object of schedules by status/],
    [{ schedules: { 503: null as never } }, /retry\.schedules\.503 must be/],
    [
      { schedules: { 429: { initialDelayMs: 3e9 } } },
      /retry\.schedules\.429\.initialDelayMs must be a number of milliseconds/,
    ],
    [{ maxDelayMs: -5 }, /retry\.maxDelayMs/],
    [{ maxRetryAfterMs: Number.NaN }, /retry\.maxRetryAfterMs/],
    [{ budgetMs: -1 }, /retry\.budgetMs/],
    [{ attemptTimeoutMs: Number.NaN }, /retry\.attemptTimeoutMs/],
    [
      { schedules: { 429: { initialDelayMs: -1 } } },
      /retry\.schedules\.429 must be \{ initialDelayMs: ms \| \[min, max\], factor\? \}, got \{"initialDelayMs":-1\}/,
    ],
    [
      { schedules: { 500: { initialDelayMs: [30_000, 15_000] as const } } },
      /retry\.schedules\.500 .*got \{"initialDelayMs":\[30000,15000\]\}/,
    ],
    [
      { schedules: { 500: { initialDelayMs: [] as unknown as [number, number] } } },
      /retry\.schedules\.500/,
    ],
    [{ schedules: { 500: { initialDelayMs: 1, factor: -2 } } }, /retry\.schedules\.500/],
    [
      { retries: '3' as unknown as number },
      /retry\.retries must be a non-negative integer, got "3"/,
    ],
  ])('throws a TypeError naming the option for %j', (input, message) => {
    expect(() => resolveRetryOptions(input)).toThrow(TypeError)
    expect(() => resolveRetryOptions(input)).toThrow(message)
  })

  test('accepts Infinity where it means something, and reads attemptTimeoutMs: Infinity as no timeout', () => {
    expect(
      resolveRetryOptions({
        maxDelayMs: Infinity,
        maxRetryAfterMs: Infinity,
        budgetMs: Infinity,
        attemptTimeoutMs: Infinity,
      }),
    ).toMatchObject({
      maxDelayMs: Infinity,
      maxRetryAfterMs: Infinity,
      budgetMs: Infinity,
      // axios reads 0 as no timeout, and fails every request on Infinity.
      attemptTimeoutMs: 0,
    })
    expect(resolveRetryOptions({ baseDelayMs: 2_147_483_647 }).baseDelayMs).toBe(2_147_483_647)
  })

  test('reads a limit longer than any timer can wait as no limit', () => {
    expect(
      resolveRetryOptions({ maxDelayMs: 3e9, maxRetryAfterMs: 1e12, budgetMs: 2 ** 31 }),
    ).toMatchObject({ maxDelayMs: Infinity, maxRetryAfterMs: Infinity, budgetMs: Infinity })
  })

  test('throws on a value that is not a number, false or options', () => {
    expect(() => resolveRetryOptions(true as never)).toThrow(
      /^resilient-query: retry must be a number, false or options, got true$/,
    )
    expect(() => resolveRetryOptions('3' as never)).toThrow(TypeError)
  })
})
