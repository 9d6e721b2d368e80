// The page both sides render: the server (test/ssr/serverRender.tsx, in Node) and the browser
// (ssr.test.tsx, in jsdom). It imports the package by its name, as an app does.
import { apiQueryOptions, useApiQuery } from 'resilient-query'
import type { ApiClient } from 'resilient-query'

export interface Item {
  id: number
  name: string
}

/** Secrets the server's client sends, which must not reach the page. */
export const SECRETS = {
  token: 'server-only-bearer-token-8f3a',
  apiKey: 'server-only-api-key-71c2',
  inBody: 'server-only-stack-trace-5d9e',
} as const

// Fresh for a minute: the browser takes the server's answers instead of fetching them again.
const FRESH = { staleTime: 60_000 }

const itemsRequest = { url: '/test/items', ...FRESH }
// A 422 in the test: its error stays in the hook (the default throw policy), and the browser does
// not fetch it again on mount either.
const filterRequest = {
  url: '/test/echo',
  // Keys travel with the page (dehydrated state): secrets belong in headers, never in params.
  params: { status: 'archived' },
  retryOnMount: false,
  ...FRESH,
}

/** What the server prefetches: the same options the page's hooks build. */
export const pageQueries = (api: ApiClient) => ({
  items: apiQueryOptions<Item[]>(api, itemsRequest),
  filter: apiQueryOptions<unknown>(api, filterRequest),
})

export function App() {
  const items = useApiQuery<Item[]>(itemsRequest)
  const filter = useApiQuery<unknown>(filterRequest)
  return (
    <main>
      <ul aria-label="items">
        {items.data?.map((item) => (
          <li key={item.id}>{item.name}</li>
        ))}
      </ul>
      <p role="alert">
        {filter.error
          ? `${filter.error.kind} ${filter.error.status ?? ''}: ${filter.error.message}`
          : 'no error'}
      </p>
      <p aria-label="status error">{filter.fieldError('filter.status') ?? ''}</p>
    </main>
  )
}
