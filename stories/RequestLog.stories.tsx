import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, userEvent, waitFor } from 'storybook/test'
import { monogotoSession } from './support/clients'
import { fixture, startPlay } from './support/fixture'
import { expectReplaysAfterOneRefresh, logRows } from './support/RequestLogPanel'
import { Scenario } from './support/Scenario'
import { RefreshCounter, ServerLogPanel } from './support/ServerPanels'
import { WithSession } from './support/WithSession'
import { Dashboard, MONOGOTO_ICCIDS } from './support/monogotoViews'

function RequestLogDemo() {
  const [session] = useState(() => monogotoSession())
  return (
    <Scenario
      title="The request log: a retry, one refresh, the replays, from both ends"
      intro={
        <>
          The client's own request log (
          <code>
            createApiClient({'{'} log {'}'})
          </code>
          , level <code>full</code>): one entry per attempt on the wire, with the logical request
          and the attempt, why it went out, its status, duration and request id, and no header or
          token. Below it, what the server saw (GET /api/__fixture/requests). One SIM answers 503
          once, so its query is retried; then every token expires and a refetch shows the 401s, the
          single refresh and the replays.
        </>
      }
    >
      <WithSession session={session}>
        <RefreshCounter realm="monogoto" />
        <Dashboard />
      </WithSession>
      <ServerLogPanel />
    </Scenario>
  )
}

const meta = {
  title: 'Features/Request log',
} satisfies Meta

export default meta
type Story = StoryObj<typeof meta>

export const RetryRefreshAndReplays: Story = {
  render: () => <RequestLogDemo />,
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay(
      { mount, canvasElement },
      {
        [`GET /monogoto/v1/things/${MONOGOTO_ICCIDS[2]}`]: {
          type: 'status',
          status: 503,
        },
      },
    )
    await userEvent.click(canvas.getByRole('button', { name: 'Sign in' }))
    await waitFor(() => expect(canvas.getAllByTestId('sim-loaded')).toHaveLength(3), {
      timeout: 10_000,
    })
    const retried = logRows(canvasElement, { url: new RegExp(`${MONOGOTO_ICCIDS[2]}$`) })
    await expect(retried.map((r) => [r.dataset['status'], r.dataset['why']])).toEqual([
      ['503', 'first'],
      ['200', 'retry'],
    ])

    await userEvent.click(canvas.getByRole('button', { name: /expire every access token/i }))
    await userEvent.click(canvas.getByRole('button', { name: /refetch all/i }))
    await expectReplaysAfterOneRefresh(canvasElement, 4)
    await waitFor(() => expect(canvas.getByTestId('refresh-count')).toHaveTextContent('1'))

    // Both ends agree: every attempt the client logged reached the server, the refresh once.
    const server = await fixture.requests()
    await expect(server).toHaveLength(logRows(canvasElement).length)
    await expect(server.filter((r) => r.path === '/monogoto/v1/auth/refresh')).toHaveLength(1)
    await waitFor(() =>
      expect(
        canvasElement.querySelectorAll(
          '[data-testid="server-row"][data-path="/monogoto/v1/auth/refresh"]',
        ),
      ).toHaveLength(1),
    )
    // No token reaches the log: no JWT and no refresh token on the page, though the refresh's
    // request body carried one (its field is redacted in the entry).
    await expect(canvasElement.textContent).not.toMatch(/eyJ[\w-]+\.[\w-]+|rt_monogoto_/)
  },
}
