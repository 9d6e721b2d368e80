import { describe, expect, it } from 'vitest'
import { withFixtureServer } from '../../fixture/withFixtureServer.js'
import type { FixtureHandle } from '../../fixture/withFixtureServer.js'
import { monogotoClient } from './authClient'

const fixture = withFixtureServer()
/** A second origin, reset before each test like the first. */
const other = withFixtureServer()

const authHeadersSeenBy = (server: FixtureHandle) =>
  server.api.requests().map((r) => r.headers.authorization)

describe('the token goes only to allowed origins', () => {
  it('is attached to requests to the baseURL origin (the control for the tests below)', async () => {
    const client = monogotoClient(fixture)
    await client.api.get('/test/echo')
    expect(authHeadersSeenBy(fixture)).toEqual([`Bearer ${client.store.access}`])
  })

  it('is not sent with an absolute URL to another origin', async () => {
    const client = monogotoClient(fixture)
    await client.api.get(`${other.url}/test/echo`)
    expect(other.api.requests()).toHaveLength(1)
    expect(authHeadersSeenBy(other)).toEqual([undefined])
  })

  it('is not sent to the same host on another port', async () => {
    const client = monogotoClient(fixture)
    await client.api
      .get(`${other.url.replace('127.0.0.1', 'localhost')}/test/echo`)
      .catch(() => undefined)
    await client.api.get(`${other.url}/test/echo`)
    expect(authHeadersSeenBy(other).every((h) => h === undefined)).toBe(true)
  })

  it('is not sent with a protocol-relative //host URL', async () => {
    const client = monogotoClient(fixture)
    // Node has no page URL to resolve `//host` against: axios refuses it before anything is sent,
    // and the client rejects with that refusal, typed, as one that would fail the same way again.
    const error = await client.api
      .get(`${other.url.replace(/^http:/, '')}/test/echo`)
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'http', code: 'ERR_INVALID_URL', retryable: false })
    expect(fixture.api.requests()).toEqual([])
    expect(other.api.requests()).toEqual([])
    // The same request by absolute URL does reach the second server, and without the token.
    await client.api.get(`${other.url}/test/echo`)
    expect(fixture.api.requests()).toEqual([])
    expect(authHeadersSeenBy(other)).toEqual([undefined])
  })

  it('is sent to an origin listed in allowedOrigins', async () => {
    const client = monogotoClient(fixture, { allowedOrigins: [other.origin] })
    await client.api.get(`${other.url}/test/echo`)
    expect(authHeadersSeenBy(other)).toEqual([`Bearer ${client.store.access}`])
  })

  it('is not carried along a redirect to another origin', async () => {
    const client = monogotoClient(fixture)
    const location = `${other.url}/test/echo`
    const response = await client.api.get('/test/status/302', {
      params: { header: `Location: ${location}` },
    })
    expect(response.status).toBe(200)
    expect(fixture.api.requests()[0]!.headers.authorization).toBe(`Bearer ${client.store.access}`)
    expect(other.api.requests()).toHaveLength(1)
    expect(authHeadersSeenBy(other)).toEqual([undefined])
  })

  it('is kept on a redirect within the same origin', async () => {
    const client = monogotoClient(fixture)
    await client.api.get('/test/status/302', {
      params: { header: `Location: ${fixture.url}/test/echo` },
    })
    expect(authHeadersSeenBy(fixture)).toEqual([
      `Bearer ${client.store.access}`,
      `Bearer ${client.store.access}`,
    ])
  })
})
