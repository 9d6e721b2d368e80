// @vitest-environment jsdom
// Issue 15.6: across origins a page reads only the CORS-safelisted response headers unless the
// server lists the others in Access-Control-Expose-Headers, so Retry-After and RateLimit-* of a
// 429 or 503 are invisible and the client backs off on its own. In development the client says so,
// once, naming the header to send. jsdom enforces CORS like a browser: its page is
// http://localhost:3000 and the servers are on 127.0.0.1.
import { createServer as createHttpServer } from 'node:http'
import type { ServerResponse } from 'node:http'
import { createServer as createTcpServer } from 'node:net'
import type { AddressInfo, Server, Socket } from 'node:net'
import { JSDOM } from 'jsdom'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { createApiClient } from '../../../src/core/client'
import { isApiError } from '../../../src/core/errors'
import { createFixtureApi } from '../../fixture/api'
import { serveWithFixture } from '../../fixture/nodeBridge'
import { startFixtureServer } from '../../fixture/server'
import type { FixtureServer } from '../../fixture/server'

const FIX =
  'Access-Control-Expose-Headers: Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, X-Request-Id'

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}
const closeServer = (server: Server, sockets: Set<Socket>) =>
  new Promise<void>((resolve) => {
    for (const socket of sockets) socket.destroy()
    server.close(() => resolve())
  })
const trackSockets = (server: Server) => {
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  return sockets
}

/**
 * The fixture answering as `@fastify/cors` does by default: the origin allowed, no header exposed.
 * The fixture itself exposes every header, so this wraps its answers and drops that one.
 */
async function startUnexposedFixture() {
  const api = createFixtureApi()
  const server = createHttpServer((request, response) => {
    const writeHead = response.writeHead.bind(response) as (
      status: number,
      headers: Record<string, string | string[]>,
    ) => ServerResponse
    Object.assign(response, {
      writeHead: (status: number, headers: Record<string, string | string[]> = {}) => {
        const { 'access-control-expose-headers': _dropped, ...rest } = headers
        return writeHead(status, rest)
      },
    })
    void serveWithFixture(api, request, response)
  })
  const sockets = trackSockets(server)
  return { url: await listen(server), close: () => closeServer(server, sockets) }
}

/**
 * A server whose 503 carries only safelisted headers (Content-Type, Content-Length) and, for a
 * cross-origin request, Access-Control-Allow-Origin. Written by hand: node:http always adds Date
 * and Connection, which a same-origin page would see, and which would hide the point of the test.
 */
async function startBareServer() {
  const server = createTcpServer((socket) => {
    let head = ''
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1')
      if (!head.includes('\r\n\r\n')) return
      const origin = /^origin: *(.+)$/im.exec(head)?.[1]?.trim()
      const body = '{"message":"busy"}'
      socket.end(
        'HTTP/1.1 503 Service Unavailable\r\n' +
          'Content-Type: application/json\r\n' +
          `Content-Length: ${body.length}\r\n` +
          (origin ? `Access-Control-Allow-Origin: ${origin}\r\n` : '') +
          '\r\n' +
          body,
      )
    })
  })
  const sockets = trackSockets(server)
  return { url: await listen(server), close: () => closeServer(server, sockets) }
}

let exposed: FixtureServer
let unexposed: Awaited<ReturnType<typeof startUnexposedFixture>>
let bare: Awaited<ReturnType<typeof startBareServer>>
let warn: ReturnType<typeof vi.spyOn>

beforeAll(async () => {
  ;[exposed, unexposed, bare] = await Promise.all([
    startFixtureServer(),
    startUnexposedFixture(),
    startBareServer(),
  ])
})
afterAll(async () => {
  await Promise.all([exposed.close(), unexposed.close(), bare.close()])
})
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
})
afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  vi.unstubAllEnvs()
})

// Retries off: the warning is about what the answer shows, and no test here should wait.
const client = (baseURL: string) => createApiClient({ baseURL, retry: false })
const failureOf = async (request: Promise<unknown>) => {
  const outcome = await request.then(
    () => undefined,
    (error: unknown) => error,
  )
  if (!isApiError(outcome)) throw new Error(`expected an ApiError, got ${String(outcome)}`)
  return outcome
}
const warnings = () => warn.mock.calls.map((call: unknown[]) => String(call[0]))

describe('a cross-origin answer that exposes nothing beyond the safelisted headers', () => {
  test('a 429 warns once per client, naming the header to send', async () => {
    const api = client(unexposed.url)

    const first = await failureOf(api.get('/test/status/429?retry_after=5'))
    await failureOf(api.get('/test/status/429?retry_after=5'))

    // The page could not read Retry-After: that is the trouble the warning is about.
    expect(first).toMatchObject({ status: 429, retryAfterMs: undefined })
    expect(warnings()).toHaveLength(1)
    expect(warnings()[0]).toContain(FIX)
    expect(warnings()[0]).toContain('429')
    expect(warnings()[0]).toContain(unexposed.url)

    await failureOf(client(unexposed.url).get('/test/status/429'))
    expect(warnings()).toHaveLength(2)
  })

  test('a 503 warns too', async () => {
    await failureOf(client(unexposed.url).get('/test/status/503?retry_after=5'))

    expect(warnings()).toHaveLength(1)
    expect(warnings()[0]).toContain(FIX)
  })

  test('a 500 does not: it carries no Retry-After worth reading', async () => {
    await failureOf(client(unexposed.url).get('/test/status/500'))

    expect(warnings()).toEqual([])
  })
})

describe('no warning', () => {
  test('when the server exposes the headers (the fixture lists them all)', async () => {
    const error = await failureOf(client(exposed.url).get('/test/status/429?retry_after=5'))

    expect(error).toMatchObject({ status: 429, retryAfterMs: 5000 })
    expect(warnings()).toEqual([])
  })

  test('in production', async () => {
    vi.stubEnv('NODE_ENV', 'production')

    await failureOf(client(unexposed.url).get('/test/status/429?retry_after=5'))

    expect(warnings()).toEqual([])
  })

  test('when the request is same-origin, even if the answer has only safelisted headers', async () => {
    // The control: seen from the test page's origin, the same answer warns.
    await failureOf(client(bare.url).get('/busy'))
    expect(warnings()).toHaveLength(1)
    warn.mockClear()

    // A page served from the server's own origin. jsdom's reconfigure() moves `location` but not
    // the origin its XMLHttpRequest checks CORS against, so the page is a JSDOM of its own.
    const page = new JSDOM('', { url: `${bare.url}/app` })
    vi.stubGlobal('XMLHttpRequest', page.window.XMLHttpRequest)
    vi.stubGlobal('location', page.window.location)
    try {
      const error = await failureOf(client('/').get('/busy'))
      expect(error).toMatchObject({ status: 503 })
      expect(warnings()).toEqual([])
    } finally {
      page.window.close()
    }
  })
})
