import type { FixtureStats } from '../fixture/counters.js'
import type { RecordedRequest } from '../fixture/requestLog.js'

// In the browser the fixture runs in the Vite dev server (test/fixture/vite-plugin.ts) under /api;
// tests drive and inspect it over its HTTP control routes.
const CONTROL = '/api/__fixture'

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${CONTROL}${path}`, init)
  if (!response.ok) throw new Error(`fixture control ${path}: ${response.status}`)
  const text = await response.text()
  return (text === '' ? undefined : JSON.parse(text)) as T
}

export const fixture = {
  reset: () => call('/reset', { method: 'POST' }),
  expireTokens: () => call('/expire-tokens', { method: 'POST', body: '{}' }),
  stats: () => call<FixtureStats>('/stats'),
  requests: async (route: string) =>
    (await call<{ requests: RecordedRequest[] }>(`/requests?route=${encodeURIComponent(route)}`))
      .requests,
}
