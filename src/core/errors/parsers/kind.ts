import type { ApiErrorKind } from '../ApiError'

// Each group: a kind, then the statuses and the payload codes (compared lower-cased) that mean it.
// Codes only decide when the status is not an error (GraphQL `extensions.code`, Slack `error` in a 200).
// Statuses carry a `#` so that a payload code "404" is not taken for the status.
const KINDS = [
  'validation #400 #422 bad_user_input graphql_validation_failed graphql_parse_failed invalid_argument bad_request parse_error unprocessable_content',
  'unauthorized #401 unauthenticated unauthorized invalid_auth not_authed invalid_token token_expired',
  'forbidden #403 forbidden permission_denied missing_scope',
  'not_found #404 #410 not_found',
  'conflict #409 #412 conflict precondition_failed',
  'timeout #408 timeout',
  'rate_limited #429 rate_limited ratelimited too_many_requests',
  'server internal_server_error internal',
].map((g) => g.split(' '))

/** Every kind, to check what app parsers return. */
export const KIND_NAMES = [...KINDS.map((g) => g[0]), 'network', 'canceled', 'http']

// Every status and code above, mapped to its kind once, on first use.
let byKey: Map<string, string> | undefined

/**
 * The kind of a response: from its status when that is an error (any other 5xx is `server`, any other
 * status >= 400 `http`), else from the payload's code.
 */
export const kindOf = (status: number, code: string | undefined): ApiErrorKind => {
  byKey ??= new Map(KINDS.flatMap((g) => g.slice(1).map((k) => [k, g[0]!])))
  const key = status >= 400 ? '#' + status : code?.toLowerCase()
  return (byKey.get(key!) ?? (status > 499 && status < 600 ? 'server' : 'http')) as ApiErrorKind
}

/** Whether a response with this status may succeed when sent again (501 and 505+ will not). */
export const isRetryableStatus = (status: number): boolean =>
  [408, 425, 429, 500, 502, 503, 504].includes(status)
