import { MAX_FIELD_ERRORS, type FieldError } from '../ApiError'
import { FORM_LEVEL_KEYS } from '../rules'
import type { ReadContext } from './context'

/** What the field error readers find in one body. */
export interface FieldFindings {
  readonly context: ReadContext
  readonly fieldErrors: FieldError[]
  /** The first form-level message (`non_field_errors`, Rails `base`, an item naming no field). */
  formMessage?: string | undefined
  /** The first message of any item, fields included. */
  firstMessage?: string | undefined
  /** The first code an item carries. */
  firstCode?: string | undefined
  /** Nodes a field map walk may still visit: a cyclic map must not cost 100^4 steps. */
  visitsLeft: number
  /** Objects the field map test may still judge: lists that share entries must not multiply it. */
  judgementsLeft: number
  /** The item lists read so far, which the last, generic reader does not read again. */
  readonly listsRead: unknown[]
}

/** One reader of one family of formats; it adds what it finds to `findings`. */
export type FieldErrorReader = (findings: FieldFindings, body: unknown) => void

// A response about a resource or a method, not about what was sent: no item there names a field
// (express-openapi-validator puts the URL path in `path` on these). Nor on a 5xx, the server's own
// failure, which no form can fix (Mojolicious::Plugin::OpenAPI points into the response it broke).
const NO_FIELD_STATUSES = [404, 405, 406, 410, 415]

// A field is named as code names it: a key with a space in it (hug's `{"errors": {"Authentication
// Required": "…"}}`, `"500 Internal Server Error"`) is a heading over a form-level message.
const NOT_A_FIELD_NAME = /\s/

/**
 * Adds one error: a field error when it names a field, else a form-level message. Every message
 * counts as the first item message once.
 */
export function addError(
  findings: FieldFindings,
  field: string | undefined,
  message: string,
  code?: string,
) {
  findings.firstMessage ??= message
  if (
    !field ||
    NOT_A_FIELD_NAME.test(field) ||
    FORM_LEVEL_KEYS.some((rule) => rule.paths.some((path) => path[0] === field)) ||
    NO_FIELD_STATUSES.includes(findings.context.status) ||
    findings.context.status > 499
  )
    findings.formMessage ??= message
  else if (findings.fieldErrors.length < MAX_FIELD_ERRORS)
    findings.fieldErrors.push(
      code === undefined || code === message ? { field, message } : { field, message, code },
    )
}
