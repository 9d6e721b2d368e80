import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { normalizeError, ApiError } from './.errs-tmp.mjs'
const dir = '/work/main/test/corpus'
const inputs = []
for (const f of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  for (const c of JSON.parse(readFileSync(join(dir, f), 'utf8')).cases) {
    const r = c.response
    inputs.push({ status: r.status, headers: r.headers ?? {}, data: 'bodyText' in r ? r.bodyText : r.body })
  }
}
const big = { status: 422, headers: { 'x-request-id': 'a' }, data: { message: 'm', errors: Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`field${i}`, ['must be a valid value for this field please']])) } }
const html = { status: 502, headers: {}, data: '<html><head><style>' + 'x'.repeat(9000) + '</style><title>Bad gateway</title></head></html>' }
const plain = { status: 404, headers: {}, data: undefined }
const mk = () => new ApiError({ kind: 'http', message: 'x', retryable: false })
for (let r = 0; r < 2; r++) { let t0 = performance.now(); for (let i = 0; i < 50000; i++) mk(); console.log('baseline new ApiError', ((performance.now() - t0) * 1000 / 50000).toFixed(2), 'µs')
for (const [name, set] of [['corpus', inputs], ['big', [big]], ['html', [html]], ['plain', [plain]], ['error', [new Error('x')]]]) {
  for (let i = 0; i < 5000; i++) for (const x of set) normalizeError(x)
  const n = 50000
  const t = performance.now()
  for (let i = 0; i < n; i++) normalizeError(set[i % set.length])
  console.log(name, (((performance.now() - t) * 1000) / n).toFixed(2), 'µs/call')
}
}
