// How long a hostile error body arriving over HTTP blocks the event loop through the client (issue
// 16.14): a field map of 200,000 and 1,000,000 keys answered with a 422, measured by the longest
// event-loop delay while the request settles, beside plain axios, which parses it.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import axios from 'axios'
import { createApiClient } from '../src/core/client'
import { report } from './report'

const sizes = [200_000, 1_000_000]
const bodies = new Map(
  sizes.map((keys) => [
    keys,
    JSON.stringify(Object.fromEntries(Array.from({ length: keys }, (_, i) => [`f${i}`, ['bad']]))),
  ]),
)
const server = createServer((req, res) => {
  const keys = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('keys'))
  res.writeHead(422, { 'content-type': 'application/json' })
  res.end(bodies.get(keys))
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

/**
 * The longest the event loop went without running a 1 ms ticker while `send` settled (ms), median
 * of 3. A ticker rather than perf_hooks' monitorEventLoopDelay, whose maximum on Node 20 missed a
 * block of JSON.parse that the ticker and a stopwatch both saw.
 */
async function longestBlock(send: () => Promise<unknown>): Promise<number> {
  const runs: number[] = []
  for (let i = 0; i < 3; i++) {
    let last = performance.now()
    let longest = 0
    const ticker = setInterval(() => {
      const now = performance.now()
      longest = Math.max(longest, now - last)
      last = now
    }, 1)
    await send().catch(() => undefined)
    longest = Math.max(longest, performance.now() - last)
    clearInterval(ticker)
    runs.push(longest)
  }
  return runs.sort((a, b) => a - b)[1]!
}

const client = createApiClient({ baseURL, retry: false })
const plain = axios.create({ baseURL })
for (const keys of sizes) {
  const mb = (bodies.get(keys)!.length / 1e6).toFixed(1)
  const ours = await longestBlock(() => client.get('/', { params: { keys } }))
  const theirs = await longestBlock(() => plain.get('/', { params: { keys } }))
  report({
    bench: 'hostile body',
    subject: 'createApiClient',
    metric: `longest block, ${keys} keys`,
    value: Number(ours.toFixed(1)),
    note: `ms; a ${mb} MB field map answered 422 over loopback; the error body stays text past 1 MB`,
  })
  report({
    bench: 'hostile body',
    subject: 'bare axios',
    metric: `longest block, ${keys} keys`,
    value: Number(theirs.toFixed(1)),
    note: 'ms; the same response, which axios parses',
  })
}
server.close()
