// Error text from a hostile API is rendered as text: ApiErrors made by the real client (jsdom's
// XMLHttpRequest against the fixture on 127.0.0.1) from bodies carrying markup, shown by
// useApiQuery, by a form's field errors and by an ApiErrorBoundary fallback.
import { render, screen, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  onTestFinished,
  vi,
} from 'vitest'
import { createApiClient } from '../../../src/core/client'
import { ApiErrorBoundary } from '../../../src/react/ApiErrorBoundary'
import { ApiProvider } from '../../../src/react/ApiProvider'
import { useApiQuery } from '../../../src/react/useApiQuery'
import type { Fault } from '../../fixture/faults'
import { startFixtureServer } from '../../fixture/server'
import type { FixtureServer } from '../../fixture/server'

const IMG = '<img src=x onerror=alert(1)>'
const ENCODED_IMG = '&lt;img src=x onerror=alert(1)&gt;'
const ACTIVE = 'img, script, iframe, svg, object, embed, [onerror], [onload]'

let server: FixtureServer
beforeAll(async () => {
  server = await startFixtureServer()
})
afterAll(() => server.close())
beforeEach(() => {
  server.api.reset()
  vi.spyOn(window, 'alert').mockImplementation(() => undefined)
})
afterEach(() => {
  expect(window.alert).not.toHaveBeenCalled()
  vi.restoreAllMocks()
})

function renderWithClient(ui: ReactNode) {
  const client = createApiClient({ baseURL: server.url, retry: false })
  return render(<ApiProvider client={client}>{ui}</ApiProvider>)
}

function ErrorText() {
  const query = useApiQuery({ queryKey: ['xss'], url: '/test/items', throwOnError: false })
  if (!query.error) return <p>loading</p>
  return (
    <div data-testid="error">
      <p role="alert">{query.error.message}</p>
      <ul>
        {query.fieldErrors.map((f) => (
          <li key={f.field}>
            {f.field}: {f.message}
          </li>
        ))}
      </ul>
    </div>
  )
}

// The third column is what is on screen: no markup survives normalisation, not even as characters
// (issue 16.11), so a message that was only markup gives way to the status's reason phrase.
const CASES: [string, Fault, string][] = [
  [
    'a JSON message that is a tag',
    { type: 'status', status: 400, body: { message: IMG } },
    'Bad Request',
  ],
  [
    'a JSON message whose tag is entity-encoded',
    { type: 'status', status: 400, body: { message: ENCODED_IMG } },
    'Bad Request',
  ],
  [
    'a script, encoded',
    {
      type: 'status',
      status: 500,
      body: { error: { message: '&lt;script&gt;alert(1)&lt;/script&gt;' } },
    },
    'alert(1)',
  ],
  [
    'field errors carrying tags',
    { type: 'status', status: 422, body: { errors: { email: [ENCODED_IMG], name: [IMG] } } },
    'Unprocessable Entity',
  ],
  [
    'a proxy page whose title is markup',
    {
      type: 'html',
      status: 502,
      html: `<html><head><title>${ENCODED_IMG}</title></head><body>${IMG}</body></html>`,
    },
    'Bad Gateway',
  ],
]

describe('hostile error text', () => {
  it.each(CASES)('renders %s as text, never as elements', async (_, fault, literal) => {
    server.api.setFault('GET /test/items', fault)
    const view = renderWithClient(<ErrorText />)
    const shown = await screen.findByTestId('error')
    expect(view.container.querySelector(ACTIVE)).toBeNull()
    expect(shown.textContent).toContain(literal)
    expect(shown.textContent).not.toMatch(/<(img|script)/i)
    expect(shown.innerHTML).not.toMatch(/<(img|script)/i)
  })

  it('renders the message as text in an ApiErrorBoundary fallback too', async () => {
    // React reports the caught error: 19 on console.error, 18 also re-throws it in a window error event.
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const quiet = (event: ErrorEvent) => event.preventDefault()
    window.addEventListener('error', quiet)
    onTestFinished(() => window.removeEventListener('error', quiet))
    server.api.setFault('GET /test/items', {
      type: 'status',
      status: 503,
      body: { message: ENCODED_IMG },
    })
    function Throws() {
      useApiQuery({ queryKey: ['boundary'], url: '/test/items' })
      return <p>loaded</p>
    }
    const view = renderWithClient(
      <ApiErrorBoundary
        fallbackRender={({ error, isApiError }) => (
          <p role="alert">{isApiError ? error.message : 'other'}</p>
        )}
      >
        <Throws />
      </ApiErrorBoundary>,
    )
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Service Unavailable'))
    expect(view.container.querySelector(ACTIVE)).toBeNull()
  })
})
