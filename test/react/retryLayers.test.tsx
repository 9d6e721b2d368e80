import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query'
import { render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { withFixtureServer } from '../fixture/withFixtureServer.js'
import { createApiClient } from '../../src/core/client'
import { apiQueryOptions } from '../../src/query/apiQueryOptions'
import { ApiProvider } from '../../src/react/ApiProvider'
import { useApiMutation } from '../../src/react/useApiMutation'
import { useApiQuery } from '../../src/react/useApiQuery'
import type { UseApiQueryOptions } from '../../src/react/useApiQuery'
import { advanceUntil, renderWithApi } from './harness'

const fixture = withFixtureServer()

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
})
afterEach(() => {
  vi.useRealTimers()
})

// The client sends a request at most 4 times (1 + 3 retries); TanStack on top would multiply that.
const CLIENT_RETRY = { retries: 3, baseDelayMs: 100, maxDelayMs: 100 }
const SENDS = 4

/** Waits until `text` shows, then a minute more, long enough for any retry TanStack would make. */
async function settle(text: string) {
  await advanceUntil(() => screen.queryByText(text) !== null)
  await advanceUntil(() => false, { maxMs: 60_000, stepMs: 1_000 }).catch(() => undefined)
}

function ItemsView({ extra }: { extra: object }) {
  const items = useApiQuery({
    url: '/test/items',
    throwOnError: false,
    ...(extra as Partial<UseApiQueryOptions>),
  } as UseApiQueryOptions)
  return <p>{items.error ? `failed: ${items.error.kind}` : 'waiting'}</p>
}

describe('one layer retries (issue 15, finding 4)', () => {
  it.each([
    ['retry: 2', { retry: 2 }],
    ['retry: undefined', { retry: undefined }],
    ['retry: true with a retryDelay', { retry: true, retryDelay: 10 }],
  ])(
    'useApiQuery given %s anyway (from JavaScript or a cast) sends 4 requests, not more',
    async (_, extra) => {
      fixture.api.setFault('GET /test/items', { type: 'status', status: 503, times: 'always' })
      renderWithApi(<ItemsView extra={extra} />, { baseURL: fixture.url, retry: CLIENT_RETRY })
      await settle('failed: server')
      expect(fixture.api.hits('GET /test/items')).toBe(SENDS)
    },
  )

  it('sends 4 requests when the options are spread into useQuery with a retry of their own', async () => {
    fixture.api.setFault('GET /test/items', { type: 'status', status: 503, times: 'always' })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const api = createApiClient({ baseURL: fixture.url, retry: CLIENT_RETRY })
    function Plain() {
      const items = useQuery({ ...apiQueryOptions(api, { url: '/test/items' }), retry: 2 })
      return <p>{items.error ? `failed: ${items.error.kind}` : 'waiting'}</p>
    }
    render(
      <QueryClientProvider client={new QueryClient()}>
        <Plain />
      </QueryClientProvider>,
    )
    await settle('failed: server')
    expect(fixture.api.hits('GET /test/items')).toBe(SENDS)
    // TanStack asked twice more; each time nothing was sent, and development said why.
    expect(
      warn.mock.calls.filter(([text]) => String(text).includes('TanStack retried')),
    ).toHaveLength(2)
    warn.mockRestore()
  })

  it('sends 4 requests under an enclosing QueryClient that retries by default (3)', async () => {
    fixture.api.setFault('GET /test/items', { type: 'status', status: 503, times: 'always' })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const api = createApiClient({ baseURL: fixture.url, retry: CLIENT_RETRY })
    render(
      <QueryClientProvider client={new QueryClient()}>
        <ApiProvider client={api}>
          <ItemsView extra={{}} />
        </ApiProvider>
      </QueryClientProvider>,
    )
    await settle('failed: server')
    expect(fixture.api.hits('GET /test/items')).toBe(SENDS)
    warn.mockRestore()
  })

  it('sends a write once when useApiMutation is given a retry anyway (no idempotency key)', async () => {
    fixture.api.setFault('POST /test/echo', { type: 'status', status: 503, times: 'always' })
    function Save() {
      const save = useApiMutation<unknown, { name: string }>({
        url: '/test/echo',
        ...({ retry: 3 } as object),
      })
      return (
        <button type="button" onClick={() => save.mutate({ name: 'x' })}>
          {save.error ? `failed: ${save.error.kind}` : 'save'}
        </button>
      )
    }
    renderWithApi(<Save />, { baseURL: fixture.url, retry: CLIENT_RETRY })
    screen.getByRole('button').click()
    await settle('failed: server')
    expect(fixture.api.hits('POST /test/echo')).toBe(1)
  })
})
