import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ApiError,
  normalizeError,
  parseRetryAfter,
  redactUrl,
  toFieldPath,
} from '../../../src/core/errors'

function checkInvariants(error: unknown) {
  expect(error).toBeInstanceOf(ApiError)
  const e = error as ApiError
  expect(typeof e.message).toBe('string')
  expect(e.message.length).toBeGreaterThan(0)
  expect(e.message.length).toBeLessThanOrEqual(300)
  expect(e.message).toBe(e.message.trim())
  expect(Array.isArray(e.fieldErrors)).toBe(true)
  for (const f of e.fieldErrors) {
    expect(typeof f.field).toBe('string')
    expect(typeof f.message).toBe('string')
    if (f.code !== undefined) expect(typeof f.code).toBe('string')
  }
  if (e.retryAfterMs !== undefined) {
    expect(Number.isFinite(e.retryAfterMs)).toBe(true)
    expect(e.retryAfterMs).toBeGreaterThanOrEqual(0)
  }
  expect(typeof e.retryable).toBe('boolean')
  expect(() => JSON.stringify(e)).not.toThrow()
}

const status = fc.oneof(
  fc.integer({ min: 100, max: 599 }),
  fc.integer(),
  fc.constant(Number.NaN),
  fc.double(),
)
const retryAfter = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '-1',
    '-0.5',
    'NaN',
    'Infinity',
    '1e999',
    '9'.repeat(400),
    '0',
    '3.5',
    ' 12 ',
    '',
  ),
  fc.integer().map(String),
  fc.double().map(String),
  fc
    .date({ noInvalidDate: false })
    .map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toUTCString())),
)
const headerValue = fc.oneof(
  fc.string(),
  retryAfter,
  fc.array(fc.string(), { maxLength: 3 }),
  fc.integer(),
  fc.anything(),
)
const headers = fc.oneof(
  fc.record(
    {
      'Retry-After': retryAfter,
      date: fc.oneof(
        retryAfter,
        fc.date({ noInvalidDate: false }).map((d) => String(d)),
      ),
      'x-ratelimit-reset': retryAfter,
      'X-RateLimit-Remaining': fc.constantFrom('0', '1', 'x'),
      'RateLimit-Reset': retryAfter,
      'www-authenticate': fc.string(),
      'x-request-id': headerValue,
      'x-amzn-ErrorType': fc.string(),
    },
    { requiredKeys: [] },
  ),
  fc.dictionary(fc.string(), headerValue),
  fc.anything(),
)

const json = fc.jsonValue({ maxDepth: 6 })
const htmlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '<html>',
        '<title>',
        '</title>',
        '<h1>',
        '</h1>',
        '<Message>',
        '</Message>',
        '<Code>',
        '&amp;',
        '&#x1F600;',
        '&#99999999;',
        '<',
        '>',
        '&',
        '<!--',
        ']]>',
        '\n',
      ),
      fc.string(),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''))
const errorish = fc.record(
  {
    message: fc.oneof(fc.string(), json, fc.array(fc.string())),
    error: fc.oneof(
      fc.string(),
      json,
      fc.record({
        message: fc.anything(),
        code: fc.anything(),
        details: fc.anything(),
        param: fc.anything(),
      }),
    ),
    errors: fc.oneof(
      fc.array(
        fc.record({
          field: fc.anything(),
          message: fc.anything(),
          code: fc.anything(),
          path: fc.anything(),
          loc: fc.anything(),
          source: fc.anything(),
        }),
      ),
      fc.dictionary(fc.string(), fc.anything()),
      fc.anything(),
    ),
    detail: fc.anything(),
    retry_after: fc.anything(),
    type: fc.string(),
    title: fc.anything(),
  },
  { requiredKeys: [] },
)
const body = fc.oneof(
  fc.anything({
    withNullPrototype: true,
    withBoxedValues: true,
    withMap: true,
    withSet: true,
    withObjectString: true,
    withTypedArray: true,
    withSparseArray: true,
    withDate: true,
  }),
  json,
  json.map((v) => JSON.stringify(v)),
  fc.string(),
  fc.string({ unit: 'binary' }),
  htmlish,
  errorish,
  fc.uint8Array().map((a) => a),
)

// Every key some parser reads, so that random bodies reach every branch: Zod shapes, batches,
// envelopes, item lists, field maps.
const KEYS = [
  'error',
  'errors',
  'message',
  'detail',
  'details',
  'data',
  'issues',
  'properties',
  'items',
  '_errors',
  'fieldErrors',
  'formErrors',
  'zodError',
  'validation',
  'keys',
  'path',
  'loc',
  'field',
  'in',
  'params',
  'missingProperty',
  'info',
  'instancePath',
  'keyword',
  'code',
  'type',
  'name',
  'category',
  'reason',
  'source',
  'pointer',
  'fields',
  'causes',
  'violations',
  'invalid-params',
  'errorCauses',
  '_embedded',
  'extensions',
  'statusMessage',
  'msg',
  '@type',
  'fieldViolations',
  'retryDelay',
  'request_id',
  '0',
]
const { node: parsedBody } = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 1 }),
    fc.constantFrom('[{"message":"m","path":["a",1]}]', '{"not": json', '', 'Error', 'query'),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('node'), { maxKeys: 6 }),
  ),
}))

describe('normalizeError properties', () => {
  it('never throws and always builds a well-formed ApiError from any response', () => {
    fc.assert(
      fc.property(status, headers, body, (s, h, data) => {
        checkInvariants(normalizeError({ status: s, headers: h, data }))
      }),
      { numRuns: 4000 },
    )
  })

  it('reads every JSON body made of the keys it knows without an internal failure', () => {
    // An exception inside the parsing would end in the catch-all ApiError, which has no status.
    fc.assert(
      fc.property(fc.integer({ min: 200, max: 599 }), parsedBody, (s, data) => {
        const error = normalizeError({ status: s, headers: {}, data })
        checkInvariants(error)
        expect(error.status).toBe(s)
      }),
      { numRuns: 4000 },
    )
  })

  it('never throws on any thrown value', () => {
    fc.assert(
      fc.property(
        fc.anything({ withNullPrototype: true, withBoxedValues: true, withMap: true }),
        (value) => {
          checkInvariants(normalizeError(value))
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('stays bounded on huge text bodies', () => {
    fc.assert(
      fc.property(htmlish, fc.integer({ min: 10_000, max: 400_000 }), (unit, length) => {
        const data = (unit || '<')
          .repeat(Math.ceil(length / Math.max(unit.length, 1)))
          .slice(0, length)
        checkInvariants(normalizeError({ status: 500, headers: {}, data }))
      }),
      { numRuns: 40 },
    )
  })
})

describe('helper properties', () => {
  it('parseRetryAfter gives undefined or a finite number >= 0', () => {
    fc.assert(
      fc.property(
        fc.option(retryAfter, { nil: undefined }),
        fc.oneof(fc.integer(), fc.double()),
        (value, now) => {
          const ms = parseRetryAfter(value, now)
          expect(ms === undefined || (Number.isFinite(ms) && ms >= 0)).toBe(true)
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('toFieldPath always gives a string without empty segments', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(fc.oneof(fc.string(), fc.integer()))), (raw) => {
        const path = toFieldPath(raw)
        expect(typeof path).toBe('string')
      }),
      { numRuns: 2000 },
    )
  })

  it('redactUrl never lets a token value through', () => {
    fc.assert(
      fc.property(
        fc.webUrl({ withQueryParameters: true, withFragments: true }),
        fc.stringMatching(/^[a-zA-Z0-9]{6,20}$/),
        (url, secret) => {
          const hash = url.indexOf('#')
          const path = hash < 0 ? url : url.slice(0, hash)
          const fragment = hash < 0 ? undefined : url.slice(hash + 1)
          const sep = path.includes('?') ? '&' : '?'
          const redacted = redactUrl(
            `${path}${sep}access_token=${secret}${fragment === undefined ? '' : '#' + fragment}`,
          )
          expect(redacted).toContain('access_token=[REDACTED]')
        },
      ),
      { numRuns: 1000 },
    )
  })
})
