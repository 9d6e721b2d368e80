import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { normalizeError } from '../../../src/core/errors'

interface CorpusCase {
  name: string
  origin: string
  response: { status: number; headers?: Record<string, string>; body?: unknown; bodyText?: string }
  expected: Record<string, unknown>
}

const dir = join(import.meta.dirname, '../../corpus')
const files = readdirSync(dir).filter((f) => f.endsWith('.json'))
const sources = files.map(
  (f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { source: string; cases: CorpusCase[] },
)
const cases = sources.flatMap(({ source, cases }) =>
  cases.map((c) => ({ ...c, title: `${source}: ${c.name}` })),
)
const FIELDS = [
  'kind',
  'status',
  'code',
  'message',
  'requestId',
  'fieldErrors',
  'retryAfterMs',
  'retryable',
] as const

describe('the error corpus', () => {
  it('has at least 150 cases from at least 30 sources', () => {
    expect(new Set(sources.map((s) => s.source)).size).toBeGreaterThanOrEqual(30)
    expect(cases.length).toBeGreaterThanOrEqual(150)
  })

  it.each(cases)('$title', ({ response, expected }) => {
    const data = 'bodyText' in response ? response.bodyText : response.body
    const error = normalizeError({ status: response.status, headers: response.headers ?? {}, data })
    const actual = Object.fromEntries(FIELDS.map((k) => [k, error[k]]))
    expect(actual).toEqual(Object.fromEntries(FIELDS.map((k) => [k, expected[k]])))
  })
})
