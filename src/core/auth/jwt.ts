/**
 * The `exp` claim of a JWT in epoch milliseconds, or `undefined` for anything that is not a JWT
 * with a numeric `exp`. The signature is not checked: the expiry only decides when to refresh.
 */
export function jwtExpiry(token: string | undefined): number | undefined {
  const payload = token?.split('.')[1]
  if (payload === undefined || payload.length > 8192) return undefined
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/')) // atob ignores missing padding
    const exp: unknown = (JSON.parse(json) as { exp?: unknown }).exp
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined
  } catch {
    return undefined
  }
}
