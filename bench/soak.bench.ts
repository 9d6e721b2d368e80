// The fault soak of test/reliability/soak.ts, and how long normalizeError and the retry decision
// take on the hostile bodies of test/reliability/hostile.ts. Full size (10,000 requests) under
// `npm run soak` (SOAK_SIZE=full); the small size of the test suite under `npm run bench`.
// Exits non-zero when a promise of the soak is broken, after reporting every row.
import { normalizeError } from '../src/core/errors'
import { RETRY_DEFAULTS, decideRetry } from '../src/core/retry'
import { HOSTILE_BODIES } from '../test/reliability/hostile'
import { MB, quantile, tally } from '../test/reliability/measure'
import { SOAK_SIZES, runFaultSoak, soakViolations } from '../test/reliability/soak'
import type { FaultSoakReport } from '../test/reliability/soak'
import { ratio, report } from './report'

const BENCH = 'soak'
const size = process.env.SOAK_SIZE === 'full' ? 'full' : 'small'
// What the process may keep after the run, once the fixture's logs are gone: mostly compiled code.
const HEAP_BOUND = 16 * MB

const pct = (part: number, whole: number) => `${((100 * part) / Math.max(whole, 1)).toFixed(2)}%`
const mb = (bytes: number) => (bytes / MB).toFixed(1)

function reportSoak(r: FaultSoakReport, violations: string[]) {
  const subject = `fault soak (${r.requests.toLocaleString('en')} requests)`
  const row = (metric: string, value: number | string, note?: string, extra?: { ratio: string }) =>
    report({ bench: BENCH, subject, metric, value, ...(note ? { note } : {}), ...extra })
  const o = r.options
  const failed = Object.values(r.failedByKind).reduce((a, b) => a + b, 0)
  row(
    'setup',
    `concurrency ${o.concurrency}`,
    `faults queued on ${o.faultRate * 100}% of requests; Retry-After ${o.retryAfterSeconds.join('/')} s, cap ${o.maxRetryAfterMs} ms; ` +
      `attempt timeout ${o.attemptTimeoutMs} ms; token expiry every ${o.expireEveryMs} ms; retries 4, backoff 5–50 ms`,
  )
  row(
    'settled',
    `${r.settled} (${pct(r.settled, r.requests)})`,
    'must be 100%; a request pending 60 s counts as lost',
  )
  row(
    'succeeded',
    r.succeeded,
    `${pct(r.succeeded, r.requests)}; ${r.succeededCutShort} of them a 200 with truncated JSON, which axios hands back as text`,
  )
  row('typed failures', failed, tally(r.failedByRequest))
  row(
    'unauthorized without two expiries',
    r.unauthorizedUnexplained,
    'a request is replayed once after a refresh: only one that lives through a second expiry may fail so',
  )
  row(
    'untyped failures',
    r.untyped,
    'rejections that were not an ApiError, answers of the wrong shape',
  )
  row('unhandled rejections', r.unhandledRejections, "process 'unhandledRejection' during the run")
  row(
    'attempts seen by the server',
    r.attempts,
    `${r.faultedAttempts} faulted (${pct(r.faultedAttempts, r.attempts)}): ${tally(r.faultsByType)}`,
  )
  row(
    'POSTs applied twice',
    r.writes.appliedTwice,
    `${r.writes.sent} keyed POSTs, ${r.writes.succeeded} succeeded, ${r.writes.applied} applied, ${r.writes.replayed} answered from the idempotency store, ${r.writes.conflicts} 409 in flight`,
  )
  row(
    'POSTs whose key changed or was missing',
    r.writes.keyChanged + r.writes.keyMissing,
    `succeeded but never applied: ${r.writes.succeededNotApplied}`,
  )
  row(
    'refresh calls per expiry',
    r.auth.perExpiryMin === r.auth.perExpiryMax
      ? r.auth.perExpiryMax
      : `${r.auth.perExpiryMin}–${r.auth.perExpiryMax}`,
    `${r.auth.refreshCalls} refreshes for ${r.auth.expiries} expiries; ${r.auth.spurious} without an expiry; sessions lost ${r.auth.authFailures}`,
  )
  row(
    'token sent to the second origin',
    r.secondOrigin.withToken,
    `${r.secondOrigin.sent} requests to it (absolute, //host, redirect), ${r.secondOrigin.reached} reached it`,
  )
  row(
    'secrets in errors or console',
    r.leaks.length,
    `every failure in 8 forms (toJSON, JSON.stringify, String, stack, inspect…); console lines: ${r.consoleLines.length ? r.consoleLines.join(' | ') : 'none'}`,
  )
  row(
    'latency ms p50 / p99 / max',
    `${r.latencyMs.p50.toFixed(0)} / ${r.latencyMs.p99.toFixed(0)} / ${r.latencyMs.max.toFixed(0)}`,
    'per logical request, retries and waits included',
  )
  row(
    'wall time s',
    (r.wallMs / 1000).toFixed(1),
    `${((r.requests / r.wallMs) * 1000).toFixed(0)} requests/s, client and server in one process`,
  )
  row(
    'heap MB before → after',
    `${mb(r.heap.beforeBytes)} → ${mb(r.heap.afterBytes)}`,
    `after gc, the fixture's logs dropped; bound +${mb(HEAP_BOUND)} MB`,
    {
      ratio: ratio(r.heap.afterBytes, r.heap.beforeBytes),
    },
  )
  row('timers before → after', `${r.timers.before} → ${r.timers.after}`)
  row('violations', violations.length, violations.join('; ') || 'none')
}

/** Median and worst milliseconds of `runs` calls of `fn`. */
function time(fn: () => void, runs: number) {
  const ms: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    fn()
    ms.push(performance.now() - t0)
  }
  return { median: quantile(ms, 0.5), max: quantile(ms, 1) }
}

function reportHostile() {
  const subject = 'hostile input'
  const runs = size === 'full' ? 7 : 3
  let proto = { median: 0, max: 0 }
  for (const body of HOSTILE_BODIES) {
    const input = { status: body.status, headers: body.headers, data: body.data() }
    const normalize = time(() => normalizeError(input), runs)
    const error = normalizeError(input)
    const decide = time(() => {
      decideRetry(
        error,
        { attempt: 1, method: 'get', hasIdempotencyKey: false, elapsedMs: 0 },
        RETRY_DEFAULTS,
      )
    }, runs)
    if (body.name.startsWith('__proto__')) {
      proto = {
        median: Math.max(proto.median, normalize.median),
        max: Math.max(proto.max, normalize.max),
      }
      continue
    }
    report({
      bench: BENCH,
      subject,
      metric: `normalizeError ms: ${body.name}`,
      value: normalize.median.toFixed(2),
      note: `median of ${runs}, worst ${normalize.max.toFixed(2)}; decideRetry ${decide.median.toFixed(4)} ms; → ${error.kind} "${error.message.slice(0, 40)}"`,
    })
  }
  report({
    bench: BENCH,
    subject,
    metric: 'normalizeError ms: __proto__ bodies (worst of 7)',
    value: proto.median.toFixed(3),
    note: `worst run ${proto.max.toFixed(3)}`,
  })
}

async function main() {
  const soak = await runFaultSoak({
    ...SOAK_SIZES[size],
    onProgress: (n) => process.stderr.write(`  fault soak: ${n} settled\n`),
  })
  const violations = soakViolations(soak, HEAP_BOUND)
  reportSoak(soak, violations)
  reportHostile()
  if (violations.length) process.exitCode = 1
}

await main()
