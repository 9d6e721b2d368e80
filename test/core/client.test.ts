import { Agent, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createApiClient } from '../../src/core/client'
import { withFixtureServer } from '../fixture/withFixtureServer.js'

const fixture = withFixtureServer()

// Each client sends through an http.Agent of its own. Node's http hands a request to its agent as
// soon as it is made: a connection opening for it (`agent.sockets`) or a place in its queue
// (`agent.requests`), both public and filled synchronously.
const agents: Agent[] = []
function ownAgent(): Agent {
  const agent = new Agent()
  agents.push(agent)
  return agent
}
afterEach(() => {
  for (const agent of agents.splice(0)) agent.destroy()
})

/** How many requests Node's http has taken through `agent` and not yet finished. */
const takenBy = (agent: Agent) =>
  [...Object.values(agent.sockets), ...Object.values(agent.requests)].reduce(
    (count, list) => count + (list?.length ?? 0),
    0,
  )

/** The Authorization header of each request the fixture server received, in order. */
const authorizationSeen = () => fixture.api.requests().map((r) => r.headers.authorization)

// The per-request cost of the client (bench/overhead.bench.ts) rests on axios running the request
// interceptors in one go, which it does only when every one it runs is synchronous. These tests
// see that from outside: Node's http has the request by the time the request call returns; and
// what the server then received.
describe('the request interceptors of a client', () => {
  it('run synchronously for a request whose token is known and that needs no wait', async () => {
    const httpAgent = ownAgent()
    const api = createApiClient({
      baseURL: fixture.url,
      httpAgent,
      auth: { getAccessToken: () => 'token-1', refresh: () => 'token-2' },
    })

    const request = api.get('/test/echo')
    expect(takenBy(httpAgent)).toBe(1)
    await expect(request).resolves.toMatchObject({ status: 200 })
    expect(authorizationSeen()).toEqual(['Bearer token-1'])
  })

  it('run synchronously without auth, and with retry turned off', async () => {
    const httpAgent = ownAgent()
    const api = createApiClient({ baseURL: fixture.url, httpAgent, retry: false })

    const request = api.get('/test/echo')
    expect(takenBy(httpAgent)).toBe(1)
    await expect(request).resolves.toMatchObject({ status: 200 })
    expect(authorizationSeen()).toEqual([undefined])
  })

  it('wait for a token that getAccessToken returns as a promise, then send it', async () => {
    const httpAgent = ownAgent()
    const api = createApiClient({
      baseURL: fixture.url,
      httpAgent,
      auth: { getAccessToken: () => Promise.resolve('token-1'), refresh: () => 'token-2' },
    })

    const request = api.get('/test/echo')
    expect(takenBy(httpAgent)).toBe(0)
    await expect(request).resolves.toMatchObject({ status: 200 })
    expect(authorizationSeen()).toEqual(['Bearer token-1'])
  })

  it('wait for an asynchronous interceptor of the app, and still attach the token', async () => {
    const httpAgent = ownAgent()
    const api = createApiClient({
      baseURL: fixture.url,
      httpAgent,
      auth: { getAccessToken: () => 'token-1', refresh: () => 'token-2' },
    })
    api.interceptors.request.use((config) => Promise.resolve(config))

    const request = api.get('/test/echo')
    expect(takenBy(httpAgent)).toBe(0)
    await expect(request).resolves.toMatchObject({ status: 200 })
    expect(authorizationSeen()).toEqual(['Bearer token-1'])
  })

  it('leave no request interceptor behind once ejected', () => {
    const api = createApiClient({
      baseURL: 'http://api.test',
      auth: { getAccessToken: () => 'token-1', refresh: () => 'token-2' },
    })
    api.eject()
    expect(api.interceptors.request.handlers?.filter(Boolean)).toEqual([])
    expect(api.interceptors.response.handlers?.filter(Boolean)).toEqual([])
  })
})

describe('huge error bodies (16.14)', () => {
  it('leaves an error body over 1 MB as text, so no JSON.parse and no key listing can block for long', async () => {
    const fieldMap = JSON.stringify(
      Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`field${i}`, ['is invalid']])),
    )
    const server = createServer((req, res) => {
      res.writeHead(req.url === '/error' ? 422 : 200, { 'content-type': 'application/json' })
      res.end(fieldMap)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const api = createApiClient({ baseURL: `http://127.0.0.1:${port}`, retry: false })
      const error = (await api.get('/error').catch((e: unknown) => e)) as {
        kind: string
        data: unknown
      }
      expect(fieldMap.length).toBeGreaterThan(1 << 20)
      expect(error.kind).toBe('validation')
      expect(typeof error.data).toBe('string')
      // A success body is the app's data: parsed as always, however long.
      const ok = await api.get('/ok')
      expect(typeof ok.data).toBe('object')
    } finally {
      server.close()
    }
  })
})
