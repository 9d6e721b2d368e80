// What createApiClient (auth and retry on, nothing failing) adds to each request over bare axios:
// sequential GETs on loopback against the fixture, then the same through an adapter that answers in
// memory, which leaves only the interceptors to measure. The subjects alternate in rounds (ABBA…)
// in chunks, so that drift of the machine hits both alike; the ratio is the median of the rounds' ratios.
import axios from 'axios'
import type { AxiosAdapter, AxiosInstance } from 'axios'
import { Agent } from 'node:http'
import { createApiClient } from '../src/core/client'
import { startFixtureServer } from '../test/fixture/server'
import { report } from './report'

const BENCH = 'overhead'
const ROUNDS = 5
const LOOPBACK_PER_ROUND = 2000
const MEMORY_PER_ROUND = 5000
const WARMUP = 500
/** Requests a subject sends before the other takes its turn. */
const CHUNK = 100
const PATH = '/test/protected'

type Subjects = Record<'bare axios' | 'createApiClient', AxiosInstance>

function subjects(
  baseURL: string,
  token: string,
  extra: { httpAgent?: Agent; adapter?: AxiosAdapter },
): Subjects {
  return {
    // The same request, with the header set once by hand.
    'bare axios': axios.create({
      baseURL,
      ...extra,
      headers: { Authorization: `Bearer ${token}` },
    }),
    createApiClient: createApiClient({
      baseURL,
      ...extra,
      // retry: the default ({ retries: 3 }).
      auth: {
        getAccessToken: () => token,
        refresh: () => {
          throw new Error('the overhead bench never refreshes')
        },
      },
    }),
  }
}

/** Total ms of `n` sequential GETs. */
async function sequential(instance: AxiosInstance, n: number): Promise<number> {
  const started = performance.now()
  for (let i = 0; i < n; i++) await instance.get(PATH)
  return performance.now() - started
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

async function measure(label: string, pair: Subjects, perRound: number, note: string) {
  const names = Object.keys(pair) as (keyof Subjects)[]
  for (const name of names) await sequential(pair[name], WARMUP)
  const means: Record<keyof Subjects, number[]> = { 'bare axios': [], createApiClient: [] }
  for (let round = 0; round < ROUNDS; round++) {
    globalThis.gc?.()
    // Within a round the subjects take turns in chunks (A B B A …), so a burst of load from
    // elsewhere on the machine lands on both rather than on one subject's whole round.
    const total: Record<keyof Subjects, number> = { 'bare axios': 0, createApiClient: 0 }
    for (let chunk = 0; chunk < perRound / CHUNK; chunk++) {
      const order = (round + chunk) % 2 === 0 ? names : [...names].reverse()
      for (const name of order) total[name] += await sequential(pair[name], CHUNK)
    }
    for (const name of names) means[name].push((total[name] * 1000) / perRound)
  }
  const bare = means['bare axios']
  const client = means['createApiClient']
  const ratios = client.map((mean, i) => mean / bare[i]!)
  const fmt = (values: readonly number[]) => values.map((v) => v.toFixed(1)).join(', ')
  report({
    bench: BENCH,
    subject: 'bare axios',
    metric: `µs/request, ${label}`,
    value: Number(median(bare).toFixed(1)),
    note: `${note}; rounds: ${fmt(bare)}`,
  })
  report({
    bench: BENCH,
    subject: 'createApiClient',
    metric: `µs/request, ${label}`,
    value: Number(median(client).toFixed(1)),
    ratio: `${median(ratios).toFixed(2)}x`,
    note: `ratio: median of the rounds' (${ratios.map((r) => r.toFixed(2)).join(', ')}); rounds: ${fmt(client)}`,
  })
  report({
    bench: BENCH,
    subject: 'createApiClient',
    metric: `added µs/request, ${label}`,
    value: Number(median(client.map((mean, i) => mean - bare[i]!)).toFixed(1)),
    note: 'median of the rounds’ differences',
  })
}

async function main() {
  const server = await startFixtureServer({ authRateLimit: false })
  // One keep-alive agent for both: sequential requests reuse one socket, which never idles long
  // enough for the server's keep-alive timeout to close it under the other subject's round.
  const httpAgent = new Agent({ keepAlive: true })
  try {
    const token = server.api.issueToken().accessToken
    await measure(
      'loopback',
      subjects(server.url, token, { httpAgent }),
      LOOPBACK_PER_ROUND,
      `${ROUNDS} rounds × ${LOOPBACK_PER_ROUND} sequential GET ${PATH} (valid token) on 127.0.0.1, taking turns in chunks of ${CHUNK}, after ${WARMUP} each; one shared keepAlive agent`,
    )

    const adapter: AxiosAdapter = (config) =>
      Promise.resolve({
        data: { ok: true },
        status: 200,
        statusText: 'OK',
        headers: {},
        config,
        request: {},
      })
    await measure(
      'in-memory adapter',
      subjects(server.url, token, { adapter }),
      MEMORY_PER_ROUND,
      `${ROUNDS} rounds × ${MEMORY_PER_ROUND} in chunks of ${CHUNK}, an adapter that resolves at once: interceptors and axios only`,
    )
  } finally {
    httpAgent.destroy()
    await server.close()
  }
}

await main()
