import { describe, expect, it } from 'vitest'
import { parseRetryAfter } from '../../../src/core/errors'

const NOW = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120_000],
    ['0', 0],
    [' 5 ', 5_000],
    ['1.5', 1_500],
    ['0.0004', 0],
    ['2.0005', 2_001],
  ])('reads delay-seconds %j as %i ms', (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms)
  })

  it('reads an HTTP date relative to now', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:29:30 GMT', NOW)).toBe(90_000)
  })

  it('accepts the obsolete RFC 850 and asctime date forms', () => {
    expect(parseRetryAfter('Wednesday, 21-Oct-15 07:28:10 GMT', NOW)).toBe(10_000)
    expect(
      parseRetryAfter('Wed Oct 21 07:28:20 2015', NOW + new Date(NOW).getTimezoneOffset() * 60_000),
    ).toBe(20_000)
  })

  it('gives 0 for a date in the past', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', NOW)).toBe(0)
  })

  it.each([
    undefined,
    '',
    '   ',
    '-1',
    '-0.5',
    '+5',
    'NaN',
    'Infinity',
    '1e3',
    '.5',
    '5.',
    '5s',
    'soon',
    'Tomorrow at noon',
    '9'.repeat(400),
    '0x10',
    '1,5',
  ])('ignores %j', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined()
  })

  it('ignores a date when now is not a number', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:29:30 GMT', Number.NaN)).toBeUndefined()
  })
})
