import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { it } from 'vitest'
import { normalizeError } from '/work/main/src/core/errors'
it('diff', () => {
  const dir = '/work/main/test/corpus'
  const out: string[] = []
  let n = 0
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const s = JSON.parse(readFileSync(join(dir, f), 'utf8'))
    for (const c of s.cases) {
      n++
      const r = c.response
      const e = normalizeError({ status: r.status, headers: r.headers ?? {}, data: 'bodyText' in r ? r.bodyText : r.body }) as any
      const diffs: string[] = []
      for (const k of ['kind', 'status', 'code', 'message', 'requestId', 'fieldErrors', 'retryAfterMs', 'retryable']) {
        const a = JSON.stringify(e[k]), b = JSON.stringify(c.expected[k])
        if (a !== b) diffs.push(`  ${k}: got ${a}\n  ${' '.repeat(k.length)}  exp ${b}`)
      }
      if (diffs.length) out.push(`## ${f} :: ${c.name}\n  origin: ${c.origin}\n  response: ${JSON.stringify(r).slice(0, 1500)}\n${diffs.join('\n')}`)
    }
  }
  require('node:fs').writeFileSync('/tmp/diff.txt', `${out.length} failing of ${n}\n\n` + out.join('\n\n'))
})
