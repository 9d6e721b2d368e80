import type { Meta, StoryObj } from '@storybook/react-vite'
import type { InfiniteData, QueryKey } from '@tanstack/react-query'
import { useState } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { createApiQueryClient, useApiInfiniteQuery } from 'resilient-query'
import { createItemRouter, ItemsApp } from './examples/itemRoutes'
import { testSession } from './support/clients'
import { fixture, startPlay } from './support/fixture'
import { logRows, RequestLogPanel } from './support/RequestLogPanel'
import { RetryNotice } from './support/RetryNotice'
import { Button, Scenario } from './support/Scenario'
import { HitCounter } from './support/ServerPanels'
import { WithSession } from './support/WithSession'

interface Echo {
  query: Record<string, string>
}

function Pages() {
  const pages = useApiInfiniteQuery<Echo, InfiniteData<Echo, number>, QueryKey, number>({
    url: '/echo',
    params: (page) => ({ page, per_page: 20 }),
    initialPageParam: 1,
    getNextPageParam: (_last, _all, page) => (page < 3 ? page + 1 : undefined),
  })
  return (
    <section aria-label="pages">
      <ol>
        {pages.data?.pages.map((page) => (
          <li key={page.query['page']} data-testid="page">
            page {page.query['page']}: sent with <code>{JSON.stringify(page.query)}</code>
          </li>
        ))}
      </ol>
      <RetryNotice retry={pages.pendingRetry} />
      <Button
        onClick={() => void pages.fetchNextPage()}
        disabled={!pages.hasNextPage || pages.isFetchingNextPage}
      >
        {pages.hasNextPage ? 'Load more' : 'All 3 pages loaded'}
      </Button>
    </section>
  )
}

function InfiniteListDemo() {
  const [session] = useState(() => testSession({ retries: 2, baseDelayMs: 500, maxDelayMs: 500 }))
  return (
    <Scenario
      title="An infinite list: one request per page, through the client"
      intro="useApiInfiniteQuery (or useInfiniteQuery(apiInfiniteQueryOptions(api, …))) with params as a function of the page param: each page is one GET /echo with its own page, which the echo shows. A failed page is retried by the client, and pendingRetry shows that retry's countdown; TanStack itself does not retry."
    >
      <WithSession session={session} gate={false}>
        <Pages />
      </WithSession>
    </Scenario>
  )
}

function RouteLoaderDemo({ path }: { path: string }) {
  const [session] = useState(() => testSession(false))
  const [queryClient] = useState(createApiQueryClient)
  const [router] = useState(() => createItemRouter(session.client, queryClient, path))
  return (
    <Scenario
      title="Route loaders: ensureQueryData with the same options the page's hooks build"
      intro="Each route's loader (React Router's data router) calls queryClient.ensureQueryData(apiQueryOptions(api, …)) before the route renders; the route's useApiQuery with the same URL finds the data in the cache and sends nothing. Coming back within staleTime, the loader sends nothing either. A loader's ApiError reaches the route's error element."
    >
      <div style={{ border: '1px solid #d1d5db', borderRadius: 6, padding: 8, maxWidth: 480 }}>
        <ItemsApp api={session.client} queryClient={queryClient} router={router} />
      </div>
      <HitCounter route="GET /test/items" label="GET /items hits on the server" />
      <HitCounter route="GET /test/items/2" label="GET /items/2 hits on the server" />
      <RequestLogPanel log={session.log} />
    </Scenario>
  )
}

const meta = {
  title: 'Features/TanStack options',
} satisfies Meta

export default meta
type Story = StoryObj<typeof meta>

/** Three pages, each with its own params; page 2 fails once and is retried by the client. */
export const InfiniteList: Story = {
  render: () => <InfiniteListDemo />,
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay({ mount, canvasElement })
    await expect(await canvas.findByText(/^page 1:/)).toBeInTheDocument()
    await fixture.setFault('GET /test/echo', { type: 'status', status: 503, times: 1 })
    await userEvent.click(canvas.getByRole('button', { name: 'Load more' }))
    await expect(await canvas.findByTestId('retry-number')).toHaveTextContent('1')
    await expect(await canvas.findByText(/^page 2:/, {}, { timeout: 5_000 })).toBeInTheDocument()
    await waitFor(() => expect(canvas.getByRole('button', { name: 'Load more' })).toBeEnabled())
    await userEvent.click(canvas.getByRole('button', { name: 'Load more' }))
    await expect(await canvas.findByText(/^page 3:/)).toBeInTheDocument()
    await expect(canvas.getByRole('button', { name: 'All 3 pages loaded' })).toBeDisabled()
    await waitFor(() =>
      expect(logRows(canvasElement).map((row) => row.dataset['status'])).toEqual([
        '200',
        '503',
        '200',
        '200',
      ]),
    )
  },
}

/** The list and an item, each loaded by its route's loader: one request each, none twice. */
export const RouteLoader: Story = {
  render: () => <RouteLoaderDemo path="/" />,
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay({ mount, canvasElement })
    await userEvent.click(await canvas.findByRole('link', { name: 'Beta' }))
    await expect(await canvas.findByRole('heading', { name: 'Beta' })).toBeInTheDocument()
    await userEvent.click(canvas.getByRole('link', { name: 'All items' }))
    await expect(await canvas.findByRole('link', { name: 'Gamma' })).toBeInTheDocument()
    await expect(await fixture.hits('GET /test/items')).toBe(1)
    await expect(await fixture.hits('GET /test/items/2')).toBe(1)
  },
}

/** A loader whose request fails: its ApiError in the route's error element. */
export const LoaderError: Story = {
  render: () => <RouteLoaderDemo path="/items/404" />,
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay({ mount, canvasElement })
    await expect(await canvas.findByRole('alert')).toHaveTextContent(/^not_found: /)
    await userEvent.click(within(await canvas.findByRole('alert')).getByRole('link'))
    await expect(await canvas.findByRole('link', { name: 'Alpha' })).toBeInTheDocument()
  },
}
