import { useMutation } from '@tanstack/react-query'
import type { UseMutationResult } from '@tanstack/react-query'
import type { AxiosRequestConfig } from 'axios'
import { useState } from 'react'
import type { ApiError } from '../core/errors/ApiError'
import type { RetryAnnouncement } from '../core/retry/types'
import { apiMutationOptions } from '../query/apiMutationOptions'
import type {
  ApiMutationOptionsInput,
  ApiMutationSource,
  ApiMutationTanStackOptions,
} from '../query/apiMutationOptions'
import { toPendingRetry } from '../query/pendingRetry'
import type { PendingRetry } from '../query/pendingRetry'
import type { WithoutTanStackRetry } from '../query/types'
import { useApiContext } from './ApiContext'
import { fieldErrorAccess } from './fieldErrors'
import type { FieldErrorAccess } from './fieldErrors'
import { useThrowDecision } from './throwPolicy'
import type { ThrowPolicy } from './throwPolicy'

/** What `useApiMutation` takes: what `apiMutationOptions` takes, with a throw policy. */
export type UseApiMutationOptions<
  TData = unknown,
  TVariables = void,
  TOnMutateResult = unknown,
> = ApiMutationTanStackOptions<TData, TVariables, TOnMutateResult> &
  WithoutTanStackRetry &
  ApiMutationSource<TVariables> & {
    /**
     * Whether an error goes to an `ApiErrorBoundary` above (one that handles its kind; with none,
     * it stays in `error`).
     * @default false
     */
    throwOnError?: ThrowPolicy | undefined
  }

export type UseApiMutationResult<
  TData = unknown,
  TVariables = void,
  TOnMutateResult = unknown,
> = UseMutationResult<TData, ApiError, TVariables, TOnMutateResult> &
  FieldErrorAccess & {
    /** The retry of this mutation's request that is waiting to go out, or `null`. */
    readonly pendingRetry: PendingRetry | null
  }

/** The config with `listener` hearing its retry announcements after the caller's own callback. */
const alsoAnnouncingTo = (
  config: AxiosRequestConfig | undefined,
  listener: (announcement: RetryAnnouncement) => void,
): AxiosRequestConfig => ({
  ...config,
  onRetryScheduled: (announcement) => {
    config?.onRetryScheduled?.(announcement)
    listener(announcement)
  },
})

/**
 * `useMutation` over {@link apiMutationOptions} and the provider's client: `error` is an
 * `ApiError`, and `fieldError(name)` gives the API's message for one form field, whatever the
 * API's error format (`applyFieldErrors` puts them all into a form library).
 *
 * @example
 * const save = useApiMutation<User, NewUser>({ method: 'POST', url: '/users' })
 * <input name="email" />
 * {save.fieldError('email') && <span role="alert">{save.fieldError('email')}</span>}
 */
export function useApiMutation<TData = unknown, TVariables = void, TOnMutateResult = unknown>(
  options: UseApiMutationOptions<TData, TVariables, TOnMutateResult>,
): UseApiMutationResult<TData, TVariables, TOnMutateResult> {
  const { client } = useApiContext()
  const [pendingRetry, setPendingRetry] = useState<PendingRetry | null>(null)
  const { throwOnError, ...source } = options
  // After an unmount, React 18 and 19 drop the state update without a warning.
  const announce = (announcement: RetryAnnouncement) =>
    setPendingRetry(toPendingRetry(announcement))
  const { request, config } = source
  const mutationOptions = apiMutationOptions<TData, TVariables, TOnMutateResult>(client, {
    ...source,
    ...(request
      ? { request: (variables: TVariables) => alsoAnnouncingTo(request(variables), announce) }
      : { config: alsoAnnouncingTo(config, announce) }),
  } as ApiMutationOptionsInput<TData, TVariables, TOnMutateResult>)
  const throwsToBoundary = useThrowDecision(throwOnError ?? false, 'useApiMutation')
  const mutation = useMutation({
    ...mutationOptions,
    mutationFn: (variables) => {
      setPendingRetry(null)
      return mutationOptions.mutationFn(variables)
    },
    throwOnError: (error) => throwsToBoundary(error),
  })

  // TanStack's mutation result is a plain object that tracks no reads (unlike a query's): spread it.
  // The retry is kept after the mutation settles (clearing it would cost a render); shown only
  // while pending.
  return {
    ...mutation,
    ...fieldErrorAccess(mutation.error),
    pendingRetry: mutation.isPending ? pendingRetry : null,
  }
}
