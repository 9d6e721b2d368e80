import type { Meta, StoryObj } from '@storybook/react-vite'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { useApiMutation, useApiQuery, useRetryCountdown } from 'resilient-query'
import { monetroSession } from './support/clients'
import { ErrorDetails } from './support/ErrorDetails'
import { fixture, startPlay } from './support/fixture'
import { RequestButton, expectRequestErrors } from './support/RequestButton'
import { expectReplaysAfterOneRefresh, logRows } from './support/RequestLogPanel'
import { Button, Scenario } from './support/Scenario'
import { RefreshCounter } from './support/ServerPanels'
import { AuthBadge, WithSession } from './support/WithSession'

function Query({ label, url }: { label: string; url: string }) {
  const query = useApiQuery<unknown>({ queryKey: [url], url })
  return (
    <div
      style={{
        border: '1px solid #d1d5db',
        borderRadius: 6,
        padding: 8,
        minWidth: 200,
        fontSize: 13,
      }}
    >
      <strong>{label}</strong> <code>GET {url}</code>
      <div data-testid={query.data ? 'query-loaded' : 'query-waiting'}>
        {query.data ? 'loaded' : query.error ? query.error.message : 'loading…'}
        {query.isFetching && query.data ? ' (refetching)' : ''}
      </div>
    </div>
  )
}

function CookieDashboard() {
  const queryClient = useQueryClient()
  return (
    <>
      <AuthBadge />
      <p style={{ fontSize: 13 }}>
        document.cookie as JavaScript sees it:{' '}
        <code data-testid="document-cookie">{JSON.stringify(document.cookie)}</code> (the session
        cookies are HttpOnly)
      </p>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginBottom: 8 }}>
        <Query label="Me" url="/me" />
        <Query label="Customers" url="/customers" />
        <Query label="Customer 1" url="/customers/cus_1" />
      </div>
      <Button onClick={() => void fixture.expireTokens()}>
        1. Expire the access cookie's token on the server
      </Button>
      <Button onClick={() => void queryClient.refetchQueries()}>2. Refetch all 3 queries</Button>
    </>
  )
}

function CookieRefreshDemo() {
  const [session] = useState(() => monetroSession())
  return (
    <Scenario
      title="Monetro: cookie refresh, once, for three queries"
      intro={
        <>
          Monetro keeps the session in HttpOnly cookies: no token ever reaches JavaScript, so the
          client is made without getAccessToken and its refresh() is one cookie-only POST
          /auth/refresh. Three queries meet 401 TOKEN_EXPIRED together; the browser's cookie jar
          gets one new access cookie and the three are replayed.
        </>
      }
    >
      <WithSession session={session}>
        <RefreshCounter realm="monetro" />
        <CookieDashboard />
      </WithSession>
    </Scenario>
  )
}

function ErrorFormatDemo() {
  const [session] = useState(() => monetroSession())
  return (
    <Scenario
      title="Monetro: the {error: {message, code, status, details}} envelope"
      intro="Monetro's machine codes (INVALID_INPUT, DUPLICATE, PLAN_LIMIT, NOT_FOUND, PROVIDER_ERROR) become error.code, its details become fieldErrors, and the HTTP status decides error.kind."
    >
      <WithSession session={session}>
        <RequestButton
          client={session.client}
          label="Invalid user (400 INVALID_INPUT)"
          config={{
            method: 'post',
            url: '/users',
            data: { email: 'not-an-email', name: 'Ada', role: 'owner' },
          }}
        />
        <RequestButton
          client={session.client}
          label="Duplicate user (409 DUPLICATE)"
          config={{
            method: 'post',
            url: '/users',
            data: { email: 'owner@monetro.test', name: 'Owner' },
          }}
        />
        <RequestButton
          client={session.client}
          label="Report export (403 PLAN_LIMIT)"
          config={{ url: '/reports/export' }}
        />
        <RequestButton
          client={session.client}
          label="Unknown customer (404 NOT_FOUND)"
          config={{ url: '/customers/cus_404' }}
        />
        <RequestButton
          client={session.client}
          label="Send invoice (502 PROVIDER_ERROR)"
          config={{ method: 'post', url: '/invoices/inv_2/send' }}
        />
      </WithSession>
    </Scenario>
  )
}

function BankSync() {
  const sync = useApiMutation<unknown, void>({ method: 'POST', url: '/bank/sync' })
  // The error carries when the server's wait is over (retryAt, from its Retry-After).
  const seconds = useRetryCountdown(sync.error)
  const waiting = seconds !== null && seconds > 0
  return (
    <section aria-label="bank sync">
      <Button onClick={() => sync.mutate()} disabled={sync.isPending || waiting}>
        Sync bank accounts
      </Button>
      {waiting ? (
        <strong role="status" data-testid="try-again">
          Too many bank syncs: try again in {seconds} s
        </strong>
      ) : null}
      {sync.error ? <ErrorDetails error={sync.error} /> : null}
    </section>
  )
}

function RateLimitedPostDemo() {
  const [session] = useState(() => monetroSession())
  return (
    <Scenario
      title="Monetro: a rate-limited POST is not retried, the UI counts down instead"
      intro="POST /bank/sync answers 429 RATE_LIMITED with Retry-After: 30. A POST without an Idempotency-Key is never retried (it may have taken effect), so the mutation fails at once; useRetryCountdown(sync.error) counts down to the error's retryAt and the button stays disabled until then."
    >
      <WithSession session={session}>
        <BankSync />
      </WithSession>
    </Scenario>
  )
}

const meta = {
  title: 'Seeds/Monetro',
} satisfies Meta

export default meta
type Story = StoryObj<typeof meta>

/** Three queries, an expired access cookie, one cookie refresh, three replays, no token in JavaScript. */
export const CookieRefresh: Story = {
  render: () => <CookieRefreshDemo />,
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay({ mount, canvasElement })
    await userEvent.click(canvas.getByRole('button', { name: 'Sign in' }))
    await waitFor(() => expect(canvas.getAllByTestId('query-loaded')).toHaveLength(3))
    await expect(canvas.getByTestId('document-cookie')).not.toHaveTextContent('monetro_')

    await userEvent.click(canvas.getByRole('button', { name: /expire the access cookie/i }))
    await userEvent.click(canvas.getByRole('button', { name: /refetch all/i }))
    await expectReplaysAfterOneRefresh(canvasElement, 3)
    await waitFor(() => expect(canvas.getByTestId('refresh-count')).toHaveTextContent('1'))
    const seen = await fixture.requests('GET /monetro/api/me')
    await expect(seen.map((r) => r.status)).toEqual([200, 401, 200])
    await expect(seen.every((r) => r.headers['authorization'] === undefined)).toBe(true)
    await expect(canvas.getByTestId('auth-state')).toHaveTextContent('idle')
  },
}

/** Monetro's envelope: code, message and details as ApiError fields. */
export const ErrorFormat: Story = {
  render: () => <ErrorFormatDemo />,
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay({ mount, canvasElement })
    await userEvent.click(canvas.getByRole('button', { name: 'Sign in' }))
    await expectRequestErrors(canvas, 'code', [
      ['Invalid user (400 INVALID_INPUT)', 'validation', 'INVALID_INPUT'],
      ['Duplicate user (409 DUPLICATE)', 'conflict', 'DUPLICATE'],
      ['Report export (403 PLAN_LIMIT)', 'forbidden', 'PLAN_LIMIT'],
      ['Unknown customer (404 NOT_FOUND)', 'not_found', 'NOT_FOUND'],
      ['Send invoice (502 PROVIDER_ERROR)', 'server', 'PROVIDER_ERROR'],
    ])
    const invalid = within(canvas.getByRole('region', { name: 'Invalid user (400 INVALID_INPUT)' }))
    const fields = within(invalid.getByRole('list', { name: 'field errors' })).getAllByRole(
      'listitem',
    )
    await expect(fields.map((li) => li.textContent)).toEqual([
      'email: Invalid email format',
      'role: Must be one of: admin, accountant, viewer',
    ])
    // A POST that failed with 502 is not retried without an Idempotency-Key.
    await expect(logRows(canvasElement, { url: /\/send$/ })).toHaveLength(1)
  },
}

/** 429 with Retry-After: 30 on a POST: no retry, a countdown to when the user may try again. */
export const RateLimitedPost: Story = {
  render: () => <RateLimitedPostDemo />,
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay({ mount, canvasElement })
    await userEvent.click(canvas.getByRole('button', { name: 'Sign in' }))
    await userEvent.click(await canvas.findByRole('button', { name: 'Sync bank accounts' }))
    await expect(await canvas.findByTestId('try-again')).toHaveTextContent(/try again in (30|29) s/)
    await expect(canvas.getByTestId('kind')).toHaveTextContent('rate_limited')
    await expect(canvas.getByTestId('code')).toHaveTextContent('RATE_LIMITED')
    await expect(canvas.getByTestId('retry-after')).toHaveTextContent('30000 ms')
    await expect(canvas.getByRole('button', { name: 'Sync bank accounts' })).toBeDisabled()
    await expect(logRows(canvasElement, { url: /\/bank\/sync$/ })).toHaveLength(1)
  },
}
