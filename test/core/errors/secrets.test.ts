// Issue 16.4: a server that echoes the token it was sent must not put it into the error. The
// client passes the secrets it knows in the context; every string the ApiError carries, its
// toJSON() and util.inspect() must show none of them, while `data` keeps the body as received.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { inspect } from 'node:util'
import axios from 'axios'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiError, normalizeError } from '../../../src/core/errors'

const TOKEN = 'tok_live_9f8e7d6c5b4a/3+2=1'
const ENCODED = encodeURIComponent(TOKEN)

let server: Server
let base: string
const received: IncomingMessage[] = []

beforeAll(async () => {
  // Answers every request with a 401 that echoes the bearer token it got, in every place a careless
  // API has been seen to put it.
  server = createServer((request, response) => {
    received.push(request)
    const token = (request.headers.authorization ?? '').replace(/^Bearer /, '')
    response.writeHead(401, {
      'content-type': 'application/json',
      'x-request-id': `req-${token}`,
    })
    response.end(
      JSON.stringify({
        message: `The access token ${token} expired at noon`,
        code: `expired:${encodeURIComponent(token)}`,
        errors: [{ field: 'token', message: `Token ${token} is not valid`, code: 'expired' }],
        echo: { url: `https://api.test/cb?token=${encodeURIComponent(token)}` },
      }),
    )
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => new Promise<void>((done) => server.close(() => done())))

/** Every string an ApiError shows: its fields, toJSON() and what console.log prints. */
const shown = (error: ApiError): string =>
  [
    error.message,
    error.code,
    error.requestId,
    JSON.stringify(error.fieldErrors),
    error.request?.url,
    error.stack,
    JSON.stringify(error),
    inspect(error),
  ].join('\n')

describe('secrets the client knows', () => {
  it('are replaced in every string of an error from a server that echoes the token', async () => {
    const failure = await axios
      .get(`${base}/tokens/${ENCODED}/check`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      })
      .catch((error: unknown) => error)
    // the server really got the token, and really echoed it
    expect(received.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`)
    expect(received.at(-1)?.url).toBe(`/tokens/${ENCODED}/check`)

    const error = normalizeError(failure, { secrets: [TOKEN] })
    const text = shown(error)
    expect(text).not.toContain(TOKEN)
    expect(text).not.toContain(ENCODED)
    expect(error.message).toBe('The access token [REDACTED] expired at noon')
    expect(error.fieldErrors).toEqual([
      { field: 'token', message: 'Token [REDACTED] is not valid', code: 'expired' },
    ])
    expect(error.code).toBe('expired:[REDACTED]')
    expect(error.requestId).toBe('req-[REDACTED]')
    expect(error.request?.url).toBe(`${base}/tokens/[REDACTED]/check`)
    // the body stays as received: it is never serialised
    expect(JSON.stringify(error.data)).toContain(TOKEN)
  })

  it('are found URL-encoded in either case, after markup and entities, and next to other text', () => {
    const lower = ENCODED.replace(/%[\dA-F]{2}/g, (escape) => escape.toLowerCase())
    const error = normalizeError(
      {
        status: 400,
        headers: {},
        data: `<html><title>Bad token <b>${TOKEN.slice(0, 8)}</b>${TOKEN.slice(8).replace('+', '&#43;')}, also ${lower}</title></html>`,
      },
      { secrets: [TOKEN] },
    )
    expect(error.message).toBe('Bad token [REDACTED], also [REDACTED]')
  })

  it('are replaced before a long message is cut, so no part of one is left', () => {
    const message = 'x'.repeat(290) + ' ' + TOKEN + ' trailing words'
    const error = normalizeError(
      { status: 400, headers: {}, data: { message } },
      { secrets: [TOKEN] },
    )
    expect(error.message).toBe('x'.repeat(290) + ' [REDACTE…')
    expect(error.message).not.toContain(TOKEN.slice(0, 4))
  })

  it('ignores secrets shorter than 8 characters, and reach ApiErrors built by hand', () => {
    const error = normalizeError(
      { status: 400, headers: {}, data: { message: 'Name abc is taken' } },
      { secrets: ['abc'] },
    )
    expect(error.message).toBe('Name abc is taken')
    const made = new ApiError({
      kind: 'unauthorized',
      retryable: false,
      message: `Refresh with ${TOKEN} failed`,
      request: { method: 'post', url: `https://api.test/refresh?rt=${ENCODED}` },
      secrets: [TOKEN],
    })
    expect(shown(made)).not.toContain(TOKEN)
    expect(shown(made)).not.toContain(ENCODED)
    expect(made.request).toEqual({ method: 'POST', url: 'https://api.test/refresh?rt=[REDACTED]' })
  })

  it('are never kept on the error', () => {
    const error = normalizeError(
      { status: 401, headers: {}, data: { message: 'no' } },
      { secrets: [TOKEN] },
    )
    expect(Object.values(error)).not.toContain(TOKEN)
    expect(JSON.stringify(Object.values(error))).not.toContain(TOKEN)
  })
})
