import { checkDuration, MAX_TIMER_MS } from '../shared/durations'
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

/**
 * The options that are durations (ms), each checked with `checkDuration` when options are
 * resolved. A `wait` becomes a timer's delay, so it must be one a timer can make (up to
 * MAX_TIMER_MS; a longer one would fire at once), or Infinity where the option gives that a
 * meaning. A `limit` is only compared with the waits, none of which can be longer than
 * MAX_TIMER_MS, so any longer limit (Infinity included) is no limit at all, and is read as Infinity.
 */
const DURATIONS: readonly {
  name: 'baseDelayMs' | 'attemptTimeoutMs' | 'maxDelayMs' | 'maxRetryAfterMs' | 'budgetMs'
  role: 'wait' | 'limit'
  infinity?: boolean
}[] = [
  { name: 'baseDelayMs', role: 'wait' },
  // Infinity: no timeout for each attempt.
  { name: 'attemptTimeoutMs', role: 'wait', infinity: true },
  { name: 'maxDelayMs', role: 'limit' },
  { name: 'maxRetryAfterMs', role: 'limit' },
  { name: 'budgetMs', role: 'limit' },
]

function fail(name: string, rule: string, value: unknown): never {
  // JSON has no Infinity nor NaN (it writes null): inside an object they are shown by name.
  const shown =
    typeof value === 'number'
      ? String(value)
      : JSON.stringify(value, (_key, inner: unknown) =>
          typeof inner === 'number' && !Number.isFinite(inner) ? String(inner) : inner,
        )
  throw new TypeError(`resilient-query: ${name} must be ${rule}, got ${shown}`)
}

/**
 * Turns `retry: 3 | false | {…}` into full options on top of `base`, once, and throws a TypeError
 * naming the option when one is invalid (a negative count, a NaN delay, a delay no timer can
 * wait, a range upside down).
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

  const { retries } = options
  // Number.isInteger refuses NaN, fractions and Infinity: a count is finite, since Infinity retries
  // forever whenever budgetMs is left at its default (no budget).
  if (!Number.isInteger(retries) || (retries as number) < 0)
    fail('retry.retries', 'a non-negative integer', retries)
  for (const { name, role, infinity = false } of DURATIONS) {
    const value = options[name]
    // Only attemptTimeoutMs may be left out.
    if (value === undefined) continue
    if (role === 'limit')
      options[name] = checkDuration(
        `retry.${name}`,
        typeof value === 'number' && value > MAX_TIMER_MS ? Infinity : value,
        Infinity,
        { infinity: true },
      )
    else checkDuration(`retry.${name}`, value, 0, { infinity })
  }
  // axios reads a timeout of 0 as none, and cannot parse Infinity.
  if (options.attemptTimeoutMs === Infinity) options.attemptTimeoutMs = 0

  const schedules = options.schedules
  if (typeof schedules !== 'object' || schedules === null)
    fail('retry.schedules', 'an object of schedules by status', schedules)
  for (const [status, schedule] of Object.entries(schedules as Record<string, RetrySchedule>)) {
    const entry = schedule as RetrySchedule | null
    const [min = NaN, max = min] = [entry?.initialDelayMs].flat()
    const factor: unknown = entry?.factor ?? 2
    // Numbers only, and a finite factor: an Infinity factor turns a 0 ms first wait into NaN (0 *
    // Infinity), a wait a timer fires at once; a string would be concatenated into the delay.
    if (
      !(typeof min === 'number' && typeof max === 'number' && min >= 0 && max >= min) ||
      !(typeof factor === 'number' && Number.isFinite(factor) && factor >= 0)
    ) {
      fail(`retry.schedules.${status}`, '{ initialDelayMs: ms | [min, max], factor? }', schedule)
    }
    checkDuration(`retry.schedules.${status}.initialDelayMs`, max, 0)
  }
  return options as unknown as ResolvedRetryOptions
}
