import type { ApiError, FieldError } from '../core/errors/ApiError'

/**
 * react-hook-form's `setError` (`useForm().setError`), described by its shape so that the library
 * needs no import of react-hook-form. Taken from a method so that a `setError` typed for a form's
 * own field names is accepted.
 */
export type ReactHookFormSetError = {
  setError(
    name: string,
    error: { type: string; message: string },
    options?: { shouldFocus: boolean },
  ): void
}['setError']

/** A callback of your own: called once per field that gets a message. */
export type FieldErrorCallback = (field: string, message: string) => void

/**
 * A TanStack Form form (`useForm()`'s result), by the two members used: its registered fields
 * (`fieldInfo`) and `setErrorMap`, which receives `{ onServer: { form, fields } }`. Its parameter is
 * typed `never` so that a form of any data type is accepted.
 */
export interface TanStackFormTarget {
  readonly fieldInfo: object
  setErrorMap(errorMap: never): void
}

/** Where {@link applyFieldErrors} puts the messages. */
export type FieldErrorTarget = ReactHookFormSetError | TanStackFormTarget | FieldErrorCallback

export interface ApplyFieldErrorsOptions {
  /**
   * The form's name for an API's field path: a map (`{ first_name: 'firstName' }`), or a function
   * of the dotted path (`(path) => camelCase(path)`).
   * @default the API's path as it is
   * @example rename: (path) => path.replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase())
   */
  rename?: Readonly<Record<string, string>> | ((field: string) => string) | undefined
  /**
   * The fields the form has (after `rename`); errors on others go into the form-level message.
   * @default every field for react-hook-form and callbacks; the form's registered fields for TanStack Form
   * @example fields: ['email', 'address.city', 'items.0.qty']
   */
  fields?: readonly string[] | undefined
  /**
   * Focus the first field that got an error (react-hook-form; TanStack Form keeps no element).
   * @default true
   * @example shouldFocus: false // a form in a dialog that must keep the focus where it is
   */
  shouldFocus?: boolean | undefined
}

/** What {@link applyFieldErrors} could not put on a field. */
export interface FieldErrorsLeft {
  /** The field errors on fields the form lacks, with their paths after `rename`. */
  readonly unplaced: readonly FieldError[]
  /**
   * One message for the form as a whole: the unplaced errors (a `field: message` line each), or,
   * when the error names no field, its message. Sent to react-hook-form's `root` error and to
   * TanStack Form's form-level errors. `undefined` when every message found its field.
   */
  readonly formMessage: string | undefined
}

/**
 * Puts an ApiError's field errors into a form: react-hook-form's `setError` (dotted paths as it
 * uses them, `type: 'server'`, the form-level message to `root`), a TanStack Form form (its
 * `onServer` errors, array paths as `items[0].qty`), or a callback `(field, message) => void`. A
 * field gets the first message the API gave for it. A function of three parameters is taken for
 * react-hook-form's `setError`, one of two or fewer for a callback. Returns what it could not place.
 *
 * @example
 * const { setError } = useForm<SignUp>()
 * const signUp = useApiMutation<User, SignUp>({ url: '/users', onError: (error) => applyFieldErrors(error, setError) })
 * // TanStack Form, with the API's snake_case names
 * applyFieldErrors(error, form, { rename: (path) => path.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()) })
 */
export function applyFieldErrors(
  error: ApiError | null | undefined,
  target: FieldErrorCallback,
  options?: ApplyFieldErrorsOptions,
): FieldErrorsLeft
export function applyFieldErrors(
  error: ApiError | null | undefined,
  target: ReactHookFormSetError,
  options?: ApplyFieldErrorsOptions,
): FieldErrorsLeft
export function applyFieldErrors(
  error: ApiError | null | undefined,
  target: TanStackFormTarget,
  options?: ApplyFieldErrorsOptions,
): FieldErrorsLeft
export function applyFieldErrors(
  error: ApiError | null | undefined,
  target: FieldErrorTarget,
  options: ApplyFieldErrorsOptions = {},
): FieldErrorsLeft {
  if (!error) return { unplaced: [], formMessage: undefined }
  const { rename, fields, shouldFocus = true } = options
  const form = typeof target === 'object' ? target : undefined
  const known = fields ?? (form && Object.keys(form.fieldInfo))
  const placed = new Map<string, string>()
  const unplaced: FieldError[] = []
  for (const fieldError of error.fieldErrors) {
    const renamed =
      (typeof rename === 'function' ? rename(fieldError.field) : rename?.[fieldError.field]) ??
      fieldError.field
    // TanStack Form names array items `items[0].qty`; the API's paths say `items.0.qty`.
    const field = form ? renamed.replace(/\.(\d+)\b/g, '[$1]') : renamed
    if (known && !known.includes(field)) unplaced.push({ ...fieldError, field })
    else if (!placed.has(field)) placed.set(field, fieldError.message)
  }
  const formMessage = unplaced.length
    ? unplaced.map(({ field, message }) => `${field}: ${message}`).join('\n')
    : placed.size
      ? undefined
      : error.message

  if (typeof target === 'object') {
    target.setErrorMap({
      onServer: { form: formMessage, fields: Object.fromEntries(placed) },
    } as never)
  } else if (target.length > 2) {
    // react-hook-form's setError takes (name, error, options); a callback takes (field, message).
    let shouldFocusNext = shouldFocus
    for (const [field, message] of placed) {
      ;(target as ReactHookFormSetError)(
        field,
        { type: 'server', message },
        { shouldFocus: shouldFocusNext },
      )
      shouldFocusNext = false
    }
    if (formMessage !== undefined)
      (target as ReactHookFormSetError)('root', { type: 'server', message: formMessage })
  } else {
    for (const [field, message] of placed) (target as FieldErrorCallback)(field, message)
  }
  return { unplaced, formMessage }
}
