import { AxiosHeaders } from 'axios'
import { afterEach, describe, expect, it } from 'vitest'
import {
  ApiError,
  isApiError,
  normalizeError,
  registerErrorParser,
  type ErrorParser,
} from '../../../src/core/errors'

const res = (status: number, data?: unknown, headers: unknown = {}) => ({ status, headers, data })

describe('normalizeError on responses', () => {
  it.each([
    [400, 'validation', false],
    [401, 'unauthorized', false],
    [402, 'http', false],
    [403, 'forbidden', false],
    [404, 'not_found', false],
    [405, 'http', false],
    [408, 'timeout', true],
    [409, 'conflict', false],
    [410, 'not_found', false],
    [412, 'conflict', false],
    [418, 'http', false],
    [422, 'validation', false],
    [425, 'http', true],
    [429, 'rate_limited', true],
    [500, 'server', true],
    [501, 'server', false],
    [502, 'server', true],
    [503, 'server', true],
    [504, 'server', true],
    [505, 'server', false],
    [599, 'server', false],
    [600, 'http', false],
  ])('maps status %i to %s (retryable: %s)', (status, kind, retryable) => {
    const error = normalizeError(res(status))
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ kind, status, retryable, fieldErrors: [] })
  })

  it('falls back to the reason phrase, then the code, then the status', () => {
    expect(normalizeError(res(404)).message).toBe('Not Found')
    expect(normalizeError(res(200, { ok: false, error: 'team_not_found' })).message).toBe(
      'team_not_found',
    )
    expect(normalizeError(res(299)).message).toBe('Request failed with status 299')
    expect(normalizeError(res(420)).message).toBe('Request failed with status 420')
  })

  it('maps the code of an error payload in a 2xx, never retryable', () => {
    const graphql = (code: string) =>
      res(200, { errors: [{ message: 'x', extensions: { code } }], data: null })
    expect(normalizeError(graphql('UNAUTHENTICATED')).kind).toBe('unauthorized')
    expect(normalizeError(graphql('forbidden')).kind).toBe('forbidden')
    expect(normalizeError(graphql('BAD_USER_INPUT')).kind).toBe('validation')
    expect(normalizeError(graphql('INTERNAL_SERVER_ERROR'))).toMatchObject({
      kind: 'server',
      retryable: false,
    })
    expect(normalizeError(graphql('RATE_LIMITED')).kind).toBe('rate_limited')
    expect(normalizeError(graphql('SOMETHING_ELSE')).kind).toBe('http')
    expect(normalizeError(graphql('404')).kind).toBe('http')
  })

  it('reads headers in any case from a plain object, a Headers and an AxiosHeaders', () => {
    const data = { message: 'slow down' }
    for (const headers of [
      { 'Retry-After': '3', 'X-Request-ID': 'r1' },
      new Headers({ 'retry-after': '3', 'x-request-id': 'r1' }),
      new AxiosHeaders({ 'RETRY-AFTER': '3', 'x-request-id': 'r1' }),
      { 'retry-after': ['3'], 'x-request-id': 'r1' },
    ]) {
      expect(normalizeError(res(429, data, headers))).toMatchObject({
        retryAfterMs: 3000,
        requestId: 'r1',
        message: 'slow down',
      })
    }
  })

  it('takes an HTTP-date Retry-After relative to the Date header', () => {
    const headers = {
      date: 'Wed, 21 Oct 2015 07:28:00 GMT',
      'retry-after': 'Wed, 21 Oct 2015 07:28:45 GMT',
    }
    expect(normalizeError(res(503, undefined, headers)).retryAfterMs).toBe(45_000)
  })

  it('uses rate-limit resets only on a 429 or when nothing remains', () => {
    expect(normalizeError(res(429, undefined, { 'ratelimit-reset': '7' })).retryAfterMs).toBe(7000)
    expect(
      normalizeError(
        res(403, undefined, { 'x-ratelimit-reset': '7', 'x-ratelimit-remaining': '0' }),
      ).retryAfterMs,
    ).toBe(7000)
    expect(
      normalizeError(
        res(403, undefined, { 'x-ratelimit-reset': '7', 'x-ratelimit-remaining': '5' }),
      ).retryAfterMs,
    ).toBeUndefined()
    const epoch = { date: 'Tue, 20 Aug 2013 14:50:41 GMT', 'x-ratelimit-reset': '1377013266' }
    expect(normalizeError(res(429, undefined, epoch)).retryAfterMs).toBe(3_025_000)
  })

  it('reads Google RetryInfo and body retry_after', () => {
    const google = (retryDelay: unknown) =>
      res(429, {
        error: {
          code: 429,
          message: 'm',
          status: 'RESOURCE_EXHAUSTED',
          details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay }],
        },
      })
    expect(normalizeError(google('30s')).retryAfterMs).toBe(30_000)
    expect(normalizeError(google('1.5s')).retryAfterMs).toBe(1_500)
    expect(normalizeError(google({ seconds: '2', nanos: 500_000_000 })).retryAfterMs).toBe(2_500)
    expect(normalizeError(google('soon')).retryAfterMs).toBeUndefined()
    expect(normalizeError(res(429, { retry_after: 1.25 })).retryAfterMs).toBe(1_250)
    expect(normalizeError(res(429, { retryAfter: '4' })).retryAfterMs).toBe(4_000)
    expect(normalizeError(res(429, { retry_after: -4 })).retryAfterMs).toBeUndefined()
  })

  it('reads the code from WWW-Authenticate and x-amzn-ErrorType', () => {
    expect(
      normalizeError(
        res(401, '', {
          'WWW-Authenticate':
            'Bearer realm="api", error="invalid_token", error_description="expired"',
        }),
      ).code,
    ).toBe('invalid_token')
    expect(
      normalizeError(
        res(
          400,
          { message: 'bad' },
          { 'x-amzn-ErrorType': 'ValidationException:http://internal.amazon.com/' },
        ),
      ).code,
    ).toBe('ValidationException')
  })

  it('parses JSON that arrived as text, and reads HTML, XML and plain text', () => {
    expect(normalizeError(res(400, ' {"message":"from text"}')).message).toBe('from text')
    expect(normalizeError(res(400, '"quoted"')).message).toBe('quoted')
    // JSON that would not parse is not shown; a message that only starts with a bracket is
    expect(normalizeError(res(400, '{"errors": [1,]}')).message).toBe('Bad Request')
    expect(normalizeError(res(400, '{not json')).message).toBe('{not json')
    expect(normalizeError(res(400, '["a" is required]')).message).toBe('["a" is required]')
    // JSON text of issues in a `message` is never shown, parsed or not (over 64 KB it is not parsed)
    const issues = JSON.stringify(
      Array.from({ length: 2000 }, (_, i) => ({ message: `m${i}`, path: ['a', i] })),
    )
    expect(issues.length).toBeGreaterThan(65_536)
    expect(normalizeError(res(422, { message: issues })).message).toBe('Unprocessable Entity')
    expect(normalizeError(res(400, '[WARN] disk full')).message).toBe('[WARN] disk full')
    // an upstream error passed on as the JSON text of an object is read for its message and code,
    // one level deep
    const upstream = JSON.stringify({ error: 'invalid_grant', error_description: 'Code expired' })
    expect(normalizeError(res(400, { message: upstream }))).toMatchObject({
      message: 'Code expired',
      code: 'invalid_grant',
    })
    expect(
      normalizeError(res(502, { error: { message: upstream, code: 'UPSTREAM' } })),
    ).toMatchObject({
      message: 'Code expired',
      code: 'UPSTREAM',
    })
    const twice = JSON.stringify({ message: upstream })
    expect(normalizeError(res(400, { message: twice })).message).toBe('Bad Request')
    expect(normalizeError(res(400, { message: '{"note": 1}', detail: 'Try again' })).message).toBe(
      'Try again',
    )
    // a title that only says "Error" gives way to the page's <pre> (Express)
    expect(
      normalizeError(res(404, '<title>Error</title><body><pre>Cannot GET /x</pre></body>')).message,
    ).toBe('Cannot GET /x')
    // a title that only restates the status gives way to a heading, a <pre> or a <p> that says more;
    // when nothing does, the reason phrase is the message, not the page's wording of it
    const page = (title: string, body: string) =>
      `<html><title>${title}</title><body>${body}</body>`
    expect(
      normalizeError(res(502, page('502 Bad Gateway', '<h1>502 Bad Gateway</h1>'))).message,
    ).toBe('Bad Gateway')
    expect(
      normalizeError(res(502, page('502 Bad Gateway', '<h1>Upstream down</h1>'))).message,
    ).toBe('Upstream down')
    expect(
      normalizeError(
        res(400, page('400 Bad Request', '<h1>Bad Request</h1><p>Email is required.</p>')),
      ).message,
    ).toBe('Email is required.')
    expect(
      normalizeError(res(403, page('Error: 403 Forbidden', '<pre>Sorry, access denied.</pre>')))
        .message,
    ).toBe('Sorry, access denied.')
    // Tomcat's first paragraph is a label, not the error
    expect(
      normalizeError(
        res(404, page('HTTP Status 404 – Not Found', '<p><b>Type</b> Status Report</p>')),
      ).message,
    ).toBe('Not Found')
    expect(
      normalizeError(res(500, page('Payments &amp; billing down', '<h1>Oops</h1>'))).message,
    ).toBe('Payments & billing down')
    expect(
      normalizeError(
        res(500, '<!DOCTYPE html><body><H1 class="t">Oops &amp; <b>sorry</b></H1></body>'),
      ).message,
    ).toBe('Oops & sorry')
    expect(
      normalizeError(
        res(
          400,
          '<Error><Code>Bad</Code><Message>Nope &lt;3</Message><RequestId>r9</RequestId></Error>',
        ),
      ),
    ).toMatchObject({ code: 'Bad', message: 'Nope <3', requestId: 'r9' })
    expect(normalizeError(res(503, '  upstream   connect error\n')).message).toBe(
      'upstream connect error',
    )
    // a page with none of title, heading, <pre> or <p> is never shown as markup
    expect(normalizeError(res(503, '<html><body><div>no title</div></body></html>')).message).toBe(
      'Service Unavailable',
    )
    expect(normalizeError(res(503, '<html><body><p>Back at 5pm</p></body></html>')).message).toBe(
      'Back at 5pm',
    )
  })

  it('decodes bytes as UTF-8', () => {
    const bytes = new TextEncoder().encode('{"message":"héllo"}')
    expect(normalizeError(res(400, bytes)).message).toBe('héllo')
    expect(normalizeError(res(400, bytes.buffer)).message).toBe('héllo')
    expect(normalizeError(res(400, Buffer.from('plain bytes'))).message).toBe('plain bytes')
    expect(normalizeError(res(400, new DataView(bytes.buffer))).message).toBe('héllo')
    expect(normalizeError(res(400, new Blob(['x']))).message).toBe('Bad Request')
  })

  it('keeps the body as received in data', () => {
    const text = '{"message":"m"}'
    expect(normalizeError(res(400, text)).data).toBe(text)
  })

  it('cuts long messages to 300 characters ending with an ellipsis', () => {
    const message = normalizeError(res(400, { message: 'word '.repeat(200) })).message
    expect(message).toHaveLength(300)
    expect(message.endsWith('…')).toBe(true)
  })

  it('never throws on hostile bodies', () => {
    const cyclic: Record<string, unknown> = { message: 'cyclic' }
    cyclic.error = cyclic
    cyclic.errors = [cyclic]
    const throwing = Object.defineProperty({}, 'message', {
      enumerable: true,
      get() {
        throw new Error('getter')
      },
    })
    const revoked = Proxy.revocable({}, {})
    revoked.revoke()
    const trap = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap')
        },
        ownKeys: () => {
          throw new Error('trap')
        },
      },
    )
    for (const data of [
      cyclic,
      throwing,
      revoked.proxy,
      trap,
      42,
      true,
      null,
      [],
      [null, 1, 'x'],
      Symbol('s'),
      () => 1,
      10n,
      new Date(),
      new Map([['message', 'm']]),
    ]) {
      const error = normalizeError(res(400, data))
      expect(error).toBeInstanceOf(ApiError)
      expect(error.message.length).toBeGreaterThan(0)
    }
    expect(normalizeError(res(400, cyclic)).message).toBe('cyclic')
    expect(normalizeError(res(400, throwing)).message).toBe('Bad Request')
    expect(normalizeError({ status: 400, headers: trap, data: {} }).message).toBe('Bad Request')
  })

  it("finds the request id in any …request-id header but the client's own", () => {
    const id = (headers: Record<string, string>) => normalizeError(res(500, '', headers)).requestId
    expect(id({ 'X-Ms-Request-Id': 'ms1' })).toBe('ms1')
    expect(id({ 'apigw-requestid': 'gw1' })).toBe('gw1')
    expect(id({ 'X-Okta-Request-Id': 'ok1', 'x-b3-traceid': 'b3' })).toBe('ok1')
    expect(id({ 'x-amzn-trace-id': 't', 'x-request-id': 'r' })).toBe('r')
    // other ids do not count: no corpus case has shown one that support asks for
    expect(
      id({ 'x-session-id': 's', etag: 'e', 'x-b3-traceid': 'b3', 'cf-ray': 'c' }),
    ).toBeUndefined()
  })

  it('reads bodies whose keys it lists once the same as those it reads directly', () => {
    // Over 32 keys the body is read key by key; a proxy that will not list its keys is too.
    const wide: Record<string, unknown> = {}
    for (let i = 0; i < 40; i++) wide[`k${i}`] = i
    wide.message = 'late key'
    wide.request_id = 'r40'
    expect(normalizeError(res(400, wide))).toMatchObject({ message: 'late key', requestId: 'r40' })
    const unlisted = new Proxy(
      { message: 'through get', code: 'P1' },
      {
        ownKeys: () => {
          throw new Error('no')
        },
      },
    )
    expect(normalizeError(res(400, unlisted))).toMatchObject({ message: 'through get', code: 'P1' })
    // A parser that normalizes another body while this one is read does not disturb it.
    const inner = normalizeError(res(409, { detail: 'outer detail', trace_id: 't1' }), {
      parsers: [() => ({ code: normalizeError(res(400, { error: { code: 'INNER' } })).code })],
    })
    expect(inner).toMatchObject({ code: 'INNER', message: 'outer detail', requestId: 't1' })
  })

  it('takes a list of strings under errors, and a Phoenix errors.detail, as form-level messages', () => {
    // Rails `render json: { errors: record.errors.full_messages }`
    expect(
      normalizeError(res(422, { errors: ["Name can't be blank", 'Age is invalid'] })),
    ).toMatchObject({
      message: "Name can't be blank",
      fieldErrors: [],
    })
    // Phoenix's default ErrorJSON: an object with a message key is one item, not a field map
    expect(normalizeError(res(404, { errors: { detail: 'Not Found' } }))).toMatchObject({
      message: 'Not Found',
      fieldErrors: [],
    })
  })

  it('captures a stack that starts at its caller, not in the parsing', () => {
    const callerOfNormalize = () => normalizeError(res(422, { errors: { email: ['is invalid'] } }))
    const frames = callerOfNormalize().stack!.split('\n').slice(1)
    expect(frames[0]).toMatch(/at normalizeError /)
    expect(frames[1]).toMatch(/callerOfNormalize/)
    expect(frames.join('\n')).not.toMatch(/fromResponse|build|parseItems/)
  })

  it('reads field maps and Zod shapes under an error or errors envelope', () => {
    const fields = (status: number, body: unknown) => normalizeError(res(status, body)).fieldErrors
    const email = [{ field: 'email', message: 'Invalid email' }]
    // Next.js `{ error: result.error.flatten() }`
    expect(
      fields(400, { error: { formErrors: [], fieldErrors: { email: ['Invalid email'] } } }),
    ).toEqual(email)
    expect(
      fields(400, { error: { errors: [], properties: { email: { errors: ['Invalid email'] } } } }),
    ).toEqual(email)
    const flat = normalizeError(
      res(400, {
        message: 'Validation failed',
        errors: { formErrors: [], fieldErrors: { email: ['Invalid email'] } },
      }),
    )
    expect(flat).toMatchObject({ message: 'Validation failed', fieldErrors: email })
    // Zod 4 treeifyError() of an array schema
    expect(fields(400, { errors: [], items: [null, { errors: ['Too small'] }] })).toEqual([
      { field: '1', message: 'Too small' },
    ])
  })

  it('takes field paths from Ajv, Strapi, Micronaut and webargs', () => {
    const fields = (body: unknown) => normalizeError(res(400, body)).fieldErrors
    const ajv = {
      keyword: 'required',
      instancePath: '/address',
      params: { missingProperty: 'city' },
    }
    expect(fields({ message: 'invalid', data: [{ ...ajv, message: 'must have city' }] })).toEqual([
      { field: 'address.city', message: 'must have city', code: 'required' },
    ])
    expect(
      fields({
        error: {
          name: 'ValidationError',
          message: '1 error',
          details: { errors: [{ path: ['items', 0, 'qty'], message: 'too low' }] },
        },
      }),
    ).toEqual([{ field: 'items.0.qty', message: 'too low' }])
    expect(
      fields({ _embedded: { errors: [{ message: 'must be an email', path: '/email' }] } }),
    ).toEqual([{ field: 'email', message: 'must be an email' }])
    expect(fields({ errors: { json: { email: ['Not a valid email address.'] } } })).toEqual([
      { field: 'email', message: 'Not a valid email address.' },
    ])
    // an OpenAPI-style `in` names the request part, never the field; HubSpot's names the field
    expect(fields({ errors: [{ in: 'query', name: 'limit', message: 'must be <= 100' }] })).toEqual(
      [],
    )
    expect(fields({ errors: [{ in: 'email', message: 'Email invalid' }] })).toEqual([
      { field: 'email', message: 'Email invalid' },
    ])
  })

  it('does not take records, sentences or sorting words for errors or codes', () => {
    // a `data` of records is no Ajv error list
    expect(
      normalizeError(res(400, { success: false, data: [{ id: 1, title: 'Dune', type: 'book' }] })),
    ).toMatchObject({ message: 'Bad Request', code: undefined, fieldErrors: [] })
    // CouchDB: the sentence in `reason` is no code; a category that only sorts is none either
    expect(
      normalizeError(res(401, { error: 'unauthorized', reason: 'Name or password is incorrect.' }))
        .code,
    ).toBe('unauthorized')
    expect(
      normalizeError(res(404, { message: 'Not here', category: 'electronics' })).code,
    ).toBeUndefined()
    expect(normalizeError(res(400, { message: 'x', category: 'VALIDATION_ERROR' })).code).toBe(
      'VALIDATION_ERROR',
    )
    expect(
      normalizeError(res(500, { error: { name: 'Error', message: 'boom' } })).code,
    ).toBeUndefined()
    // the top-level message outranks an envelope's reason
    expect(
      normalizeError(res(429, { message: 'Slow down', error: { reason: 'rateLimitExceeded' } }))
        .message,
    ).toBe('Slow down')
    // GoTrue
    expect(
      normalizeError(
        res(422, { code: 422, error_code: 'weak_password', msg: 'Password too weak' }),
      ),
    ).toMatchObject({
      message: 'Password too weak',
      code: 'weak_password',
    })
  })

  it('keeps the first line of an Express development page and skips blank request ids', () => {
    const page =
      '<title>Error</title><pre>Error: Database down<br> &nbsp;at /srv/app/index.js:12:9<br> &nbsp;at Layer.handle</pre>'
    expect(normalizeError(res(500, page)).message).toBe('Error: Database down')
    const id = (headers: unknown) => normalizeError(res(502, '', headers)).requestId
    expect(id({ 'x-request-id': '', 'request-id': 'r2' })).toBe('r2')
    expect(id({ 'x-ms-client-request-id': 'mine', 'x-ms-request-id': 'theirs' })).toBe('theirs')
    expect(id(new Headers({ 'X-Okta-Request-Id': 'ok1' }))).toBe('ok1')
  })

  it('reads getters of a class instance, and a body an app parser changed', () => {
    class Failure {
      get message() {
        return 'from a getter'
      }
    }
    expect(normalizeError(res(400, new Failure())).message).toBe('from a getter')
    const body: Record<string, unknown> = {}
    const error = normalizeError(res(400, body), {
      parsers: [
        ({ data }) => {
          ;(data as Record<string, unknown>).code = 'ADDED'
          return undefined
        },
      ],
    })
    expect(error.code).toBe('ADDED')
  })

  it('survives a revoked proxy anywhere in the body', () => {
    const revoked = Proxy.revocable({}, {})
    revoked.revoke()
    for (const data of [{ error: revoked.proxy }, [revoked.proxy], { errors: [revoked.proxy] }])
      expect(normalizeError(res(500, data))).toMatchObject({ kind: 'server', status: 500 })
  })

  it('does not pollute prototypes', () => {
    const body = JSON.parse(
      '{"__proto__": {"polluted": ["yes"]}, "constructor": {"prototype": {"polluted": ["yes"]}}, "fields": {"__proto__": ["x"]}}',
    ) as unknown
    const error = normalizeError(res(422, body, JSON.parse('{"__proto__": {"polluted": "h"}}')))
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
    // the keys are data: a field map walks them like any other
    expect(error.fieldErrors).toEqual([
      { field: '__proto__.polluted', message: 'yes' },
      { field: 'constructor.prototype.polluted', message: 'yes' },
      { field: 'fields.__proto__', message: 'x' },
    ])
    expect(
      normalizeError(res(422, JSON.parse('{"message": "m", "errors": {"__proto__": ["x"]}}')))
        .fieldErrors,
    ).toEqual([{ field: '__proto__', message: 'x' }])
  })

  // How long these block is measured in bench/normalize.bench.ts (the `blocking:` rows); here, what
  // makes the work bounded: only a head of the text is ever read, so nothing past it can matter.
  it('reads only the head of megabytes of text', () => {
    const bodies = [
      'x'.repeat(5_000_000),
      '<'.repeat(2_000_000),
      '<a'.repeat(1_000_000),
      '&#'.repeat(1_000_000),
      '{' + '"a":'.repeat(500_000),
      '<html><title>' + 'a '.repeat(1_000_000),
      ' '.repeat(3_000_000) + 'late',
    ]
    // What each body would say if it were read to the end: a page's title and paragraph, or words.
    const tail = '\n<title>Read to the end.</title><p>Read to the end.</p> Read to the end.'
    const said = (data: string) => {
      const { kind, message, code, requestId, fieldErrors } = normalizeError(res(500, data))
      return { kind, message, code, requestId, fieldErrors }
    }
    for (const body of bodies) {
      const whole = said(body + tail)
      expect(whole.message.length).toBeLessThanOrEqual(300)
      expect(whole.message.length).toBeGreaterThan(0)
      expect(whole.message).not.toContain('Read to the end')
      // the first 100,000 characters decide everything
      expect(whole).toEqual(said(body.slice(0, 100_000)))
    }
    expect(said(' '.repeat(3_000_000) + 'late').message).toBe('Internal Server Error')
  })

  // How long it blocks is measured in bench/normalize.bench.ts; here, how much of it is read.
  it('bounds the walk of a cyclic field map', () => {
    // Every key of the map leads back to it: read to depth 6, its first 100 keys alone would make
    // 10^12 visits. Each property read is counted, and past the bound the map reads as empty, so
    // that a walk without a budget fails here rather than hangs.
    const bound = 100_000
    let reads = 0
    const target: Record<string, unknown> = {}
    const map = new Proxy(target, {
      get: (object, key, receiver) =>
        ++reads > bound ? undefined : (Reflect.get(object, key, receiver) as unknown),
    })
    for (let i = 0; i < 1000; i++) target[`k${i}`] = map
    target.email = ['bad']
    const error = normalizeError(res(422, { message: 'm', errors: map }))
    expect(reads).toBeGreaterThan(0)
    expect(reads).toBeLessThanOrEqual(bound)
    expect(error).toMatchObject({ kind: 'validation', message: 'm' })
  })

  it('reads only error lists by name, and one-word fields, as field errors', () => {
    // lists that only look like error items decide neither the fields, the message nor the code
    expect(
      normalizeError(
        res(404, {
          type: 'https://x.test/probs/not-found',
          title: 'Not Found',
          suggestions: [{ path: '/v1/users', message: 'Did you mean this?' }],
          links: [{ path: '/v2/users', message: 'Users v2', type: 'deprecated' }],
        }),
      ),
    ).toMatchObject({
      message: 'Not Found',
      code: 'https://x.test/probs/not-found',
      fieldErrors: [],
    })
    expect(
      normalizeError(res(422, { invalidFields: [{ field: 'email', message: 'is taken' }] }))
        .fieldErrors,
    ).toEqual([{ field: 'email', message: 'is taken' }])
    expect(
      normalizeError(res(400, { message: 'Sort field invalid', field: 'created_at desc' }))
        .fieldErrors,
    ).toEqual([])
    const twice = { message: 'Bad amount', field: 'amount' }
    expect(normalizeError(res(400, { error: twice, ...twice })).fieldErrors).toEqual([
      { field: 'amount', message: 'Bad amount' },
    ])
    // a one-word type must look like a code to rank above a name
    expect(normalizeError(res(400, { type: 'object', name: 'INVALID_REQUEST' })).code).toBe(
      'INVALID_REQUEST',
    )
  })

  it('strips capital tags but GraphQL tokens, and reads a page paragraph only after its heading', () => {
    expect(normalizeError(res(400, { message: 'Value <B>must</B> be set' })).message).toBe(
      'Value must be set',
    )
    expect(normalizeError(res(400, { message: 'Expected Name, found <EOF>.' })).message).toBe(
      'Expected Name, found <EOF>.',
    )
    const nav = '<title>404 Not Found</title><nav><p>Home | About</p></nav><h1>404 Not Found</h1>'
    expect(normalizeError(res(404, nav)).message).toBe('Not Found')
    expect(normalizeError(res(404, `${nav}<p>No such user.</p>`)).message).toBe('No such user.')
    expect(
      normalizeError(res(404, '<title>404 Not Found</title><p>unclosed and long')).message,
    ).toBe('Not Found')
    // a status without a reason phrase keeps the page's own wording
    expect(normalizeError(res(522, '<title>522 Error</title>')).message).toBe('522 Error')
  })

  it('bounds the judging of lists that share their entries, and keeps the status when entries throw', () => {
    const n = 100
    const shared = { a: Array(n).fill({ b: Array(n).fill({ c: Array(n).fill({ d: ['x'] }) }) }) }
    expect(normalizeError(res(400, shared)).status).toBe(400)
    const hostile: unknown[] = []
    Object.defineProperty(hostile, '0', {
      get() {
        throw new Error('no')
      },
      enumerable: true,
    })
    hostile.length = 1
    for (const body of [hostile, { errors: hostile }, { problems: hostile }])
      expect(normalizeError(res(422, body))).toMatchObject({ status: 422, kind: 'validation' })
  })

  it('collects nothing beyond 100 field errors', () => {
    const errors = Array.from({ length: 10_000 }, (_, i) => ({ field: `f${i}`, message: 'bad' }))
    expect(normalizeError(res(422, { errors })).fieldErrors).toHaveLength(100)
  })
})

describe('normalizeError on other values', () => {
  it('returns an ApiError as it is', () => {
    const error = new ApiError({ kind: 'conflict', message: 'm', retryable: false })
    expect(normalizeError(error)).toBe(error)
  })

  it('turns an AbortError into canceled and a TimeoutError into timeout', () => {
    const abort = new DOMException('The operation was aborted.', 'AbortError')
    expect(normalizeError(abort)).toMatchObject({
      kind: 'canceled',
      retryable: false,
      cause: abort,
    })
    expect(normalizeError(new DOMException('t', 'TimeoutError'))).toMatchObject({
      kind: 'timeout',
      retryable: true,
    })
  })

  it('keeps the message of any other Error, not retryable', () => {
    const cause = new TypeError('x is not a function')
    expect(normalizeError(cause)).toMatchObject({
      kind: 'http',
      message: 'x is not a function',
      retryable: false,
      status: undefined,
      cause,
    })
  })

  it.each([undefined, null, '', 0, {}, [], Symbol('x')])(
    'makes a sensible error from %j',
    (value) => {
      const error = normalizeError(value)
      expect(error).toMatchObject({
        kind: 'http',
        message: 'Unknown error',
        retryable: false,
        fieldErrors: [],
      })
    },
  )

  it('uses a thrown string as the message', () => {
    expect(normalizeError('  went <b>wrong</b> ').message).toBe('went wrong')
  })

  it('takes the request from the context, redacted', () => {
    const error = normalizeError(res(404), {
      request: { method: 'delete', url: 'https://u:p@api.test/x?token=abc' },
    })
    expect(error.request).toEqual({ method: 'DELETE', url: 'https://api.test/x?token=[REDACTED]' })
  })

  it('is recognised across realms by isApiError', () => {
    expect(isApiError(normalizeError(res(500)))).toBe(true)
    expect(isApiError({ name: 'ApiError', kind: 'server' })).toBe(true)
    expect(isApiError(new Error('x'))).toBe(false)
  })
})

describe('error parsers', () => {
  const unregister: (() => void)[] = []
  afterEach(() => unregister.splice(0).forEach((u) => u()))

  const soap: ErrorParser = ({ data }) => {
    const fault = (data as { fault?: { faultstring?: string; code?: string } } | null)?.fault
    return fault && { message: fault.faultstring, code: fault.code }
  }

  it('runs app parsers first and lets the built-ins fill the rest', () => {
    unregister.push(registerErrorParser(soap))
    const error = normalizeError(
      res(
        400,
        { fault: { faultstring: 'SOAP says no', code: 'F1' }, request_id: 'r1' },
        { 'retry-after': '2' },
      ),
    )
    expect(error).toMatchObject({
      message: 'SOAP says no',
      code: 'F1',
      requestId: 'r1',
      retryAfterMs: 2000,
      kind: 'validation',
    })
  })

  it('takes each field from the first parser that defines it', () => {
    unregister.push(registerErrorParser(() => ({ code: 'FIRST' })))
    unregister.push(
      registerErrorParser(() => ({ code: 'SECOND', message: 'second', kind: 'conflict' })),
    )
    expect(normalizeError(res(400, { message: 'builtin' }))).toMatchObject({
      code: 'FIRST',
      message: 'second',
      kind: 'conflict',
    })
  })

  it('gives the parser the decoded body, the status and case-insensitive headers', () => {
    const seen: unknown[] = []
    unregister.push(
      registerErrorParser(
        ({ status, headers, data }) => void seen.push(status, headers('X-THING'), data),
      ),
    )
    normalizeError(res(418, '{"a":1}', { 'x-thing': 'yes' }))
    expect(seen).toEqual([418, 'yes', { a: 1 }])
  })

  it('stops running a parser once unregistered', () => {
    const off = registerErrorParser(() => ({ message: 'custom' }))
    expect(normalizeError(res(400)).message).toBe('custom')
    off()
    off()
    expect(normalizeError(res(400)).message).toBe('Bad Request')
  })

  it('runs per-call parsers before registered ones', () => {
    unregister.push(registerErrorParser(() => ({ message: 'global', code: 'G' })))
    expect(normalizeError(res(400), { parsers: [() => ({ message: 'local' })] })).toMatchObject({
      message: 'local',
      code: 'G',
    })
  })

  it('ignores parsers that throw and values of the wrong shape', () => {
    unregister.push(
      registerErrorParser(() => {
        throw new Error('broken parser')
      }),
    )
    unregister.push(
      registerErrorParser(
        () =>
          ({
            kind: 'nonsense',
            message: '  ',
            code: 5,
            retryAfterMs: -1,
            fieldErrors: [{ field: 'a', message: 'b' }, { field: 1 }],
          }) as never,
      ),
    )
    expect(normalizeError(res(409, { message: 'm' }))).toMatchObject({
      kind: 'conflict',
      message: 'm',
      code: undefined,
      retryAfterMs: undefined,
      fieldErrors: [{ field: 'a', message: 'b' }],
    })
  })

  it('sanitises a parser message like any other', () => {
    expect(
      normalizeError(res(400), {
        parsers: [() => ({ message: '<b>bold</b>  ' + 'x'.repeat(400) })],
      }).message,
    ).toHaveLength(300)
  })
})
