import { fireEvent, screen, waitFor } from '@testing-library/react'
import { version } from 'react'
import { describe, expect, it } from 'vitest'
import { withFixtureServer } from '../fixture/withFixtureServer.js'
import { useApiMutation } from '../../src/react/useApiMutation'
import { guardConsoleError } from './consoleGuard'
import { flushIO, renderWithApi } from './harness'

const fixture = withFixtureServer()
const MESSAGE = 'Enter a valid email address.'

// The same validation failure as each of these APIs would send it (shapes from test/corpus).
const formats: [string, number, unknown][] = [
  [
    'Monetro (seed 002)',
    400,
    {
      error: {
        message: 'Validation failed',
        code: 'INVALID_INPUT',
        status: 400,
        details: [{ field: 'email', message: MESSAGE }],
      },
    },
  ],
  [
    'Maesn (seed 004)',
    400,
    {
      errors: [{ code: 'VALIDATION_ERROR', message: MESSAGE, field: 'email' }],
      downstreamErrors: [],
    },
  ],
  [
    'RFC 9457 errors',
    422,
    {
      type: 'about:blank',
      title: 'Unprocessable',
      status: 422,
      errors: [{ detail: MESSAGE, pointer: '#/email' }],
    },
  ],
  ['Laravel', 422, { message: MESSAGE, errors: { email: [MESSAGE] } }],
  ['Django REST Framework', 400, { email: [MESSAGE] }],
  [
    'FastAPI',
    422,
    { detail: [{ type: 'value_error', loc: ['body', 'email'], msg: MESSAGE, input: 'x' }] },
  ],
  [
    'JSON:API',
    422,
    { errors: [{ status: '422', source: { pointer: '/data/attributes/email' }, detail: MESSAGE }] },
  ],
  [
    'ASP.NET ValidationProblemDetails',
    400,
    {
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: { email: [MESSAGE] },
    },
  ],
  [
    'express-validator',
    422,
    { errors: [{ type: 'field', value: 'x', msg: MESSAGE, path: 'email', location: 'body' }] },
  ],
]

function SignUp() {
  const save = useApiMutation<unknown, { email: string }>({ method: 'POST', url: '/test/echo' })
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        save.mutate({ email: 'x' })
      }}
    >
      <button type="submit">Sign up</button>
      <output aria-label="email error">{save.fieldError('email') ?? ''}</output>
      <output aria-label="kind">{save.error?.kind ?? ''}</output>
    </form>
  )
}

describe(`useApiMutation (React ${version})`, () => {
  it.each(formats)('gives fieldError("email") from a %s error body', async (_, status, body) => {
    fixture.api.setFault('POST /test/echo', { type: 'status', status, body: body as never })
    renderWithApi(<SignUp />, { baseURL: fixture.url })
    fireEvent.click(screen.getByRole('button', { name: 'Sign up' }))
    await screen.findByText(MESSAGE, undefined, { timeout: 5_000 })
    expect(screen.getByLabelText('email error')).toHaveTextContent(MESSAGE)
    expect(screen.getByLabelText('kind')).toHaveTextContent('validation')
    expect(fixture.api.requests('POST /test/echo').map((r) => JSON.parse(r.body))).toEqual([
      { email: 'x' },
    ])
  })

  it('does not retry a POST without an idempotency key, even on a 503', async () => {
    fixture.api.setFault('POST /test/echo', { type: 'status', status: 503, times: 'always' })
    renderWithApi(<SignUp />, { baseURL: fixture.url })
    fireEvent.click(screen.getByRole('button', { name: 'Sign up' }))
    await screen.findByText('server', undefined, { timeout: 5_000 })
    await flushIO()
    expect(fixture.api.hits('POST /test/echo')).toBe(1)
  })
})

describe('useApiMutation after its component unmounted', () => {
  guardConsoleError() // fails the test on any console.error

  it('lets a retried write finish, and React reports nothing about the retry state it drops', async () => {
    fixture.api.setFault('POST /test/echo', { type: 'status', status: 503, times: 1 })
    const view = renderWithApi(<SignUp />, {
      baseURL: fixture.url,
      retry: { retries: 1, baseDelayMs: 50, idempotencyKey: true },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Sign up' }))
    view.unmount()
    await waitFor(() => expect(fixture.api.hits('POST /test/echo')).toBe(2))
    await flushIO()
  })
})
