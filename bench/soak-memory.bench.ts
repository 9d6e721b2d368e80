// The memory soak of test/react/reliability/memorySoak.tsx: 100,000 requests through one client
// and one mounted component under `npm run soak` (SOAK_SIZE=full), the test's 2,000 under
// `npm run bench`. React renders into a jsdom document, as in the test suite.
//
// The DOM globals must exist before react-dom and TanStack Query are evaluated (both decide at load
// whether they run in a browser), but the bundle bench/run.mjs makes evaluates its package imports
// before any of its own code. So this file imports no React at all: it installs the globals, then
// bundles the shared module on its own and imports that.
import { rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { JSDOM } from 'jsdom'
import { MB } from '../test/reliability/measure'
import type * as MemorySoak from '../test/react/reliability/memorySoak'
import { bundleForNode } from './bundle.mjs'
import { ratio, report } from './report'

const BENCH = 'soak'
const size = process.env.SOAK_SIZE === 'full' ? 'full' : 'small'
/** Retained heap per request between the first and last checkpoint. */
const BYTES_PER_REQUEST_BOUND = size === 'full' ? 64 : 2048

const dom = new JSDOM('<!doctype html><html><body><div id="root"></div></body></html>', {
  url: 'http://localhost/',
})
Object.assign(globalThis, {
  window: dom.window,
  document: dom.window.document,
  IS_REACT_ACT_ENVIRONMENT: true,
})
// The rest of the window (HTMLElement, Event, navigator…) where Node has nothing of that name.
for (const key of Object.getOwnPropertyNames(dom.window)) {
  if (key.startsWith('_') || key in globalThis) continue
  Object.defineProperty(globalThis, key, {
    configurable: true,
    get: () => (dom.window as unknown as Record<string, unknown>)[key],
  })
}

// bench/run.mjs runs each bundle from the repository's root (import.meta.dirname is the bundle's folder).
const root = resolve(process.cwd())
const outfile = join(root, 'node_modules', '.cache', `rq-soak-memory-${process.pid}.mjs`)
await bundleForNode(join(root, 'test/react/reliability/memorySoak.tsx'), outfile)
const soak = (await import(pathToFileURL(outfile).href)) as typeof MemorySoak
rmSync(outfile, { force: true })
const { act } = await import('react')
const { createRoot } = await import('react-dom/client')

const started = performance.now()
const options = soak.MEMORY_SIZES[size]
const r = await soak.runMemorySoak({
  ...options,
  mount(ui) {
    const container = document.getElementById('root')!
    const reactRoot = createRoot(container)
    void act(() => reactRoot.render(ui))
    return { unmount: () => void act(() => reactRoot.unmount()) }
  },
  act: (round) => act(round),
  onProgress: (n) => process.stderr.write(`  memory soak: ${n} requests\n`),
})
const wallMs = performance.now() - started
const violations = soak.memoryViolations(r, BYTES_PER_REQUEST_BOUND)

const subject = `memory soak (${r.requests.toLocaleString('en')} requests, one client, one mounted hook)`
const row = (metric: string, value: number | string, note?: string, extra?: { ratio: string }) =>
  report({ bench: BENCH, subject, metric, value, ...(note ? { note } : {}), ...extra })
const settled = Object.values(r.outcomes).reduce((a, b) => a + b, 0)
const first = r.heap[0]!
const last = r.heap[r.heap.length - 1]!
row(
  'settled',
  settled,
  Object.entries(r.outcomes)
    .map(([k, v]) => `${k} ${v}`)
    .join(', '),
)
row(
  'setup',
  `${options.perRound} per round`,
  `1 via useApiQuery's refetch + ${options.perRound - 1} direct; in-memory adapter; expiry every ${options.expireEveryRounds} rounds`,
)
row(
  'refresh calls per expiry',
  r.expiries ? (r.refreshCalls / r.expiries).toFixed(2) : 'n/a',
  `${r.refreshCalls} for ${r.expiries}`,
)
row(
  'heap MB at checkpoints',
  r.heap.map((h) => (h.bytes / MB).toFixed(1)).join(' '),
  `after gc, at ${r.heap.map((h) => h.requests).join(', ')} requests`,
  {
    ratio: ratio(last.bytes, first.bytes),
  },
)
row(
  'heap growth B per request',
  r.bytesPerRequest.toFixed(1),
  `from ${first.requests} to ${last.requests} requests; bound ${BYTES_PER_REQUEST_BOUND}`,
)
row(
  'live subscriptions mounted → unmounted',
  `${r.subscriptions.mounted} → ${r.subscriptions.afterUnmount}`,
  `most at once ${r.subscriptions.mostAtOnce} (auth + retry controllers)`,
)
row(
  'abort listeners on the page signal at end',
  r.abortListeners.end,
  `most at once ${r.abortListeners.mostAtOnce}`,
)
row('timers before → after unmount', `${r.timers.before} → ${r.timers.afterUnmount}`)
row('query cache entries', r.queryCacheEntries, `${r.hookRenders} renders of the component`)
row('wall time s', (wallMs / 1000).toFixed(1))
row('violations', violations.length, violations.join('; ') || 'none')
if (violations.length) process.exitCode = 1
