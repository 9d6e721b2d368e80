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

function check(name: string, value: unknown, integer?: boolean): void {
  // `!(value >= 0)` also catches NaN, which every comparison answers false.
  if (typeof value !== 'number' || !(value >= 0) || (integer && !Number.isInteger(value))) {
    throw new TypeError(
      `resilient-query: retry.${name} must be a non-negative ${integer ? 'integer' : 'number'}, got ${String(value)}`,
    )
  }
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
  const given: RetryOptions =
    input === false ? { retries: 0 } : typeof input === 'number' ? { retries: input } : (input ?? {})
  if (typeof given !== 'object') {
    throw new TypeError(`resilient-query: retry must be a number, false or options, got ${String(input)}`)
  }
  const resolved: Record<string, unknown> = { ...base }
  // An option given as `undefined` keeps the default rather than erasing it.
  for (const [key, value] of Object.entries(given)) if (value !== undefined) resolved[key] = value
  const options = resolved as unknown as ResolvedRetryOptions

  check('retries', options.retries, true)
  for (const name of ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs', 'budgetMs'] as const) {
    check(name, options[name])
  }
  if (options.attemptTimeoutMs !== undefined) check('attemptTimeoutMs', options.attemptTimeoutMs)
  for (const [status, { initialDelayMs, factor = 2 }] of Object.entries(options.schedules)) {
    const [min, max] = typeof initialDelayMs === 'number' ? [initialDelayMs, initialDelayMs] : initialDelayMs
    check(`schedules.${status}.initialDelayMs`, min)
    check(`schedules.${status}.factor`, factor)
    if (!(max >= min)) {
      throw new TypeError(`resilient-query: retry.schedules.${status}.initialDelayMs must be [min, max] with min <= max`)
    }
  }
  return { ...options, methods: options.methods.map((m) => m.toLowerCase()) }
}
