/**
 * The fault soak, shared by the small run in the test suite (soak.test.ts) and the full run in
 * `npm run soak` (bench/soak.bench.ts): logical requests through one `createApiClient`, `concurrency`
 * at a time, against the fixture injecting faults on about `faultRate` of them, while the access
 * token expires every `expireEveryMs`; a second fixture origin receives absolute, protocol-relative
 * and redirected requests. What the client returned and what both servers saw are both counted.
 *
 * Real I/O and real time: every figure is a count, never a duration, except the latencies and the
 * wall time, which the bench table shows and nothing asserts.
 */
import axios from 'axios'
import { createApiClient } from '../../src/core/client'
import { isApiError } from '../../src/core/errors/ApiError'
import type { ApiError } from '../../src/core/errors/ApiError'
import type { Fault } from '../fixture/faults'
import { startFixtureServer } from '../fixture/server'
import { activeTimers, quantile, realDelay, seededRandom, settledHeap } from './measure'
import { SECRETS, SECRET_HEADERS, SECRET_PARAMS, captureConsole, leaksOf } from './secrets'

export interface FaultSoakOptions {
  /** Logical requests (each may take several attempts). */
  requests: number
  concurrency: number
  /** Share of logical requests for which one fault is queued on their route. */
  faultRate: number
  /** How often the fixture expires every access token. */
  expireEveryMs: number
  /**
   * The client's per-attempt timeout, which ends each stall. Not much below 1 s: client and server
   * share one process, and at 50 in flight on a busy 2-core machine a tighter timeout fires on
   * answers merely queued for the CPU; their retries keep it saturated (a retry storm of the test's
   * own making, measured at 250 ms: 22% of fault-free requests timed out five times).
   */
  attemptTimeoutMs: number
  /** The `Retry-After` seconds the 429 faults pick from; those above `maxRetryAfterMs` must fail fast. */
  retryAfterSeconds: readonly number[]
  maxRetryAfterMs: number
  /** A request still pending this long after it was sent counts as never settled. */
  settleDeadlineMs: number
  seed: number
  /** Called every 1,000 settled requests. */
  onProgress?: ((settled: number) => void) | undefined
}

export const SOAK_SIZES = {
  small: {
    requests: 300,
    concurrency: 50,
    faultRate: 0.3,
    expireEveryMs: 250,
    attemptTimeoutMs: 1_000,
    retryAfterSeconds: [0, 0.02, 0.05, 2],
    maxRetryAfterMs: 100,
    settleDeadlineMs: 15_000,
    seed: 7,
  },
  full: {
    requests: 10_000,
    concurrency: 50,
    faultRate: 0.3,
    expireEveryMs: 2_000,
    attemptTimeoutMs: 1_000,
    retryAfterSeconds: [0, 0.25, 0.5, 1, 2],
    maxRetryAfterMs: 1_000,
    settleDeadlineMs: 60_000,
    seed: 20_240_601,
  },
} satisfies Record<string, FaultSoakOptions>

/** The client settings of the soak: small waits, so the faults cost little wall time. */
export const SOAK_RETRY = {
  retries: 4,
  baseDelayMs: 5,
  maxDelayMs: 50,
  idempotencyKey: true,
} as const

type Kind = 'protected' | 'items' | 'write' | 'absolute' | 'protocol-relative' | 'redirect'

// Shares of the traffic; the last three go to (or are redirected to) the second origin.
const MIX: readonly (readonly [Kind, number])[] = [
  ['protected', 0.4],
  ['items', 0.25],
  ['write', 0.3],
  ['absolute', 0.02],
  ['protocol-relative', 0.01],
  ['redirect', 0.02],
]

const ROUTES: Partial<Record<Kind, string>> = {
  protected: 'GET /test/protected',
  items: 'GET /test/items',
  write: 'POST /test/writes',
}

/**
 * Faults that replace the answer (on a write the route never runs): the menu for reads, and for
 * writes without the 200 with a cut body, a proxy's answer to a read that a write never meets.
 */
/** How long the replays a refresh answered take to reach the server here (loopback, busy host). */
const REPLAYS_LAND_MS = 100

function requestFaults(retryAfter: () => number): {
  reads: (() => Fault)[]
  writes: (() => Fault)[]
} {
  const writes: (() => Fault)[] = [
    () => ({ type: 'status', status: 500 }),
    () => ({ type: 'status', status: 502 }),
    () => ({ type: 'status', status: 503 }),
    () => ({ type: 'status', status: 429, retryAfter: retryAfter() }),
    () => ({ type: 'drop' }),
    () => ({ type: 'stall' }),
    () => ({ type: 'html' }),
    () => ({ type: 'truncated-json', status: 503 }),
  ]
  return { reads: [...writes, () => ({ type: 'truncated-json' })], writes }
}

/** Faults after the write applied: the answer is lost, and only the key keeps the retry from applying it again. */
const RESPONSE_FAULTS: (() => Fault)[] = [
  () => ({ type: 'status', status: 502, phase: 'response' }),
  () => ({ type: 'status', status: 503, phase: 'response' }),
  () => ({ type: 'drop', phase: 'response' }),
  () => ({ type: 'stall', phase: 'response' }),
  () => ({ type: 'html', status: 504, phase: 'response' }),
]

export interface FaultSoakReport {
  options: FaultSoakOptions
  wallMs: number
  requests: number
  settled: number
  succeeded: number
  /** Answered 200 with the truncated JSON, which axios hands back as text (its silentJSONParsing). */
  succeededCutShort: number
  failedByKind: Record<string, number>
  /** Failures by request and kind, e.g. `protocol-relative → http`. */
  failedByRequest: Record<string, number>
  /**
   * `unauthorized` failures of requests that did not live through two expiries or more. A request
   * is replayed once after a refresh (so that a token the server keeps refusing cannot loop): one
   * that meets a second expiry fails, by design; any other is a failure of the auth layer.
   */
  unauthorizedUnexplained: number
  /** Rejections that were not an ApiError, and answers of the wrong shape. */
  untyped: number
  unhandledRejections: number
  /** What the main server saw. */
  attempts: number
  faultedAttempts: number
  faultsByType: Record<string, number>
  writes: {
    sent: number
    succeeded: number
    applied: number
    /** Idempotency keys whose write the server applied more than once. */
    appliedTwice: number
    replayed: number
    conflicts: number
    /** Logical POSTs whose attempts carried more than one key, or none. */
    keyChanged: number
    keyMissing: number
    /** POSTs the client saw succeed whose write the server never applied. */
    succeededNotApplied: number
  }
  auth: {
    expiries: number
    refreshCalls: number
    /** Fewest and most refresh calls one expiry caused. */
    perExpiryMin: number
    perExpiryMax: number
    /** Refreshes that no expiry explains. */
    spurious: number
    authFailures: number
  }
  secondOrigin: {
    sent: number
    reached: number
    /** Requests that reached the second origin with an Authorization header. */
    withToken: number
  }
  /** Forms of failures (toJSON, String, stack, inspect…) or console lines holding a secret or token. */
  leaks: string[]
  /** What was written through console.* during the run (the library itself writes nothing). */
  consoleLines: string[]
  latencyMs: { p50: number; p99: number; max: number }
  heap: { beforeBytes: number; afterBytes: number }
  timers: { before: number; after: number }
}

interface Outcome {
  kind: Kind
  ms: number
  /** Token expiries the request met: those after the last one answered by a refresh when it started. */
  expiries: number
  result: 'ok' | 'cut-short' | 'failed' | 'untyped' | 'unsettled'
  error?: ApiError
  idempotencyKey?: string | undefined
}

const pendingForever = Symbol('unsettled')

export async function runFaultSoak(options: FaultSoakOptions): Promise<FaultSoakReport> {
  const random = seededRandom(options.seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const main = await startFixtureServer({ authRateLimit: false })
  const other = await startFixtureServer({ authRateLimit: false })
  const unhandled: unknown[] = []
  const onUnhandled = (reason: unknown) => unhandled.push(reason)
  let expiryTimer: ReturnType<typeof setInterval> | undefined
  let console_: ReturnType<typeof captureConsole> | undefined

  try {
    const issued = main.api.issueToken()
    const store = { access: issued.accessToken, refresh: issued.refreshToken }
    const tokens = new Set([issued.accessToken, issued.refreshToken])
    let expiries = 0
    /** The last expiry a refresh has answered: a request sent before the next one carries a live token. */
    let answered = 0
    /** When the last refresh answered (performance.now()). */
    let answeredAt = 0
    const refreshesPerExpiry: number[] = []
    let authFailures = 0

    const api = createApiClient({
      baseURL: main.url,
      retry: {
        ...SOAK_RETRY,
        attemptTimeoutMs: options.attemptTimeoutMs,
        maxRetryAfterMs: options.maxRetryAfterMs,
      },
      auth: {
        getAccessToken: () => store.access,
        refresh: async ({ signal }) => {
          const epoch = expiries
          refreshesPerExpiry[epoch] = (refreshesPerExpiry[epoch] ?? 0) + 1
          const { data } = await axios.post<{ access_token: string; refresh_token: string }>(
            `${main.url}/monogoto/v1/auth/refresh`,
            { refresh_token: store.refresh },
            { signal, timeout: 5_000 },
          )
          tokens.add(data.access_token).add(data.refresh_token)
          store.access = data.access_token
          store.refresh = data.refresh_token
          answered = Math.max(answered, epoch)
          answeredAt = performance.now()
          return data.access_token
        },
        onAuthFailure: () => authFailures++,
      },
    })

    const otherPort = new URL(other.url).port
    const send = (kind: Kind, n: number) => {
      switch (kind) {
        case 'protected':
          return api.get('/test/protected', {
            headers: SECRET_HEADERS,
            ...(n % 4 === 0 ? { params: SECRET_PARAMS } : {}),
          })
        case 'items':
          return api.get('/test/items', { headers: SECRET_HEADERS })
        case 'write':
          return api.post('/test/writes', { n }, { headers: SECRET_HEADERS })
        case 'absolute':
          return api.get(`${other.url}/test/echo`)
        case 'protocol-relative':
          // Node has no page to resolve `//host` against: axios rejects it before sending.
          return api.get(`//127.0.0.1:${otherPort}/test/echo`)
        case 'redirect':
          return api.get('/test/status/302', {
            params: { header: `Location: ${other.url}/test/echo` },
          })
      }
    }
    const succeeded = (kind: Kind, data: unknown): Outcome['result'] => {
      if (typeof data === 'string') return 'cut-short'
      const ok =
        kind === 'protected'
          ? (data as { subject?: unknown }).subject === 'demo'
          : kind === 'items'
            ? Array.isArray(data)
            : kind === 'write'
              ? typeof (data as { id?: unknown }).id === 'number'
              : (data as { path?: unknown }).path === '/test/echo'
      return ok ? 'ok' : 'untyped'
    }

    // Warm up every route once (sockets, JIT), then take the baselines.
    for (const kind of ['protected', 'items', 'write', 'absolute', 'redirect'] as const)
      await send(kind, -1)
    main.api.reset()
    other.api.reset()
    const fresh = main.api.issueToken()
    store.access = fresh.accessToken
    store.refresh = fresh.refreshToken
    tokens.add(fresh.accessToken).add(fresh.refreshToken)
    refreshesPerExpiry.length = 0
    const heapBefore = await settledHeap()
    const timersBefore = activeTimers()

    process.on('unhandledRejection', onUnhandled)
    console_ = captureConsole()
    // An expiry waits for the refresh of the one before and for no refresh to be running, so that
    // each expiry has exactly one refresh to answer it; and for the replays that refresh answered to
    // land: a token refused the moment it was issued is, to the client, a refresh that failed.
    expiryTimer = setInterval(() => {
      const answered = (refreshesPerExpiry[expiries] ?? 0) > 0 || expiries === 0
      if (
        answered &&
        api.auth?.getState() === 'idle' &&
        performance.now() - answeredAt >= REPLAYS_LAND_MS
      ) {
        expiries++
        main.api.expireTokens()
      }
    }, options.expireEveryMs)

    const faults = requestFaults(() => pick(options.retryAfterSeconds))
    const writeFaults = [...faults.writes, ...RESPONSE_FAULTS]
    const faultsFor = (kind: Kind) => (kind === 'write' ? writeFaults : faults.reads)
    const kindAt = (r: number): Kind => {
      let sum = 0
      for (const [kind, share] of MIX) if (r < (sum += share)) return kind
      return 'items'
    }

    const outcomes: Outcome[] = []
    let next = 0
    const started = performance.now()
    const worker = async () => {
      while (next < options.requests) {
        const n = next++
        const kind = kindAt(random())
        const route = ROUTES[kind]
        if (route && random() < options.faultRate) main.api.setFault(route, pick(faultsFor(kind))())
        const t0 = performance.now()
        // An expiry not yet answered when the request starts is one it meets: its token is dead.
        const expiriesAtStart = answered
        let deadline: ReturnType<typeof setTimeout> | undefined
        const outcome: Outcome = await Promise.race([
          send(kind, n).then(
            (response): Outcome => ({
              kind,
              ms: 0,
              expiries: 0,
              result: succeeded(kind, response.data),
              idempotencyKey: response.config.headers.get('Idempotency-Key')?.toString(),
            }),
            (error: unknown): Outcome =>
              isApiError(error)
                ? { kind, ms: 0, expiries: 0, result: 'failed', error }
                : { kind, ms: 0, expiries: 0, result: 'untyped' },
          ),
          new Promise<typeof pendingForever>((resolve) => {
            deadline = setTimeout(() => resolve(pendingForever), options.settleDeadlineMs)
          }).then((): Outcome => ({ kind, ms: 0, expiries: 0, result: 'unsettled' })),
        ])
        clearTimeout(deadline)
        outcome.ms = performance.now() - t0
        outcome.expiries = expiries - expiriesAtStart
        outcomes.push(outcome)
        if (outcomes.length % 1000 === 0) options.onProgress?.(outcomes.length)
      }
    }
    await Promise.all(Array.from({ length: options.concurrency }, worker))
    const wallMs = performance.now() - started
    clearInterval(expiryTimer)
    expiryTimer = undefined
    // The last expiry may have come after the last protected request: one more lets it be answered.
    if (expiries > 0 && !refreshesPerExpiry[expiries])
      await api.get('/test/protected').catch(() => undefined)
    await realDelay(50) // lets any late rejection surface as unhandled
    process.off('unhandledRejection', onUnhandled)
    console_.restore()
    const consoleLines = console_.lines
    console_ = undefined

    // What the servers saw is read inside this function, so that none of it (every request
    // with its headers) is still reachable when the heap is measured below.
    const report = ((): Omit<FaultSoakReport, 'heap' | 'timers'> => {
      // What the servers saw, before their logs are dropped for the heap measurement.
      const stats = main.api.stats()
      const seen = main.api.requests()
      const writesSeen = main.api.requests('POST /test/writes')
      const reachedOther = other.api.requests()

      const keysByBody = new Map<string, Set<string | undefined>>()
      for (const record of writesSeen) {
        const keys = keysByBody.get(record.body) ?? new Set()
        keys.add(record.headers['idempotency-key'])
        keysByBody.set(record.body, keys)
      }
      const writeOutcomes = outcomes.filter((o) => o.kind === 'write')
      const succeededKeys = writeOutcomes.flatMap((o) =>
        o.result === 'ok' && o.idempotencyKey ? [o.idempotencyKey] : [],
      )

      const failedByKind: Record<string, number> = {}
      const failedByRequest: Record<string, number> = {}
      for (const o of outcomes)
        if (o.error) {
          failedByKind[o.error.kind] = (failedByKind[o.error.kind] ?? 0) + 1
          const key = `${o.kind} → ${o.error.kind}`
          failedByRequest[key] = (failedByRequest[key] ?? 0) + 1
        }
      const faultsByType: Record<string, number> = {}
      for (const r of seen) if (r.fault) faultsByType[r.fault] = (faultsByType[r.fault] ?? 0) + 1

      const secrets = [...Object.values(SECRETS), ...tokens]
      const leaks = [
        ...outcomes.flatMap((o) => (o.error ? leaksOf(o.error, secrets) : [])),
        ...consoleLines
          .filter((line) => secrets.some((s) => line.includes(s)))
          .map((l) => `console: ${l.slice(0, 80)}`),
      ]
      const perExpiry = refreshesPerExpiry.slice(1, expiries + 1).map((c) => c ?? 0)
      const secondOriginKinds: Kind[] = ['absolute', 'protocol-relative', 'redirect']

      return {
        options,
        wallMs,
        requests: options.requests,
        settled: outcomes.filter((o) => o.result !== 'unsettled').length,
        succeeded: outcomes.filter((o) => o.result === 'ok' || o.result === 'cut-short').length,
        succeededCutShort: outcomes.filter((o) => o.result === 'cut-short').length,
        failedByKind,
        failedByRequest,
        unauthorizedUnexplained: outcomes.filter(
          (o) => o.error?.kind === 'unauthorized' && o.expiries < 2,
        ).length,
        untyped: outcomes.filter((o) => o.result === 'untyped').length,
        unhandledRejections: unhandled.length,
        attempts: seen.length,
        faultedAttempts: seen.filter((r) => r.fault).length,
        faultsByType,
        writes: {
          sent: writeOutcomes.length,
          succeeded: writeOutcomes.filter((o) => o.result === 'ok' || o.result === 'cut-short')
            .length,
          applied: stats.writes.applied,
          appliedTwice: Object.values(stats.writes.appliedByKey).filter((count) => count > 1)
            .length,
          replayed: stats.writes.replayed,
          conflicts: stats.writes.conflicts,
          keyChanged: [...keysByBody.values()].filter((keys) => keys.size > 1).length,
          keyMissing: [...keysByBody.values()].filter((keys) => keys.has(undefined)).length,
          succeededNotApplied: succeededKeys.filter((key) => stats.writes.appliedByKey[key] !== 1)
            .length,
        },
        auth: {
          expiries,
          refreshCalls: stats.refreshCalls.monogoto,
          perExpiryMin: perExpiry.length ? Math.min(...perExpiry) : 0,
          perExpiryMax: perExpiry.length ? Math.max(...perExpiry) : 0,
          spurious: refreshesPerExpiry[0] ?? 0,
          authFailures,
        },
        secondOrigin: {
          sent: outcomes.filter((o) => secondOriginKinds.includes(o.kind)).length,
          reached: reachedOther.length,
          withToken: reachedOther.filter((r) => r.headers.authorization !== undefined).length,
        },
        leaks,
        consoleLines: consoleLines.map((line) => line.slice(0, 200)),
        latencyMs: {
          p50: quantile(
            outcomes.map((o) => o.ms),
            0.5,
          ),
          p99: quantile(
            outcomes.map((o) => o.ms),
            0.99,
          ),
          max: quantile(
            outcomes.map((o) => o.ms),
            1,
          ),
        },
      }
    })()
    // The outcomes too (each error keeps its request and response through `cause`), and the
    // servers' logs: what stays is the client's.
    outcomes.length = 0
    main.api.reset()
    other.api.reset()
    return {
      ...report,
      heap: { beforeBytes: heapBefore, afterBytes: await settledHeap() },
      timers: { before: timersBefore, after: activeTimers() },
    }
  } finally {
    if (expiryTimer) clearInterval(expiryTimer)
    console_?.restore()
    process.off('unhandledRejection', onUnhandled)
    await Promise.all([main.close(), other.close()])
  }
}

/** The promises the soak checks, as messages; empty when every one holds. */
export function soakViolations(report: FaultSoakReport, heapBoundBytes: number): string[] {
  const { writes, auth, secondOrigin } = report
  const checks: [boolean, string][] = [
    [
      report.settled === report.requests,
      `${report.requests - report.settled} requests never settled`,
    ],
    [
      report.untyped === 0,
      `${report.untyped} requests ended without an ApiError (or with a wrong body)`,
    ],
    [report.unhandledRejections === 0, `${report.unhandledRejections} unhandled rejections`],
    [writes.appliedTwice === 0, `${writes.appliedTwice} POSTs applied twice`],
    [
      writes.keyChanged === 0,
      `${writes.keyChanged} POSTs changed their Idempotency-Key between attempts`,
    ],
    [writes.keyMissing === 0, `${writes.keyMissing} POSTs went out without an Idempotency-Key`],
    [
      writes.succeededNotApplied === 0,
      `${writes.succeededNotApplied} POSTs succeeded without being applied`,
    ],
    [auth.expiries > 0, 'no token expiry happened'],
    [
      auth.perExpiryMin === 1 && auth.perExpiryMax === 1,
      `refresh calls per expiry ${auth.perExpiryMin}–${auth.perExpiryMax}, not 1`,
    ],
    [auth.spurious === 0, `${auth.spurious} refreshes before any expiry`],
    [auth.authFailures === 0, `${auth.authFailures} sessions lost`],
    [
      report.unauthorizedUnexplained === 0,
      `${report.unauthorizedUnexplained} requests failed as unauthorized without meeting two expiries`,
    ],
    [
      secondOrigin.withToken === 0,
      `${secondOrigin.withToken} requests carried the token to the second origin`,
    ],
    [report.leaks.length === 0, `secrets leaked: ${report.leaks.slice(0, 5).join('; ')}`],
    [
      report.timers.after <= report.timers.before,
      `timers left running: ${report.timers.before} before, ${report.timers.after} after`,
    ],
    [
      report.heap.afterBytes - report.heap.beforeBytes < heapBoundBytes,
      `heap grew by ${report.heap.afterBytes - report.heap.beforeBytes} bytes (bound ${heapBoundBytes})`,
    ],
  ]
  return checks.flatMap(([ok, message]) => (ok ? [] : [message]))
}
