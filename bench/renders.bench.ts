// Render counts (not time): the same component on plain TanStack `useQuery` + axios and on
// `useApiQuery`, for a success and for one retry then success; and how far a countdown's
// re-renders reach. Runs React 19 on jsdom in this process, against the fixture server.
import { JSDOM } from 'jsdom'

const dom = new JSDOM('<!doctype html><div id="root"></div>', { url: 'http://localhost/' })
Object.assign(globalThis, {
  window: dom.window,
  document: dom.window.document,
  navigator: dom.window.navigator,
  IS_REACT_ACT_ENVIRONMENT: true,
})

const { QueryClient, QueryClientProvider, useQuery } = await import('@tanstack/react-query')
const React = await import('react')
const { act } = React
const { createRoot } = await import('react-dom/client')
const axios = (await import('axios')).default
const { startFixtureServer } = await import('../test/fixture/server')
const { createApiClient } = await import('../src/core/client')
const { ApiProvider } = await import('../src/react/ApiProvider')
const { useApiQuery } = await import('../src/react/useApiQuery')
const { useRetryCountdown } = await import('../src/react/useRetryCountdown')
const { report } = await import('./report')

const server = await startFixtureServer()
const h = React.createElement

async function settle(until: () => boolean) {
  for (let i = 0; i < 2_000 && !until(); i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5))
    })
  }
  if (!until()) throw new Error('the scenario did not finish')
}

async function count(
  scenario: 'success' | 'one retry',
  subject: 'useQuery' | 'useApiQuery',
  readRetry: boolean,
) {
  server.api.reset()
  if (scenario === 'one retry')
    server.api.setFault('GET /test/items', { type: 'status', status: 503, times: 1 })
  let renders = 0
  let done = false
  const url = `${server.url}/test/items`
  function Plain() {
    renders++
    const q = useQuery({
      queryKey: ['items'],
      queryFn: async ({ signal }) => (await axios.get<unknown[]>(url, { signal })).data,
      retry: 1,
      retryDelay: 10,
    })
    if (q.data) done = true
    return h(
      'p',
      null,
      q.data ? 'loaded' : q.error ? 'error' : readRetry ? `failures ${q.failureCount}` : 'loading',
    )
  }
  function Ours() {
    renders++
    const q = useApiQuery<unknown[]>({ queryKey: ['items'], url: '/test/items' })
    if (q.data) done = true
    return h(
      'p',
      null,
      q.data
        ? 'loaded'
        : q.error
          ? 'error'
          : readRetry
            ? `retry ${q.pendingRetry?.retryNumber ?? 0}`
            : 'loading',
    )
  }
  const root = createRoot(document.getElementById('root')!)
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  const client = createApiClient({ baseURL: server.url, retry: { retries: 1, baseDelayMs: 10 } })
  await act(async () => {
    root.render(
      subject === 'useQuery'
        ? h(QueryClientProvider, { client: queryClient }, h(Plain))
        : h(ApiProvider, { client, queryClient }, h(Ours)),
    )
  })
  await settle(() => done)
  await act(async () => root.unmount())
  queryClient.clear()
  return renders
}

for (const scenario of ['success', 'one retry'] as const) {
  for (const readRetry of [false, true]) {
    const plain = await count(scenario, 'useQuery', readRetry)
    const ours = await count(scenario, 'useApiQuery', readRetry)
    const reads = readRetry ? 'data + retry state' : 'data + error'
    report({
      bench: 'renders',
      subject: `useQuery, ${scenario}, reads ${reads}`,
      metric: 'renders',
      value: plain,
    })
    report({
      bench: 'renders',
      subject: `useApiQuery, ${scenario}, reads ${reads}`,
      metric: 'renders',
      value: ours,
      ratio: `${(ours / plain).toFixed(2)}x`,
      note: readRetry ? 'plain reads failureCount; ours reads pendingRetry' : '',
    })
  }
}

// A countdown from 3 s: its own component renders once a second, its parent never again.
{
  const renders = { parent: 0, countdown: 0 }
  const at = new Date(Date.now() + 3_000)
  function Countdown() {
    renders.countdown++
    return h('span', null, useRetryCountdown(at))
  }
  function Parent() {
    renders.parent++
    return h('div', null, h(Countdown))
  }
  const root = createRoot(document.getElementById('root')!)
  await act(async () => root.render(h(Parent)))
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 3_300))
  })
  await act(async () => root.unmount())
  report({
    bench: 'renders',
    subject: 'countdown over 3 s: the countdown',
    metric: 'renders',
    value: renders.countdown,
    note: 'one per shown second (3, 2, 1, 0)',
  })
  report({
    bench: 'renders',
    subject: 'countdown over 3 s: its parent',
    metric: 'renders',
    value: renders.parent,
  })
}

await server.close()
