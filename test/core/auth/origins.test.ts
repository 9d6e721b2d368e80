import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixtureServer } from '../../fixture/server.js'
import type { FixtureServer } from '../../fixture/server.js'
import { withFixtureServer } from '../../fixture/withFixtureServer.js'
import { monogotoClient } from './authClient'

const fixture = withFixtureServer()
let other: FixtureServer

beforeAll(async () => {
  other = await startFixtureServer()
})
afterAll(async () => {
  await other.close()
})

const authHeadersSeenBy = (server: { api: FixtureServer['api'] }) =>
  server.api.requests().map((r) => r.headers.authorization)

describe('the token goes only to allowed origins', () => {
  it('is attached to requests to the baseURL origin (the control for the tests below)', async () => {
    const client = monogotoClient(fixture)
    await client.api.get('/test/echo')
    expect(authHeadersSeenBy(fixture)).toEqual([`Bearer ${client.store.access}`])
  })

  it('is not sent with an absolute URL to another origin', async () => {
    other.api.reset()
    const client = monogotoClient(fixture)
    await client.api.get(`${other.url}/test/echo`)
    expect(other.api.requests()).toHaveLength(1)
    expect(authHeadersSeenBy(other)).toEqual([undefined])
  })

  it('is not sent to the same host on another port', async () => {
    other.api.reset()
    const client = monogotoClient(fixture)
    await client.api
      .get(`${other.url.replace('127.0.0.1', 'localhost')}/test/echo`)
      .catch(() => undefined)
    await client.api.get(`${other.url}/test/echo`)
    expect(authHeadersSeenBy(other).every((h) => h === undefined)).toBe(true)
  })

  it('is not sent with a protocol-relative //host URL', async () => {
    other.api.reset()
    const client = monogotoClient(fixture)
    await client.api.get(`${other.url.replace(/^http:/, '')}/test/echo`).catch(() => undefined)
    expect(authHeadersSeenBy(other).every((h) => h === undefined)).toBe(true)
  })

  it('is sent to an origin listed in allowedOrigins', async () => {
    other.api.reset()
    const client = monogotoClient(fixture, { allowedOrigins: [other.origin] })
    await client.api.get(`${other.url}/test/echo`)
    expect(authHeadersSeenBy(other)).toEqual([`Bearer ${client.store.access}`])
  })

  it('is not carried along a redirect to another origin', async () => {
    other.api.reset()
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
