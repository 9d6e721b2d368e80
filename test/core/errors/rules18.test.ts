// The RULES-18 readings that no captured corpus case exercises on its own: each pinned with the
// shape a server is known to send.
import { describe, expect, it } from 'vitest'
import { normalizeError } from '../../../src/core/errors'

const res = (status: number, data?: unknown, headers: unknown = {}) => ({ status, headers, data })

describe('field errors from message grammars', () => {
  it('reads Fastify summaries, leaving a location that names no property form-level', () => {
    const error = normalizeError(
      res(400, {
        code: 'FST_ERR_VALIDATION',
        message:
          'body must NOT have additional properties, querystring/page must be integer, params/id must be equal to one of the allowed values: a, b',
      }),
    )
    expect(error.fieldErrors).toEqual([
      { field: 'page', message: 'must be integer' },
      { field: 'id', message: 'must be equal to one of the allowed values: a, b' },
    ])
    expect(error.message).toBe(
      'body must NOT have additional properties, querystring/page must be integer, params/id must be equal to one of the allowed values: a, b',
    )
  })

  it("reads express-openapi-validator's summary when no item list comes with it", () => {
    expect(
      normalizeError(res(400, { message: 'request/body/email must match format "email"' }))
        .fieldErrors,
    ).toEqual([{ field: 'email', message: 'must match format "email"' }])
  })

  it('leaves prose that only mentions a location alone', () => {
    expect(normalizeError(res(400, { message: 'body is not valid JSON' })).fieldErrors).toEqual([])
    expect(
      normalizeError(res(400, { message: ['Passwords do not match'], statusCode: 400 }))
        .fieldErrors,
    ).toEqual([])
  })
})

describe('envelopes and codes', () => {
  it('reads a JSON-RPC error through its envelope, preferring a string code in data', () => {
    expect(
      normalizeError(
        res(200, {
          jsonrpc: '2.0',
          error: { code: -32602, message: 'Invalid params', data: { code: 'EMAIL_TAKEN' } },
          id: 1,
        }),
      ),
    ).toMatchObject({ code: 'EMAIL_TAKEN', message: 'Invalid params' })
    expect(
      normalizeError(
        res(200, { jsonrpc: '2.0', error: { code: -32601, message: 'Method not found' }, id: 2 }),
      ),
    ).toMatchObject({ code: '-32601', message: 'Method not found' })
  })

  it('reads the spellings of message and code keys, also in an envelope', () => {
    expect(
      normalizeError(
        res(403, { err_msg: 'Only admins can index the jobs of others', err_code: 403006 }),
      ),
    ).toMatchObject({ message: 'Only admins can index the jobs of others', code: '403006' })
    expect(
      normalizeError(
        res(200, { error: { error_code: 5, error_msg: 'User authorization failed' } }),
      ),
    ).toMatchObject({ message: 'User authorization failed', code: '5' })
    expect(
      normalizeError(res(502, { errorMessage: 'Task timed out', errorType: 'Error' })),
    ).toMatchObject({ message: 'Task timed out', code: undefined })
  })

  it('reads errors grouped by request part, as lists or field maps', () => {
    expect(
      normalizeError(
        res(400, {
          bodyErrors: { email: ['is invalid'] },
          queryErrors: [{ path: ['page'], message: 'must be a number' }],
        }),
      ).fieldErrors,
    ).toEqual([
      { field: 'email', message: 'is invalid' },
      { field: 'page', message: 'must be a number' },
    ])
  })

  it('never takes a class name for a code, wherever it sits', () => {
    const code = (body: unknown) => normalizeError(res(400, body)).code
    expect(code({ name: 'ValidationError', message: 'x' })).toBeUndefined()
    expect(code({ name: 'BadRequestException', message: 'x' })).toBeUndefined()
    expect(code({ type: 'TypeError', message: 'x' })).toBeUndefined()
    expect(code({ errors: [{ type: 'RangeError', message: 'x' }] })).toBeUndefined()
    expect(code({ name: 'INVALID_REQUEST', message: 'x' })).toBe('INVALID_REQUEST')
    expect(code({ __type: 'com.amazon#ValidationException', message: 'x' })).toBe(
      'ValidationException',
    )
  })
})

describe('text bodies', () => {
  it.each([
    [
      'JavaScript',
      'TypeError: x is not a function\n    at handler (/srv/app.js:3:9)\n    at next (/srv/router.js:1:1)',
      'TypeError: x is not a function',
    ],
    [
      'Java',
      'java.lang.IllegalStateException: no order\n\tat com.shop.Orders.find(Orders.java:42)',
      'java.lang.IllegalStateException: no order',
    ],
    [
      'a Go panic',
      'panic: runtime error: index out of range [5] with length 3\n\ngoroutine 1 [running]:\nmain.main()\n\t/srv/main.go:8 +0x1d',
      'panic: runtime error: index out of range [5] with length 3',
    ],
    [
      'Ruby',
      "NoMethodError: undefined method `total' for nil\n/srv/app.rb:12:in `block in <main>'",
      "NoMethodError: undefined method `total' for nil",
    ],
    [
      'a Python traceback',
      'Traceback (most recent call last):\n  File "app.py", line 3, in <module>\n    main()\nKeyError: \'user\'',
      "KeyError: 'user'",
    ],
  ])('gives the line of a %s stack trace that names the error', (_, text, line) => {
    expect(normalizeError(res(500, text, { 'content-type': 'text/plain' })).message).toBe(line)
  })

  it('takes a text/plain body literally, without decoding entities', () => {
    expect(normalizeError(res(400, 'a &amp; b', { 'content-type': 'text/plain' })).message).toBe(
      'a &amp; b',
    )
    expect(normalizeError(res(400, '<p>a &amp; b</p>')).message).toBe('a & b')
  })

  it('reads labelled lines and skips other labels (Tomcat, Jetty)', () => {
    const tomcat =
      '<!doctype html><html lang="en"><head><title>HTTP Status 404 – Not Found</title></head><body><h1>HTTP Status 404 – Not Found</h1><hr class="line" /><p><b>Type</b> Status Report</p><p><b>Message</b> The requested resource [&#47;nope] is not available</p><p><b>Description</b> The origin server did not find a current representation for the target resource.</p></body></html>'
    expect(normalizeError(res(404, tomcat)).message).toBe(
      'The requested resource [/nope] is not available',
    )
    const jetty =
      '<html><head><title>Error 404 Not Found</title></head><body><h2>HTTP ERROR 404 Not Found</h2><table><tr><th>URI:</th><td>/nope</td></tr><tr><th>STATUS:</th><td>404</td></tr><tr><th>MESSAGE:</th><td>Not Found</td></tr></table></body></html>'
    expect(normalizeError(res(404, jetty)).message).toBe('Not Found')
  })

  it('reads the description after a heading that restates the status (Apache, HAProxy)', () => {
    const apache =
      '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN"><html><head><title>502 Proxy Error</title></head><body><h1>Proxy Error</h1><p>The proxy server received an invalid response from an upstream server.<br />\nThe proxy server could not handle the request <em><a href="/x">GET&nbsp;/x</a></em>.<p>Reason: <strong>Error reading from remote server</strong></p></p></body></html>'
    expect(normalizeError(res(502, apache)).message).toBe(
      'The proxy server received an invalid response from an upstream server. The proxy server could not handle the request GET /x.',
    )
    const haproxy =
      '<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>'
    expect(normalizeError(res(503, haproxy)).message).toBe(
      'No server is available to handle this request.',
    )
  })

  it("takes a Bearer challenge's description for an empty or bare body only", () => {
    const headers = {
      'www-authenticate':
        'Bearer error="invalid_token", error_description="The token \\"abc\\" expired"',
    }
    expect(normalizeError(res(401, 'Unauthorized', headers)).message).toBe(
      'The token "abc" expired',
    )
    expect(normalizeError(res(401, { message: 'Session revoked' }, headers)).message).toBe(
      'Session revoked',
    )
  })
})
