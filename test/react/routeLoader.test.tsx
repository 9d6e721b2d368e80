// The route-loader example of the stories, against the fixture server, through the built package.
import { act, fireEvent, render, screen } from '@testing-library/react'
import { createApiClient, createApiQueryClient } from 'resilient-query'
import { describe, expect, it } from 'vitest'
import { withFixtureServer } from '../fixture/withFixtureServer.js'
import { createItemRouter, ItemsApp } from '../../stories/examples/itemRoutes'
import { guardConsoleError } from './consoleGuard'
import { flushIO } from './harness'

const fixture = withFixtureServer()
guardConsoleError()

function renderRoutes(path = '/') {
  const api = createApiClient({ baseURL: `${fixture.url}/test`, retry: false })
  const queryClient = createApiQueryClient()
  const router = createItemRouter(api, queryClient, path)
  render(<ItemsApp api={api} queryClient={queryClient} router={router} />)
  return router
}

describe('a route loader that calls ensureQueryData with the factory', () => {
  it('loads before the route renders, and the page needs no request of its own', async () => {
    renderRoutes()
    expect(await screen.findByRole('link', { name: 'Beta' })).toBeInTheDocument()
    await flushIO()
    expect(fixture.api.hits('GET /test/items')).toBe(1)

    fireEvent.click(screen.getByRole('link', { name: 'Beta' }))
    expect(await screen.findByRole('heading', { name: 'Beta' })).toBeInTheDocument()
    await flushIO()
    expect(fixture.api.hits('GET /test/items/2')).toBe(1)

    // Back within staleTime: the loader's ensureQueryData answers from the cache.
    fireEvent.click(screen.getByRole('link', { name: 'All items' }))
    expect(await screen.findByRole('link', { name: 'Gamma' })).toBeInTheDocument()
    await flushIO()
    expect(fixture.api.hits('GET /test/items')).toBe(1)
  })

  it("gives a loader's ApiError to the route's error element", async () => {
    const router = renderRoutes('/items/404')
    expect(await screen.findByRole('alert')).toHaveTextContent(/^not_found: /)
    await act(() => router.navigate('/'))
    expect(await screen.findByRole('link', { name: 'Alpha' })).toBeInTheDocument()
  })
})
