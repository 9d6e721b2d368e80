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
