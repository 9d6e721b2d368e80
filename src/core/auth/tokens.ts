import type { RefreshResult } from './types'

/**
 * The credential the client attaches, with what it knows of its life. `value` is undefined for a
 * cookie session (nothing to attach) or a signed-out client.
 */
export interface TokenRecord {
  readonly value: string | undefined
  /** The header's value: `${scheme} ${value}`, or the value alone when the scheme is empty. */
  readonly headerValue: string | undefined
  /** When the server stops accepting it, on THIS device's clock; undefined when unknown. */
  readonly expiresAt: number | undefined
  /** How long it lives in all, when known: bounds the refresh leeway for short-lived tokens. */
  readonly lifetimeMs: number | undefined
  /** Counts every token adoption, so a request knows whether it was sent with the current one. */
  readonly generation: number
  /** A refresh produced it (a failure of a request sent with it is evidence the refresh failed). */
  readonly fromRefresh: boolean
  /** When the client got it (this device's clock). */
  readonly obtainedAt: number
}

/** The two claims of a JWT that time its life, in epoch seconds; `{}` for anything else. */
export interface JwtTimes {
  exp?: number
  iat?: number
}

/**
 * The `exp` and `iat` claims of a JWT. The signature is not checked: the times only decide when to
 * refresh, and a forged token fails at the server whatever they say.
 *
 * @example readJwtTimes(token) // { exp: 1767225600, iat: 1767225300 }
 */
export function readJwtTimes(token: string | undefined): JwtTimes {
  const payload = token?.split('.')[1]
  if (payload === undefined || payload.length > 8192) return {}
  try {
    // atob ignores missing padding; base64url uses - and _ for + and /
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as Record<
      string,
      unknown
    >
    const times: JwtTimes = {}
    if (isEpochSeconds(claims.exp)) times.exp = claims.exp
    if (isEpochSeconds(claims.iat)) times.iat = claims.iat
    return times
  } catch {
    return {}
  }
}

const isEpochSeconds = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0

/** Clocks closer than this are taken to agree: `iat` has one-second resolution, and a response takes time. */
const CLOCKS_AGREE_MS = 5_000

/** How one token's expiry on this device's clock is judged, from what is known of it. */
export interface ExpiryJudgement {
  expiresAt: number | undefined
  lifetimeMs: number | undefined
}

/**
 * When a token expires on this device's clock. In order of trust:
 * 1. what `refresh()` said: `expiresInMs` counted from when its answer arrived (no clock involved),
 *    or an absolute `expiresAt`;
 * 2. a JWT just returned by a refresh: its `iat` is the server's clock at the moment it was issued,
 *    moments before it arrived, so `exp - iat` counted from arrival is its life, whatever this
 *    device's clock says; when the device's clock agrees with `iat` the `exp` claim is used as is;
 * 3. any other JWT (the app's stored token): `exp` corrected by the server clock offset learned
 *    so far (from an earlier fresh token), else by nothing.
 *
 * @example
 * judgeExpiry({ expiresInMs: 300_000 }, token, Date.now(), { fresh: true, serverOffsetMs: undefined })
 */
export function judgeExpiry(
  declared: { expiresAt?: number | Date | undefined; expiresInMs?: number | undefined },
  token: string | undefined,
  receivedAt: number,
  { fresh, serverOffsetMs }: { fresh: boolean; serverOffsetMs: number | undefined },
): ExpiryJudgement & { serverOffsetMs: number | undefined } {
  const { exp, iat } = readJwtTimes(token)
  // How long the token lives in all: said by refresh(), or by the token's own claims. An absolute
  // expiry says it only for a token that was just issued.
  const claimedLifetimeMs =
    exp !== undefined && iat !== undefined && iat <= exp ? (exp - iat) * 1000 : undefined
  if (typeof declared.expiresInMs === 'number' && declared.expiresInMs >= 0)
    return {
      expiresAt: receivedAt + declared.expiresInMs,
      lifetimeMs: declared.expiresInMs,
      serverOffsetMs,
    }
  if (declared.expiresAt !== undefined) {
    const expiresAt =
      declared.expiresAt instanceof Date ? declared.expiresAt.getTime() : declared.expiresAt
    if (Number.isFinite(expiresAt))
      return {
        expiresAt,
        lifetimeMs: claimedLifetimeMs ?? (fresh ? Math.max(0, expiresAt - receivedAt) : undefined),
        serverOffsetMs,
      }
  }
  if (exp === undefined) return { expiresAt: undefined, lifetimeMs: undefined, serverOffsetMs }
  let offset = serverOffsetMs
  if (fresh && iat !== undefined) {
    const measured = iat * 1000 - receivedAt
    offset = Math.abs(measured) < CLOCKS_AGREE_MS ? 0 : measured
  }
  return {
    expiresAt: exp * 1000 - (offset ?? 0),
    lifetimeMs: claimedLifetimeMs,
    serverOffsetMs: offset,
  }
}

/**
 * How long before its expiry a token is renewed: the configured leeway, but never more than a
 * tenth of the token's life, so that a token of a few seconds is not renewed on every request.
 *
 * @example refreshLeeway(30_000, 3_000) // 300
 */
export function refreshLeeway(configuredMs: number, lifetimeMs: number | undefined): number {
  return lifetimeMs === undefined ? configuredMs : Math.min(configuredMs, lifetimeMs / 10)
}

/** Whether `refresh()` said anything about the token it made (a string, or an object). */
export function declaredToken(result: RefreshResult): {
  accessToken: string | undefined
  expiresAt?: number | Date | undefined
  expiresInMs?: number | undefined
} {
  if (typeof result === 'string') return { accessToken: result }
  if (result === undefined || result === null || typeof result !== 'object')
    return { accessToken: undefined }
  return {
    accessToken: typeof result.accessToken === 'string' ? result.accessToken : undefined,
    expiresAt: result.expiresAt,
    expiresInMs: result.expiresInMs,
  }
}
