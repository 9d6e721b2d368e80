import type { MutationOptions } from '@tanstack/react-query'
import type { AxiosRequestConfig, Method } from 'axios'
import type { ApiClient } from '../core/client'
import type { ApiError } from '../core/errors/ApiError'
import type { WithoutTanStackRetry } from './types'

/**
 * Where a write goes: a method and URL (the variables become the body), or a function of the
 * variables that returns the whole axios config.
 */
export type ApiMutationSource<TVariables> =
  | {
      /** @default 'POST' */
      method?: Method | undefined
      /** The URL, or a function of the variables that gives it. */
      url: string | ((variables: TVariables) => string)
      /**
       * Any other axios config (`headers`, a per-request `retry`, `onRetryScheduled`).
       * @default {}
       */
      config?: AxiosRequestConfig | undefined
      request?: never
    }
  | {
      /**
       * The request as a function of the variables, for writes whose body is not the variables.
       * @example request: ({ id, ...patch }) => ({ method: 'PATCH', url: `/users/${id}`, data: patch })
       */
      request: (variables: TVariables) => AxiosRequestConfig
      method?: never
      url?: never
      config?: never
    }

/** TanStack's mutation options that the factory passes through as they are. */
export type ApiMutationTanStackOptions<TData, TVariables, TOnMutateResult> = Omit<
  MutationOptions<TData, ApiError, TVariables, TOnMutateResult>,
  'mutationFn' | 'retry' | 'retryDelay' | '_defaulted'
>

/**
 * What {@link apiMutationOptions} takes: everything TanStack's `mutationOptions` takes but
 * `mutationFn`, `retry` and `retryDelay`, plus where the write goes.
 */
export type ApiMutationOptionsInput<
  TData = unknown,
  TVariables = void,
  TOnMutateResult = unknown,
> = ApiMutationTanStackOptions<TData, TVariables, TOnMutateResult> &
  WithoutTanStackRetry &
  ApiMutationSource<TVariables>

/** What {@link apiMutationOptions} returns: TanStack mutation options for `useMutation`. */
export type ApiMutationOptions<
  TData = unknown,
  TVariables = void,
  TOnMutateResult = unknown,
> = ApiMutationTanStackOptions<TData, TVariables, TOnMutateResult> & {
  mutationFn: (variables: TVariables) => Promise<TData>
  /** Always `false`: the client retries a write when its retry options allow it (an idempotency key). */
  retry: false
}

/**
 * TanStack mutation options that send the write through the client: `error` is an `ApiError`, and
 * the variables are the body. Whether a failed write is retried is the client's call: only with an
 * idempotency key (`createApiClient({ retry: { idempotencyKey: true } })`), the same on every
 * attempt; TanStack never retries on top.
 *
 * @example
 * const createUser = apiMutationOptions<User, NewUser>(api, { method: 'POST', url: '/users' })
 * const save = useMutation(createUser)
 * save.mutate({ email: 'ada@example.com' })
 */
export function apiMutationOptions<TData = unknown, TVariables = void, TOnMutateResult = unknown>(
  api: ApiClient,
  options: ApiMutationOptionsInput<TData, TVariables, TOnMutateResult>,
): ApiMutationOptions<TData, TVariables, TOnMutateResult> {
  const { method, url, config, request, ...tanstack } = options
  return {
    ...tanstack,
    mutationFn: async (variables) => {
      try {
        const response = await api.request<TData>(
          request
            ? request(variables)
            : {
                ...config,
                method: method ?? 'POST',
                url: typeof url === 'function' ? url(variables) : url,
                data: variables,
              },
        )
        return response.data
      } catch (error) {
        // The client rejects with ApiErrors already; an app's `url` or `request` may throw anything.
        throw api.normalizeError(error)
      }
    },
    retry: false,
  }
}
