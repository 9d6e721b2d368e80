import type { ApiErrorKind } from '../ApiError'
import { KIND_RULES, type KindRule } from '../rules'

/** Every kind, to check what app parsers return. */
export const KIND_NAMES: readonly ApiErrorKind[] = [
  ...new Set(KIND_RULES.map((rule) => rule.kind)),
  'network',
  'canceled',
  'http',
]

// Each status and code to its rule, once when the module loads.
const RULE_BY_STATUS = new Map(
  KIND_RULES.flatMap((rule) => rule.statuses.map((status) => [status, rule] as const)),
)
const RULE_BY_CODE = new Map(
  KIND_RULES.flatMap((rule) => rule.codes.map((code) => [code, rule] as const)),
)

/**
 * The rule of {@link KIND_RULES} that gives a response its kind: by its status when that is an
 * error, else by the payload's code.
 */
export const kindRuleOf = (status: number, code: string | undefined): KindRule | undefined =>
  status >= 400 ? RULE_BY_STATUS.get(status) : RULE_BY_CODE.get(code?.toLowerCase() ?? '')

/** The kind of a response; any other 5xx is `server`, any other status >= 400 `http`. */
export const kindOf = (status: number, code: string | undefined): ApiErrorKind =>
  kindRuleOf(status, code)?.kind ?? (status > 499 && status < 600 ? 'server' : 'http')

/**
 * The statuses whose request may succeed when sent again, each with the source that says so. Any
 * other status (4xx, 501, 505 and the rest) is the same answer the next time.
 */
export const RETRYABLE_STATUSES: readonly number[] = [
  // RFC 9110 §15.5.9: the server closed an idle connection; the client may repeat the request
  408,
  // RFC 8470 §5.2: refused as early data; the client may repeat it after the handshake
  425,
  // RFC 6585 §4: rate limited, Retry-After saying when
  429,
  // RFC 9110 §15.6: an unexpected condition, a bad gateway, overload or maintenance, a gateway timeout
  500,
  502, 503, 504,
  // Cloudflare: the origin refused the connection (521), did not answer it (522) or the request (524)
  521,
  522, 524,
  // Anthropic's API: `overloaded_error`, to be retried, its documentation says
  529,
]

/** Whether a response with this status may succeed when sent again ({@link RETRYABLE_STATUSES}). */
export const isRetryableStatus = (status: number): boolean => RETRYABLE_STATUSES.includes(status)
