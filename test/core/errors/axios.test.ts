import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { inspect } from 'node:util'
import axios, { type AxiosError } from 'axios'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiError, normalizeError } from '../../../src/core/errors'

// A real server: what axios builds from a real socket is what normalizeError must read.
let server: Server
let base: string
const seen: IncomingMessage[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req)
    const url = new URL(req.url ?? '/', 'http://x')
    switch (url.pathname) {
      case '/slow':
        setTimeout(() => res.end('late'), 2000).unref()
        return
      case '/drop':
        req.socket.destroy()
        return
      case '/html':
        res.writeHead(500, { 'content-type': 'text/html', 'x-request-id': 'html-1' })
        res.end(
          '<!doctype html><html><head><title>Payments &amp; billing are down</title></head><body><h1>Oops</h1></body></html>',
        )
        return
      case '/json-text':
        res.writeHead(422, { 'content-type': 'text/plain' })
        res.end('{"message":"Validation failed","errors":{"email":["is invalid"]}}')
        return
      case '/unauthorized':
        res.writeHead(401, {
          'content-type': 'application/json',
          'www-authenticate': 'Bearer error="invalid_token"',
          'set-cookie': 'sid=server-cookie-secret; HttpOnly',
        })
        res.end(JSON.stringify({ message: 'Token expired' }))
        return
      case '/loop':
        res.writeHead(302, { location: '/loop' }).end()
        return
      case '/cut':
        // A 200 whose body stops half-way: the connection drops after the status line.
        res.writeHead(Number(url.searchParams.get('status') ?? 200), {
          'content-type': 'application/json',
          'content-length': '1000',
        })
        res.write('{"items":[')
        setTimeout(() => req.socket.destroy(), 10)
        return
      case '/big':
        res.end('x'.repeat(5000))
        return
      case '/rate':
        res.writeHead(429, { 'retry-after': '2', 'content-type': 'application/json' })
        res.end(JSON.stringify({ error: { code: 'rate_limited', message: 'Slow down' } }))
        return
      default:
        res.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

const fail = async (p: Promise<unknown>): Promise<AxiosError> => {
  try {
    await p
  } catch (e) {
    return e as AxiosError
  }
  throw new Error('the request did not fail')
}

describe('normalizeError on real axios errors', () => {
  it('makes a timeout retryable', async () => {
    const cause = await fail(axios.get(`${base}/slow`, { timeout: 50 }))
    const error = normalizeError(cause)
    expect(error).toMatchObject({
      kind: 'timeout',
      retryable: true,
      status: undefined,
      code: 'ECONNABORTED',
    })
    // the cause is a copy of the AxiosError, as recognisable as the original
    expect(error.cause).toBeInstanceOf(axios.AxiosError)
    expect(error.cause).toMatchObject({ code: 'ECONNABORTED', message: cause.message })
    expect(error.request).toEqual({ method: 'GET', url: `${base}/slow` })
  })

  it('makes a timeout retryable with clarifyTimeoutError (ETIMEDOUT)', async () => {
    const cause = await fail(
      axios.get(`${base}/slow`, { timeout: 50, transitional: { clarifyTimeoutError: true } }),
    )
    expect(normalizeError(cause)).toMatchObject({
      kind: 'timeout',
      code: 'ETIMEDOUT',
      retryable: true,
    })
  })

  it('makes a refused connection a retryable network error', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const error = normalizeError(await fail(axios.get(`http://127.0.0.1:${port}/`)))
    expect(error).toMatchObject({
      kind: 'network',
      retryable: true,
      code: 'ECONNREFUSED',
      status: undefined,
    })
    expect(error.message).toMatch(/ECONNREFUSED/)
  })

  it('makes a dropped connection a retryable network error', async () => {
    const error = normalizeError(await fail(axios.get(`${base}/drop`)))
    expect(error).toMatchObject({ kind: 'network', retryable: true, status: undefined })
  })

  it('makes a success whose body broke off a retryable network error', async () => {
    const error = normalizeError(await fail(axios.get(`${base}/cut`)))
    expect(error).toMatchObject({
      kind: 'network',
      retryable: true,
      code: 'ERR_BAD_RESPONSE',
      status: undefined,
    })
  })

  it('keeps the status of an error response whose body broke off', async () => {
    const error = normalizeError(await fail(axios.get(`${base}/cut?status=503`)))
    expect(error).toMatchObject({ kind: 'server', retryable: true, status: 503 })
  })

  // What axios refuses to send or to accept is no network failure: the same request fails the same way.
  it.each([
    ['an invalid URL', () => axios.get('http://[bad/'), 'ERR_INVALID_URL', 0],
    ['an unsupported protocol', () => axios.get('ftp://127.0.0.1/x'), 'ERR_BAD_REQUEST', 0],
    [
      'a bad option',
      () => axios.get(`${base}/big`, { socketPath: 5 as never }),
      'ERR_BAD_OPTION_VALUE',
      0,
    ],
    [
      'too many redirects',
      () => axios.get(`${base}/loop`, { maxRedirects: 2 }),
      'ERR_FR_TOO_MANY_REDIRECTS',
      3,
    ],
    [
      'a body over maxContentLength',
      () => axios.get(`${base}/big`, { maxContentLength: 10 }),
      'ERR_BAD_RESPONSE',
      1,
    ],
  ] as const)('makes %s an http error that is not retried', async (_, send, code, hits) => {
    const before = seen.length
    const error = normalizeError(await fail(send()))
    expect(error).toMatchObject({ kind: 'http', retryable: false, code, status: undefined })
    expect(error.message).not.toBe('Unknown error')
    expect(seen.length - before).toBe(hits)
  })

  it('makes an aborted request canceled, not retryable', async () => {
    const controller = new AbortController()
    const pending = fail(axios.get(`${base}/slow`, { signal: controller.signal }))
    setTimeout(() => controller.abort(), 10)
    const error = normalizeError(await pending)
    expect(error).toMatchObject({ kind: 'canceled', retryable: false, code: 'ERR_CANCELED' })
  })

  it('reads the title of an HTML 500', async () => {
    const error = normalizeError(await fail(axios.get(`${base}/html`)))
    expect(error).toMatchObject({
      kind: 'server',
      status: 500,
      retryable: true,
      message: 'Payments & billing are down',
      requestId: 'html-1',
    })
    expect(error.data).toContain('<title>')
  })

  it('parses JSON text that axios left alone with responseType text', async () => {
    const error = normalizeError(
      await fail(axios.get(`${base}/json-text`, { responseType: 'text' })),
    )
    expect(error).toMatchObject({
      kind: 'validation',
      message: 'Validation failed',
      fieldErrors: [{ field: 'email', message: 'is invalid' }],
    })
    expect(typeof error.data).toBe('string')
  })

  it('reads Retry-After from AxiosHeaders', async () => {
    const error = normalizeError(await fail(axios.get(`${base}/rate`)))
    expect(error).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 2000,
      code: 'rate_limited',
      message: 'Slow down',
      retryable: true,
    })
  })

  it('builds the absolute URL from baseURL, with secrets redacted', async () => {
    const api = axios.create({ baseURL: `${base}/api/` })
    const error = normalizeError(await fail(api.post('/missing?page=1&access_token=abc', {})))
    expect(error).toMatchObject({ kind: 'not_found', status: 404 })
    expect(error.request).toEqual({
      method: 'POST',
      url: `${base}/api/missing?page=1&access_token=[REDACTED]`,
    })
  })

  it('never prints the request credentials, whichever way the error is printed', async () => {
    const secrets = [
      'sekrit-access-token',
      'cookie-secret',
      'query-token-secret',
      'server-cookie-secret',
    ]
    const cause = await fail(
      axios.get(`${base}/unauthorized?token=query-token-secret`, {
        headers: { Authorization: 'Bearer sekrit-access-token', Cookie: 'session=cookie-secret' },
      }),
    )
    // the server did receive them: the test would prove nothing otherwise
    const received = seen.at(-1)!
    expect(received.headers.authorization).toBe('Bearer sekrit-access-token')
    expect(received.headers.cookie).toBe('session=cookie-secret')
    expect(inspect(cause, { depth: 10 })).toContain('sekrit-access-token')

    const error = normalizeError(cause)
    expect(error).toMatchObject({
      kind: 'unauthorized',
      code: 'invalid_token',
      message: 'Token expired',
    })
    // The cause is the AxiosError without what authenticated it (an error tracker walks causes).
    expect(axios.isAxiosError(error.cause)).toBe(true)
    expect(error.cause).toMatchObject({ response: { status: 401 }, config: { method: 'get' } })
    expect(error.cause).not.toHaveProperty('request')
    const printed = [
      inspect(error.cause, { depth: Infinity, showHidden: true }),
      JSON.stringify(error.cause),
      JSON.stringify(error),
      String(error),
      inspect(error),
      inspect(error, { depth: Infinity, showHidden: true }),
      inspect({ wrapped: error }, { depth: Infinity }),
      `${error.stack}`,
    ]
    for (const text of printed) for (const secret of secrets) expect(text).not.toContain(secret)
    expect(error.request?.url).toBe(`${base}/unauthorized?token=[REDACTED]`)
    expect(inspect(error)).toContain('ApiError: Token expired')
    expect(inspect(error)).toContain("kind: 'unauthorized'")
  })
})

describe('ApiError', () => {
  it('serialises to a plain object without body, headers or cause', () => {
    const error = new ApiError({
      kind: 'validation',
      message: 'Invalid',
      retryable: false,
      status: 422,
      fieldErrors: [{ field: 'email', message: 'bad', code: 'format' }],
      data: { token: 'body-secret' },
      request: { method: 'POST', url: 'https://api.test/users' },
      cause: new Error('inner'),
    })
    expect(error.toJSON()).toStrictEqual({
      name: 'ApiError',
      kind: 'validation',
      message: 'Invalid',
      status: 422,
      fieldErrors: [{ field: 'email', message: 'bad', code: 'format' }],
      retryable: false,
      request: { method: 'POST', url: 'https://api.test/users' },
    })
    expect(error.toJSON().fieldErrors[0]).not.toBe(error.fieldErrors[0])
    expect(error.cause).toBeInstanceOf(Error)
    expect(String(error)).toBe('ApiError: Invalid')
  })
})
