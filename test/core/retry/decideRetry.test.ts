import { describe, expect, test, vi } from 'vitest'
import { ApiError } from '../../../src/core/errors'
import type { ApiErrorInit } from '../../../src/core/errors'
import { decideRetry } from '../../../src/core/retry/decideRetry'
import type { RetryContext } from '../../../src/core/retry/decideRetry'
import { resolveRetryOptions } from '../../../src/core/retry/options'
import type { RetryOptions } from '../../../src/core/retry/types'

const error = (init: Partial<ApiErrorInit> = {}) =>
  new ApiError({
    kind: 'server',
    status: 503,
    message: 'Service Unavailable',
    retryable: true,
    ...init,
  })
const context = (over: Partial<RetryContext> = {}): RetryContext => ({
  attempt: 1,
  method: 'get',
  hasIdempotencyKey: false,
  elapsedMs: 0,
  ...over,
})
const decide = (e: ApiError, ctx: Partial<RetryContext> = {}, options: RetryOptions = {}) =>
  decideRetry(e, context(ctx), resolveRetryOptions(options), () => 0.5)

describe('decideRetry', () => {
  test('retries a retryable error of a GET after the backoff', () => {
    expect(decide(error())).toEqual({ retry: true, delayMs: 500 })
  })

  test('stops once the retries are used up', () => {
    expect(decide(error(), { attempt: 3 })).toMatchObject({ retry: true })
    expect(decide(error(), { attempt: 4 })).toEqual({ retry: false, reason: 'exhausted' })
    expect(decide(error(), {}, { retries: 0 })).toEqual({ retry: false, reason: 'exhausted' })
  })

  test('never retries a 401, an unauthorized error or a cancellation, even when the predicate insists', () => {
    const shouldRetry = vi.fn(() => true)
    expect(decide(error({ status: 401, kind: 'unauthorized' }), {}, { shouldRetry })).toEqual({
      retry: false,
      reason: 'never',
    })
    // A refresh that failed: no status, but the kind says it.
    expect(
      decide(error({ status: undefined, kind: 'unauthorized' }), {}, { shouldRetry }),
    ).toMatchObject({ reason: 'never' })
    expect(
      decide(error({ status: undefined, kind: 'canceled' }), {}, { shouldRetry }),
    ).toMatchObject({ reason: 'never' })
    expect(shouldRetry).not.toHaveBeenCalled()
  })

  test('retries GET, HEAD, OPTIONS, PUT, DELETE and TRACE, but not POST or PATCH without a key', () => {
    for (const method of ['get', 'head', 'options', 'put', 'delete', 'trace']) {
      expect(decide(error(), { method })).toMatchObject({ retry: true })
    }
    expect(decide(error(), { method: 'post' })).toEqual({ retry: false, reason: 'method' })
    expect(decide(error(), { method: 'patch' })).toEqual({ retry: false, reason: 'method' })
  })

  test('retries a POST or PATCH that carries an idempotency key', () => {
    expect(decide(error(), { method: 'post', hasIdempotencyKey: true })).toMatchObject({
      retry: true,
    })
    expect(decide(error(), { method: 'patch', hasIdempotencyKey: true })).toMatchObject({
      retry: true,
    })
  })

  test('asks the predicate after the method check, with the error and the retry number', () => {
    const shouldRetry = vi.fn(() => undefined)
    expect(decide(error(), { method: 'post' }, { shouldRetry })).toMatchObject({ reason: 'method' })
    expect(shouldRetry).not.toHaveBeenCalled()
    const e = error()
    expect(decide(e, { attempt: 2 }, { shouldRetry })).toMatchObject({ retry: true })
    expect(shouldRetry).toHaveBeenCalledWith(e, 2)
  })

  test('lets the predicate veto, or retry what is not retryable', () => {
    expect(decide(error(), {}, { shouldRetry: () => false })).toEqual({
      retry: false,
      reason: 'predicate',
    })
    const conflict = error({ status: 409, kind: 'conflict', retryable: false })
    expect(decide(conflict)).toEqual({ retry: false, reason: 'not_retryable' })
    expect(decide(conflict, {}, { shouldRetry: () => true })).toMatchObject({ retry: true })
  })

  test('follows the error: not retryable means no retry, network and timeouts are retried', () => {
    expect(decide(error({ status: 404, kind: 'not_found', retryable: false }))).toMatchObject({
      reason: 'not_retryable',
    })
    expect(decide(error({ status: undefined, kind: 'network' }))).toMatchObject({ retry: true })
    expect(decide(error({ status: undefined, kind: 'timeout' }))).toMatchObject({ retry: true })
  })

  test('gives up at once when Retry-After is longer than maxRetryAfterMs', () => {
    expect(decide(error({ retryAfterMs: 60_000 }))).toEqual({ retry: true, delayMs: 60_000 })
    expect(decide(error({ retryAfterMs: 60_001 }))).toEqual({
      retry: false,
      reason: 'retry_after_cap',
    })
    expect(decide(error({ retryAfterMs: 90_000 }), {}, { maxRetryAfterMs: 120_000 })).toMatchObject(
      { delayMs: 90_000 },
    )
  })

  test('does not start a wait that would end past the budget', () => {
    const e = error({ retryAfterMs: 4000 })
    expect(decide(e, { elapsedMs: 6000 }, { budgetMs: 10_000 })).toEqual({
      retry: true,
      delayMs: 4000,
    })
    expect(decide(e, { elapsedMs: 6001 }, { budgetMs: 10_000 })).toEqual({
      retry: false,
      reason: 'budget',
    })
  })

  test('checks the rungs in order: count, never, method, predicate, retryable, Retry-After cap, budget', () => {
    const worst = error({ status: 401, kind: 'unauthorized', retryable: false, retryAfterMs: 1e9 })
    const all = { method: 'post', elapsedMs: 1e9 }
    expect(decide(worst, { ...all, attempt: 9 }, { budgetMs: 1 })).toMatchObject({
      reason: 'exhausted',
    })
    expect(decide(worst, all, { budgetMs: 1 })).toMatchObject({ reason: 'never' })
    const unkeyed = error({ retryable: false, retryAfterMs: 1e9 })
    expect(decide(unkeyed, all, { budgetMs: 1, shouldRetry: () => false })).toMatchObject({
      reason: 'method',
    })
    const keyed = { ...all, hasIdempotencyKey: true }
    expect(decide(unkeyed, keyed, { budgetMs: 1, shouldRetry: () => false })).toMatchObject({
      reason: 'predicate',
    })
    expect(decide(unkeyed, keyed, { budgetMs: 1 })).toMatchObject({ reason: 'not_retryable' })
    expect(decide(error({ retryAfterMs: 1e9 }), keyed, { budgetMs: 1 })).toMatchObject({
      reason: 'retry_after_cap',
    })
    expect(decide(error(), keyed, { budgetMs: 1 })).toMatchObject({ reason: 'budget' })
  })

  test('uses the per-status schedule for the wait', () => {
    const limited = error({ status: 429, kind: 'rate_limited' })
    const schedules = { 429: { initialDelayMs: 60_000 } }
    expect(decide(limited, { attempt: 2 }, { schedules })).toEqual({
      retry: true,
      delayMs: 120_000,
    })
  })
})
