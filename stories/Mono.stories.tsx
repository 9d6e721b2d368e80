import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { useApiMutation } from 'resilient-query'
import { CREDENTIALS } from '../test/fixture/credentials.js'
import { monoSession } from './support/clients'
import { ErrorDetails } from './support/ErrorDetails'
import { fixture, startPlay } from './support/fixture'
import type { FixtureStats } from './support/fixture'
import { RequestButton, expectRequestErrors } from './support/RequestButton'
import { logRows } from './support/RequestLogPanel'
import { Button, Scenario } from './support/Scenario'
import { ServerLogPanel } from './support/ServerPanels'
import { WithSession } from './support/WithSession'

interface Payment {
  account: string
  amount: number
}

function ErrorFormatDemo() {
  const [session] = useState(() => monoSession())
  return (
    <Scenario
      title="Mono: empty bodies, 402 request failed, {status: 'failed', message}"
      intro="Mono leaves the body EMPTY when the status says enough (401, 404): the ApiError still has a kind and a readable message. Other errors are {status: 'failed', message, code?, data: null}; 402 means the parameters were valid but the request failed. The request log strips the API key, as Mono advises."
    >
      <WithSession session={session} gate={false}>
        <RequestButton
          client={session.client}
          label="Wrong secret key (401, empty body)"
          config={{ url: '/accounts/acc_mono_1', headers: { 'mono-sec-key': 'test_sk_wrong' } }}
        />
        <RequestButton
          client={session.client}
          label="Unknown account (404, empty body)"
          config={{ url: '/accounts/acc_nope' }}
        />
        <RequestButton
          client={session.client}
          label="Statement without period (400)"
          config={{ url: '/accounts/acc_mono_1/statement' }}
        />
        <RequestButton
          client={session.client}
          label="Insufficient funds (402)"
          config={{
            method: 'post',
            url: '/payments',
            data: { account: 'acc_mono_2', amount: 5000 },
          }}
        />
        <RequestButton
          client={session.client}
          label="Read-only key writes (403)"
          config={{
            method: 'post',
            url: '/payments',
            data: { account: 'acc_mono_1', amount: 100 },
            headers: { 'mono-sec-key': CREDENTIALS.mono.readOnlySecretKey },
          }}
        />
      </WithSession>
    </Scenario>
  )
}

function Pay() {
  const [stats, setStats] = useState<FixtureStats['writes'] | null>(null)
  const pay = useApiMutation<{ data: { id: string } }, Payment>({
    method: 'POST',
    url: '/payments',
    onSettled: () => void fixture.stats().then((s) => setStats(s.writes)),
  })
  const reuse = useApiMutation<unknown, Payment>({
    method: 'POST',
    url: '/payments',
    config: { headers: { 'Idempotency-Key': 'order-42' }, retry: false },
  })
  return (
    <>
      <section aria-label="payment">
        <Button
          onClick={() => pay.mutate({ account: 'acc_mono_1', amount: 2500 })}
          disabled={pay.isPending}
        >
          Pay 25.00 (the gateway fails after the payment went through)
        </Button>
        {pay.data ? <p data-testid="paid">Paid: {pay.data.data.id}</p> : null}
        {pay.error ? <ErrorDetails error={pay.error} /> : null}
        {stats ? (
          <p data-testid="writes" style={{ fontSize: 14 }}>
            Server: payments applied <strong data-testid="applied">{stats.applied}</strong>, answers
            replayed from the idempotency store{' '}
            <strong data-testid="replayed">{stats.replayed}</strong>
          </p>
        ) : null}
      </section>
      <section aria-label="key reuse">
        <Button
          onClick={() => {
            // The same key with two different bodies: Mono's 409 "perhaps due to using the same idempotent key".
            reuse.mutateAsync({ account: 'acc_mono_1', amount: 100 }).then(
              () => reuse.mutate({ account: 'acc_mono_1', amount: 999 }),
              () => undefined,
            )
          }}
        >
          Reuse one Idempotency-Key with another amount
        </Button>
        {reuse.error ? <ErrorDetails error={reuse.error} /> : null}
      </section>
    </>
  )
}

function IdempotentRetryDemo() {
  const [session] = useState(() =>
    monoSession({ retry: { retries: 2, baseDelayMs: 200, idempotencyKey: true } }),
  )
  return (
    <Scenario
      title="Mono: a payment retried after a gateway error is applied once"
      intro="The client is made with retry.idempotencyKey: true, so every POST carries an Idempotency-Key, the same on each attempt, and may be retried. The fixture applies the payment and then answers 502 (a gateway failing after the upstream did the work); the retry gets the stored answer (Idempotent-Replayed) instead of paying twice. Reusing a key with another body is a 409."
    >
      <WithSession session={session} gate={false}>
        <Pay />
      </WithSession>
      <ServerLogPanel />
    </Scenario>
  )
}

const meta = {
  title: 'Seeds/Mono',
} satisfies Meta

export default meta
type Story = StoryObj<typeof meta>

/** Empty 401/404 bodies, a 400, a 402 and a 403 as typed ApiErrors; no API key on the page. */
export const ErrorFormat: Story = {
  render: () => <ErrorFormatDemo />,
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay({ mount, canvasElement })
    await expectRequestErrors(canvas, 'message', [
      ['Wrong secret key (401, empty body)', 'unauthorized', 'Unauthorized'],
      ['Unknown account (404, empty body)', 'not_found', 'Not Found'],
      [
        'Statement without period (400)',
        'validation',
        "Missing required parameter 'period' (e.g. last6months)",
      ],
      ['Insufficient funds (402)', 'http', 'Request failed: insufficient funds in the account'],
      [
        'Read-only key writes (403)',
        'forbidden',
        "This API key doesn't have permission to perform the request",
      ],
    ])
    await expect(
      within(canvas.getByRole('region', { name: 'Insufficient funds (402)' })).getByTestId('code'),
    ).toHaveTextContent('insufficient_funds')
    // Mono: "keep a log of all API requests … you may strip the API keys". The client's log has
    // every attempt and no key: it logs no header at all.
    await expect(logRows(canvasElement)).toHaveLength(5)
    await expect(canvasElement.textContent).not.toContain('test_sk_')
  },
}

/** 502 after the write: the retry with the same Idempotency-Key is answered from the store; one payment. */
export const IdempotentRetry: Story = {
  render: () => <IdempotentRetryDemo />,
  play: async ({ mount, canvasElement }) => {
    const canvas = await startPlay(
      { mount, canvasElement },
      {
        'POST /mono/v1/payments': {
          type: 'status',
          status: 502,
          phase: 'response',
        },
      },
    )
    await userEvent.click(canvas.getByRole('button', { name: /pay 25\.00/i }))
    await expect(await canvas.findByTestId('paid', {}, { timeout: 10_000 })).toHaveTextContent(
      'pay_1',
    )
    await waitFor(() => expect(canvas.getByTestId('applied')).toHaveTextContent('1'))
    await expect(canvas.getByTestId('replayed')).toHaveTextContent('1')
    await expect(
      logRows(canvasElement, { url: /\/payments$/ }).map((r) => r.dataset['status']),
    ).toEqual(['502', '201'])
    const sent = await fixture.requests('POST /mono/v1/payments')
    await expect(sent).toHaveLength(2)
    await expect(sent[0]?.headers['idempotency-key']).toBeTruthy()
    await expect(sent[1]?.headers['idempotency-key']).toBe(sent[0]?.headers['idempotency-key'])
    const keys = canvas.getAllByTestId('idempotency-key').map((cell) => cell.textContent)
    await expect(keys.slice(0, 2)).toEqual([
      sent[0]?.headers['idempotency-key'],
      sent[0]?.headers['idempotency-key'],
    ])

    await userEvent.click(canvas.getByRole('button', { name: /reuse one idempotency-key/i }))
    const reuse = within(canvas.getByRole('region', { name: 'key reuse' }))
    await expect(await reuse.findByTestId('kind')).toHaveTextContent('conflict')
    await expect(reuse.getByTestId('code')).toHaveTextContent('idempotency_conflict')
  },
}
