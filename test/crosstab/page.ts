/**
 * The app each tab of the cross-tab test runs, bundled for the browser. Its tokens live in this
 * tab's memory only (the hard case: no shared storage), so another tab's rotation reaches it only
 * through `onRefreshedElsewhere`. The test drives it through `window.crossTabApp`.
 */
import { createApiClient } from '../../src/core/client'
import { isApiError } from '../../src/core/errors/ApiError'
import type { ApiClient } from '../../src/core/client'
import type { AuthState } from '../../src/core/auth/types'

export interface PageSetup {
  mode: 'bearer' | 'cookie'
  crossTab: boolean
  refreshTimeoutMs?: number
  /** This tab's refresh() never settles and ignores its signal: a frozen tab holding the lock. */
  refreshHangs?: boolean
}

export interface CrossTabApp {
  setup(setup: PageSetup): void
  /** Bearer mode: the tokens this tab's memory holds. */
  setTokens(accessToken: string, refreshToken: string): void
  /** Fires `count` requests at once; resolves with each one's outcome (`ok` or the error kind). */
  fire(count: number): Promise<string[]>
  signOut(): number
  state(): AuthState
  /** When (Date.now()) this tab's state last became each state. */
  stateChanges(): { state: AuthState; at: number }[]
  refreshCalls(): number
  refreshedElsewhere(): number
}

let api: ApiClient | undefined
const memory: { access?: string | undefined; refresh?: string | undefined } = {}
const changes: { state: AuthState; at: number }[] = []
let refreshCalls = 0
let refreshedElsewhere = 0

const app: CrossTabApp = {
  setup({ mode, crossTab, refreshTimeoutMs, refreshHangs }) {
    const client: ApiClient = createApiClient({
      baseURL: mode === 'bearer' ? '/api' : '/api/cookie',
      retry: false,
      auth: {
        ...(mode === 'bearer' ? { getAccessToken: () => memory.access } : {}),
        refresh: async ({ signal }) => {
          refreshCalls++
          if (refreshHangs) return new Promise<never>(() => undefined)
          if (mode === 'cookie') {
            await client.post('/refresh', undefined, { signal })
            return undefined
          }
          const { data } = await client.post<{ access_token: string; refresh_token: string }>(
            '/refresh',
            { refresh_token: memory.refresh },
            { signal },
          )
          memory.access = data.access_token
          memory.refresh = data.refresh_token
          return { accessToken: data.access_token, refreshToken: data.refresh_token }
        },
        crossTab: crossTab && {
          name: `crosstab-test-${mode}`,
          onRefreshedElsewhere: (tokens) => {
            refreshedElsewhere++
            if (tokens.accessToken) memory.access = tokens.accessToken
            if (tokens.refreshToken) memory.refresh = tokens.refreshToken
          },
        },
        ...(refreshTimeoutMs === undefined ? {} : { refreshTimeoutMs }),
      },
    })
    client.auth!.subscribe((state) => changes.push({ state, at: Date.now() }))
    api = client
  },
  setTokens(accessToken, refreshToken) {
    memory.access = accessToken
    memory.refresh = refreshToken
  },
  async fire(count) {
    const settled = await Promise.allSettled(
      Array.from({ length: count }, (_, n) => api!.get('/data', { params: { n } })),
    )
    return settled.map((s) =>
      s.status === 'fulfilled' ? 'ok' : isApiError(s.reason) ? s.reason.kind : 'untyped',
    )
  },
  signOut() {
    const at = Date.now()
    api!.auth!.signOut()
    return at
  },
  state: () => api!.auth!.getState(),
  stateChanges: () => [...changes],
  refreshCalls: () => refreshCalls,
  refreshedElsewhere: () => refreshedElsewhere,
}

;(globalThis as { crossTabApp?: CrossTabApp }).crossTabApp = app
