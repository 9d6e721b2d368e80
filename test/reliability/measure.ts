// Process-level measurements shared by the reliability tests and the full soak (bench/soak*.ts).
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

let collect: (() => void) | undefined

/**
 * A full garbage collection: `globalThis.gc` under `--expose-gc` (the bench runner), else the same
 * function obtained by turning the flag on at run time (vitest starts its workers without it).
 */
export function forceGc(): void {
  if (!collect) {
    const exposed = (globalThis as { gc?: () => void }).gc
    if (exposed) collect = exposed
    else {
      setFlagsFromString('--expose-gc')
      collect = runInNewContext('gc') as () => void
    }
  }
  // Twice: the first pass can leave objects that finalizers or weak maps only let go of in a second.
  collect()
  collect()
}

const realSetTimeout = globalThis.setTimeout

/**
 * Bytes of live JavaScript heap once garbage has been collected and finalizers have run. A single
 * synchronous collection is not enough: objects registered with a FinalizationRegistry (undici's
 * Request keeps every request's AbortSignal so, which the fixture server makes one of per request)
 * and WeakRef targets created in the current job are only let go after a later task, and measured
 * at once they look like a leak of ~1.6 KB per request.
 */
export async function settledHeap(): Promise<number> {
  for (let round = 0; round < 3; round++) {
    forceGc()
    await new Promise<void>((resolve) => realSetTimeout(resolve, 10))
  }
  forceGc()
  return process.memoryUsage().heapUsed
}

/** Timers (setTimeout/setInterval) alive in this process: what a leaked retry wait or refresh timeout adds to. */
export function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length
}

/** A small seeded PRNG (mulberry32), so a soak's traffic and faults repeat from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The value at quantile `q` (0–1) of `values`, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!
}

/** `{ a: 2, b: 1 }` as `a 2, b 1`, largest first. */
export function tally(counts: Readonly<Record<string, number>>): string {
  return (
    Object.entries(counts)
      .sort((x, y) => y[1] - x[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none'
  )
}

/** Resolves after `ms` of real time, even while a test fakes the clock. */
export const realDelay = (ms: number) => new Promise<void>((resolve) => realSetTimeout(resolve, ms))

export const MB = 1024 * 1024
