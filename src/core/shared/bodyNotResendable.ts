import { ApiError } from '../errors/ApiError'

/**
 * The `code` of the ApiError a request fails with when it was not retried because its body cannot
 * be sent again: a stream, a web `ReadableStream` or an (async) iterator is read as it is sent,
 * and a second send would carry nothing, or only the rest. Everything else about the error is the
 * failed attempt's (`kind`, `status`, `retryAfterMs`, `data`), and `cause` is the attempt's own
 * ApiError, with the API's code and message.
 *
 * @example
 * if (error.code === BODY_NOT_RESENDABLE) showUploadAgainButton()
 */
// `as const`: a plain literal const widens to string wherever it is inferred (a generic, a `let`).
export const BODY_NOT_RESENDABLE = 'body_not_resendable' as const

/**
 * Why a body could not be sent again: read as it was sent, `recreateData` gave no body, or it gave
 * one already used.
 */
export type NotResendableReason = 'read_once' | 'recreate_failed' | 'recreate_used'

const EXPLANATIONS: Readonly<Record<NotResendableReason, string>> = {
  read_once:
    'its body is a stream or an iterator, read as it is sent, and cannot be sent twice; ' +
    'pass recreateData to make a fresh body for each send',
  recreate_failed: 'recreateData threw or returned no body, so there was no fresh body to send',
  recreate_used:
    'recreateData returned a used body (the one sent before, or a stream already read, ended ' +
    'or locked), so there was no fresh body to send; it must make a new one each time',
}

/**
 * The error of a request that is not sent again because of its body: the attempt's failure, with
 * the {@link BODY_NOT_RESENDABLE} code and a message that says why. A request not replayed after a
 * token refresh (`after: 'refresh'`) is no longer an auth failure: the session was renewed, and
 * only this request needs sending again, so its kind is `http`, not `unauthorized` (which a UI
 * answers with a sign-in screen).
 *
 * @example
 * if (!isResendableBody(config.data)) throw bodyNotResendableError(attemptError, 'read_once')
 */
export function bodyNotResendableError(
  attempt: ApiError,
  reason: NotResendableReason,
  after: 'failure' | 'refresh' = 'failure',
): ApiError {
  const refreshed = after === 'refresh'
  return new ApiError({
    kind: refreshed ? 'http' : attempt.kind,
    // The attempt's message first: it is what a UI shows; the reason is for the developer.
    message: refreshed
      ? `The credential was renewed, but this request was not sent again: ${EXPLANATIONS[reason]}.`
      : `${attempt.message} (Not retried: ${EXPLANATIONS[reason]}.)`,
    retryable: refreshed ? false : attempt.retryable,
    status: attempt.status,
    code: BODY_NOT_RESENDABLE,
    requestId: attempt.requestId,
    fieldErrors: attempt.fieldErrors,
    retryAfterMs: attempt.retryAfterMs,
    retryAt: attempt.retryAt,
    data: attempt.data,
    request: attempt.request,
    cause: attempt,
  })
}
