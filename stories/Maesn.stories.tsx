import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { ApiErrorBoundary, useApiMutation, useApiQuery } from 'resilient-query'
import { CREDENTIALS } from '../test/fixture/credentials.js'
import { fastClock, maesnSession } from './support/clients'
import type { Session } from './support/clients'
import { ErrorDetails, downstreamErrors } from './support/ErrorDetails'
import { fixture, startPlay } from './support/fixture'
import { RequestButton, expectRequestErrors } from './support/RequestButton'
import { logRows } from './support/RequestLogPanel'
import { RetryHistory } from './support/RetryHistory'
import { RetryNotice } from './support/RetryNotice'
import { Button, Scenario } from './support/Scenario'
import { WithSession } from './support/WithSession'

interface Invoice {
  customerId?: string
  totalAmount?: number
}

/** Seed 004's documented schedules, on a clock running `clock.factor` times faster. */
const clock = fastClock(60)
const SCHEDULES = {
  429: { initialDelayMs: clock.scale(60_000) },
  500: { initialDelayMs: [clock.scale(15_000), clock.scale(30_000)] as const },
}

function CreateInvoice() {
  const save = useApiMutation<unknown, Invoice>({ method: 'POST', url: '/invoices' })
  return (
    <section>
      <button type="button" onClick={() => save.mutate({})} disabled={save.isPending}>
        Create an invoice without a customer
      </button>
      {save.error ? <ErrorDetails error={save.error} /> : null}
      <p>
        customerId:{' '}
        <span data-testid="customer-error">{save.fieldError('customerId') ?? 'no error'}</span>
      </p>
    </section>
  )
}

function ValidationDemo() {
  const [session] = useState(() => maesnSession())
  return (
    <Scenario
      title="Maesn: errors[] with a field each"
      intro="Maesn's 400 lists one item per field in errors[]; the client turns them into fieldErrors, and useApiMutation's fieldError(name) picks one."
    >
      <WithSession session={session} gate={false}>
        <CreateInvoice />
      </WithSession>
    </Scenario>
  )
}

function FastClockBanner() {
  return (
    <p
      data-testid="fast-clock"
      style={{
        background: '#eef2ff',
        border: '1px solid #a5b4fc',
        borderRadius: 6,
        padding: '6px 12px',
        fontSize: 13,
      }}
    >
      Fast clock: <strong>1 s here stands for {clock.factor} s</strong>. The client gets seed
      004&apos;s schedules divided by {clock.factor}:{' '}
      <code>retry.schedules = {JSON.stringify(SCHEDULES)}</code>, and the server&apos;s Retry-After
      is divided by {clock.factor} too (an app error parser), so a Retry-After of 60 s reads as 1 s.
    </p>
  )
}

function Feed({ url, label }: { url: string; label: string }) {
  const query = useApiQuery<{ data: { id: string }[] }>({ queryKey: [url], url })
  return (
    <section aria-label={label}>
      <RetryNotice retry={query.pendingRetry} factor={clock.factor} />
      {query.error ? <ErrorDetails error={query.error} /> : null}
      {query.data ? (
        <p data-testid="loaded">
          Loaded {label}: {query.data.data.map((row) => row.id).join(', ')}
        </p>
      ) : query.isFetching ? (
        <p>Loading {label}…</p>
      ) : null}
    </section>
  )
}

function ScheduleDemo({
  url,
  label,
  title,
  intro,
}: {
  url: string
  label: string
  title: string
  intro: string
}) {
  const [session] = useState(() =>
    maesnSession({ retry: { retries: 3, schedules: SCHEDULES }, errorParsers: clock.errorParsers }),
  )
  const [started, setStarted] = useState(false)
  return (
    <Scenario title={title} intro={intro}>
      <FastClockBanner />
      <WithSession session={session} gate={false}>
        {started ? (
          <Feed url={url} label={label} />
        ) : (
          <Button onClick={() => setStarted(true)}>Load {label}</Button>
        )}
        <RetryHistory client={session.client} factor={clock.factor} />
      </WithSession>
    </Scenario>
  )
}

function Reconnect({ session }: { session: Session }) {
  return (
    <ApiErrorBoundary
      fallbacks={{
        unauthorized: ({ error, reset }) => (
          <section
            role="alert"
            aria-label="reconnect"
            style={{
              background: '#eff6ff',
              border: '1px solid #93c5fd',
              borderRadius: 6,
              padding: 12,
            }}
          >
            <h3 style={{ margin: '0 0 4px' }}>Reconnect your accounting system</h3>
            <p style={{ margin: 0 }}>{error.message}</p>
            <ul aria-label="downstream errors">
              {downstreamErrors(error).map((d) => (
                <li key={d.code}>
                  {d.system}: {d.message} ({d.code})
                </li>
              ))}
            </ul>
            <Button
              onClick={() => {
                // What the app's OAuth reconnect flow would produce: a working account key.
                session.client.defaults.headers['X-ACCOUNT-KEY'] = CREDENTIALS.maesn.accountKey
                reset()
              }}
            >
              Reconnect sevdesk
            </Button>
          </section>
        ),
      }}
      fallback={<p role="alert">Something else went wrong</p>}
    >
      <Feed url="/invoices" label="invoices" />
    </ApiErrorBoundary>
  )
}

function ReauthorizeDemo() {
  const [session] = useState(() =>
    maesnSession({ accountKey: CREDENTIALS.maesn.revokedAccountKey }),
  )
  const [started, setStarted] = useState(false)
  return (
    <Scenario
      title="Maesn: 401 means the end user must re-authorise"
      intro="There is no token to refresh: Maesn's 401 says the user revoked access in the target system. The query throws to ApiErrorBoundary, whose fallbacks.unauthorized offers to reconnect; the downstream error says why."
    >
      <WithSession session={session} gate={false}>
        {started ? (
          <Reconnect session={session} />
        ) : (
          <Button onClick={() => setStarted(true)}>Load invoices</Button>
        )}
      </WithSession>
    </Scenario>
  )
}

function ErrorFormatDemo() {
  const [session] = useState(() => maesnSession())
  return (
    <Scenario
      title="Maesn: errors[] and downstreamErrors[]"
      intro="Maesn reports its own errors in errors[] and the target system's in downstreamErrors[]; the ApiError keeps the raw body in error.data, from which the downstream errors are listed."
    >
      <WithSession session={session} gate={false}>
        <RequestButton
          client={session.client}
          label="Unknown invoice (404)"
          config={{ url: '/invoices/inv-9999' }}
        />
        <RequestButton
          client={session.client}
          label="Delete an invoice (405)"
          config={{ method: 'delete', url: '/invoices/inv-1001' }}
        />
        <RequestButton
          client={session.client}
          label="Wrong API key (403)"
          config={{ url: '/invoices', headers: { 'X-API-KEY': 'wrong' } }}
        />
      </WithSession>
    </Scenario>
  )
}

const meta = {
  title: 'Seeds/Maesn',
} satisfies Meta

export default meta
type Story = StoryObj<typeof meta>

/** Seed 004's `errors` array arrives as one typed ApiError with one field error per item. */
export const ValidationErrors: Story = {
  render: () => <ValidationDemo />,
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay({ mount, canvasElement })
    await userEvent.click(canvas.getByRole('button', { name: /create an invoice/i }))
    await expect(await canvas.findByTestId('kind')).toHaveTextContent('validation')
    await expect(canvas.getByTestId('status')).toHaveTextContent('400')
    await expect(canvas.getByTestId('customer-error')).toHaveTextContent("'customerId' is required")
    const fields = within(canvas.getByRole('list', { name: 'field errors' })).getAllByRole(
      'listitem',
    )
    await expect(fields.map((li) => li.querySelector('code')?.textContent)).toEqual([
      'customerId',
      'totalAmount',
    ])
  },
}

/** 404 with a downstream error, 405 with Allow, 403 for a bad API key. */
export const ErrorFormat: Story = {
  render: () => <ErrorFormatDemo />,
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay({ mount, canvasElement })
    await expectRequestErrors(canvas, 'code', [
      ['Unknown invoice (404)', 'not_found', 'NOT_FOUND'],
      ['Delete an invoice (405)', 'http', 'METHOD_NOT_ALLOWED'],
      ['Wrong API key (403)', 'forbidden', 'FORBIDDEN'],
    ])
    const notFound = within(canvas.getByRole('region', { name: 'Unknown invoice (404)' }))
    await expect(notFound.getByRole('list', { name: 'downstream errors' })).toHaveTextContent(
      'sevdesk 404: Object Invoice with id inv-9999 does not exist',
    )
  },
}

/** 429 with Retry-After: 60, twice: the 60 s schedule (shown as 1 s, then 2 s) until the data comes. */
export const RateLimitSchedule: Story = {
  render: () => (
    <ScheduleDemo
      url="/bank-transactions"
      label="bank transactions"
      title="Maesn: 429, first retry after one minute, then exponentially longer"
      intro="Seed 004: 'Retry the request after an initial one-minute delay and increase the delay exponentially with each additional retry.' The fixture refuses twice with 429 and Retry-After: 60, then answers."
    />
  ),
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay({ mount, canvasElement })
    await expect(canvas.getByTestId('fast-clock')).toHaveTextContent('1 s here stands for 60 s')
    await userEvent.click(canvas.getByRole('button', { name: 'Load bank transactions' }))
    await expect(await canvas.findByTestId('stands-for')).toHaveTextContent('stands for 60 s')
    await expect(await canvas.findByTestId('loaded', {}, { timeout: 15_000 })).toHaveTextContent(
      'bt-1',
    )
    const retries = canvas.getAllByTestId('retry-item')
    await expect(retries.map((r) => r.dataset['delay'])).toEqual(['1000', '2000'])
    await expect(retries[0]).toHaveTextContent('stands for 60.0 s')
    await expect(retries[1]).toHaveTextContent('stands for 120.0 s')
    await expect(logRows(canvasElement).map((r) => r.dataset['status'])).toEqual([
      '429',
      '429',
      '200',
    ])
  },
}

/** 500 with a downstream error, twice: the 15–30 s schedule, the downstream errors listed from error.data. */
export const ServerErrorSchedule: Story = {
  render: () => (
    <ScheduleDemo
      url="/journal-entries"
      label="journal entries"
      title="Maesn: 500, first retry after 15–30 s, downstream errors shown"
      intro="Seed 004: 'Retry the request after an initial 15-30 second delay and increase the delay exponentially.' The fixture fails twice with 500 and a downstream error from the target system, then answers."
    />
  ),
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay({ mount, canvasElement })
    await userEvent.click(canvas.getByRole('button', { name: 'Load journal entries' }))
    await expect(await canvas.findByTestId('loaded', {}, { timeout: 15_000 })).toHaveTextContent(
      'je-1',
    )
    const retries = canvas.getAllByTestId('retry-item')
    await expect(retries).toHaveLength(2)
    const [first, second] = retries.map((r) => Number(r.dataset['delay']))
    await expect(first).toBeGreaterThanOrEqual(250) // 15 s / 60
    await expect(first).toBeLessThanOrEqual(500) // 30 s / 60
    await expect(second).toBeGreaterThanOrEqual(500) // doubled
    await expect(second).toBeLessThanOrEqual(1000)
    for (const retry of retries)
      await expect(retry).toHaveTextContent(
        'downstream sevdesk INVALID_REFERENCE: Reference to GL account 8400 is invalid',
      )
  },
}

/** A revoked account key: 401, no refresh, a reconnect screen from fallbacks.unauthorized. */
export const Reauthorize: Story = {
  render: () => <ReauthorizeDemo />,
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay({ mount, canvasElement })
    await userEvent.click(canvas.getByRole('button', { name: 'Load invoices' }))
    const screen = await canvas.findByRole('alert', { name: 'reconnect' })
    await expect(screen).toHaveTextContent(
      'Access to the target system was revoked; the user must reconnect',
    )
    await expect(within(screen).getByRole('list', { name: 'downstream errors' })).toHaveTextContent(
      'invalid_grant',
    )
    await expect(logRows(canvasElement, { status: '401' })).toHaveLength(1) // a 401 is never retried
    await expect(await fixture.hits('GET /maesn/accounting/invoices')).toBe(1)
    await userEvent.click(within(screen).getByRole('button', { name: 'Reconnect sevdesk' }))
    await waitFor(() => expect(canvas.getByTestId('loaded')).toHaveTextContent('inv-1001'))
  },
}
