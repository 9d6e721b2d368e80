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
