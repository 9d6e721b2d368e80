import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AxiosAdapter } from 'axios'
import { describe, expect, it } from 'vitest'
import { createApiClient } from '../../src/core/client'

/** An adapter that answers at once and notes the Authorization header of each request it sends. */
function recordingAdapter() {
  const sent: (string | undefined)[] = []
  const adapter: AxiosAdapter = (config) => {
    sent.push(config.headers.get('Authorization') as string | undefined)
    return Promise.resolve({ data: {}, status: 200, statusText: 'OK', headers: {}, config })
  }
  return { sent, adapter }
}

// The per-request cost of the client (bench/overhead.bench.ts) rests on axios running the request
// interceptors in one go, which it does only when every one it runs is synchronous. These tests
// see that from outside: the adapter has been called by the time the request call returns.
describe('the request interceptors of a client', () => {
  it('run synchronously for a request whose token is known and that needs no wait', async () => {
    const { sent, adapter } = recordingAdapter()
    const api = createApiClient({
      baseURL: 'http://api.test',
      adapter,
      auth: { getAccessToken: () => 'token-1', refresh: () => 'token-2' },
    })

    const request = api.get('/users')
    expect(sent).toEqual(['Bearer token-1'])
    await expect(request).resolves.toMatchObject({ status: 200 })
  })

  it('run synchronously without auth, and with retry turned off', async () => {
    const { sent, adapter } = recordingAdapter()
    const api = createApiClient({ baseURL: 'http://api.test', adapter, retry: false })

    const request = api.get('/users')
    expect(sent).toEqual([undefined])
    await request
  })

  it('wait for a token that getAccessToken returns as a promise, then send it', async () => {
    const { sent, adapter } = recordingAdapter()
    const api = createApiClient({
      baseURL: 'http://api.test',
      adapter,
      auth: { getAccessToken: () => Promise.resolve('token-1'), refresh: () => 'token-2' },
    })

    const request = api.get('/users')
    expect(sent).toEqual([])
    await request
    expect(sent).toEqual(['Bearer token-1'])
  })

  it('wait for an asynchronous interceptor of the app, and still attach the token', async () => {
    const { sent, adapter } = recordingAdapter()
    const api = createApiClient({
      baseURL: 'http://api.test',
      adapter,
      auth: { getAccessToken: () => 'token-1', refresh: () => 'token-2' },
    })
    api.interceptors.request.use((config) => Promise.resolve(config))

    const request = api.get('/users')
    expect(sent).toEqual([])
    await request
    expect(sent).toEqual(['Bearer token-1'])
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
