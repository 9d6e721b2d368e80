import type { Meta, StoryObj } from '@storybook/react-vite'
import { Suspense, useState } from 'react'
import type { ReactNode } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import {
  ApiErrorBoundary,
  useApiClient,
  useApiErrorBoundary,
  useApiMutation,
  useApiQuery,
  useApiSuspenseQuery,
  useRetryCountdown,
} from 'resilient-query'
import type { ApiError } from 'resilient-query'
import { testSession } from './support/clients'
import { ErrorDetails } from './support/ErrorDetails'
import { fixture, startPlay } from './support/fixture'
import { logRows } from './support/RequestLogPanel'
import { Button, Scenario } from './support/Scenario'
import { WithSession } from './support/WithSession'

interface Item {
  id: number
  name: string
}

const panel = (tone: string) => ({
  border: `1px solid ${tone}`,
  borderRadius: 6,
  padding: 8,
  fontSize: 13,
  margin: '4px 0',
})

function RateLimited({ error, reset }: { error: ApiError; reset: () => void }) {
  // The error carries when the server's wait is over (retryAt): the countdown takes it as it is.
  const seconds = useRetryCountdown(error)
  return (
    <div role="alert" data-fallback="rate_limited" style={panel('#f59e0b')}>
      Slow down: the server asks us to wait. Try again in{' '}
      <strong data-testid="wait">{seconds}</strong> s.{' '}
      <Button onClick={reset}>Try now anyway</Button>
    </div>
  )
}

/** One boundary for the whole app, with a fallback per kind and a general one for the rest. */
function AppBoundary({ children }: { children: ReactNode }) {
  return (
    <ApiErrorBoundary
      fallbacks={{
        unauthorized: () => (
          <div role="alert" data-fallback="unauthorized" style={panel('#3b82f6')}>
            Please sign in to see this.
          </div>
        ),
        forbidden: ({ error }) => (
          <div role="alert" data-fallback="forbidden" style={panel('#a855f7')}>
            You do not have access ({error.message}). Ask an admin for the right role.
          </div>
        ),
        rate_limited: ({ error, reset }) => <RateLimited error={error} reset={reset} />,
        network: ({ reset }) => (
          <div role="alert" data-fallback="network" style={panel('#6b7280')}>
            Cannot reach the server. Check your connection.{' '}
            <Button onClick={reset}>Try again</Button>
          </div>
        ),
      }}
      fallbackRender={({ error, isApiError, reset }) => (
        <div
          role="alert"
          data-fallback={isApiError ? error.kind : 'not-an-api-error'}
          style={panel('#ef4444')}
        >
          {isApiError ? (
            <ErrorDetails error={error} />
          ) : (
            <p>
              Something went wrong in the page itself:{' '}
              {error instanceof Error ? error.message : String(error)}
            </p>
          )}
          <Button onClick={reset}>Try again</Button>
        </div>
      )}
    >
      {children}
    </ApiErrorBoundary>
  )
}

function Items() {
  const { data } = useApiSuspenseQuery<Item[]>({ queryKey: ['items'], url: '/items' })
  return <p data-testid="items">Items: {data.map((item) => item.name).join(', ')}</p>
}

function ResetDemo() {
  const [session] = useState(() => testSession())
  return (
    <Scenario
      title="ApiErrorBoundary: a server error, and a reset that refetches"
      intro="useApiSuspenseQuery suspends while GET /items is tried three times (the client's retries), each answered 500. The ApiError reaches ApiErrorBoundary; its reset() clears the boundary and TanStack refetches the failed query, which now succeeds."
    >
      <WithSession session={session} gate={false}>
        <AppBoundary>
          <Suspense fallback={<p>Loading items (retrying on 500)…</p>}>
            <Items />
          </Suspense>
        </AppBoundary>
      </WithSession>
    </Scenario>
  )
}

function Fetch({ url }: { url: string }) {
  const query = useApiQuery<unknown>({ queryKey: [url], url })
  // not_found, validation, conflict and canceled stay here (the default throw policy); the rest throw.
  if (query.error)
    return (
      <p data-testid="in-place">
        Shown in place: {query.error.kind}: {query.error.message}
      </p>
    )
  return <p>{query.data ? 'loaded' : 'loading…'}</p>
}

function Bug(): ReactNode {
  throw new TypeError("Cannot read properties of undefined (reading 'name')")
}

const PANELS: { label: string; url?: string }[] = [
  { label: '403 → fallbacks.forbidden', url: '/status/403?message=Admins%20only' },
  { label: '429, Retry-After 120 s → fallbacks.rate_limited', url: '/status/429?retry_after=120' },
  { label: '401 → fallbacks.unauthorized', url: '/status/401' },
  { label: '503 after retries → general fallback', url: '/status/503' },
  { label: '404 → stays in the component', url: '/items/99' },
  { label: 'a bug in a component → general fallback' },
]

function PerKindDemo() {
  const [session] = useState(() => testSession())
  return (
    <Scenario
      title="ApiErrorBoundary: one fallback per kind"
      intro="Each panel has its own ApiErrorBoundary with the same props: fallbacks for unauthorized, forbidden, rate_limited and network, and a fallbackRender for everything else, including errors that are not ApiErrors. A Retry-After longer than maxRetryAfterMs (60 s) is not waited for: the error arrives at once, and useRetryCountdown(error) counts down to its retryAt."
    >
      <WithSession session={session} gate={false}>
        <div
          style={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(300px, 1fr))', gap: 8 }}
        >
          {PANELS.map(({ label, url }) => (
            <section key={label} aria-label={label} style={panel('#e5e7eb')}>
              <h3 style={{ fontSize: 13, margin: 0 }}>{label}</h3>
              <AppBoundary>{url ? <Fetch url={url} /> : <Bug />}</AppBoundary>
            </section>
          ))}
        </div>
      </WithSession>
    </Scenario>
  )
}

function Export() {
  const api = useApiClient()
  const showBoundary = useApiErrorBoundary()
  const [done, setDone] = useState(false)
  return (
    <p>
      <Button
        onClick={() =>
          void api.get('/status/500', { retry: false }).then(() => setDone(true), showBoundary)
        }
      >
        Export as CSV
      </Button>
      {done ? 'exported' : null}
    </p>
  )
}

function EventHandlerDemo() {
  const [session] = useState(() => testSession())
  return (
    <Scenario
      title="useApiErrorBoundary: an error from a click handler"
      intro="Errors thrown while rendering reach a boundary by themselves; those of event handlers and callbacks do not. useApiErrorBoundary() returns the function that sends one there, normalised to an ApiError."
    >
      <WithSession session={session} gate={false}>
        <AppBoundary>
          <Export />
        </AppBoundary>
      </WithSession>
    </Scenario>
  )
}

/** An error message written to be dangerous if it were ever rendered as HTML. */
const HOSTILE = 'The name &lt;img src=x onerror="window.__pwned=true"&gt; is not allowed'

function Rename() {
  const rename = useApiMutation<unknown, { name: string }>({ method: 'POST', url: '/echo' })
  return (
    <section>
      <Button onClick={() => rename.mutate({ name: '<img src=x>' })}>Rename</Button>
      {rename.error ? <ErrorDetails error={rename.error} /> : null}
    </section>
  )
}

function TextOnlyDemo() {
  const [session] = useState(() => testSession())
  return (
    <Scenario
      title="Error text is text"
      intro="The server's message contains an escaped <img onerror> tag. normalizeError strips tags and decodes entities, so the message holds the literal characters; React renders them as text, and nothing on these pages uses dangerouslySetInnerHTML. The markup shows, inert."
    >
      <WithSession session={session} gate={false}>
        <Rename />
      </WithSession>
    </Scenario>
  )
}

const meta = {
  title: 'Features/Error boundary',
} satisfies Meta

export default meta
type Story = StoryObj<typeof meta>

/** Three 500s, the general fallback, then "Try again": the reset refetches and the items show. */
export const ResetRefetches: Story = {
  render: () => <ResetDemo />,
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay(
      { mount, canvasElement },
      {
        'GET /test/items': {
          type: 'status',
          status: 500,
          times: 3,
          message: 'Database unavailable',
        },
      },
    )
    const fallback = await canvas.findByRole('alert', {}, { timeout: 10_000 })
    await expect(fallback).toHaveAttribute('data-fallback', 'server')
    await expect(within(fallback).getByTestId('message')).toHaveTextContent('Database unavailable')
    await expect(logRows(canvasElement).map((r) => r.dataset['status'])).toEqual([
      '500',
      '500',
      '500',
    ])
    await expect(await fixture.hits('GET /test/items')).toBe(3) // the fallback sends nothing by itself

    await userEvent.click(within(fallback).getByRole('button', { name: 'Try again' }))
    await expect(await canvas.findByTestId('items', {}, { timeout: 10_000 })).toHaveTextContent(
      'Alpha, Beta, Gamma',
    )
    await expect(await fixture.hits('GET /test/items')).toBe(4)
  },
}

/** forbidden, rate_limited, unauthorized, server, not_found in place, and a non-API error. */
export const PerKindFallbacks: Story = {
  render: () => <PerKindDemo />,
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay({ mount, canvasElement })
    const region = (label: string) => within(canvas.getByRole('region', { name: label }))
    const fallbackOf = async (label: string) =>
      (await region(label).findByRole('alert', {}, { timeout: 10_000 })).getAttribute(
        'data-fallback',
      )

    await expect(await fallbackOf('403 → fallbacks.forbidden')).toBe('forbidden')
    await expect(region('403 → fallbacks.forbidden').getByRole('alert')).toHaveTextContent(
      'You do not have access (Admins only)',
    )
    await expect(await fallbackOf('429, Retry-After 120 s → fallbacks.rate_limited')).toBe(
      'rate_limited',
    )
    await expect(
      region('429, Retry-After 120 s → fallbacks.rate_limited').getByTestId('wait'),
    ).toHaveTextContent(/^(120|119)$/)
    await expect(await fallbackOf('401 → fallbacks.unauthorized')).toBe('unauthorized')
    await expect(await fallbackOf('503 after retries → general fallback')).toBe('server')
    await expect(
      await region('404 → stays in the component').findByTestId('in-place'),
    ).toHaveTextContent('not_found: Item 99 not found')
    await expect(await fallbackOf('a bug in a component → general fallback')).toBe(
      'not-an-api-error',
    )
    // The 429 asked for more than maxRetryAfterMs: sent once, not waited for.
    await expect(logRows(canvasElement, { url: /\/status\/429/ })).toHaveLength(1)
    await expect(logRows(canvasElement, { url: /\/status\/503/ })).toHaveLength(3)
  },
}

/** A click handler's failure reaches the boundary through useApiErrorBoundary; "Try again" brings the page back. */
export const EventHandlerError: Story = {
  render: () => <EventHandlerDemo />,
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay({ mount, canvasElement })
    await userEvent.click(canvas.getByRole('button', { name: 'Export as CSV' }))
    const fallback = await canvas.findByRole('alert')
    await expect(fallback).toHaveAttribute('data-fallback', 'server')
    await expect(within(fallback).getByTestId('status')).toHaveTextContent('500')
    await userEvent.click(within(fallback).getByRole('button', { name: 'Try again' }))
    await waitFor(() => expect(canvas.getByRole('button', { name: 'Export as CSV' })).toBeVisible())
  },
}

/** A message carrying markup is shown as plain text: the markup is gone, no element is created, no handler runs. */
export const MessagesAreText: Story = {
  render: () => <TextOnlyDemo />,
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay(
      { mount, canvasElement },
      { 'POST /test/echo': { type: 'status', status: 400, message: HOSTILE } },
    )
    await userEvent.click(canvas.getByRole('button', { name: 'Rename' }))
    const message = await canvas.findByTestId('message')
    await expect(message).toHaveTextContent('The name is not allowed')
    await expect(message.children).toHaveLength(0)
    await expect(canvasElement.querySelector('img')).toBeNull()
    await expect((window as { __pwned?: boolean }).__pwned).toBeUndefined()
  },
}
