// Issue 16.10: with `responseType: 'stream'`, the body of a response the retry layer throws away
// (the failed attempt before a retry) is nobody's to read: unless it is destroyed or canceled, its
// connection stays busy until the server gives up on it. Counted on the server: the responses it
// is still sending once every request has settled.
import { createServer } from 'node:http'
import type { ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Readable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { createApiClient } from '../../src/core/client'
import { isApiError } from '../../src/core/errors/ApiError'
import type { ApiError } from '../../src/core/errors/ApiError'
import { until } from '../core/retry/harness'

const REQUESTS = 50

/**
 * Answers every request 503 with a body that never ends (a slow download, as far as the client can
 * tell), and counts the responses still open: one the client neither read nor let go of stays
 * open, holding its connection, until the server gives up on it. Counting responses rather than
 * sockets leaves out the idle connections a client pool keeps (undici opens spares of its own).
 */
function startBusyServer(headers: Record<string, string> = {}) {
  const open = new Set<ServerResponse>()
  let requests = 0
  const server = createServer((_request, response) => {
    requests++
    open.add(response)
    response.once('close', () => open.delete(response))
    response.writeHead(503, { 'content-type': 'application/json', ...headers })
    response.write('{"message":"busy","more":"')
  })
  // Node's server would close an idle keep-alive connection after 5 s: nothing closes here but
  // the client.
  server.keepAliveTimeout = 0
  return new Promise<{
    url: string
    openResponses(): number
    requests(): number
    close(): Promise<void>
  }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}`,
        openResponses: () => open.size,
        requests: () => requests,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections()
            server.close(() => done())
          }),
      })
    })
  })
}

/**
 * The responses still open once the closes in flight have arrived: waits (in real time, bounded)
 * for the count to reach `expected`, and returns it whatever it is then.
 */
async function openResponsesSettledAt(server: { openResponses(): number }, expected: number) {
  await until(() => server.openResponses() <= expected, 3000).catch(() => undefined)
  return server.openResponses()
}

let server: Awaited<ReturnType<typeof startBusyServer>>
afterEach(async () => {
  await server.close()
})

/** What the callers got: each one's error carries the body of the last attempt, unread. */
const destroyBodies = (errors: ApiError[]) =>
  errors.forEach((error) => {
    const body = error.data as Readable | ReadableStream | undefined
    if (body && 'destroy' in body) body.destroy()
    else if (body && 'cancel' in body) void body.cancel().catch(() => undefined)
  })

describe.each([['http'], ['fetch']] as const)('with the %s adapter', (adapter) => {
  beforeEach(async () => {
    server = await startBusyServer()
  })

  test(`${REQUESTS} GETs given up after 3 retries hold only the ${REQUESTS} bodies their callers got`, async () => {
    const api = createApiClient({ baseURL: server.url, adapter, retry: { baseDelayMs: 0 } })

    const errors = await Promise.all(
      Array.from({ length: REQUESTS }, () =>
        api.get('/items', { responseType: 'stream' }).then(
          () => {
            throw new Error('expected a 503')
          },
          (error: unknown) => error,
        ),
      ),
    )

    expect(errors.map((error) => isApiError(error) && error.status)).toEqual(
      Array<number>(REQUESTS).fill(503),
    )
    expect(server.requests()).toBe(REQUESTS * 4)
    // Plain axios holds one response per caller: the one the caller got.
    expect(await openResponsesSettledAt(server, REQUESTS)).toBe(REQUESTS)

    destroyBodies(errors as ApiError[])
    expect(await openResponsesSettledAt(server, 0)).toBe(0)
  })
})

describe('a retry wait ended by an abort', () => {
  beforeEach(async () => {
    server = await startBusyServer({ 'retry-after': '30' })
  })

  test('leaves no response open: the one it was going to retry is let go of before the wait', async () => {
    const api = createApiClient({ baseURL: server.url })
    const controller = new AbortController()
    let announced = 0
    api.retry.subscribe(() => announced++)

    const requests = Array.from({ length: REQUESTS }, () =>
      api.get('/items', { responseType: 'stream', signal: controller.signal }).catch((e) => e),
    )
    await until(() => announced === REQUESTS)
    controller.abort()
    const errors = await Promise.all(requests)

    expect(errors.map((error) => isApiError(error) && error.kind)).toEqual(
      Array<string>(REQUESTS).fill('canceled'),
    )
    expect(server.requests()).toBe(REQUESTS)
    expect(await openResponsesSettledAt(server, 0)).toBe(0)
  })
})
