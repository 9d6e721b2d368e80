import { inject, describe, expect, it, beforeEach } from 'vitest'
import { createApiClient } from '../../src/core/client'
import { isApiError } from '../../src/core/errors/ApiError'
import type { RecordedRequest } from '../fixture/requestLog.js'
import { fixture } from './fixtureControl'

// A second origin: the fixture server that globalSetup starts in Node, on 127.0.0.1, while the page
// is served by Vite on localhost.
const otherUrl = inject('fixtureApiUrl')
const otherRequests = async () => {
  const response = await fetch(`${otherUrl}/__fixture/requests`)
  return ((await response.json()) as { requests: RecordedRequest[] }).requests
}

beforeEach(async () => {
  await fixture.reset()
  await fetch(`${otherUrl}/__fixture/reset`, { method: 'POST' })
})

const redirectToOther = { params: { header: `Location: ${otherUrl}/test/echo` } }

// Chromium's XMLHttpRequest follows a redirect to another origin with every header but
// Authorization (after a preflight the other origin answers): an API key would go along.
describe('a credential in a custom header, in Chromium', () => {
  const client = () =>
    createApiClient({
      baseURL: '/api',
      retry: false,
      auth: { header: 'X-Api-Key', scheme: '', getAccessToken: () => 'k3y', refresh: () => 'k3y' },
    })

  it('is not carried along a redirect to another origin: the redirect is refused with a typed error', async () => {
    const error: unknown = await client()
      .get('/test/status/302', redirectToOther)
      .catch((e: unknown) => e)
    expect(isApiError(error) && error.code).toBe('redirect_not_followed')
    expect(await otherRequests()).toEqual([])
    const [sent] = await fixture.requests('GET /test/status/302')
    expect(sent?.headers['x-api-key']).toBe('k3y')
  })

  it('goes with requests that are not redirected', async () => {
    const response = await client().get('/test/echo')
    expect(response.status).toBe(200)
    expect((await fixture.requests('GET /test/echo'))[0]?.headers['x-api-key']).toBe('k3y')
  })
})

describe('a bearer token, in Chromium', () => {
  it('is dropped by the browser on a redirect to another origin, which is followed', async () => {
    const api = createApiClient({
      baseURL: '/api',
      retry: false,
      auth: { getAccessToken: () => 'tok', refresh: () => 'tok' },
    })
    const response = await api.get('/test/status/302', redirectToOther)
    expect(response.status).toBe(200)
    const seen = await otherRequests()
    expect(seen.filter((r) => r.method === 'GET').map((r) => r.headers.authorization)).toEqual([
      undefined,
    ])
  })
})
