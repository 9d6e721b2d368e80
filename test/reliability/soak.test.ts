// The fault soak at its small size: 300 requests, 50 at a time, about 30% of them faulted, the
// token expiring every 250 ms. `npm run soak` runs the same module with 10,000 and prints the table.
import { describe, expect, it } from 'vitest'
import { MB } from './measure'
import { SOAK_SIZES, runFaultSoak, soakViolations } from './soak'

describe('the fault soak, small size', () => {
  it('settles every request with data or an ApiError, applies no POST twice, refreshes once per expiry, keeps the token home and leaks no secret', async () => {
    const report = await runFaultSoak(SOAK_SIZES.small)

    expect(soakViolations(report, 16 * MB)).toEqual([])
    // The promises above were put to the test: every fault type hit, writes lost their answer after
    // applying and were deduplicated by their key, tokens expired, the second origin was reached.
    expect(Object.keys(report.faultsByType).sort()).toEqual([
      'drop',
      'html',
      'stall',
      'status',
      'truncated-json',
    ])
    expect(report.faultedAttempts).toBeGreaterThan(report.requests / 10)
    expect(report.writes.replayed).toBeGreaterThan(0)
    expect(report.auth.expiries).toBeGreaterThan(2)
    expect(report.secondOrigin.reached).toBeGreaterThan(0)
    // A Retry-After above the cap fails fast as rate_limited rather than waiting.
    expect(report.failedByKind['rate_limited']).toBeGreaterThan(0)
  }, 60_000)
})
