// N concurrent requests meet an expired token while the refresh takes 50 ms: how many refreshes,
// failures and 401s each approach produces, and what the storm costs in wall time against the same
// N requests with a valid token through the same client. Everything runs in this one process
// against the fixture server on 127.0.0.1.
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
/** Runs per subject and mode; the table shows medians. */
const RUNS = 3
/** Valid-token requests before each measured burst: they open the agent's sockets and warm the JIT. */
const WARMUP = 200
const REFRESH_DELAY_MS = 50
// Browsers allow 6 connections per origin on HTTP/1.1 and multiplex on HTTP/2; 64 keep-alive
// sockets sit between the two. The refresh call goes through the same agent as the API calls.
const AGENT_OPTIONS: AgentOptions = { keepAlive: true, maxSockets: 64 }

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
  /** The refresh endpoint's answers, e.g. `200,200,429`. */
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

async function run(server: FixtureServer, subject: StormSubject, storm: boolean): Promise<RunResult> {
  const { api } = server
  api.reset() // fresh tokens, counters, log and rate-limit window for every run
  const issued = api.issueToken()
  const session = { access: issued.accessToken, refresh: issued.refreshToken }
  const agent = new Agent(AGENT_OPTIONS)
  try {
    const client = subject.create({ url: server.url, agent, session })
    const warm = await burst(client, WARMUP)
    if (warm.some((r) => r.status === 'rejected')) throw new Error(`${subject.name}: the warm-up failed`)
    const refreshBefore = api.refreshCalls('monogoto')
    const hitsBefore = api.requests(PROTECTED).length
    const refreshesBefore = api.requests(REFRESH).length
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
    return {
      wallMs,
      refreshCalls: api.refreshCalls('monogoto') - refreshBefore,
      failed: rejected.length,
      sent: hits.length,
      answered401: hits.filter((h) => h.status === 401).length,
      failures: tally(rejected),
      refreshStatuses: api
        .requests(REFRESH)
        .slice(refreshesBefore)
        .map((r) => r.status ?? r.outcome)
        .join(','),
    }
  } finally {
    agent.destroy()
  }
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** The median, with every run's value in the note when they differ. */
function summary(runs: readonly RunResult[], pick: (r: RunResult) => number) {
  const values = runs.map(pick)
  const spread = new Set(values).size > 1 ? `runs: ${values.join(', ')}` : undefined
  return { value: median(values), spread }
}

const joinNotes = (...notes: (string | undefined)[]) => notes.filter(Boolean).join('; ')

function reportCounters(bench: string, subject: string, runs: readonly RunResult[]) {
  const counter = (metric: string, pick: (r: RunResult) => number, extra?: string) => {
    const { value, spread } = summary(runs, pick)
    const note = joinNotes(spread, extra)
    report({ bench, subject, metric, value, ...(note ? { note } : {}) })
  }
  const refreshStatuses = [...new Set(runs.map((r) => r.refreshStatuses))].join(' | ')
  const failures = [...new Set(runs.map((r) => r.failures).filter(Boolean))].join(' | ')
  counter('refresh calls', (r) => r.refreshCalls, refreshStatuses && `refresh answers: ${refreshStatuses}`)
  counter('failed requests', (r) => r.failed, failures && `rejections: ${failures}`)
  counter('requests sent', (r) => r.sent, `to ${PROTECTED}`)
  counter('answered 401', (r) => r.answered401)
}

async function main() {
  const version = (
    JSON.parse(readFileSync('node_modules/axios-auth-refresh/package.json', 'utf8')) as { version: string }
  ).version
  const subjects = [
    resilientQuerySubject,
    axiosAuthRefreshSubject(version),
    axiosAuthRefreshNoDedupSubject(version),
    textbookSubject,
    knownExpirySubject,
  ]

  const server = await startFixtureServer({ refreshDelayMs: REFRESH_DELAY_MS, authRateLimit: false })
  report({
    bench: BENCH,
    subject: '(setup)',
    metric: 'scenario',
    value: `${N} concurrent GETs, refresh ${REFRESH_DELAY_MS} ms`,
    note: `authRateLimit: false (with the seed's 5/min limit, see ${BENCH} (limit on)); http.Agent keepAlive, maxSockets ${AGENT_OPTIONS.maxSockets} for every subject; median of ${RUNS} runs, ${WARMUP} valid-token warm-up requests before each`,
  })
  try {
    for (const subject of subjects) {
      const baseline: RunResult[] = []
      const storm: RunResult[] = []
      // Interleaved, so drift of the machine hits both modes alike.
      for (let i = 0; i < RUNS; i++) {
        baseline.push(await run(server, subject, false))
        storm.push(await run(server, subject, true))
      }
      if (baseline.some((r) => r.failed > 0 || r.refreshCalls > 0)) {
        throw new Error(`${subject.name}: the valid-token baseline failed or refreshed`)
      }
      report({ bench: BENCH, subject: subject.name, metric: 'config', value: subject.config })
      reportCounters(BENCH, subject.name, storm)
      const base = summary(baseline, (r) => r.wallMs)
      const expired = summary(storm, (r) => r.wallMs)
      report({
        bench: BENCH,
        subject: subject.name,
        metric: 'wall ms, valid token',
        value: Math.round(base.value),
        note: `runs: ${baseline.map((r) => Math.round(r.wallMs)).join(', ')}`,
      })
      report({
        bench: BENCH,
        subject: subject.name,
        metric: subject.knownExpiry ? 'wall ms, known expiry' : 'wall ms, expired token',
        value: Math.round(expired.value),
        ratio: ratio(expired.value, base.value),
        note: `runs: ${storm.map((r) => Math.round(r.wallMs)).join(', ')}; ratio vs valid token`,
      })
    }
  } finally {
    await server.close()
  }

  // The same storm with the seed's limit of 5 refreshes a minute per IP switched on: whoever
  // refreshes more than 5 times gets 429s, and the requests waiting on those refreshes fail.
  const limited = await startFixtureServer({ refreshDelayMs: REFRESH_DELAY_MS })
  try {
    for (const subject of subjects.filter((s) => !s.knownExpiry)) {
      const result = await run(limited, subject, true)
      reportCounters(`${BENCH} (limit on)`, subject.name, [result])
    }
  } finally {
    await limited.close()
  }
}

await main()
