import { act, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { normalizeError } from '../../src/core/errors/normalizeError'
import type { PendingRetry } from '../../src/query/pendingRetry'
import { useRetryCountdown } from '../../src/react/useRetryCountdown'
import type { RetryCountdownTarget } from '../../src/react/useRetryCountdown'

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('useRetryCountdown', () => {
  it('counts whole seconds down to nextRetryAt, re-rendering only the component that uses it', async () => {
    const renders = { parent: 0, countdown: 0 }
    const at = new Date(Date.now() + 3_500)
    function Countdown() {
      renders.countdown++
      return <p>{useRetryCountdown(at)}</p>
    }
    function Parent() {
      renders.parent++
      return <Countdown />
    }
    render(<Parent />)
    expect(screen.getByText('4')).toBeInTheDocument()
    await act(() => vi.advanceTimersByTimeAsync(500))
    expect(screen.getByText('3')).toBeInTheDocument()
    await act(() => vi.advanceTimersByTimeAsync(1_000))
    expect(screen.getByText('2')).toBeInTheDocument()
    await act(() => vi.advanceTimersByTimeAsync(1_000))
    expect(screen.getByText('1')).toBeInTheDocument()
    await act(() => vi.advanceTimersByTimeAsync(1_000))
    expect(screen.getByText('0')).toBeInTheDocument()
    await act(() => vi.advanceTimersByTimeAsync(10_000))
    expect(renders.parent).toBe(1)
    // One render per shown second (4, 3, 2, 1, 0), and none once it reached 0.
    expect(renders.countdown).toBe(5)
  })

  it('returns null without a time to count to, and schedules nothing', () => {
    function Countdown() {
      return <p>{String(useRetryCountdown(null))}</p>
    }
    render(<Countdown />)
    expect(screen.getByText('null')).toBeInTheDocument()
    expect(vi.getTimerCount()).toBe(0)
  })

  it("counts down to an ApiError's retryAt: the Retry-After counted from when the answer came (finding 7)", async () => {
    // A 429 that asked for 30 s, read 5 s before the fallback showing it mounts.
    const error = normalizeError({ status: 429, headers: { 'retry-after': '30' }, data: {} })
    await act(() => vi.advanceTimersByTimeAsync(5_000))
    function Fallback({ target }: { target: RetryCountdownTarget }) {
      return <p>try again in {String(useRetryCountdown(target))} s</p>
    }
    render(<Fallback target={error} />)
    expect(screen.getByText('try again in 25 s')).toBeInTheDocument()
    await act(() => vi.advanceTimersByTimeAsync(10_000))
    expect(screen.getByText('try again in 15 s')).toBeInTheDocument()
  })

  it("counts down to a pending retry's nextRetryAt, and gives null for an error without a wait", () => {
    const pendingRetry = { nextRetryAt: Date.now() + 2_000 } as PendingRetry
    const withoutWait = normalizeError({ status: 500, headers: {}, data: {} })
    function Both() {
      return (
        <p>
          {String(useRetryCountdown(pendingRetry))} / {String(useRetryCountdown(withoutWait))}
        </p>
      )
    }
    render(<Both />)
    expect(screen.getByText('2 / null')).toBeInTheDocument()
  })
})
