import type { RetryOptions, RetrySchedule } from './types'

/** Every retry option, resolved: what the retry layer reads. */
export interface ResolvedRetryOptions {
  readonly retries: number
  readonly methods: readonly string[]
  readonly baseDelayMs: number
  readonly maxDelayMs: number
  readonly schedules: Readonly<Record<number, RetrySchedule>>
  readonly maxRetryAfterMs: number
  readonly budgetMs: number
  readonly attemptTimeoutMs: number | undefined
  readonly idempotencyKey: NonNullable<RetryOptions['idempotencyKey']>
  readonly idempotencyHeader: string
  readonly shouldRetry: RetryOptions['shouldRetry']
}

/** The defaults of every retry option (see {@link RetryOptions}). */
export const RETRY_DEFAULTS: ResolvedRetryOptions = {
  retries: 3,
  methods: ['get', 'head', 'options', 'put', 'delete', 'trace'],
  // Monogoto's documented 1 s, 2 s, 4 s; the cap keeps a long outage from stalling the UI.
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  schedules: {},
  maxRetryAfterMs: 60_000,
  budgetMs: Infinity,
  attemptTimeoutMs: undefined,
  idempotencyKey: false,
  idempotencyHeader: 'Idempotency-Key',
  shouldRetry: undefined,
}

function check(name: string, value: unknown, ok = typeof value === 'number' && value >= 0, rule = 'a non-negative number') {
  if (!ok) throw new TypeError(`resilient-query: retry.${name} must be ${rule}, got ${JSON.stringify(value) ?? typeof value}`)
}

/**
 * Turns `retry: 3 | false | {…}` into full options on top of `base`, once, and throws a TypeError
 * naming the option when one is invalid (a negative count, a NaN delay, a range upside down).
 *
 * @example
 * resolveRetryOptions(5)                    // { ...RETRY_DEFAULTS, retries: 5 }
 * resolveRetryOptions(false, clientOptions) // { ...clientOptions, retries: 0 }
 */
export function resolveRetryOptions(
  input: RetryOptions | number | false | undefined,
  base: ResolvedRetryOptions = RETRY_DEFAULTS,
): ResolvedRetryOptions {
  const given: unknown = input === false ? { retries: 0 } : typeof input === 'number' ? { retries: input } : (input ?? {})
  check('', given, typeof given === 'object', 'a number, false or options')
  const resolved: Record<string, unknown> = { ...base }
  // An option given as `undefined` keeps the default rather than erasing it.
  for (const [key, value] of Object.entries(given as object)) if (value !== undefined) resolved[key] = value
  const o = resolved as unknown as ResolvedRetryOptions

  check('retries', o.retries, Number.isInteger(o.retries) && o.retries >= 0, 'a non-negative integer')
  for (const name of ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs', 'budgetMs'] as const) check(name, o[name])
  if (o.attemptTimeoutMs !== undefined) check('attemptTimeoutMs', o.attemptTimeoutMs)
  for (const [status, { initialDelayMs: range, factor = 2 }] of Object.entries(o.schedules)) {
    const [min, max = min] = typeof range === 'number' ? [range] : range
    check(`schedules.${status}.initialDelayMs`, range, min >= 0 && max >= min, 'a delay or [min, max]')
    check(`schedules.${status}.factor`, factor)
  }
  return { ...o, methods: o.methods.map((m) => m.toLowerCase()) }
}
