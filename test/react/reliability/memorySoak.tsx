/**
 * The memory soak, shared by memory.test.tsx (a few thousand requests, in jsdom) and the full run in
 * `npm run soak` (bench/soak-memory.bench.ts, 100,000): requests through one client and one mounted
 * component using useApiQuery and useAuthState, answered by an in-memory axios adapter with
 * scripted failures (retries, 401 → refresh → replay, exhausted retries, 404, aborts before and
 * during a retry wait). What must stay flat: live subscriptions, abort listeners, timers, query
 * cache entries, and the heap after a full collection.
 */
import { AxiosError, AxiosHeaders } from 'axios'
import type {
  AxiosAdapter,
  AxiosResponse,
  GenericAbortSignal,
  InternalAxiosRequestConfig,
} from 'axios'
import type { ReactNode } from 'react'
import { createApiClient } from '../../../src/core/client'
import type { ApiClient } from '../../../src/core/client'
import { isApiError } from '../../../src/core/errors/ApiError'
import { ApiProvider, createApiQueryClient } from '../../../src/react/ApiProvider'
import { useApiQuery } from '../../../src/react/useApiQuery'
import type { UseApiQueryResult } from '../../../src/react/useApiQuery'
import { useAuthState } from '../../../src/react/useAuthState'
import { activeTimers, settledHeap } from '../../reliability/measure'

type Scenario =
  | 'ok'
  | 'retry-503'
  | 'retry-network'
  | 'retry-429'
  | 'exhaust-500'
  | 'not-found'
  | 'abort-in-wait'
  | 'abort-before'

const HOOK_SCENARIOS: readonly Scenario[] = [
  'ok',
  'retry-503',
  'ok',
  'retry-network',
  'ok',
  'retry-429',
  'exhaust-500',
  'not-found',
]
const DIRECT_SCENARIOS: readonly Scenario[] = [...HOOK_SCENARIOS, 'abort-in-wait', 'abort-before']

export interface MemorySoakOptions {
  requests: number
  /** Requests per round: one through the hook's refetch, the rest straight through the client at once. */
  perRound: number
  /** Every this many rounds the "server" expires the token: the round's requests meet 401s and one refresh. */
  expireEveryRounds: number
  /** Heap samples, evenly spread; the first is taken after a fifth of the run (warm-up). */
  checkpoints: number
  mount: (ui: ReactNode) => { unmount(): void }
  /** Wraps each round: testing-library's `act` in a test, a plain call elsewhere. */
  act: (round: () => Promise<void>) => Promise<void>
  onProgress?: ((requests: number) => void) | undefined
}

export const MEMORY_SIZES = {
  small: { requests: 2_000, perRound: 10, expireEveryRounds: 12, checkpoints: 3 },
  full: { requests: 100_000, perRound: 20, expireEveryRounds: 50, checkpoints: 10 },
} as const

export interface MemorySoakReport {
  requests: number
  /** By how each request ended: `ok` or the ApiError's kind. */
  outcomes: Record<string, number>
  /** By scenario and ending, e.g. `hook retry-503 → ok`, `direct abort-in-wait → canceled`. */
  byScenario: Record<string, number>
  refreshCalls: number
  expiries: number
  /** Heap after a full collection at each checkpoint, in bytes, with the requests made by then. */
  heap: { requests: number; bytes: number }[]
  /** Heap growth between the first and last checkpoint, per request. */
  bytesPerRequest: number
  /** Subscriptions to the client's auth and retry controllers still live: while mounted, after unmount. */
  subscriptions: { mounted: number; afterUnmount: number; mostAtOnce: number }
  /** Listeners still on the page-level AbortSignal every direct request carries, at the end and at most. */
  abortListeners: { end: number; mostAtOnce: number }
  timers: { before: number; afterUnmount: number }
  queryCacheEntries: number
  /** The component's last render showed the last round's outcome. */
  hookRenders: number
}

/** An AbortSignal that counts the listeners added to it, for a leak to show as a growing count. */
function countingSignal() {
  const controller = new AbortController()
  const live = new Set<unknown>()
  let most = 0
  const signal: GenericAbortSignal = {
    get aborted() {
      return controller.signal.aborted
    },
    onabort: null,
    addEventListener: (type: string, listener: () => void, options?: AddEventListenerOptions) => {
      live.add(listener)
      most = Math.max(most, live.size)
      controller.signal.addEventListener(type, listener, options)
    },
    removeEventListener: (type: string, listener: () => void) => {
      live.delete(listener)
      controller.signal.removeEventListener(type, listener)
    },
  }
  return { signal, live: () => live.size, most: () => most }
}

/** The "server": scripted answers per logical request (attempts counted on the retry layer's own state). */
function memoryServer() {
  const attempts = new WeakMap<object, number>()
  let valid = 'token-0'
  let version = 0
  const respond = (
    config: InternalAxiosRequestConfig,
    status: number,
    data: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response: AxiosResponse = {
      data,
      status,
      statusText: String(status),
      // The scripted answers come from another origin that lists its headers, as a real API must
      // for the client to see them (otherwise development warns that Retry-After is hidden).
      headers: AxiosHeaders.from({ 'x-request-id': `memory-${version}`, ...headers }),
      config,
      request: {},
    }
    if (status < 400) return response
    throw new AxiosError(
      `Request failed with status code ${status}`,
      status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST',
      config,
      {},
      response,
    )
  }
  const adapter: AxiosAdapter = async (config) => {
    await Promise.resolve()
    if (config.headers.get('Authorization') !== `Bearer ${valid}`)
      return respond(config, 401, { code: 'token_expired', message: 'Token has expired' })
    // Counted past the token check, so that a 401 and its replay leave the script as it was.
    const logical = (config as { __rqRetry?: object }).__rqRetry ?? config
    const attempt = (attempts.get(logical) ?? 0) + 1
    attempts.set(logical, attempt)
    switch (config.headers.get('X-Scenario') as Scenario) {
      case 'retry-503':
      case 'abort-in-wait':
        return attempt === 1
          ? respond(config, 503, { message: 'busy' })
          : respond(config, 200, { attempt })
      case 'retry-network':
        if (attempt === 1) throw new AxiosError('Network Error', 'ERR_NETWORK', config, {})
        return respond(config, 200, { attempt })
      case 'retry-429':
        return attempt === 1
          ? respond(config, 429, { message: 'slow down' }, { 'retry-after': '0' })
          : respond(config, 200, { attempt })
      case 'exhaust-500':
        return respond(config, 500, { message: 'broken' })
      case 'not-found':
        return respond(config, 404, { message: 'gone' })
      default:
        return respond(config, 200, { attempt })
    }
  }
  return {
    adapter,
    expire: () => {
      valid = 'expired'
    },
    mint: () => (valid = `token-${++version}`),
    token: () => valid,
  }
}

/** Counts live subscriptions made through `subscribe`-style methods of the client's controllers. */
function countSubscriptions(client: ApiClient) {
  let live = 0
  let most = 0
  const wrap = <F extends (...args: never[]) => () => unknown>(subscribe: F): F =>
    ((...args: Parameters<F>) => {
      const stop = subscribe(...args)
      most = Math.max(most, ++live)
      let stopped = false
      return () => {
        if (!stopped) live--
        stopped = true
        return stop()
      }
    }) as F
  const auth = client.auth!
  auth.subscribe = wrap(auth.subscribe.bind(auth))
  client.retry.subscribe = wrap(client.retry.subscribe.bind(client.retry))
  return { live: () => live, most: () => most }
}

export async function runMemorySoak(options: MemorySoakOptions): Promise<MemorySoakReport> {
  const server = memoryServer()
  let token = server.token()
  let refreshCalls = 0
  const client = createApiClient({
    baseURL: 'https://api.example.test/v1',
    adapter: server.adapter,
    retry: { retries: 2, baseDelayMs: 0, maxDelayMs: 1 },
    auth: {
      getAccessToken: () => token,
      refresh: async () => {
        refreshCalls++
        await Promise.resolve()
        return (token = server.mint())
      },
    },
  })
  const subscriptions = countSubscriptions(client)
  const page = countingSignal()
  const queryClient = createApiQueryClient()
  const outcomes: Record<string, number> = {}
  const byScenario: Record<string, number> = {}
  const count = (scenario: string, outcome: string) => {
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
    byScenario[`${scenario} → ${outcome}`] = (byScenario[`${scenario} → ${outcome}`] ?? 0) + 1
  }
  const settle = (scenario: Scenario, request: Promise<unknown>) =>
    request.then(
      () => count(`direct ${scenario}`, 'ok'),
      (error: unknown) => count(`direct ${scenario}`, isApiError(error) ? error.kind : 'untyped'),
    )

  const hook = {
    scenario: 'ok' as Scenario,
    current: undefined as UseApiQueryResult | undefined,
    renders: 0,
  }
  function Probe() {
    const auth = useAuthState()
    const query = useApiQuery({
      queryKey: ['memory-soak'],
      request: () => ({ url: '/items', headers: { 'X-Scenario': hook.scenario } }),
      throwOnError: false,
      enabled: false,
    })
    hook.current = query
    hook.renders++
    return (
      <p data-auth={auth}>
        {query.error ? query.error.kind : query.data ? 'ok' : 'idle'}
        {query.pendingRetry ? ` retry ${query.pendingRetry.retryNumber}` : ''}
      </p>
    )
  }

  const timersBefore = activeTimers()
  const view = options.mount(
    <ApiProvider client={client} queryClient={queryClient}>
      <Probe />
    </ApiProvider>,
  )
  const rounds = Math.ceil(options.requests / options.perRound)
  const warmRounds = Math.floor(rounds / 5)
  const every = Math.max(
    1,
    Math.floor((rounds - warmRounds) / Math.max(1, options.checkpoints - 1)),
  )
  const heap: MemorySoakReport['heap'] = []
  let expiries = 0
  let sent = 0
  let directSent = 0

  for (let round = 0; round < rounds; round++) {
    if (round > 0 && round % options.expireEveryRounds === 0) {
      server.expire()
      expiries++
    }
    hook.scenario = HOOK_SCENARIOS[round % HOOK_SCENARIOS.length]!
    await options.act(async () => {
      const direct = Array.from({ length: options.perRound - 1 }, () => {
        const scenario = DIRECT_SCENARIOS[directSent++ % DIRECT_SCENARIOS.length]!
        const headers = { 'X-Scenario': scenario }
        if (scenario === 'abort-before' || scenario === 'abort-in-wait') {
          const controller = new AbortController()
          const request = client.get('/items', {
            headers,
            signal: controller.signal,
            onRetryScheduled: () => controller.abort(),
          })
          if (scenario === 'abort-before') controller.abort()
          return settle(scenario, request)
        }
        return settle(scenario, client.get('/items', { headers, signal: page.signal }))
      })
      const scenario = hook.scenario
      const viaHook = hook
        .current!.refetch()
        .then((result) => count(`hook ${scenario}`, result.error ? result.error.kind : 'ok'))
      await Promise.all([viaHook, ...direct])
    })
    sent += options.perRound
    if (sent % 10_000 === 0) options.onProgress?.(sent)
    if (round >= warmRounds && ((round - warmRounds) % every === 0 || round === rounds - 1))
      heap.push({ requests: sent, bytes: await settledHeap() })
  }

  const mounted = subscriptions.live()
  const renders = hook.renders
  const queryCacheEntries = queryClient.getQueryCache().getAll().length
  view.unmount()
  queryClient.clear()
  // Let what unmounting scheduled (effects' cleanups, TanStack's notifications) run.
  await options.act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 20))
  })
  const first = heap[0]!
  const last = heap[heap.length - 1]!
  return {
    requests: sent,
    outcomes,
    byScenario,
    refreshCalls,
    expiries,
    heap,
    bytesPerRequest:
      last.requests > first.requests
        ? (last.bytes - first.bytes) / (last.requests - first.requests)
        : 0,
    subscriptions: {
      mounted,
      afterUnmount: subscriptions.live(),
      mostAtOnce: subscriptions.most(),
    },
    abortListeners: { end: page.live(), mostAtOnce: page.most() },
    timers: { before: timersBefore, afterUnmount: activeTimers() },
    queryCacheEntries,
    hookRenders: renders,
  }
}

/** The promises the memory soak checks, as messages; empty when every one holds. */
export function memoryViolations(report: MemorySoakReport, bytesPerRequestBound: number): string[] {
  const total = Object.values(report.outcomes).reduce((a, b) => a + b, 0)
  const checks: [boolean, string][] = [
    [total === report.requests, `${report.requests - total} requests never settled`],
    [!report.outcomes['untyped'], `${report.outcomes['untyped']} rejections were not ApiErrors`],
    [
      report.refreshCalls === report.expiries,
      `${report.refreshCalls} refreshes for ${report.expiries} expiries`,
    ],
    [
      report.subscriptions.afterUnmount === 0,
      `${report.subscriptions.afterUnmount} subscriptions outlived the component`,
    ],
    [
      report.subscriptions.mostAtOnce <= 2,
      `${report.subscriptions.mostAtOnce} subscriptions at once (one component)`,
    ],
    [
      report.abortListeners.end === 0,
      `${report.abortListeners.end} listeners left on the page's AbortSignal`,
    ],
    [
      report.timers.afterUnmount <= report.timers.before,
      `timers: ${report.timers.before} before, ${report.timers.afterUnmount} after unmounting`,
    ],
    [
      report.queryCacheEntries <= 1,
      `${report.queryCacheEntries} query cache entries for one query`,
    ],
    [
      report.bytesPerRequest < bytesPerRequestBound,
      `heap grows ${report.bytesPerRequest.toFixed(0)} B per request (bound ${bytesPerRequestBound})`,
    ],
  ]
  return checks.flatMap(([ok, message]) => (ok ? [] : [message]))
}
