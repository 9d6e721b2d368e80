// N concurrent requests meet an expired token while the refresh takes 50 ms: how many refreshes,
// failures and 401s each approach produces, and what the storm costs in wall time against the same
// N requests with a valid token through the same client. Everything runs in this one process
// against the fixture server on 127.0.0.1.
//
// STORM_AGENTS=1 adds the same storm (counters only) with two other connection set-ups, because
// the competitors' results depend on them: see `AGENT_SETUPS`. It adds about a minute.
import { readFileSync } from 'node:fs'
import { Agent } from 'node:http'
import type { AgentOptions } from 'node:http'
import { startFixtureServer } from '../test/fixture/server'
import type { FixtureServer } from '../test/fixture/server'
import { ratio, report } from './report'
import {
  axiosAuthRefreshNoDedupSubject,
  axiosAuthRefreshSubject,
  knownExpirySubject,
  resilientQuerySubject,
  textbookSubject,
} from './storm-subjects'
import type { StormClient, StormSubject } from './storm-subjects'

const BENCH = 'refresh-storm'
const N = 1000
/** Runs per subject and mode, baseline and storm interleaved; the table shows medians (of 2: means). */
const RUNS = 2
/** Valid-token requests on each run's new agents, unmeasured: they open the 64 sockets. */
const WARMUP = 64
const REFRESH_DELAY_MS = 50

interface AgentSetup {
  name: string
  api: AgentOptions
  /** `undefined`: the refresh call shares the API calls' agent. */
  refresh: AgentOptions | undefined
}

// Browsers open 6 connections per origin on HTTP/1.1 and multiplex everything on HTTP/2; 64
// keep-alive sockets sit between the two. The refresh call gets an agent of its own (same options),
// as it would with HTTP/2 or an auth server on another host: sharing the API calls' agent would
// queue it behind every request still waiting for a socket, which hides the race (see STORM_AGENTS).
const MAIN_SETUP: AgentSetup = {
  name: 'keepAlive, maxSockets 64; refresh on its own agent',
  api: { keepAlive: true, maxSockets: 64 },
  refresh: { keepAlive: true, maxSockets: 64 },
}
const AGENT_SETUPS: readonly AgentSetup[] = [
  {
    name: 'keepAlive, maxSockets 64 shared with the refresh',
    api: { keepAlive: true, maxSockets: 64 },
    refresh: undefined,
  },
  {
    name: 'keepAlive, maxSockets Infinity (Node 20 globalAgent) shared',
    api: { keepAlive: true, maxSockets: Infinity },
    refresh: undefined,
  },
]

const PROTECTED = 'GET /test/protected'
const REFRESH = 'POST /monogoto/v1/auth/refresh'

interface RunResult {
  wallMs: number
  refreshCalls: number
  failed: number
  sent: number
  answered401: number
  /** e.g. `401×12`, the status (or error code) of each client-side rejection. */
  failures: string
  /** The refresh endpoint's answers, e.g. `200×5, 429×2`. */
  refreshStatuses: string
}

const burst = (client: StormClient, n: number) =>
  Promise.allSettled(Array.from({ length: n }, (_, i) => client.get(i)))

function failureOf(reason: unknown): string {
  const error = reason as { status?: number; code?: string; response?: { status?: number } }
  return String(error.status ?? error.response?.status ?? error.code ?? 'unknown')
}

function tally(values: readonly (string | number)[]): string {
  const counts = new Map<string, number>()
  for (const value of values) counts.set(String(value), (counts.get(String(value)) ?? 0) + 1)
  return [...counts].map(([value, count]) => (count === 1 ? value : `${value}×${count}`)).join(', ')
}

/** One burst of N on fresh fixture state (tokens, counters, log, rate-limit window), new agents and a new client. */
async function run(
  server: FixtureServer,
  subject: StormSubject,
  setup: AgentSetup,
  storm: boolean,
): Promise<RunResult> {
  const { api } = server
  const agent = new Agent(setup.api)
  const refreshAgent = setup.refresh ? new Agent(setup.refresh) : agent
  try {
    api.reset()
    const issued = api.issueToken()
    const session = { access: issued.accessToken, refresh: issued.refreshToken }
    const client = subject.create({ url: server.url, agent, refreshAgent, session })
    const warm = await burst(client, WARMUP)
    if (warm.some((r) => r.status === 'rejected'))
      throw new Error(`${subject.name}: the warm-up failed`)
    const hitsBefore = api.requests(PROTECTED).length
    if (storm) {
      api.expireTokens()
      client.beforeStorm?.()
    }
    globalThis.gc?.()

    const started = performance.now()
    const results = await burst(client, N)
    const wallMs = performance.now() - started

    const hits = api.requests(PROTECTED).slice(hitsBefore)
    const rejected = results.flatMap((r) => (r.status === 'rejected' ? [failureOf(r.reason)] : []))
    const result: RunResult = {
      wallMs,
      refreshCalls: api.refreshCalls('monogoto'),
      failed: rejected.length,
      sent: hits.length,
      answered401: hits.filter((h) => h.status === 401).length,
      failures: tally(rejected),
      refreshStatuses: tally(api.requests(REFRESH).map((r) => r.status ?? r.outcome)),
    }
    if (!storm && (result.failed > 0 || result.refreshCalls > 0)) {
      throw new Error(`${subject.name}: the valid-token baseline failed or refreshed`)
    }
    return result
  } finally {
    agent.destroy()
    refreshAgent.destroy()
  }
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const joinNotes = (...notes: (string | undefined)[]) => notes.filter(Boolean).join('; ')

/** The counters' medians, with every run's value in the note when they differ. */
function reportCounters(bench: string, subject: string, runs: readonly RunResult[]) {
  const counter = (metric: string, pick: (r: RunResult) => number, extra?: string) => {
    const values = runs.map(pick)
    const spread = new Set(values).size > 1 ? `runs: ${values.join(', ')}` : undefined
    const note = joinNotes(spread, extra)
    report({ bench, subject, metric, value: median(values), ...(note ? { note } : {}) })
  }
  const distinct = (pick: (r: RunResult) => string) =>
    [...new Set(runs.map(pick).filter(Boolean))].join(' | ')
  const answers = distinct((r) => r.refreshStatuses)
  const failures = distinct((r) => r.failures)
  counter('refresh calls', (r) => r.refreshCalls, answers && `refresh answers: ${answers}`)
  counter('failed requests', (r) => r.failed, failures && `rejections: ${failures}`)
  counter('requests sent', (r) => r.sent, `to ${PROTECTED}`)
  counter('answered 401', (r) => r.answered401)
}

async function compare(server: FixtureServer, subject: StormSubject) {
  const baseline: RunResult[] = []
  const storm: RunResult[] = []
  // Interleaved, so drift of the machine hits both modes alike.
  for (let i = 0; i < RUNS; i++) {
    baseline.push(await run(server, subject, MAIN_SETUP, false))
    storm.push(await run(server, subject, MAIN_SETUP, true))
  }
  report({ bench: BENCH, subject: subject.name, metric: 'config', value: subject.config })
  reportCounters(BENCH, subject.name, storm)
  const ms = (runs: readonly RunResult[]) => runs.map((r) => Math.round(r.wallMs))
  const base = median(baseline.map((r) => r.wallMs))
  const expired = median(storm.map((r) => r.wallMs))
  report({
    bench: BENCH,
    subject: subject.name,
    metric: 'wall ms, valid token',
    value: Math.round(base),
    note: `runs: ${ms(baseline).join(', ')}`,
  })
  report({
    bench: BENCH,
    subject: subject.name,
    metric: subject.knownExpiry ? 'wall ms, known expiry' : 'wall ms, expired token',
    value: Math.round(expired),
    ratio: ratio(expired, base),
    note: `runs: ${ms(storm).join(', ')}; ratio: medians, vs the valid token`,
  })
}

/** One storm per subject, counters only. */
async function once(
  server: FixtureServer,
  bench: string,
  subjects: readonly StormSubject[],
  setup: AgentSetup,
) {
  for (const subject of subjects) {
    reportCounters(bench, subject.name, [await run(server, subject, setup, true)])
  }
}

async function main() {
  const { version } = JSON.parse(
    readFileSync('node_modules/axios-auth-refresh/package.json', 'utf8'),
  ) as { version: string }
  const subjects = [
    resilientQuerySubject,
    axiosAuthRefreshSubject(version),
    axiosAuthRefreshNoDedupSubject(version),
    textbookSubject,
    knownExpirySubject,
  ]
  const reactive = subjects.filter((s) => !s.knownExpiry)

  report({
    bench: BENCH,
    subject: '(setup)',
    metric: 'scenario',
    value: `${N} concurrent GETs, expired token, refresh ${REFRESH_DELAY_MS} ms`,
    note: `fixture authRateLimit: false (the seed's 5/min would 429 extra refreshes: see ${BENCH} (limit on)); http.Agent ${MAIN_SETUP.name}, for every subject; fresh fixture state, agents and client per run, ${WARMUP} valid-token requests to open the sockets first; median of ${RUNS} runs`,
  })
  const server = await startFixtureServer({
    refreshDelayMs: REFRESH_DELAY_MS,
    authRateLimit: false,
  })
  try {
    for (const subject of subjects) await compare(server, subject)
    if (process.env['STORM_AGENTS'] === '1') {
      for (const setup of AGENT_SETUPS) {
        report({
          bench: `${BENCH} (agents)`,
          subject: '(setup)',
          metric: 'agent',
          value: setup.name,
        })
        await once(server, `${BENCH} (agents)`, reactive, setup)
      }
    }
  } finally {
    await server.close()
  }

  // The seed's limit of 5 refreshes a minute per IP, on: whoever refreshes more than 5 times gets
  // 429s, and the requests waiting on those refreshes fail.
  const limited = await startFixtureServer({ refreshDelayMs: REFRESH_DELAY_MS })
  try {
    report({
      bench: `${BENCH} (limit on)`,
      subject: '(setup)',
      metric: 'scenario',
      value: 'as above, authRateLimit 5 / 60 s',
      note: 'one run each',
    })
    await once(limited, `${BENCH} (limit on)`, reactive, MAIN_SETUP)
  } finally {
    await limited.close()
  }
}

await main()
