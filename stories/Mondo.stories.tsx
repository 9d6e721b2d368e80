import type { Meta, StoryObj } from '@storybook/react-vite'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { ApiErrorBoundary, useApiQuery, useAuthState } from 'resilient-query'
import type { ApiErrorFallbackProps } from 'resilient-query'
import { mondoSession } from './support/clients'
import type { Session } from './support/clients'
import { ErrorDetails } from './support/ErrorDetails'
import { fixture, startPlay } from './support/fixture'
import { RequestButton, expectRequestErrors } from './support/RequestButton'
import { logRows } from './support/RequestLogPanel'
import { Button, Scenario } from './support/Scenario'
import { RefreshCounter } from './support/ServerPanels'
import { AuthBadge, WithSession } from './support/WithSession'

interface Account {
  id: string
  description: string
}

function Accounts() {
  const whoami = useApiQuery<{ user_id: string }>({ queryKey: ['whoami'], url: '/ping/whoami' })
  const accounts = useApiQuery<{ accounts: Account[] }>({
    queryKey: ['accounts'],
    url: '/accounts',
  })
  const balance = useApiQuery<{ balance: number; currency: string }>({
    queryKey: ['balance'],
    url: '/balance',
    params: { account_id: 'acc_00009' },
  })
  return (
    <div data-testid="accounts" style={{ fontSize: 14 }}>
      <p>Signed in as: {whoami.data?.user_id ?? '…'}</p>
      <p>Accounts: {accounts.data?.accounts.map((a) => a.description).join(', ') ?? '…'}</p>
      <p>
        Balance:{' '}
        <span data-testid="balance">
          {balance.data ? `${balance.data.balance / 100} ${balance.data.currency}` : '…'}
        </span>
      </p>
    </div>
  )
}

/** The per-kind fallback for `unauthorized`: the refresh failed, the user must sign in again. */
function SignInAgain({
  error,
  reset,
  session,
}: ApiErrorFallbackProps & { isApiError: true; session: Session }) {
  const [pending, setPending] = useState(false)
  return (
    <section
      role="alert"
      aria-label="sign in again"
      style={{
        background: '#eff6ff',
        border: '1px solid #93c5fd',
        borderRadius: 6,
        padding: 12,
        fontSize: 14,
      }}
    >
      <h3 style={{ margin: '0 0 4px' }}>Your Mondo session has ended</h3>
      <p style={{ margin: '0 0 8px' }}>
        {error.message}{' '}
        <small>
          (code {error.code ?? '—'}, status {error.status ?? '—'})
        </small>
      </p>
      <Button
        disabled={pending}
        onClick={() => {
          setPending(true)
          session.signIn().then(reset, () => setPending(false))
        }}
      >
        Sign in again
      </Button>
    </section>
  )
}

function SignedOutBanner() {
  // useAuthState() is what a layout reads to show a banner above whatever the boundaries show.
  return useAuthState() === 'signed-out' ? (
    <p data-testid="signed-out-banner" style={{ color: '#b91c1c', fontWeight: 600 }}>
      You are signed out: nothing more is sent with the old token.
    </p>
  ) : null
}

function Controls() {
  const queryClient = useQueryClient()
  return (
    <p>
      <Button onClick={() => void fixture.expireTokens({ refreshTokens: true })}>
        1. Expire access and refresh tokens
      </Button>
      <Button onClick={() => void queryClient.refetchQueries()}>2. Refetch</Button>
    </p>
  )
}

function InvalidTokenDemo() {
  const [session] = useState(() => mondoSession())
  return (
    <Scenario
      title="Mondo: invalid_token, a refresh that fails, a sign-in screen"
      intro={
        <>
          Mondo answers 401 {'{error: "invalid_token"}'} with a WWW-Authenticate challenge. The
          client refreshes once with the refresh_token grant; when that token is dead too (400
          invalid_grant) every waiting query rejects with the same unauthorized ApiError,
          useAuthState() turns signed-out, and ApiErrorBoundary's fallbacks.unauthorized shows the
          sign-in screen. Signing in again resets the boundary, which refetches.
        </>
      }
    >
      <WithSession session={session}>
        <AuthBadge />
        <SignedOutBanner />
        <RefreshCounter realm="mondo" />
        <Controls />
        <ApiErrorBoundary
          fallbacks={{ unauthorized: (props) => <SignInAgain {...props} session={session} /> }}
          fallbackRender={({ error, isApiError, reset }) => (
            <div role="alert">
              {isApiError ? <ErrorDetails error={error} /> : 'Something went wrong'}
              <Button onClick={reset}>Try again</Button>
            </div>
          )}
        >
          <Accounts />
        </ApiErrorBoundary>
      </WithSession>
    </Scenario>
  )
}

function ErrorFormatDemo() {
  const [session] = useState(() => mondoSession())
  return (
    <Scenario
      title="Mondo: OAuth errors, 405, 406 and 504"
      intro="Mondo's auth errors follow OAuth (error: invalid_token, error_description); other errors are {error: {code, message}}. A wrong verb is 405 with Allow, an Accept without JSON is 406, and a gateway timeout (504) is retried (here twice, quickly) before it is reported."
    >
      <WithSession session={session}>
        <RequestButton
          client={session.client}
          label="No token (401 invalid_token)"
          config={{ url: '/accounts', skipAuth: true }}
        />
        <RequestButton
          client={session.client}
          label="Missing account_id (400)"
          config={{ url: '/balance' }}
        />
        <RequestButton
          client={session.client}
          label="Wrong verb (405)"
          config={{ method: 'delete', url: '/accounts' }}
        />
        <RequestButton
          client={session.client}
          label="Accept: text/html (406)"
          config={{ url: '/accounts', headers: { Accept: 'text/html' } }}
        />
        <RequestButton
          client={session.client}
          label="Statement export (504)"
          config={{ url: '/statements/export' }}
        />
      </WithSession>
    </Scenario>
  )
}

const meta = {
  title: 'Seeds/Mondo',
} satisfies Meta

export default meta
type Story = StoryObj<typeof meta>

/** invalid_token → one refresh → invalid_grant → signed-out → the per-kind sign-in screen → sign in → data. */
export const InvalidTokenSignInAgain: Story = {
  render: () => <InvalidTokenDemo />,
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay({ mount, canvasElement })
    await userEvent.click(canvas.getByRole('button', { name: 'Sign in' }))
    await waitFor(() => expect(canvas.getByTestId('balance')).toHaveTextContent('5246.5 GBP'), {
      timeout: 10_000,
    })

    await userEvent.click(canvas.getByRole('button', { name: /expire access and refresh/i }))
    await userEvent.click(canvas.getByRole('button', { name: /refetch/i }))

    const screen = await canvas.findByRole('alert', { name: 'sign in again' }, { timeout: 10_000 })
    await expect(screen).toHaveTextContent('The session has expired; please sign in again.')
    await expect(screen).toHaveTextContent('invalid_grant')
    await expect(canvas.getByTestId('auth-state')).toHaveTextContent('signed-out')
    await expect(canvas.getByTestId('signed-out-banner')).toBeVisible()
    await expect(logRows(canvasElement, { url: /\/oauth2\/token$/, status: '400' })).toHaveLength(1)
    await waitFor(() => expect(canvas.getByTestId('refresh-count')).toHaveTextContent('1'))
    await expect((await fixture.stats()).refreshCalls.mondo).toBe(1)
    // Three queries met invalid_token; none was replayed, since the refresh failed.
    await expect(logRows(canvasElement, { status: '401' })).toHaveLength(3)
    await expect(logRows(canvasElement, { why: 'replay after refresh' })).toHaveLength(0)

    await userEvent.click(within(screen).getByRole('button', { name: 'Sign in again' }))
    await waitFor(() => expect(canvas.getByTestId('balance')).toHaveTextContent('5246.5 GBP'), {
      timeout: 10_000,
    })
    await waitFor(() => expect(canvas.getByTestId('auth-state')).toHaveTextContent('idle'))
    await expect(canvas.queryByTestId('signed-out-banner')).toBeNull()
  },
}

/** Each Mondo error shape as a typed ApiError. */
export const ErrorFormat: Story = {
  render: () => <ErrorFormatDemo />,
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay({ mount, canvasElement })
    await userEvent.click(canvas.getByRole('button', { name: 'Sign in' }))
    await expectRequestErrors(
      canvas,
      'code',
      [
        ['No token (401 invalid_token)', 'unauthorized', 'invalid_token'],
        ['Missing account_id (400)', 'validation', 'bad_request.missing_param.account_id'],
        ['Wrong verb (405)', 'http', 'method_not_allowed'],
        ['Accept: text/html (406)', 'http', 'not_acceptable'],
        ['Statement export (504)', 'server', 'gateway_timeout'],
      ],
      { timeout: 10_000 },
    )
    // The 504 was retried twice; the 4xx were sent once.
    await expect(
      logRows(canvasElement, { url: /\/statements\/export$/ }).map((r) => r.dataset['status']),
    ).toEqual(['504', '504', '504'])
    await expect(
      logRows(canvasElement, { url: /\/accounts$/ }).map((r) => r.dataset['attempt']),
    ).toEqual(['1', '1', '1'])
  },
}
