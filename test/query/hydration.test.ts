// What dehydrateApiErrors and hydrateApiErrors promise, apart from React: a failed query's
// ApiError leaves the server in its safe form, whatever the serialiser, and comes back an ApiError.
import { QueryClient, dehydrate, hydrate } from '@tanstack/query-core'
import type { DehydratedState } from '@tanstack/query-core'
import { describe, expect, it } from 'vitest'
import { withFixtureServer } from '../fixture/withFixtureServer.js'
import { createApiClient } from '../../src/core/client'
import { ApiError } from '../../src/core/errors/ApiError'
import { apiQueryOptions } from '../../src/query/apiQueryOptions'
import { dehydrateApiErrors, hydrateApiErrors } from '../../src/query/hydration'

const fixture = withFixtureServer()
const TOKEN = 'bearer-token-that-stays-home'
const SECRET_IN_BODY = 'stack-trace-that-stays-home'

/**
 * A serialiser that copies every own property and knows no toJSON (page-state serialisers that
 * keep an Error's fields do much the same): everything it would send, as text.
 */
function ownProperties(value: unknown, seen = new Set<unknown>()): string {
  if (typeof value !== 'object' || value === null) return String(value)
  if (seen.has(value)) return ''
  seen.add(value)
  return Object.getOwnPropertyNames(value)
    .map((key) => `${key}=${ownProperties((value as Record<string, unknown>)[key], seen)}`)
    .join(' ')
}

async function failedPrefetch(): Promise<DehydratedState> {
  fixture.api.setFault('GET /test/items', {
    type: 'status',
    status: 422,
    body: { message: 'Invalid page', errors: { page: ['Too far'] }, trace: SECRET_IN_BODY },
  })
  const api = createApiClient({
    baseURL: fixture.url,
    auth: { getAccessToken: () => TOKEN, refresh: () => TOKEN },
  })
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  await queryClient.prefetchQuery(apiQueryOptions(api, { url: '/test/items', params: { page: 9 } }))
  return dehydrate(queryClient, { shouldDehydrateQuery: () => true })
}

describe('dehydrateApiErrors', () => {
  it('leaves no token and no body in the state, for a serialiser that ignores toJSON', async () => {
    const state = await failedPrefetch()
    // Without it, such a serialiser would send the body (the error's data, and its cause's
    // response); the token is out of the cause already, which keeps no credential.
    expect(ownProperties(state)).not.toContain(TOKEN)
    expect(ownProperties(state)).toContain(SECRET_IN_BODY)
    const safe = ownProperties(dehydrateApiErrors(state))
    expect(safe).not.toContain(TOKEN)
    expect(safe).not.toContain(SECRET_IN_BODY)
    expect(safe).toContain('Invalid page')
  })
})

describe('hydrateApiErrors', () => {
  it('gives the browser an ApiError with the same kind, status, code, message and fieldErrors', async () => {
    const state = await failedPrefetch()
    const original = state.queries[0]?.state.error as ApiError
    const browser = new QueryClient()
    hydrate(browser, hydrateApiErrors(JSON.parse(JSON.stringify(dehydrateApiErrors(state)))))
    const error = browser.getQueryCache().getAll()[0]?.state.error
    expect(error).toBeInstanceOf(ApiError)
    const { kind, status, code, message, fieldErrors, retryable, request } = original
    expect(error).toMatchObject({ kind, status, code, message, fieldErrors, retryable, request })
    expect((error as ApiError).data).toBeUndefined()
    expect((error as ApiError).cause).toBeUndefined()
  })

  it('passes a state of another shape through unchanged, and keeps field errors a list', () => {
    const odd = { queries: 'not a list', mutations: [] } as unknown as DehydratedState
    expect(hydrateApiErrors(odd)).toBe(odd)
    const broken = {
      mutations: [],
      queries: [
        {
          queryKey: ['x'],
          queryHash: '["x"]',
          state: {
            error: { name: 'ApiError', kind: 'server', message: 'Down', fieldErrors: 'oops' },
          },
        },
      ],
    } as unknown as DehydratedState
    const error = hydrateApiErrors(broken).queries[0]?.state.error as ApiError
    expect(error).toBeInstanceOf(ApiError)
    expect(error.fieldErrors).toEqual([])
  })
})
