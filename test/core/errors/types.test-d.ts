import { describe, expectTypeOf, it } from 'vitest'
import {
  normalizeError,
  registerErrorParser,
  type ApiError,
  type ApiErrorKind,
  type ErrorParser,
  type FieldError,
} from '../../../src/core/errors'

function describeError(error: ApiError): string {
  switch (error.kind) {
    case 'validation':
      return `fix ${error.fieldErrors.length} fields`
    case 'unauthorized':
    case 'forbidden':
    case 'not_found':
    case 'conflict':
    case 'rate_limited':
    case 'server':
    case 'timeout':
    case 'network':
    case 'canceled':
    case 'http':
      return error.message
    default: {
      const unreachable: never = error.kind
      return unreachable
    }
  }
}

describe('ApiError types', () => {
  it('lets a switch on kind be exhaustive', () => {
    expectTypeOf(describeError).returns.toEqualTypeOf<string>()
  })

  it('types fieldErrors as a readonly list', () => {
    const error = normalizeError(new Error('x'))
    expectTypeOf(error.fieldErrors).toEqualTypeOf<readonly FieldError[]>()
    // @ts-expect-error fieldErrors cannot be mutated
    error.fieldErrors.push({ field: 'a', message: 'b' })
    expectTypeOf(error.status).toEqualTypeOf<number | undefined>()
    expectTypeOf(error.retryAfterMs).toEqualTypeOf<number | undefined>()
  })

  it('rejects a kind that does not exist', () => {
    // @ts-expect-error 'offline' is not a kind
    const kind: ApiErrorKind = 'offline'
    expectTypeOf(kind).toEqualTypeOf<ApiErrorKind>()
    const error = normalizeError(undefined)
    // @ts-expect-error comparing with an unknown kind is a type error
    if (error.kind === 'not-found') return
  })

  it('types parsers', () => {
    const parser: ErrorParser = ({ status, headers, data }) => {
      expectTypeOf(status).toEqualTypeOf<number | undefined>()
      expectTypeOf(headers).toEqualTypeOf<(name: string) => string | undefined>()
      expectTypeOf(data).toBeUnknown()
      return { kind: 'conflict', code: headers('x-code') }
    }
    // @ts-expect-error a parser cannot return an unknown kind
    const bad: ErrorParser = () => ({ kind: 'oops' })
    expectTypeOf(registerErrorParser(parser)).toEqualTypeOf<() => void>()
    expectTypeOf(normalizeError)
      .parameter(1)
      .toMatchTypeOf<{ parsers?: readonly ErrorParser[] | undefined } | undefined>()
    void bad
  })
})
