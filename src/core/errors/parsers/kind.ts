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

/** Whether a response with this status may succeed when sent again (501 and 505+ will not). */
export const isRetryableStatus = (status: number): boolean =>
  [408, 425, 429, 500, 502, 503, 504].includes(status)
