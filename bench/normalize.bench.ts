// normalizeError throughput on a mix of the real error corpus (test/corpus), next to the textbook
// handler that seed 001 prints (read `message`/`request_id`, nothing else) as the baseline: the
// ratio is what understanding 50 formats costs over understanding one.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { AxiosHeaders } from 'axios'
import { Bench } from 'tinybench'
import { normalizeError } from '../src/core/errors/normalizeError'
import { ratio, report } from './report'

interface CorpusCase {
  response: { status: number; headers?: Record<string, string>; body?: unknown; bodyText?: string }
}

const dir = join(process.cwd(), 'test/corpus')
const inputs = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { cases: CorpusCase[] }).cases)
  .map(({ response }) => ({
    status: response.status,
    headers: new AxiosHeaders(response.headers ?? {}),
    data: response.bodyText ?? response.body,
  }))
  .filter((input) => JSON.stringify(input.data ?? '').length < 10_000)

// What seed 001's "Complete Error Handler" does with a response, as a function.
class TextbookError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
    readonly requestId: string,
  ) {
    super(message)
  }
}
type FlatBody = { message?: string; status_code?: number; request_id?: string }
function textbook(input: { status: number; data: unknown }): TextbookError {
  let body: FlatBody
  try {
    body = ((typeof input.data === 'string' ? JSON.parse(input.data) : input.data) ??
      {}) as FlatBody
  } catch {
    body = {}
  }
  return new TextbookError(
    body.message ?? 'Request failed',
    body.status_code ?? input.status,
    body.request_id ?? 'unknown',
  )
}

let sink: unknown
const STACK_LIMIT = Error.stackTraceLimit
const bench = new Bench({ time: 1_500, warmupTime: 300 })
bench.add('normalizeError (corpus mix)', () => {
  for (const input of inputs) sink = normalizeError(input)
})
bench.add('textbook seed-001 handler (same inputs)', () => {
  for (const input of inputs) sink = textbook(input)
})
bench.add('new Error() alone (the floor any error object pays)', () => {
  for (const input of inputs) sink = new Error(String(input.status))
})
// The same calls with V8's stack capture off: what the parsing itself costs. On this machine capturing
// ten frames takes several µs, more than half of a call, and no library code can avoid it.
bench.add(
  'normalizeError, stack capture off',
  () => {
    for (const input of inputs) sink = normalizeError(input)
  },
  {
    beforeAll: () => void (Error.stackTraceLimit = 0),
    afterAll: () => void (Error.stackTraceLimit = STACK_LIMIT),
  },
)
await bench.run()
void sink

const perCall = (name: string) => {
  const task = bench.tasks.find((t) => t.name === name)!
  const mean = task.result && 'latency' in task.result ? task.result.latency.mean : Number.NaN
  return (mean * 1000) / inputs.length // ms per pass → µs per call
}
const ours = perCall('normalizeError (corpus mix)')
const base = perCall('textbook seed-001 handler (same inputs)')
report({
  bench: 'normalize',
  subject: 'normalizeError',
  metric: 'µs per call',
  value: ours.toFixed(2),
  ratio: ratio(ours, base),
  note: `${inputs.length} corpus responses under 10 KB; target < 20 µs`,
})
report({
  bench: 'normalize',
  subject: 'textbook handler (baseline)',
  metric: 'µs per call',
  value: base.toFixed(2),
  ratio: '1.00x',
})
const parsing = perCall('normalizeError, stack capture off')
report({
  bench: 'normalize',
  subject: 'normalizeError, stack capture off',
  metric: 'µs per call',
  value: parsing.toFixed(2),
  ratio: ratio(parsing, base),
  note: 'the parsing alone; Error.stackTraceLimit = 0',
})
const floor = perCall('new Error() alone (the floor any error object pays)')
report({
  bench: 'normalize',
  subject: 'new Error() alone',
  metric: 'µs per call',
  value: floor.toFixed(2),
  ratio: ratio(floor, base),
  note: 'V8 stack capture on this machine',
})

// How long one call can block the event loop on a hostile body (issue 16.14: about 50 ms at most
// on this machine). Listing an object's keys is the one cost that grows with a body however little
// of it is read: V8 lists and sorts every key before the first one is seen, and no loop can stop
// sooner. So a body is listed up to 20,000 keys in all; one single wide object still costs one
// listing, shown next to it as `Object.keys alone`.
const wideMap = (keys: number, prefix = 'field') => {
  const map: Record<string, string[]> = {}
  for (let key = 0; key < keys; key++) map[`${prefix}_${key}`] = [`is invalid ${key}`]
  return map
}
const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1]!
const timeOf = (work: () => unknown, runs: number) =>
  median(
    Array.from({ length: runs }, () => {
      const start = performance.now()
      sink = work()
      return performance.now() - start
    }),
  )
const HOSTILE: [string, () => unknown][] = [
  ['field map of 200,000 keys', () => wideMap(200_000)],
  ['field map of 1,000,000 keys', () => wideMap(1_000_000)],
  [
    '100 field maps of 20,000 keys under errors',
    () => ({
      message: 'm',
      errors: Object.fromEntries(
        Array.from({ length: 100 }, (_, i) => [`group${i}`, wideMap(20_000, `g${i}`)]),
      ),
    }),
  ],
  ['JSON text just under 1 MB, 25,000 keys', () => JSON.stringify(wideMap(25_000))],
]
for (const [name, make] of HOSTILE) {
  const data = make()
  const ms = timeOf(() => normalizeError({ status: 422, headers: {}, data }), 5)
  // what one listing of the body's own keys costs, for the rows whose body is one wide object
  const listing = name.startsWith('field map')
    ? timeOf(() => Object.keys(data as object), 5)
    : undefined
  report({
    bench: 'normalize',
    subject: `blocking: ${name}`,
    metric: 'ms per call',
    value: ms.toFixed(1),
    note:
      listing === undefined
        ? 'median of 5; target about 50 ms'
        : `median of 5; Object.keys of the body alone ${listing.toFixed(1)} ms; target about 50 ms`,
  })
}

// The same on the hostile inputs of test/core/errors/normalizeError.test.ts, which pins what bounds
// their work (only the head of a text is read; a field map's walk has a budget) and times nothing.
const TEXT_BODIES: [string, string][] = [
  ['5 MB of one letter', 'x'.repeat(5_000_000)],
  ['2 MB of <', '<'.repeat(2_000_000)],
  ['2 MB of <a', '<a'.repeat(1_000_000)],
  ['2 MB of &#', '&#'.repeat(1_000_000)],
  ['2 MB of an unclosed JSON object', '{' + '"a":'.repeat(500_000)],
  ['2 MB of an unclosed <title>', '<html><title>' + 'a '.repeat(1_000_000)],
  ['3 MB of spaces, then a word', ' '.repeat(3_000_000) + 'late'],
]
const texts = TEXT_BODIES.map(([name, data]) => ({
  name,
  ms: timeOf(() => normalizeError({ status: 500, headers: {}, data }), 5),
})).sort((a, b) => b.ms - a.ms)
report({
  bench: 'normalize',
  subject: `blocking: megabytes of text (slowest of ${texts.length} bodies)`,
  metric: 'ms per call',
  value: texts[0]!.ms.toFixed(1),
  note: `median of 5; ${texts[0]!.name}; next ${texts
    .slice(1, 3)
    .map((text) => `${text.name} ${text.ms.toFixed(1)} ms`)
    .join(', ')}`,
})
const cyclic: Record<string, unknown> = {}
for (let key = 0; key < 1000; key++) cyclic[`k${key}`] = cyclic
cyclic.email = ['bad']
report({
  bench: 'normalize',
  subject: 'blocking: field map of 1,000 keys that all lead back to it',
  metric: 'ms per call',
  value: timeOf(
    () => normalizeError({ status: 422, headers: {}, data: { message: 'm', errors: cyclic } }),
    5,
  ).toFixed(1),
  note: 'median of 5; the walk stops at its budget of visits',
})
