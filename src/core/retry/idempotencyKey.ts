/**
 * A fresh random key for one logical request: `crypto.randomUUID()` where it exists (it is missing
 * from pages served over plain http and from React Native), else 128 random bits in hex.
 *
 * @example headers['Idempotency-Key'] = createIdempotencyKey()
 */
export function createIdempotencyKey(): string {
  const crypto = globalThis.crypto as Partial<Crypto> | undefined
  if (crypto?.randomUUID) return crypto.randomUUID()
  const bytes = crypto?.getRandomValues
    ? crypto.getRandomValues(new Uint8Array(16))
    : Uint8Array.from({ length: 16 }, () => Math.random() * 256)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
