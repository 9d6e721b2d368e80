import type { ApiError, FieldError } from '../core/errors/ApiError'

const NONE: readonly FieldError[] = []

/** What the hooks add for forms: the field errors of their error, and one field's message. */
export interface FieldErrorAccess {
  /** Every field error of the current error, in the API's order; empty when there is none. */
  readonly fieldErrors: readonly FieldError[]
  /**
   * The first message for `field` (a dotted path such as `address.city`), or `undefined`.
   * @example <input name="email" aria-invalid={!!save.fieldError('email')} />
   */
  fieldError(field: string): string | undefined
}

export function fieldErrorAccess(error: ApiError | null): FieldErrorAccess {
  const fieldErrors = error?.fieldErrors ?? NONE
  return {
    fieldErrors,
    fieldError: (field) => fieldErrors.find((f) => f.field === field)?.message,
  }
}
