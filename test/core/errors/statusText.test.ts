import { describe, expect, it } from 'vitest'
import { statusText } from '../../../src/core/errors'

describe('statusText', () => {
  it.each([
    [400, 'Bad Request'],
    [401, 'Unauthorized'],
    [404, 'Not Found'],
    [409, 'Conflict'],
    [413, 'Payload Too Large'],
    [418, "I'm a Teapot"],
    [422, 'Unprocessable Entity'],
    [425, 'Too Early'],
    [429, 'Too Many Requests'],
    [451, 'Unavailable For Legal Reasons'],
    [500, 'Internal Server Error'],
    [503, 'Service Unavailable'],
    [504, 'Gateway Timeout'],
    [511, 'Network Authentication Required'],
  ])('names %i %j', (status, text) => {
    expect(statusText(status)).toBe(text)
  })

  it.each([200, 302, 399, 420, 499, 599, 0, -1, Number.NaN, 1e9])(
    'has no phrase for %d',
    (status) => {
      expect(statusText(status)).toBeUndefined()
    },
  )
})
