import { createApiClient } from '../../src/core/client'
import { CREDENTIALS } from '../../test/fixture/credentials.js'

/**
 * The playground's fixture API is served by Storybook's own dev server under /api (see
 * .storybook/main.ts), so stories make real same-origin HTTP requests.
 */
export const FIXTURE_BASE = '/api'

/** A client for the Maesn-style API (seed 004): API and account keys in headers. */
export function maesnClient() {
  return createApiClient({
    baseURL: `${FIXTURE_BASE}/maesn/accounting`,
    headers: { 'X-API-KEY': CREDENTIALS.maesn.apiKey, 'X-ACCOUNT-KEY': CREDENTIALS.maesn.accountKey },
  })
}
