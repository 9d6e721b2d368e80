// A real HTTP server on 127.0.0.1 that answers from a script, and a client composed the way
// createApiClient composes it (retry, then a last interceptor that rejects with an ApiError).
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import axios from 'axios'
import type { AxiosInstance } from 'axios'
import { vi } from 'vitest'
import { normalizeError } from '../../../src/core/errors'
import { installRetry } from '../../../src/core/retry'
import type { RetryAnnouncement, RetryInstallation, RetryOptions, RetrySettled } from '../../../src/core/retry'

/** One scripted answer; `hang` never answers, `reset` destroys the connection. */
export type Reply =
  | { status: number; headers?: Record<string, string> | undefined; body?: unknown }
  | { hang: true }
  | { reset: true }

export interface Hit {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: string
  /** Date.now() when the server received it: fake time, so exact. */
  at: number
}

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

export interface TestServer {
  url: string
  /** Answers the next requests to `path` with `replies` in order, then 200 `{ ok: true }`. */
  script(path: string, ...replies: Reply[]): void
  hits(path: string): Hit[]
  close(): Promise<void>
}

export async function startServer(): Promise<TestServer> {
  const scripts = new Map<string, Reply[]>()
  const log: Hit[] = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/'
      log.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, at: Date.now() })
      const reply = scripts.get(path)?.shift() ?? { status: 200, body: { ok: true } }
      if ('hang' in reply) return
      if ('reset' in reply) return req.socket.destroy()
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
      res.end(JSON.stringify(reply.body ?? { message: `status ${reply.status}` }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    script: (path, ...replies) => scripts.set(path, replies),
    hits: (path) => log.filter((hit) => hit.url.split('?')[0] === path),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export interface TestClient {
  api: AxiosInstance
  retry: RetryInstallation
  announcements: RetryAnnouncement[]
  settled: RetrySettled[]
  /** Resolves with the next announcement (one already made and not yet taken comes at once). */
  nextAnnouncement(): Promise<RetryAnnouncement>
  /** Waits for `promise`, moving the fake clock over each announced wait; resolves with its outcome. */
  finish<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }>
}

export function createTestClient(baseURL: string, options?: RetryOptions | number | false): TestClient {
  const api = axios.create({ baseURL })
  const retry = installRetry(api, options, (e) => normalizeError(e))
  api.interceptors.response.use(undefined, (error: unknown) => Promise.reject(normalizeError(error)))

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
    for (;;) {
      const next = await Promise.race([done.then(() => undefined), nextAnnouncement()])
      if (outcome) return outcome
      if (next) await vi.advanceTimersByTimeAsync(next.delayMs)
    }
  }

  return { api, retry, announcements, settled, nextAnnouncement, finish }
}
