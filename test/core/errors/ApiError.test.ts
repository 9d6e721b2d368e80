// Issues 16.6 and 16.7: whatever an ApiError is made from (normalizeError, an app parser, another
// layer calling the public constructor), what it carries and serialises is bounded plain text.
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { ApiError, normalizeError, type ErrorParser } from '../../../src/core/errors'

const MB = 'x'.repeat(1 << 20)

/** A field error entry an app parser might return, with everything wrong a value can have. */
function hostileEntry(): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    field: 'password',
    message: 'too short',
    rejectedValue: 'hunter2',
    big: 10n,
  }
  entry.self = entry
  Object.defineProperty(entry, 'boom', {
    enumerable: true,
    get() {
      throw new Error('getter')
    },
  })
  return entry
}

describe('the field errors of an app parser', () => {
  const parse = (fieldErrors: unknown): ApiError =>
    normalizeError(
      { status: 422, headers: {}, data: {} },
      { parsers: [(() => ({ fieldErrors })) as ErrorParser] },
    )

  it('keep only field, message and code, so extra properties never reach toJSON', () => {
    const error = parse([hostileEntry()])
    expect(error.fieldErrors).toEqual([{ field: 'password', message: 'too short' }])
    expect(() => error.toJSON()).not.toThrow()
    expect(() => inspect(error)).not.toThrow()
    expect(JSON.stringify(error)).not.toContain('hunter2')
  })

  it('drop entries whose field, message or code is no string, or that throw when read', () => {
    const throwing = Object.defineProperty({}, 'field', {
      get() {
        throw new Error('getter')
      },
    })
    const error = parse([
      { field: 10n, message: 'a' },
      { field: 'a', message: { text: 'x' } },
      { field: 'b', message: 'ok', code: 7n },
      throwing,
      null,
      'email',
    ])
    expect(error.fieldErrors).toEqual([{ field: 'b', message: 'ok' }])
    expect(() => inspect(error)).not.toThrow()
  })

  it('are capped at 100 entries', () => {
    const many = Array.from({ length: 1_000_000 }, (_, i) => ({ field: `f${i}`, message: 'bad' }))
    const error = parse(many)
    expect(error.fieldErrors).toHaveLength(100)
    expect(JSON.stringify(error).length).toBeLessThan(10_000)
  })

  it('are plain text: markup in a field or message is stripped', () => {
    const error = parse([
      { field: '<img src=x onerror=alert(1)>email', message: '<scr<b>ipt>alert(1)</scr</b>ipt>' },
    ])
    expect(error.fieldErrors).toEqual([{ field: 'email', message: 'alert(1)' }])
  })
})

describe('every string of an ApiError has a bound', () => {
  it('whether built by normalizeError from a body of megabyte strings', () => {
    const error = normalizeError({
      status: 400,
      headers: { 'x-request-id': MB },
      data: {
        message: MB,
        code: MB,
        errors: Array.from({ length: 100 }, (_, i) => ({
          field: `${i}${'f'.repeat(10_000)}`,
          message: MB,
          code: MB,
        })),
      },
    })
    expect(error.message.length).toBeLessThanOrEqual(300)
    expect(error.code!.length).toBeLessThanOrEqual(100)
    expect(error.requestId).toHaveLength(200)
    expect(JSON.stringify(error).length).toBeLessThan(100 * (200 + 300 + 100 + 50) + 2000)
  })

  it('or by the public constructor', () => {
    const error = new ApiError({
      kind: 'validation',
      message: MB,
      retryable: false,
      code: MB,
      requestId: MB,
      fieldErrors: Array.from({ length: 100 }, () => ({
        field: 'f'.repeat(10_000),
        message: MB,
        code: MB,
      })),
      request: { method: MB, url: `https://api.test/${MB}` },
    })
    expect(error.message).toHaveLength(300)
    expect(error.code).toHaveLength(100)
    expect(error.requestId).toHaveLength(200)
    expect(error.fieldErrors[0]).toEqual({
      field: 'f'.repeat(199) + '…',
      message: 'x'.repeat(299) + '…',
      code: 'x'.repeat(99) + '…',
    })
    expect(error.request!.method.length).toBeLessThanOrEqual(16)
    expect(error.request!.url.length).toBeLessThanOrEqual(2000)
    const json = JSON.stringify(error)
    expect(json.length).toBeLessThan(70_000)
    expect(inspect(error).length).toBeLessThan(80_000)
  })

  it('also when a field is replaced after construction', () => {
    const error = new ApiError({ kind: 'http', message: 'm', retryable: false })
    Object.assign(error, {
      code: MB,
      fieldErrors: [hostileEntry(), { field: 'a', message: 10n }],
      request: { method: 'get', url: `https://u:p@api.test/?token=secret-value` },
    })
    const json = error.toJSON()
    expect(json.code).toHaveLength(100)
    expect(json.fieldErrors).toEqual([{ field: 'password', message: 'too short' }])
    expect(json.request).toEqual({ method: 'GET', url: 'https://api.test/?token=[REDACTED]' })
    expect(() => inspect(error)).not.toThrow()
  })
})

describe('a thrown value whose every read throws', () => {
  // Found by an outside attack once causes were copied without credentials: the copy read the
  // cause's `isAxiosError`, and a Proxy whose reads throw made normalizeError throw.
  const throwing = new Proxy(
    {},
    {
      get() {
        throw new Error('trap get')
      },
      has() {
        throw new Error('trap has')
      },
      ownKeys() {
        throw new Error('trap keys')
      },
      getPrototypeOf() {
        throw new Error('trap proto')
      },
    },
  )
  const revocable = Proxy.revocable({}, {})
  revocable.revoke()

  it.each([
    ['a Proxy whose traps throw', throwing],
    ['a revoked Proxy', revocable.proxy],
  ])('%s still gives an ApiError, kept as its cause', (_name, thrown) => {
    const error = normalizeError(thrown)
    expect(error).toBeInstanceOf(ApiError)
    expect(error.kind).toBe('http')
    expect(error.cause).toBe(thrown)
    expect(() => JSON.stringify(error)).not.toThrow()
  })
})
