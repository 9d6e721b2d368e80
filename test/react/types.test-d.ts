import { describe, expectTypeOf, it } from 'vitest'
import type { ApiError, FieldError } from '../../src/core/errors/ApiError'
import type { PendingRetry } from '../../src/query/pendingRetry'
import { createApiQueryClient } from '../../src/react/ApiProvider'
import { useApiMutation } from '../../src/react/useApiMutation'
import { useApiQuery } from '../../src/react/useApiQuery'
import { useAuthState } from '../../src/react/useAuthState'
import { useRetryCountdown } from '../../src/react/useRetryCountdown'

interface User {
  id: string
  email: string
}

// Type tests only: these functions are never called, only checked by the compiler.
describe('createApiQueryClient', () => {
  it("takes TanStack's configuration, but not the options that would retry on top of the client", () => {
    createApiQueryClient({ defaultOptions: { queries: { staleTime: 60_000 } } })
    // @ts-expect-error two retrying layers multiply the attempts
    createApiQueryClient({ defaultOptions: { queries: { retry: 3 } } })
    // @ts-expect-error nor their delays
    createApiQueryClient({ defaultOptions: { mutations: { retryDelay: 1000 } } })
  })
})

describe('the types the hooks promise', () => {
  it('types useApiQuery: error is ApiError | null, pendingRetry is a PendingRetry or null, data is the data', () => {
    const users = useApiQuery<User[]>({ queryKey: ['users'], url: '/users' })
    expectTypeOf(users.error).toEqualTypeOf<ApiError | null>()
    expectTypeOf(users.pendingRetry).toEqualTypeOf<PendingRetry | null>()
    expectTypeOf(users.data).toEqualTypeOf<User[] | undefined>()
    expectTypeOf(users.fieldErrors).toEqualTypeOf<readonly FieldError[]>()
    expectTypeOf(users.fieldError).returns.toEqualTypeOf<string | undefined>()
  })

  it('keeps select() typed from the fetched data', () => {
    const count = useApiQuery<User[], number>({
      queryKey: ['users'],
      url: '/users',
      select: (u) => u.length,
    })
    expectTypeOf(count.data).toEqualTypeOf<number | undefined>()
  })

  it('refuses two data sources at once, or none, and a queryFn of its own', () => {
    // @ts-expect-error the query function is the library's
    useApiQuery<User[]>({ queryKey: ['users'], url: '/users', queryFn: async () => [] })
    // @ts-expect-error request and url exclude each other
    useApiQuery<User[]>({ queryKey: ['users'], url: '/users', request: () => ({ url: '/users' }) })
    // @ts-expect-error a source is required
    useApiQuery<User[]>({ queryKey: ['users'] })
    // @ts-expect-error a request function names no URL to derive the key from: queryKey is required
    useApiQuery<User[]>({ request: () => ({ url: '/users' }) })
  })

  it('derives the key when a URL is given', () => {
    useApiQuery<User[]>({ url: '/users', params: { page: 1 } })
  })

  it('refuses a throwOnError that does not take an ApiError', () => {
    // @ts-expect-error the policy receives an ApiError, not a string
    useApiQuery({ queryKey: ['users'], url: '/users', throwOnError: (e: string) => e === 'x' })
  })

  it('types useApiMutation: variables, error and field errors', () => {
    const save = useApiMutation<User, { email: string }>({ method: 'POST', url: '/users' })
    expectTypeOf(save.error).toEqualTypeOf<ApiError | null>()
    expectTypeOf(save.mutate).parameter(0).toEqualTypeOf<{ email: string }>()
    expectTypeOf(save.fieldError('email')).toEqualTypeOf<string | undefined>()
    expectTypeOf(save.pendingRetry).toEqualTypeOf<PendingRetry | null>()
    // @ts-expect-error variables must match
    save.mutate({ name: 'x' })
    useApiMutation<User, { email: string }>({
      url: '/users',
      // @ts-expect-error the mutation function is the library's
      mutationFn: async () => ({ id: '1', email: '' }),
    })
    // @ts-expect-error request and url exclude each other
    useApiMutation<User, { email: string }>({ url: '/users', request: () => ({ url: '/x' }) })
    // @ts-expect-error not an HTTP method
    useApiMutation<User, { email: string }>({ method: 'FETCH', url: '/users' })
  })

  it('types the small hooks', () => {
    expectTypeOf(useRetryCountdown(new Date())).toEqualTypeOf<number | null>()
    expectTypeOf(useRetryCountdown(null)).toEqualTypeOf<number | null>()
  })

  it('counts down to what an error or a retry carries, never to a bare number (finding 7)', () => {
    const users = useApiQuery<User[]>({ url: '/users' })
    if (users.error) {
      useRetryCountdown(users.error)
      // @ts-expect-error a relative delay is no point in time
      useRetryCountdown(users.error.retryAfterMs)
      // @ts-expect-error an epoch number is refused too: pass the error, or a Date
      useRetryCountdown(users.error.retryAt)
    }
    useRetryCountdown(users.pendingRetry)
    // @ts-expect-error numbers are ambiguous (a delay or a time)
    useRetryCountdown(Date.now() + 5_000)
    expectTypeOf(useAuthState()).toEqualTypeOf<'idle' | 'refreshing' | 'signed-out'>()
  })
})
