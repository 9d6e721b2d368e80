import type { AxiosInstance } from 'axios'
import { expectTypeOf, test } from 'vitest'
import type { ApiError } from '../../../src/core/errors'
import { BODY_NOT_RESENDABLE } from '../../../src/core/retry'
import type { RetryAnnouncement, RetryOptions, RetrySettled } from '../../../src/core/retry'

declare const api: AxiosInstance

test('per-request retry options are typed on the axios config', () => {
  void api.get('/users', { retry: { retries: 5 } })
  void api.get('/users', { retry: 2 })
  void api.get('/users', { retry: false })
  void api.post(
    '/orders',
    {},
    { retry: { idempotencyKey: true, schedules: { 429: { initialDelayMs: [1000, 2000] } } } },
  )
  void api.get('/users', {
    onRetryScheduled: (a) => expectTypeOf(a).toEqualTypeOf<RetryAnnouncement>(),
  })
  void api.get('/users', {
    onRetrySettled: (s) => expectTypeOf(s.error).toEqualTypeOf<ApiError | undefined>(),
  })

  // @ts-expect-error retries is a number
  void api.get('/users', { retry: { retries: '5' } })
  // @ts-expect-error retry: true is not an option (omit it for the client's defaults)
  void api.get('/users', { retry: true })
  // @ts-expect-error no such option
  void api.get('/users', { retry: { retry: 3 } })
  // @ts-expect-error a range is [min, max]
  void api.get('/users', { retry: { schedules: { 500: { initialDelayMs: [1, 2, 3] } } } })
  // @ts-expect-error shouldRetry answers with a boolean or undefined
  void api.get('/users', { retry: { shouldRetry: () => 'yes' } })
})

test('an announcement carries what a UI needs to say "retrying in 4 s (attempt 2 of 3)"', () => {
  expectTypeOf<RetryAnnouncement>().toMatchTypeOf<{
    attempt: number
    maxAttempts: number
    delayMs: number
    nextRetryAt: number
    error: ApiError
    request: { method: string; url: string }
  }>()
  expectTypeOf<RetrySettled['retries']>().toEqualTypeOf<number>()
  expectTypeOf<RetryOptions['shouldRetry']>().parameters.toEqualTypeOf<[ApiError, number]>()
})

test('the code of a request not retried for its body is one literal, to compare ApiError.code with', () => {
  expectTypeOf(BODY_NOT_RESENDABLE).toEqualTypeOf<'body_not_resendable'>()
  // @ts-expect-error an idempotency key function returns the key
  void api.post('/orders', {}, { retry: { idempotencyKey: () => 42 } })
})
