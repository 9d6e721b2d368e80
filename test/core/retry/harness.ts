// The fixture API on a real server, and a client composed the way createApiClient composes it
// (retry, then a last interceptor that rejects with an ApiError), plus helpers to drive fake time.
import axios from 'axios'
import type { AxiosInstance } from 'axios'
import { vi } from 'vitest'
import { normalizeError } from '../../../src/core/errors'
import { installRetry } from '../../../src/core/retry'
import type {
  RetryAnnouncement,
  RetryInstallation,
  RetryOptions,
  RetrySettled,
} from '../../../src/core/retry'
import { startFixtureServer } from '../../fixture/server'
import type { FixtureServer } from '../../fixture/server'

export type { FixtureServer }

const realSetTimeout = globalThis.setTimeout

/** Lets real I/O run for a moment while the fake clock stands still: for "no further request" checks. */
export const flushIO = (ms = 40) => new Promise<void>((resolve) => realSetTimeout(resolve, ms))

/**
 * Polls in real time until `condition` holds. Not vi.waitFor: under fake timers it moves the clock
 * by its interval on every check, which would shift the timings the tests assert.
 */
export async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > timeoutMs) throw new Error('condition not met in time')
    await flushIO(5)
  }
}

/** The fixture on its own clock (Date.now, faked by the tests), so `at` and `Date` are fake time. */
export const startServer = () => startFixtureServer({ now: () => Date.now() })

/** When the server received each request to `route`, in ms after `t0`. */
export const arrivals = (server: FixtureServer, route: string, t0: number) =>
  server.api.requests(route).map((request) => request.at - t0)

export interface TestClient {
  api: AxiosInstance
  retry: RetryInstallation
  announcements: RetryAnnouncement[]
  settled: RetrySettled[]
  /** Resolves with the next announcement (one already made and not yet taken comes at once). */
  nextAnnouncement(): Promise<RetryAnnouncement>
  /**
   * Waits for `promise`, moving the fake clock over each announced wait; resolves with its outcome.
   * When nothing is announced and a timer is pending all the same, it is the fixture's own (its
   * idempotent writes wait 0 ms on the fake clock, 1 ms when set during a tick): it is run.
   */
  finish<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }>
}

export function createTestClient(
  baseURL: string,
  options?: RetryOptions | number | false,
  headers?: Record<string, string>,
): TestClient {
  const api = axios.create(headers ? { baseURL, headers } : { baseURL })
  const retry = installRetry(api, options, (e) => normalizeError(e))
  api.interceptors.response.use(undefined, (error: unknown) =>
    Promise.reject(normalizeError(error)),
  )

  const announcements: RetryAnnouncement[] = []
  const settled: RetrySettled[] = []
  let taken = 0
  let wake: (() => void) | undefined
  retry.subscribe(
    (a) => {
      announcements.push(a)
      wake?.()
    },
    (s) => settled.push(s),
  )
  const nextAnnouncement = async () => {
    while (announcements.length <= taken) await new Promise<void>((resolve) => (wake = resolve))
    return announcements[taken++] as RetryAnnouncement
  }

  async function finish<T>(promise: Promise<T>) {
    let outcome: { value?: T; error?: unknown } | undefined
    const done = promise.then(
      (value) => (outcome = { value }),
      (error: unknown) => (outcome = { error }),
    )
    const announced = { next: nextAnnouncement() }
    for (;;) {
      const next = await Promise.race([done.then(() => undefined), announced.next, flushIO(10)])
      if (outcome) return outcome
      if (next) {
        announced.next = nextAnnouncement()
        await vi.advanceTimersByTimeAsync(next.delayMs)
      } else if (vi.getTimerCount() > 0) {
        await vi.advanceTimersToNextTimerAsync()
      }
    }
  }

  return { api, retry, announcements, settled, nextAnnouncement, finish }
}
