import { execFile, execFileSync } from 'node:child_process'
import { promisify } from 'node:util'
import { existsSync, mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { HydrationBoundary } from '@tanstack/react-query'
import type { DehydratedState } from '@tanstack/react-query'
import { act, screen } from '@testing-library/react'
import { hydrateRoot } from 'react-dom/client'
import {
  ApiError,
  ApiProvider,
  createApiClient,
  createApiQueryClient,
  hydrateApiErrors,
} from 'resilient-query'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { withFixtureServer } from '../fixture/withFixtureServer.js'
import { guardConsoleError } from '../react/consoleGuard'
import { flushIO } from '../react/harness'
import { App, SECRETS } from './App'

const root = resolve(import.meta.dirname, '../..')
const fixture = withFixtureServer()
// A hydration mismatch is reported through console.error: none may appear.
guardConsoleError()

interface ServerRender {
  html: string
  state: string
  serverError: Record<string, unknown>
}

let serverScript = ''
beforeAll(() => {
  // Both sides run the built package, as an app's server and browser do.
  expect(existsSync(resolve(root, 'dist/index.js')), 'run `npm run build` first').toBe(true)
  const outDir = resolve(root, 'node_modules/.cache/resilient-query-tests')
  mkdirSync(outDir, { recursive: true })
  serverScript = resolve(outDir, 'ssr-server.mjs')
  // esbuild's command line: its JavaScript API refuses jsdom's TextEncoder.
  execFileSync(
    resolve(root, 'node_modules/.bin/esbuild'),
    [
      resolve(import.meta.dirname, 'serverRender.tsx'),
      `--outfile=${serverScript}`,
      '--bundle',
      '--format=esm',
      '--platform=node',
      '--packages=external',
      '--jsx=automatic',
      `--alias:resilient-query=${resolve(root, 'dist/index.js')}`,
      '--log-level=warning',
    ],
    { cwd: root },
  )
})

/**
 * Node, in a process of its own: prefetch, dehydrate, renderToString. Not execFileSync: the fixture
 * server answers from this process, whose event loop must keep running.
 */
async function renderOnServer(): Promise<ServerRender> {
  const { stdout } = await promisify(execFile)(process.execPath, [serverScript, fixture.url], {
    cwd: root,
    encoding: 'utf8',
  })
  return JSON.parse(stdout) as ServerRender
}

// Testing Library cleans up only what it rendered itself.
const hydrated: { unmount(): void }[] = []
afterEach(() => {
  for (const page of hydrated.splice(0)) act(() => page.unmount())
  document.body.replaceChildren()
})

/** The browser: the server's HTML, hydrated with the state that came with it. */
async function hydrateInBrowser({ html, state }: ServerRender) {
  const container = document.createElement('div')
  container.innerHTML = html
  document.body.append(container)
  const queryClient = createApiQueryClient()
  const api = createApiClient({ baseURL: fixture.url })
  const dehydrated = hydrateApiErrors(JSON.parse(state) as DehydratedState)
  await act(async () => {
    const page = hydrateRoot(
      container,
      <ApiProvider client={api} queryClient={queryClient}>
        <HydrationBoundary state={dehydrated}>
          <App />
        </HydrationBoundary>
      </ApiProvider>,
    )
    hydrated.push(page)
  })
  await flushIO()
  return queryClient
}

describe('server rendering with the factories', () => {
  it('prefetches in Node, renders, and hydrates in the browser without a second request', async () => {
    const server = await renderOnServer()
    expect(server.html).toContain('Alpha')
    expect(fixture.api.hits('GET /test/items')).toBe(1)

    await hydrateInBrowser(server)
    expect(screen.getByRole('list', { name: 'items' })).toHaveTextContent('AlphaBetaGamma')
    expect(fixture.api.hits('GET /test/items')).toBe(1)
    expect(fixture.api.hits('GET /test/echo')).toBe(1)
  })

  it('brings a failed prefetch to the browser as an ApiError, with no secret on the way', async () => {
    fixture.api.setFault('GET /test/echo', {
      type: 'status',
      status: 422,
      body: {
        message: 'Invalid filter',
        errors: { 'filter.status': ['Unknown status'] },
        debug: { trace: SECRETS.inBody },
      },
    })
    const server = await renderOnServer()
    const [sent] = fixture.api.requests('GET /test/echo')
    // The server's client did send its secrets: they must stop there.
    expect(sent?.headers['authorization']).toBe(`Bearer ${SECRETS.token}`)
    expect(sent?.headers['x-api-key']).toBe(SECRETS.apiKey)
    for (const secret of Object.values(SECRETS)) {
      expect(server.state).not.toContain(secret)
      expect(server.html).not.toContain(secret)
    }

    const queryClient = await hydrateInBrowser(server)
    expect(screen.getByRole('alert')).toHaveTextContent('validation 422: Invalid filter')
    expect(screen.getByLabelText('status error')).toHaveTextContent('Unknown status')
    const error = queryClient.getQueryCache().find({ queryKey: ['/test/echo'], exact: false })
      ?.state.error
    expect(error).toBeInstanceOf(ApiError)
    const { kind, status, code, message, fieldErrors } = server.serverError
    expect(error).toMatchObject({ kind, status, code, message, fieldErrors })
    expect((error as ApiError).data).toBeUndefined()
    expect(fixture.api.hits('GET /test/echo')).toBe(1)
  })
})
