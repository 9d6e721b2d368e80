import type { Meta, StoryObj } from '@storybook/react-vite'
import { useMemo, useState } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { useApiQuery } from 'resilient-query'
import { testSession } from './support/clients'
import { ErrorDetails } from './support/ErrorDetails'
import { fixture } from './support/fixture'
import type { Fault } from './support/fixture'
import { logRows } from './support/RequestLogPanel'
import { RetryNotice } from './support/RetryNotice'
import { Button, Scenario } from './support/Scenario'
import { ServerLogPanel } from './support/ServerPanels'
import { WithSession } from './support/WithSession'

interface FaultInjectionArgs {
  /** How many of the next calls fail (0: none). */
  failNextCalls: number
  /** What the failing calls get. */
  fault: 'status' | 'drop' | 'html' | 'truncated-json'
  /** The status of a `status` or `html` fault. */
  status: number
  /** Retry-After in seconds sent with a `status` fault (0: none). */
  retryAfterSeconds: number
  /** The client's `retry.retries`. */
  retries: number
}

function Result({ sent }: { sent: number }) {
  const query = useApiQuery<unknown>({
    queryKey: ['playground', sent],
    url: '/items',
    throwOnError: false,
  })
  return (
    <section aria-label="result">
      <RetryNotice retry={query.pendingRetry} />
      {query.isFetching && !query.pendingRetry ? <p>Sending…</p> : null}
      {query.error ? <ErrorDetails error={query.error} /> : null}
      {query.data ? (
        <pre data-testid="data" style={{ fontSize: 12 }}>
          {JSON.stringify(query.data)}
        </pre>
      ) : null}
    </section>
  )
}

function faultOf(args: FaultInjectionArgs): Fault {
  const times = args.failNextCalls
  switch (args.fault) {
    case 'status':
      return {
        type: 'status',
        status: args.status,
        times,
        ...(args.retryAfterSeconds > 0 ? { retryAfter: args.retryAfterSeconds } : {}),
      }
    case 'html':
      return { type: 'html', status: args.status, times }
    case 'drop':
      return { type: 'drop', times }
    case 'truncated-json':
      return { type: 'truncated-json', times }
  }
}

function FaultInjection(args: FaultInjectionArgs) {
  const { retries } = args
  // A new client when the retry count changes: retries are a client option.
  const session = useMemo(
    () => testSession({ retries, baseDelayMs: 300, maxDelayMs: 2000 }),
    [retries],
  )
  const [sent, setSent] = useState(0)
  const send = () => {
    void (async () => {
      await fixture.clearFaults('GET /test/items')
      if (args.failNextCalls > 0) await fixture.setFault('GET /test/items', faultOf(args))
      setSent((n) => n + 1)
    })()
  }
  return (
    <Scenario
      title="Fault injection: change the controls, press Send"
      intro="The controls below the canvas (Storybook args) set the fault the fixture applies to the next GET /api/test/items calls: how many fail, how (a status with an optional Retry-After, a dropped connection, an nginx HTML page, truncated JSON), and how many retries the client may make. Send arms the fault (POST /api/__fixture/faults) and fetches."
    >
      <p style={{ fontSize: 13 }}>
        Next:{' '}
        <code data-testid="plan">
          {args.failNextCalls > 0 ? JSON.stringify(faultOf(args)) : 'no fault'}
        </code>
        , client retries: {retries}
      </p>
      <Button onClick={send}>Send</Button>
      <WithSession key={retries} session={session} gate={false}>
        {sent > 0 ? <Result sent={sent} /> : null}
      </WithSession>
      <ServerLogPanel route="GET /test/items" />
    </Scenario>
  )
}

const meta = {
  title: 'Playground/Fault injection',
  component: FaultInjection,
  args: { failNextCalls: 2, fault: 'status', status: 503, retryAfterSeconds: 1, retries: 3 },
  argTypes: {
    failNextCalls: {
      description: 'How many of the next GET /api/test/items calls fail (0: none)',
      control: { type: 'range', min: 0, max: 6, step: 1 },
    },
    fault: {
      description:
        'How they fail: an error status, a dropped connection, an nginx HTML page, truncated JSON',
      control: 'inline-radio',
      options: ['status', 'drop', 'html', 'truncated-json'],
    },
    status: {
      description: 'The status of a `status` or `html` fault',
      control: 'select',
      options: [400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504],
    },
    retryAfterSeconds: {
      description: 'Retry-After (seconds) sent with a `status` fault; 0 for none',
      control: { type: 'range', min: 0, max: 10, step: 1 },
    },
    retries: {
      description: "The client's retry.retries",
      control: { type: 'range', min: 0, max: 5, step: 1 },
    },
  },
} satisfies Meta<typeof FaultInjection>

export default meta
type Story = StoryObj<typeof meta>

/** Two 503s with Retry-After: 1, three retries allowed: the countdown runs twice, then the data. */
export const RecoversAfterRetries: Story = {
  // Not `mount`: nothing is sent before Send, so the play may reset the fixture after the render, and
  // the story also renders (without its play) where it is embedded in the Introduction page.
  play: async ({ canvasElement }) => {
    await fixture.reset()
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Send' }))
    await expect(await canvas.findByTestId('countdown')).toHaveTextContent(/Retrying in 1 s/)
    await expect(await canvas.findByTestId('data', {}, { timeout: 10_000 })).toHaveTextContent(
      'Alpha',
    )
    await expect(logRows(canvasElement).map((r) => r.dataset['status'])).toEqual([
      '503',
      '503',
      '200',
    ])
  },
}

/** More failures than retries: the client gives up and the ApiError is shown. */
export const GivesUp: Story = {
  args: { failNextCalls: 5, fault: 'html', status: 502, retries: 2 },
  play: async ({ canvasElement }) => {
    await fixture.reset()
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Send' }))
    await expect(await canvas.findByTestId('kind', {}, { timeout: 10_000 })).toHaveTextContent(
      'server',
    )
    await expect(canvas.getByTestId('status')).toHaveTextContent('502')
    // nginx's HTML page is read as text: its title, never its markup.
    await expect(canvas.getByTestId('message')).toHaveTextContent('Bad Gateway')
    await expect(canvasElement.querySelector('[data-testid="message"] *')).toBeNull()
    await expect(logRows(canvasElement).map((r) => r.dataset['status'])).toEqual([
      '502',
      '502',
      '502',
    ])
  },
}

/** A 422 is not retried whatever the retry budget: one attempt, a validation error. */
export const NotRetried: Story = {
  args: { failNextCalls: 1, status: 422, retryAfterSeconds: 0 },
  play: async ({ canvasElement }) => {
    await fixture.reset()
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Send' }))
    await expect(await canvas.findByTestId('kind')).toHaveTextContent('validation')
    await waitFor(() =>
      expect(logRows(canvasElement).map((r) => r.dataset['status'])).toEqual(['422']),
    )
  },
}
