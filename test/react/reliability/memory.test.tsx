import { act, render } from '@testing-library/react'
import { version } from 'react'
import { describe, expect, it } from 'vitest'
import { MEMORY_SIZES, memoryViolations, runMemorySoak } from './memorySoak'

describe(`the memory soak, small size (React ${version}; npm run soak runs 100,000 requests)`, () => {
  it('releases every subscription, abort listener and timer, keeps one cache entry and a flat heap', async () => {
    const report = await runMemorySoak({
      ...MEMORY_SIZES.small,
      mount: (ui) => render(ui),
      act: (round) => act(round),
    })
    // Every scripted path ran and ended the way it must, through the hook and straight through the client.
    const endings = Object.keys(report.byScenario).map((key) => key.replace(/^(hook|direct) /, ''))
    expect(new Set(endings)).toEqual(
      new Set([
        'ok → ok',
        'retry-503 → ok',
        'retry-network → ok',
        'retry-429 → ok',
        'exhaust-500 → server',
        'not-found → not_found',
        'abort-in-wait → canceled',
        'abort-before → canceled',
      ]),
    )
    expect(report.expiries).toBeGreaterThan(10)
    // A few thousand requests give a noisy slope; 2 KB per request still catches a retained config,
    // response or error per request (several KB each). The full run bounds it far tighter.
    expect(memoryViolations(report, 2048)).toEqual([])
  })
})
