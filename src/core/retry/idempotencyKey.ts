import { callAppCallback } from '../shared/appCallbacks'
import type { WarnOnce } from '../shared/development'

/**
 * A fresh random UUID v4 for one logical request: `crypto.randomUUID()` where it exists, else one
 * made with Math.random (randomUUID is missing from pages served over plain http and from React
 * Native; a key must be unique, not secret).
 *
 * @example headers['Idempotency-Key'] = createIdempotencyKey()
 */
export function createIdempotencyKey(): string {
  return (
    (globalThis.crypto as Partial<Crypto> | undefined)?.randomUUID?.() ??
    '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
      (+c ^ ((Math.random() * 16) >> (+c / 4))).toString(16),
    )
  )
}

/**
 * What may go in an Idempotency-Key header: 1 to 255 printable ASCII characters, spaces included.
 * A line break or another control character is no header value at all, and 255 is the longest
 * key Stripe accepts, the strictest of the APIs that document one.
 */
const KEY_VALUE = /^[\x20-\x7e]{1,255}$/

/**
 * The key the app's `idempotencyKey` function gives `config`, or `undefined` when it throws or
 * returns something that cannot be a header value: the request is then sent without a key, and
 * so is not retried. A throw is reported like any app callback's; a wrong value gets a
 * development warning (saying what it was, never the value, which may be anything).
 *
 * @example
 * const key = keyFromApp(options.idempotencyKey, config, warnOnce)
 * if (key !== undefined) config.headers.set('Idempotency-Key', key)
 */
export function keyFromApp<Config>(
  makeKey: (config: Config) => string,
  config: Config,
  warnOnce: WarnOnce,
): string | undefined {
  let key: unknown
  let returned = false
  callAppCallback(() => {
    key = makeKey(config)
    returned = true
  })
  if (!returned) return undefined
  if (typeof key === 'string' && KEY_VALUE.test(key)) return key
  const returnedWhat =
    typeof key === 'string'
      ? `a string of ${key.length} characters`
      : key === undefined || key === null
        ? String(key)
        : `a value of type ${typeof key}`
  warnOnce(
    'idempotency-key-value',
    `retry.idempotencyKey returned ${returnedWhat}, not 1 to 255 printable ASCII characters: ` +
      'the request is sent without a key, so it is not retried.',
  )
  return undefined
}
