// Finding I of the outside attack (review/attack/REPORT.md): parseRetryAfter turned
// '99999999999999999999' into a wait of 1e23 ms, though absurd values must give undefined. Every
// form a retry hint takes in the headers (delay-seconds, an HTTP date, a rate-limit reset) is
// bounded by MAX_RETRY_AFTER_MS.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApiClient } from '../../../src/core/client'
import { normalizeError, parseRetryAfter } from '../../../src/core/errors'
import { ApiError } from '../../../src/core/errors/ApiError'
import { MAX_RETRY_AFTER_MS } from '../../../src/core/errors/retryAfter'
import { startFixtureServer } from '../../fixture/server'
import type { FixtureServer } from '../../fixture/server'

const NOW = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')
const ABSURD = '99999999999999999999'

/** The part of an axios response normalizeError reads. */
const response = (status: number, headers: Record<string, string>) => ({
  status,
  headers,
  data: undefined,
})

describe('parseRetryAfter past MAX_RETRY_AFTER_MS', () => {
  it('is 10^12 seconds, so that now plus the wait is still a Date', () => {
    expect(MAX_RETRY_AFTER_MS).toBe(1e15)
    expect(new Date(Date.now() + MAX_RETRY_AFTER_MS).toISOString()).toMatch(/^\+?\d+-/)
  })

  it.each([ABSURD, '1000000000001', '1000000000000.5', '9'.repeat(30)])(
    'gives undefined for delay-seconds %s',
    (value) => {
      expect(parseRetryAfter(value, NOW)).toBeUndefined()
    },
  )

  it('reads delay-seconds up to the bound', () => {
    expect(parseRetryAfter('1000000000000', NOW)).toBe(MAX_RETRY_AFTER_MS)
    expect(parseRetryAfter('999999999', NOW)).toBe(999_999_999_000)
  })

  it('bounds an HTTP date the same way', () => {
    const date = 'Wed, 21 Oct 2015 07:28:00 GMT'
    expect(parseRetryAfter(date, NOW - MAX_RETRY_AFTER_MS)).toBe(MAX_RETRY_AFTER_MS)
    expect(parseRetryAfter(date, NOW - MAX_RETRY_AFTER_MS - 1000)).toBeUndefined()
    // Year 40000: a date Date.parse reads, 1.2e15 ms away.
    expect(parseRetryAfter('Sat, 01 Jan 40000 00:00:00 GMT', NOW)).toBeUndefined()
    expect(parseRetryAfter(date, Number.NEGATIVE_INFINITY)).toBeUndefined()
  })
})

describe('the retry hints normalizeError reads from the headers', () => {
  it.each([
    ['Retry-After', 503, { 'retry-after': ABSURD }],
    ['an HTTP-date Retry-After', 503, { 'retry-after': 'Sat, 01 Jan 40000 00:00:00 GMT' }],
    ['RateLimit-Reset on a 429', 429, { 'ratelimit-reset': ABSURD }],
    [
      'X-RateLimit-Reset with nothing remaining',
      403,
      { 'x-ratelimit-reset': ABSURD, 'x-ratelimit-remaining': '0' },
    ],
  ])('an absurd %s gives no retryAfterMs nor retryAt', (_name, status, headers) => {
    const error = normalizeError(response(status, headers))

    expect(error.retryAfterMs).toBeUndefined()
    expect(error.retryAt).toBeUndefined()
  })

  it('still reads a rate-limit reset given as epoch seconds (GitHub)', () => {
    const headers = { date: 'Tue, 20 Aug 2013 14:50:41 GMT', 'x-ratelimit-reset': '1377013266' }

    expect(normalizeError(response(429, headers)).retryAfterMs).toBe(3_025_000)
  })
})

describe('over HTTP', () => {
  let server: FixtureServer
  beforeEach(async () => {
    server = await startFixtureServer()
  })
  afterEach(async () => {
    await server.close()
  })

  it('a 503 whose Retry-After is absurd settles with no retryAfterMs nor retryAt', async () => {
    server.api.setFault('GET /test/items', {
      type: 'status',
      status: 503,
      headers: { 'Retry-After': ABSURD },
    })
    const api = createApiClient({ baseURL: server.url, retry: false })

    const error = await api.get('/test/items').catch((e: unknown) => e)

    expect(server.api.hits('GET /test/items')).toBe(1)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 503, retryAfterMs: undefined, retryAt: undefined })
  })
})
