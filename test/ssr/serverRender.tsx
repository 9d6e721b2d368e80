// The server's half of ssr.test.tsx, run by Node in a process of its own (bundled by the test):
// prefetch with the app's client, dehydrate the errors too, render to a string, print both.
import {
  dehydrate,
  HydrationBoundary,
  QueryClientProvider,
  defaultShouldDehydrateQuery,
} from '@tanstack/react-query'
import { renderToString } from 'react-dom/server'
import {
  ApiProvider,
  createApiClient,
  createApiQueryClient,
  dehydrateApiErrors,
} from 'resilient-query'
import { App, pageQueries, SECRETS } from './App'

const baseURL = process.argv[2] ?? ''
const api = createApiClient({
  baseURL,
  headers: { 'X-Api-Key': SECRETS.apiKey },
  auth: { getAccessToken: () => SECRETS.token, refresh: () => SECRETS.token },
  retry: false,
})
const queryClient = createApiQueryClient()
const { items, filter } = pageQueries(api)
await Promise.all([queryClient.prefetchQuery(items), queryClient.prefetchQuery(filter)])

// The app chooses to send failed queries too; dehydrateApiErrors makes their ApiErrors safe to.
const state = dehydrateApiErrors(
  dehydrate(queryClient, {
    shouldDehydrateQuery: (query) =>
      defaultShouldDehydrateQuery(query) || query.state.status === 'error',
  }),
)
const html = renderToString(
  <QueryClientProvider client={queryClient}>
    <ApiProvider client={api}>
      <HydrationBoundary state={state}>
        <App />
      </HydrationBoundary>
    </ApiProvider>
  </QueryClientProvider>,
)
const failed = queryClient
  .getQueryCache()
  .getAll()
  .find((query) => query.state.error)
process.stdout.write(
  JSON.stringify({
    html,
    state: JSON.stringify(state),
    serverError: (failed?.state.error as { toJSON(): unknown } | undefined)?.toJSON(),
  }),
)
