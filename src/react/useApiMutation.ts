import { useMutation } from '@tanstack/react-query'
import type { UseMutationOptions, UseMutationResult } from '@tanstack/react-query'
import type { AxiosRequestConfig, Method } from 'axios'
import { useState } from 'react'
import type { ApiClient } from '../core/client'
import type { ApiError } from '../core/errors/ApiError'
import type { RetryAnnouncement } from '../core/retry/types'
import { useApiContext } from './ApiContext'
import { fieldErrorAccess } from './fieldErrors'
import type { FieldErrorAccess } from './fieldErrors'
import { shouldThrow } from './throwPolicy'
import type { ThrowPolicy } from './throwPolicy'

/** Where the write goes: a method and URL (the variables become the body), or a function of your own. */
export type ApiMutationSource<TData, TVariables> =
  | {
      /** @default 'POST' */
      method?: Method
      url: string | ((variables: TVariables) => string)
      config?: AxiosRequestConfig
      mutationFn?: never
    }
  | {
      mutationFn: (
        variables: TVariables,
        context: { api: ApiClient; config: AxiosRequestConfig },
      ) => Promise<TData>
      method?: never
      url?: never
      config?: never
    }

export type UseApiMutationOptions<TData = unknown, TVariables = void, TContext = unknown> = Omit<
  UseMutationOptions<TData, ApiError, TVariables, TContext>,
  'mutationFn' | 'throwOnError'
> &
  ApiMutationSource<TData, TVariables> & {
    /** Whether an error goes to the nearest error boundary. @default false */
    throwOnError?: ThrowPolicy
  }

export type UseApiMutationResult<
  TData = unknown,
  TVariables = void,
  TContext = unknown,
> = UseMutationResult<TData, ApiError, TVariables, TContext> &
  FieldErrorAccess & {
    /** The retry of this mutation's request that is waiting to go out, or `null`. */
    readonly retry: RetryAnnouncement | null
  }

/**
 * `useMutation` through the client: `error` is an `ApiError`, and `fieldError(name)` gives the
 * API's message for one form field, whatever the API's error format.
 *
 * @example
 * const save = useApiMutation<User, NewUser>({ method: 'POST', url: '/users' })
 * <input name="email" />
 * {save.fieldError('email') && <span role="alert">{save.fieldError('email')}</span>}
 */
export function useApiMutation<TData = unknown, TVariables = void, TContext = unknown>(
  options: UseApiMutationOptions<TData, TVariables, TContext>,
): UseApiMutationResult<TData, TVariables, TContext> {
  const { client } = useApiContext()
  const { method, url, config, mutationFn, throwOnError, ...rest } = options
  const [retry, setRetry] = useState<RetryAnnouncement | null>(null)

  const mutation = useMutation<TData, ApiError, TVariables, TContext>({
    ...rest,
    throwOnError: (error) => shouldThrow(throwOnError ?? false, error),
    mutationFn: async (variables) => {
      setRetry(null)
      const requestConfig: AxiosRequestConfig = {
        onRetryScheduled: (announcement) => {
          config?.onRetryScheduled?.(announcement) // the caller's own callback hears it too
          setRetry(announcement) // after an unmount, React 18 and 19 ignore it without a warning
        },
      }
      try {
        if (mutationFn) return await mutationFn(variables, { api: client, config: requestConfig })
        const target = typeof url === 'function' ? url(variables) : url
        const response = await client.request<TData>({
          ...config,
          method: method ?? 'POST',
          url: target,
          data: variables,
          ...requestConfig,
        })
        return response.data
      } catch (error) {
        throw client.normalizeError(error)
      }
    },
  })

  // TanStack's mutation result is a plain object that tracks no reads (unlike a query's): spread it.
  // The retry is kept after the mutation settles (clearing it would cost a render); shown only
  // while pending.
  return {
    ...mutation,
    ...fieldErrorAccess(mutation.error),
    retry: mutation.isPending ? retry : null,
  }
}
