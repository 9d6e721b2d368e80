import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, userEvent, waitFor } from 'storybook/test'
import { monogotoSession } from './support/clients'
import { fixture, startPlay } from './support/fixture'
import { RequestButton, expectRequestErrors } from './support/RequestButton'
import { expectReplaysAfterOneRefresh, logRows } from './support/RequestLogPanel'
import { Scenario } from './support/Scenario'
import { RefreshCounter } from './support/ServerPanels'
import { WithSession } from './support/WithSession'
import { Dashboard, MONOGOTO_ICCIDS, SimList } from './support/monogotoViews'

const ICCIDS = MONOGOTO_ICCIDS

function TokenExpiryDemo() {
  const [session] = useState(() => monogotoSession())
  return (
    <Scenario
      title="Monogoto: four queries meet an expired token, one refresh"
      intro={
        <>
          Monogoto tokens live 4 h and its auth endpoints allow 5 calls per minute per IP, so a page
          whose queries each refreshed on their own would lock its user out. Here four queries get a
          401 together; the client sends <strong>one</strong> POST /auth/refresh and replays each
          query once with the new token.
        </>
      }
    >
      <WithSession session={session}>
        <RefreshCounter realm="monogoto" />
        <Dashboard />
      </WithSession>
    </Scenario>
  )
}

function ErrorFormatDemo() {
  const [session] = useState(() => monogotoSession())
  return (
    <Scenario
      title="Monogoto: {status_code, message, request_id} as a typed ApiError"
      intro="Every Monogoto error has the same flat body. The request id (also in X-Request-Id) lands in error.requestId, the message in error.message, and the status decides the kind. 4xx are never retried: each request below is sent once."
    >
      <WithSession session={session}>
        <RequestButton
          client={session.client}
          label="Unknown SIM (404)"
          config={{ url: `/things/8937010000000000099` }}
        />
        <RequestButton
          client={session.client}
          label="EU plan on a US SIM (422)"
          config={{
            method: 'put',
            url: `/things/${ICCIDS[0]}/rate-plan`,
            data: { rate_plan: 'PLAN-EU-5G' },
          }}
        />
        <RequestButton
          client={session.client}
          label="Accounts without admin scope (403)"
          config={{ url: '/accounts' }}
        />
        <RequestButton
          client={session.client}
          label="Activate an active SIM (409)"
          config={{ method: 'post', url: `/things/${ICCIDS[1]}/activate` }}
        />
      </WithSession>
    </Scenario>
  )
}

function RetryAfterDemo() {
  const [session] = useState(() => monogotoSession())
  return (
    <Scenario
      title="Monogoto: 429 with Retry-After, counted down"
      intro="Monogoto's retry table: on 429 wait for Retry-After, then retry. The fixture answers the first GET /things with 429 and Retry-After: 2; the query's retry announcement drives useRetryCountdown until the retry succeeds."
    >
      <WithSession session={session}>
        <SimList />
      </WithSession>
    </Scenario>
  )
}

const meta = {
  title: 'Seeds/Monogoto',
  parameters: { layout: 'padded' },
} satisfies Meta

export default meta
type Story = StoryObj<typeof meta>

/** Four queries, one expired token, one refresh call, four replays: the refresh count comes from the server. */
export const TokenExpiryOneRefresh: Story = {
  render: () => <TokenExpiryDemo />,
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay({ mount, canvasElement })
    await userEvent.click(canvas.getByRole('button', { name: 'Sign in' }))
    await waitFor(() => expect(canvas.getAllByTestId('sim-loaded')).toHaveLength(3))
    await canvas.findByTestId('sim-list')

    await userEvent.click(canvas.getByRole('button', { name: /expire every access token/i }))
    await userEvent.click(canvas.getByRole('button', { name: /refetch all/i }))
    await expectReplaysAfterOneRefresh(canvasElement, 4)
    await expect(logRows(canvasElement, { status: '401' })).toHaveLength(4)
    await waitFor(() => expect(canvas.getByTestId('refresh-count')).toHaveTextContent('1'))
    await expect((await fixture.stats()).refreshCalls.monogoto).toBe(1)
    await expect(canvas.getByTestId('auth-state')).toHaveTextContent('idle')
    // The replays carried the new token: what the server saw, since the client's log holds none.
    const seen = await fixture.requests('/monogoto/v1/things/*')
    const refused = new Set(
      seen.filter((r) => r.status === 401).map((r) => r.headers.authorization),
    )
    const replayed = seen.filter(
      (r) =>
        r.status === 200 &&
        r.seq > Math.max(...seen.filter((x) => x.status === 401).map((x) => x.seq)),
    )
    await expect(replayed.length).toBeGreaterThan(0)
    for (const request of replayed)
      await expect(refused.has(request.headers.authorization)).toBe(false)
    await expect(canvasElement.textContent).not.toMatch(/eyJ[\w-]+\.[\w-]+/) // no JWT on the page
  },
}

/** 404, 422, 403 and 409 in Monogoto's flat format, each a typed ApiError with its request id. */
export const ErrorFormat: Story = {
  render: () => <ErrorFormatDemo />,
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay({ mount, canvasElement })
    await userEvent.click(canvas.getByRole('button', { name: 'Sign in' }))
    await expectRequestErrors(
      canvas,
      'message',
      [
        ['Unknown SIM (404)', 'not_found', "Thing '8937010000000000099' not found"],
        [
          'EU plan on a US SIM (422)',
          'validation',
          "Rate plan 'PLAN-EU-5G' is not available for SIM on network 'US-MVNO-1'",
        ],
        ['Accounts without admin scope (403)', 'forbidden', "Insufficient scope: 'admin' required"],
        [
          'Activate an active SIM (409)',
          'conflict',
          "SIM '8937010000000000002' is already in 'active' state",
        ],
      ],
      {
        each: (region) =>
          expect(region.getByTestId('request-id').textContent).toMatch(/^[0-9a-f-]{36}$/),
      },
    )
    // 4xx are never retried: one attempt each.
    await expect(
      logRows(canvasElement, { url: /\/things|\/accounts/ }).map((r) => r.dataset['attempt']),
    ).toEqual(['1', '1', '1', '1'])
  },
}

/** The first GET /things answers 429 with Retry-After: 2; the countdown runs, the retry succeeds. */
export const RetryAfterCountdown: Story = {
  render: () => <RetryAfterDemo />,
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay(
      { mount, canvasElement },
      {
        'GET /monogoto/v1/things': {
          type: 'status',
          status: 429,
          retryAfter: 2,
          message: 'Rate limit exceeded. Retry after 2 seconds.',
        },
      },
    )
    await userEvent.click(canvas.getByRole('button', { name: 'Sign in' }))
    await expect(await canvas.findByTestId('countdown')).toHaveTextContent(/Retrying in [12] s/)
    await expect(canvas.getByRole('status', { name: 'retry' })).toHaveTextContent(
      'Rate limit exceeded',
    )
    await expect(await canvas.findByTestId('sim-list', {}, { timeout: 10_000 })).toHaveTextContent(
      'Tracker 1',
    )
    await expect(canvas.queryByTestId('countdown')).toBeNull()
    await expect(
      logRows(canvasElement, { url: /\/things$/ }).map((r) => r.dataset['status']),
    ).toEqual(['429', '200'])
  },
}
