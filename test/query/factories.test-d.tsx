import {
  QueryClient,
  useInfiniteQuery,
  useMutation,
  useQueries,
  useQuery,
  useSuspenseInfiniteQuery,
  useSuspenseQuery,
} from '@tanstack/react-query'
import type { InfiniteData, QueryKey } from '@tanstack/react-query'
import { useForm as useTanStackForm } from '@tanstack/react-form'
import { useForm } from 'react-hook-form'
import { describe, expectTypeOf, it } from 'vitest'
import { createApiClient } from '../../src/core/client'
import type { ApiError } from '../../src/core/errors/ApiError'
import { apiInfiniteQueryOptions } from '../../src/query/apiInfiniteQueryOptions'
import { apiMutationOptions } from '../../src/query/apiMutationOptions'
import { apiQueryOptions } from '../../src/query/apiQueryOptions'
import type { PendingRetry } from '../../src/query/pendingRetry'
import { applyFieldErrors } from '../../src/react/applyFieldErrors'
import { useApiInfiniteQuery } from '../../src/react/useApiInfiniteQuery'
import { useApiMutation } from '../../src/react/useApiMutation'
import { useApiQuery } from '../../src/react/useApiQuery'
import { useApiSuspenseQuery } from '../../src/react/useApiSuspenseQuery'
import { usePendingRetry } from '../../src/react/usePendingRetry'

interface User {
  id: string
  email: string
}

const api = createApiClient()
const queryClient = new QueryClient()
const users = (page: number) => apiQueryOptions<User[]>(api, { url: '/users', params: { page } })
const userPages = apiInfiniteQueryOptions<User[], InfiniteData<User[], number>, QueryKey, number>(
  api,
  {
    url: '/users',
    params: (page) => ({ page }),
    initialPageParam: 1,
    getNextPageParam: (last, _all, page) => (last.length === 0 ? undefined : page + 1),
  },
)
const createUser = apiMutationOptions<User, { email: string }>(api, { url: '/users' })

// Type tests only: these functions are never called, only checked by the compiler.
describe('what the factories return, where TanStack takes query options', () => {
  it('is accepted by useQuery, useSuspenseQuery and useQueries, with error: ApiError', () => {
    const query = useQuery(users(1))
    expectTypeOf(query.data).toEqualTypeOf<User[] | undefined>()
    expectTypeOf(query.error).toEqualTypeOf<ApiError | null>()
    const suspended = useSuspenseQuery(users(1))
    expectTypeOf(suspended.data).toEqualTypeOf<User[]>()
    expectTypeOf(suspended.error).toEqualTypeOf<ApiError | null>()
    const [first, second] = useQueries({ queries: [users(1), users(2)] })
    expectTypeOf(first.data).toEqualTypeOf<User[] | undefined>()
    expectTypeOf(second.error).toEqualTypeOf<ApiError | null>()
  })

  it('is accepted by prefetchQuery, fetchQuery, ensureQueryData and query, and types getQueryData', async () => {
    await queryClient.prefetchQuery(users(1))
    expectTypeOf(await queryClient.fetchQuery(users(1))).toEqualTypeOf<User[]>()
    expectTypeOf(await queryClient.ensureQueryData(users(1))).toEqualTypeOf<User[]>()
    expectTypeOf(await queryClient.query(users(1))).toEqualTypeOf<User[]>()
    expectTypeOf(queryClient.getQueryData(users(1).queryKey)).toEqualTypeOf<User[] | undefined>()
  })

  it('keeps select() typed from the fetched data', () => {
    const count = useQuery(
      apiQueryOptions<User[], number>(api, { url: '/users', select: (list) => list.length }),
    )
    expectTypeOf(count.data).toEqualTypeOf<number | undefined>()
  })

  it('narrows data with initialData, as TanStack does', () => {
    const withInitial = useQuery(apiQueryOptions<User[]>(api, { url: '/users', initialData: [] }))
    expectTypeOf(withInitial.data).toEqualTypeOf<User[]>()
    const hook = useApiQuery<User[]>({ url: '/users', initialData: () => [] })
    expectTypeOf(hook.data).toEqualTypeOf<User[]>()
    const without = useApiQuery<User[]>({ url: '/users' })
    expectTypeOf(without.data).toEqualTypeOf<User[] | undefined>()
  })

  it('is accepted by useInfiniteQuery, useSuspenseInfiniteQuery and prefetchInfiniteQuery', async () => {
    const pages = useInfiniteQuery(userPages)
    expectTypeOf(pages.data).toEqualTypeOf<InfiniteData<User[], number> | undefined>()
    expectTypeOf(pages.error).toEqualTypeOf<ApiError | null>()
    expectTypeOf(useSuspenseInfiniteQuery(userPages).data.pages).toEqualTypeOf<User[][]>()
    await queryClient.prefetchInfiniteQuery(userPages)
  })

  it("infers an infinite query's types without type arguments, as the README writes it", () => {
    const feed = apiInfiniteQueryOptions(api, {
      url: '/users',
      params: (page) => {
        expectTypeOf(page).toEqualTypeOf<number>()
        return { page }
      },
      initialPageParam: 1,
      getNextPageParam: (last: User[], _all, page) => (last.length ? page + 1 : undefined),
    })
    // TanStack's default TData, InfiniteData<TQueryFnData>, leaves its page params unknown
    expectTypeOf(useInfiniteQuery(feed).data?.pages).toEqualTypeOf<User[][] | undefined>()
  })

  it('is accepted by useMutation, with the variables and error typed', () => {
    const save = useMutation(createUser)
    expectTypeOf(save.mutate).parameter(0).toEqualTypeOf<{ email: string }>()
    expectTypeOf(save.error).toEqualTypeOf<ApiError | null>()
    expectTypeOf(save.data).toEqualTypeOf<User | undefined>()
  })
})

describe("TanStack's retry, where it would multiply the client's (issue 15, finding 4)", () => {
  it('is refused by the factories', () => {
    // @ts-expect-error the client retries each request
    apiQueryOptions(api, { url: '/users', retry: 2 })
    // @ts-expect-error so is retryDelay
    apiQueryOptions(api, { url: '/users', retryDelay: 1_000 })
    apiInfiniteQueryOptions(api, {
      url: '/users',
      initialPageParam: 1,
      getNextPageParam: () => undefined,
      // @ts-expect-error the client retries each page's request
      retry: 3,
    })
    // @ts-expect-error a write is retried by the client when it carries an idempotency key
    apiMutationOptions(api, { url: '/users', retry: 1 })
  })

  it('is refused by the hooks', () => {
    // @ts-expect-error the client retries each request
    useApiQuery({ url: '/users', retry: true })
    // @ts-expect-error so is retryDelay
    useApiSuspenseQuery({ url: '/users', retryDelay: () => 10 })
    useApiInfiniteQuery({
      url: '/users',
      initialPageParam: 1,
      getNextPageParam: () => undefined,
      // @ts-expect-error the client retries each page's request
      retry: 1,
    })
    // @ts-expect-error the client decides whether a write is retried
    useApiMutation({ url: '/users', retry: 2 })
  })
})

describe('usePendingRetry', () => {
  it('takes the options, or their query key', () => {
    expectTypeOf(usePendingRetry(users(1))).toEqualTypeOf<PendingRetry | null>()
    expectTypeOf(usePendingRetry(['/users', { page: 1 }])).toEqualTypeOf<PendingRetry | null>()
    expectTypeOf(usePendingRetry(userPages)).toEqualTypeOf<PendingRetry | null>()
    // @ts-expect-error not a query
    usePendingRetry('/users')
  })

  it('names its counts for what they count', () => {
    expectTypeOf<PendingRetry>().toHaveProperty('retryNumber').toEqualTypeOf<number>()
    expectTypeOf<PendingRetry>().toHaveProperty('maxRetries').toEqualTypeOf<number>()
    expectTypeOf<PendingRetry>().not.toHaveProperty('attempt')
  })
})

describe('applyFieldErrors targets', () => {
  const error = null as ApiError | null

  it("takes react-hook-form's setError, typed for the form's own fields", () => {
    const form = useForm<{ email: string; address: { city: string } }>()
    applyFieldErrors(error, form.setError, { fields: ['email', 'address.city'] })
  })

  it('takes a TanStack Form form, and a callback', () => {
    const form = useTanStackForm({ defaultValues: { email: '', items: [{ qty: 1 }] } })
    applyFieldErrors(error, form, { rename: { e_mail: 'email' } })
    applyFieldErrors(error, (field, message) => {
      expectTypeOf(field).toEqualTypeOf<string>()
      expectTypeOf(message).toEqualTypeOf<string>()
    })
  })

  it('refuses anything else', () => {
    // @ts-expect-error not a form, nor a setError
    applyFieldErrors(error, { email: 'x' })
    // @ts-expect-error rename maps names to names
    applyFieldErrors(error, () => undefined, { rename: { a: 1 } })
  })
})
