import type { RetryOptions, RetrySchedule } from './types'

/** Every retry option, resolved: what the retry layer reads. */
export interface ResolvedRetryOptions {
  readonly retries: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
  readonly schedules: Readonly<Record<number, RetrySchedule>>
  readonly maxRetryAfterMs: number
  readonly budgetMs: number
  readonly idempotencyHeader: string
  readonly attemptTimeoutMs?: number | undefined
  readonly idempotencyKey?: RetryOptions['idempotencyKey']
  readonly shouldRetry?: RetryOptions['shouldRetry']
}

/**
 * The defaults of the retry options (see {@link RetryOptions}); those left out are off:
 * `attemptTimeoutMs`, `idempotencyKey`, `shouldRetry`.
 */
export const RETRY_DEFAULTS: ResolvedRetryOptions = {
  retries: 3,
  // Monogoto's documented 1 s, 2 s, 4 s; the cap keeps a long outage from stalling the UI.
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  schedules: {},
  maxRetryAfterMs: 60_000,
  budgetMs: Infinity,
  idempotencyHeader: 'Idempotency-Key',
}

const NUMBERS = [
  'retries',
  'baseDelayMs',
  'maxDelayMs',
  'maxRetryAfterMs',
  'budgetMs',
  'attemptTimeoutMs',
]

function fail(name: string, rule: string, value: unknown): never {
  const shown = typeof value === 'number' ? String(value) : JSON.stringify(value)
  throw new TypeError(`resilient-query: ${name} must be ${rule}, got ${shown}`)
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
  const given =
    input === false ? { retries: 0 } : typeof input === 'number' ? { retries: input } : input
  if (given !== undefined && typeof given !== 'object')
    fail('retry', 'a number, false or options', given)
  const options: Record<string, unknown> = { ...base }
  // An option given as `undefined` keeps the default rather than erasing it.
  for (const [key, value] of Object.entries(given ?? {}))
    if (value !== undefined) options[key] = value

  for (const name of NUMBERS) {
    const value = options[name]
    const integer = name === 'retries'
    // `!(value >= 0)` also catches NaN, which every comparison answers false.
    if (
      value !== undefined &&
      (typeof value !== 'number' || !(value >= 0) || (integer && value % 1))
    ) {
      fail(`retry.${name}`, `a non-negative ${integer ? 'integer' : 'number'}`, value)
    }
  }
  for (const [status, schedule] of Object.entries(
    options.schedules as Record<string, RetrySchedule>,
  )) {
    const [min = NaN, max = min] = [schedule.initialDelayMs].flat()
    if (!(min >= 0 && max >= min && (schedule.factor ?? 2) >= 0)) {
      fail(`retry.schedules.${status}`, '{ initialDelayMs: ms | [min, max], factor? }', schedule)
    }
  }
  return options as unknown as ResolvedRetryOptions
}
