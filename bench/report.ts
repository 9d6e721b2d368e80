/** One row of the bench table; `ratio` compares `value` with the row named as its baseline. */
export interface BenchRow {
  bench: string
  subject: string
  metric: string
  value: number | string
  ratio?: string
  note?: string
}

/** Hands a row to bench/run.mjs, which prints every bench's rows in one table. */
export function report(row: BenchRow): void {
  process.stdout.write(`BENCH\t${JSON.stringify(row)}\n`)
}

/** `value / baseline` as text with two decimals, e.g. `1.03x`. */
export function ratio(value: number, baseline: number): string {
  return `${(value / baseline).toFixed(2)}x`
}
