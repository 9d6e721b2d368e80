import type { Meta, StoryObj } from '@storybook/react-vite'
import { onlineManager, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState, useSyncExternalStore } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { ApiErrorBoundary, useApiQuery } from 'resilient-query'
import type { RetryAnnouncement, RetrySettled } from 'resilient-query'
import { testSession } from './support/clients'
import { ErrorDetails } from './support/ErrorDetails'
import { fixture, startPlay } from './support/fixture'
import { logRows } from './support/RequestLogPanel'
import { RetryNotice } from './support/RetryNotice'
import { Button, Scenario } from './support/Scenario'
import { HitCounter, ServerLogPanel } from './support/ServerPanels'
import { WithSession } from './support/WithSession'

interface Item {
  id: number
  name: string
}

function Items({ onSettled }: { onSettled?: (settled: RetrySettled) => void }) {
  const items = useApiQuery<Item[]>({
    queryKey: ['items'],
    url: '/items',
    config: onSettled ? { onRetrySettled: onSettled } : {},
  })
  return (
    <section aria-label="items">
      <RetryNotice retry={items.pendingRetry} />
      {items.fetchStatus === 'paused' ? (
        <p role="status" data-testid="paused">
          Paused: you are offline, so TanStack Query holds the request; nothing is sent until the
          network is back.
        </p>
      ) : null}
      {items.data ? (
        <p data-testid="items">
          Items: {items.data.map((item) => item.name).join(', ')}{' '}
          <small>(fetched at {new Date(items.dataUpdatedAt).toLocaleTimeString()})</small>
        </p>
      ) : items.error ? (
        <ErrorDetails error={items.error} />
      ) : (
        <p>Loading items…</p>
      )}
    </section>
  )
}

function DropDemo() {
  const [session] = useState(() => testSession())
  return (
    <Scenario
      title="Network down, then back: retries, a network fallback, a reset"
      intro="The fixture drops every connection to GET /items (the socket is destroyed, as when a network goes away). The client retries network errors (twice here, with the countdown), then the query's ApiError of kind network reaches fallbacks.network. (The server's log may show more dropped connections than the client's three attempts: Chromium quietly resends a request whose reused keep-alive connection was reset.) When the server is reachable again, Try again resets the boundary and the query is fetched anew."
    >
      <WithSession session={session} gate={false}>
        <Button onClick={() => void fixture.clearFaults()}>
          The network is back (clear the drop fault)
        </Button>
        <ApiErrorBoundary
          fallbacks={{
            network: ({ error, reset }) => (
              <div
                role="alert"
                aria-label="offline"
                style={{
                  border: '1px solid #6b7280',
                  borderRadius: 6,
                  padding: 8,
                  margin: '8px 0',
                }}
              >
                Cannot reach the server ({error.message}).{' '}
                <Button onClick={reset}>Try again</Button>
              </div>
            ),
          }}
          fallback={<p role="alert">Something else went wrong</p>}
        >
          <Items />
        </ApiErrorBoundary>
      </WithSession>
    </Scenario>
  )
}

function useOnline() {
  return useSyncExternalStore(onlineManager.subscribe.bind(onlineManager), () =>
    onlineManager.isOnline(),
  )
}

function OfflineControls() {
  const online = useOnline()
  const queryClient = useQueryClient()
  // onlineManager is global: leave it online for whatever renders next.
  useEffect(() => () => onlineManager.setOnline(true), [])
  return (
    <p>
      onlineManager: <strong data-testid="online">{online ? 'online' : 'offline'}</strong>{' '}
      <Button onClick={() => onlineManager.setOnline(false)}>Go offline</Button>
      <Button onClick={() => void queryClient.refetchQueries()}>Refetch</Button>
      <Button onClick={() => onlineManager.setOnline(true)}>Back online</Button>
    </p>
  )
}

function OfflineDemo() {
  const [session] = useState(() => testSession())
  return (
    <Scenario
      title="Offline, then online: TanStack's onlineManager pauses and resumes"
      intro="While the browser is offline (simulated with onlineManager.setOnline(false), which a real 'offline' event does too) a refetch is paused, not sent and failed: the server's hit count stays. Coming back online resumes it."
    >
      <WithSession session={session} gate={false}>
        <OfflineControls />
        <HitCounter route="GET /test/items" label="GET /items hits on the server" />
        <Items />
      </WithSession>
    </Scenario>
  )
}

function AbortDemo({
  title,
  intro,
  withRetry,
}: {
  title: string
  intro: string
  withRetry: boolean
}) {
  const [session] = useState(() => testSession({ retries: 2, baseDelayMs: 200 }))
  const [mounted, setMounted] = useState(true)
  const [settled, setSettled] = useState<RetrySettled | null>(null)
  const [scheduled, setScheduled] = useState<RetryAnnouncement | null>(null)
  const [duePassed, setDuePassed] = useState(false)
  useEffect(() => session.client.retry.subscribe(setScheduled), [session])
  // Once the leave happened, wait until the announced retry would have gone out, then say so.
  useEffect(() => {
    if (mounted || !scheduled) return
    const timer = setTimeout(
      () => setDuePassed(true),
      Math.max(0, scheduled.nextRetryAt - Date.now()) + 1000,
    )
    return () => clearTimeout(timer)
  }, [mounted, scheduled])
  return (
    <Scenario title={title} intro={intro}>
      <WithSession session={session} gate={false}>
        <Button onClick={() => setMounted(false)} disabled={!mounted}>
          Leave this page (unmount the query)
        </Button>
        {mounted ? <Items onSettled={setSettled} /> : <p data-testid="left">You left the page.</p>}
        {withRetry && settled ? (
          <p data-testid="settled">
            onRetrySettled: {settled.retries} retry announced, ended by{' '}
            <strong>{settled.error?.kind ?? 'success'}</strong>
          </p>
        ) : null}
        {withRetry && duePassed ? (
          <p data-testid="due-passed">
            The retry was due at {new Date(scheduled?.nextRetryAt ?? 0).toLocaleTimeString()}; that
            time has passed.
          </p>
        ) : null}
        <HitCounter route="GET /test/items" label="GET /items hits on the server" />
      </WithSession>
      <ServerLogPanel route="GET /test/items" />
    </Scenario>
  )
}

const meta = {
  title: 'Features/Network and abort',
} satisfies Meta

export default meta
type Story = StoryObj<typeof meta>

/** Dropped connections: three attempts, the network fallback, recovery, a reset that refetches. */
export const DropThenRecover: Story = {
  render: () => <DropDemo />,
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay(
      { mount, canvasElement },
      { 'GET /test/items': { type: 'drop', times: 'always' } },
    )
    const fallback = await canvas.findByRole('alert', { name: 'offline' }, { timeout: 10_000 })
    await expect(fallback).toHaveTextContent('Cannot reach the server')
    await expect(logRows(canvasElement).map((r) => r.dataset['status'])).toEqual([
      'network',
      'network',
      'network',
    ])

    // Chromium resends a request whose reused keep-alive socket was reset, so the server may count
    // more dropped connections than the client made attempts; all of them were dropped.
    const dropped = await fixture.requests('GET /test/items')
    await expect(dropped.every((r) => r.outcome === 'dropped')).toBe(true)
    await userEvent.click(canvas.getByRole('button', { name: /the network is back/i }))
    await expect(await fixture.hits('GET /test/items')).toBe(dropped.length) // nothing more sent until asked
    await userEvent.click(within(fallback).getByRole('button', { name: 'Try again' }))
    await expect(await canvas.findByTestId('items', {}, { timeout: 10_000 })).toHaveTextContent(
      'Alpha, Beta, Gamma',
    )
    await expect(logRows(canvasElement).at(-1)?.dataset['status']).toBe('200')
  },
}

/** Offline: the refetch waits and the server sees nothing; online: it goes out. */
export const OfflineThenOnline: Story = {
  render: () => <OfflineDemo />,
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay({ mount, canvasElement })
    await expect(await canvas.findByTestId('items')).toHaveTextContent('Alpha')
    await waitFor(() => expect(canvas.getByTestId('hit-count')).toHaveTextContent('1'))

    await userEvent.click(canvas.getByRole('button', { name: 'Go offline' }))
    await expect(canvas.getByTestId('online')).toHaveTextContent('offline')
    await userEvent.click(canvas.getByRole('button', { name: 'Refetch' }))
    await expect(await canvas.findByTestId('paused')).toBeVisible()
    await expect(await fixture.hits('GET /test/items')).toBe(1)
    await expect(logRows(canvasElement)).toHaveLength(1)

    await userEvent.click(canvas.getByRole('button', { name: 'Back online' }))
    await waitFor(() => expect(canvas.queryByTestId('paused')).toBeNull())
    await waitFor(() => expect(canvas.getByTestId('hit-count')).toHaveTextContent('2'))
    await expect(logRows(canvasElement).map((r) => r.dataset['status'])).toEqual(['200', '200'])
  },
}

/** A stalled request, then the page is left: the request is aborted and the server sees the client go. */
export const AbortOnUnmount: Story = {
  render: () => (
    <AbortDemo
      withRetry={false}
      title="Abort on unmount: the server sees the client leave"
      intro="GET /items stalls (the server never answers). Leaving the page unmounts the query; TanStack aborts its AbortSignal, the client aborts the request, and the fixture records it as aborted. Nothing else is sent."
    />
  ),
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay(
      { mount, canvasElement },
      { 'GET /test/items': { type: 'stall' } },
    )
    await waitFor(async () =>
      expect((await fixture.requests('GET /test/items'))[0]?.outcome).toBe('pending'),
    )
    await userEvent.click(canvas.getByRole('button', { name: /leave this page/i }))
    await expect(await canvas.findByTestId('left')).toBeVisible()
    await waitFor(
      async () =>
        expect((await fixture.requests('GET /test/items')).map((r) => r.outcome)).toEqual([
          'aborted',
        ]),
      {
        timeout: 10_000,
      },
    )
    await waitFor(() =>
      expect(logRows(canvasElement).map((r) => r.dataset['status'])).toEqual(['canceled']),
    )
    await expect((await fixture.stats()).inFlight).toBe(0)
  },
}

/** A retry scheduled in 2 s, then the page is left: the wait ends at once and the retry is never sent. */
export const AbortDuringRetryWait: Story = {
  render: () => (
    <AbortDemo
      withRetry
      title="Abort during a retry wait: the retry never goes out"
      intro="GET /items answers 503 with Retry-After: 2, so the client schedules a retry in 2 s. Leaving the page during the wait ends it at once (onRetrySettled reports canceled) and the retry is never sent: after its due time the server still counts one hit."
    />
  ),
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay(
      { mount, canvasElement },
      { 'GET /test/items': { type: 'status', status: 503, retryAfter: 2 } },
    )
    await expect(await canvas.findByTestId('countdown')).toHaveTextContent(/Retrying in [12] s/)
    await userEvent.click(canvas.getByRole('button', { name: /leave this page/i }))
    await expect(await canvas.findByTestId('settled')).toHaveTextContent('ended by canceled')
    await canvas.findByTestId('due-passed', {}, { timeout: 10_000 })
    await expect(await fixture.hits('GET /test/items')).toBe(1)
    await expect(logRows(canvasElement).map((r) => r.dataset['status'])).toEqual(['503'])
  },
}
