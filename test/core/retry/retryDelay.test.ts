import { describe, expect, test } from 'vitest'
import { RETRY_DEFAULTS } from '../../../src/core/retry/options'
import { computeRetryDelay } from '../../../src/core/retry/retryDelay'

const options = { baseDelayMs: 1000, maxDelayMs: 30_000, schedules: {} }
const http = (status: number, retryAfterMs?: number) => ({ status, retryAfterMs })

describe('computeRetryDelay', () => {
  test('doubles the window with each retry and picks the wait anywhere in it (full jitter)', () => {
    expect(computeRetryDelay(1, http(503), options, () => 0.999)).toBe(999)
    expect(computeRetryDelay(2, http(503), options, () => 0.5)).toBe(1000)
    expect(computeRetryDelay(3, http(503), options, () => 0.5)).toBe(2000)
    expect(computeRetryDelay(3, http(503), options, () => 0)).toBe(0)
  })

  test('never lets the window grow past maxDelayMs', () => {
    expect(computeRetryDelay(10, http(503), options, () => 0.999)).toBe(29_970)
    expect(computeRetryDelay(60, http(503), options, () => 1)).toBe(30_000)
  })

  test("treats the server's Retry-After as a floor, not a replacement", () => {
    expect(computeRetryDelay(1, http(429, 5000), options, () => 0.5)).toBe(5000)
    expect(computeRetryDelay(5, http(503, 100), options, () => 0.5)).toBe(8000)
    // Longer than maxDelayMs still wins: the server asked for it.
    expect(computeRetryDelay(1, http(429, 45_000), options, () => 0.5)).toBe(45_000)
  })

  test('starts a status schedule at its initial delay and grows it by its factor', () => {
    const schedules = { 429: { initialDelayMs: 60_000, factor: 2 } }
    const withSchedule = { ...options, schedules }
    expect(computeRetryDelay(1, http(429), withSchedule, () => 0.3)).toBe(60_000)
    expect(computeRetryDelay(2, http(429), withSchedule, () => 0.3)).toBe(120_000)
    expect(computeRetryDelay(3, http(429), withSchedule, () => 0.3)).toBe(240_000)
    // Other statuses keep the generic backoff.
    expect(computeRetryDelay(1, http(503), withSchedule, () => 0.5)).toBe(500)
  })

  test('picks the initial delay of a [min, max] schedule at random within the range', () => {
    const withSchedule = {
      ...options,
      schedules: { 500: { initialDelayMs: [15_000, 30_000] as const } },
    }
    expect(computeRetryDelay(1, http(500), withSchedule, () => 0)).toBe(15_000)
    expect(computeRetryDelay(1, http(500), withSchedule, () => 0.5)).toBe(22_500)
    expect(computeRetryDelay(1, http(500), withSchedule, () => 0.999_99)).toBeLessThanOrEqual(
      30_000,
    )
    // The factor defaults to 2.
    expect(computeRetryDelay(2, http(500), withSchedule, () => 0)).toBe(30_000)
  })

  test('keeps Retry-After as the floor of a schedule too', () => {
    const withSchedule = {
      ...options,
      schedules: { 500: { initialDelayMs: [15_000, 30_000] as const } },
    }
    expect(computeRetryDelay(1, http(500, 40_000), withSchedule, () => 0)).toBe(40_000)
  })

  test('uses the defaults documented on RETRY_DEFAULTS (1 s, 2 s, 4 s windows)', () => {
    expect([1, 2, 3].map((n) => computeRetryDelay(n, http(503), RETRY_DEFAULTS, () => 1))).toEqual([
      1000, 2000, 4000,
    ])
  })

  test('waits a whole number of milliseconds', () => {
    expect(Number.isInteger(computeRetryDelay(1, http(503), options, () => 0.123_456_7))).toBe(true)
  })
})
