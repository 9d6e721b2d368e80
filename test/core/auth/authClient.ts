import axios from 'axios'
import type { FixtureHandle } from '../../fixture/withFixtureServer.js'
import { createApiClient } from '../../../src/core/client'
import type { ApiClientOptions } from '../../../src/core/client'
import type { ApiError } from '../../../src/core/errors/ApiError'
import type { AuthOptions } from '../../../src/core/auth/types'

/**
 * A client set up the way an app talks to Monogoto (seed 001): tokens in an app store, refreshed
 * through POST /auth/refresh with the refresh token, the new pair stored by the app.
 */
export function monogotoClient(
  fixture: FixtureHandle,
  overrides: Partial<AuthOptions> = {},
  clientOptions: Omit<ApiClientOptions, 'auth'> = {},
  /** The refresh waits for this first, so a test can look at what happens while it runs. */
  refreshHeldUntil?: Promise<void>,
) {
  const issued = fixture.api.issueToken()
  const store = { access: issued.accessToken, refresh: issued.refreshToken }
  const failures: ApiError[] = []
  let refreshCalls = 0
  const api = createApiClient({
    baseURL: fixture.url,
    ...clientOptions,
    auth: {
      ...crossTabUnderTest,
      getAccessToken: () => store.access,
      refresh: async () => {
        refreshCalls++
        await refreshHeldUntil
        const { data } = await axios.post<{ access_token: string; refresh_token: string }>(
          `${fixture.url}/monogoto/v1/auth/refresh`,
          { refresh_token: store.refresh },
        )
        store.access = data.access_token
        store.refresh = data.refresh_token
        return data.access_token
      },
      onAuthFailure: (error) => failures.push(error),
      ...overrides,
    },
  })
  return {
    api,
    store,
    failures,
    get refreshCalls() {
      return refreshCalls
    },
  }
}

/** A promise that resolves the first time the client's auth state becomes `state`. */
export function authStateReached(
  api: ReturnType<typeof monogotoClient>['api'],
  state: 'idle' | 'refreshing' | 'signed-out',
): Promise<void> {
  return new Promise((resolve) => {
    const stop = api.auth!.subscribe((next) => {
      if (next === state) {
        stop()
        resolve()
      }
    })
  })
}

/** A gate a test opens by hand, to hold a refresh while it looks at what the server saw. */
export function gate() {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { opened, open }
}

/** A Monogoto client whose refresh waits until the test calls `release()`. */
export function heldMonogotoClient(fixture: FixtureHandle) {
  const held = gate()
  return Object.assign(monogotoClient(fixture, {}, {}, held.opened), { release: held.open })
}

/**
 * Expires the tokens and sends a request (`n: 1`) that starts a refresh; while the refresh is held,
 * sends a second one (`n: 2`) and gives the client a turn to send it, then calls `release` and waits
 * for both. Returns the second request's hits on /test/protected while the refresh was held and
 * after it ended.
 */
export async function requestDuringHeldRefresh(
  fixture: FixtureHandle,
  api: ReturnType<typeof monogotoClient>['api'],
  release: () => void,
) {
  const hitsOfSecond = () =>
    fixture.api.requests('/test/protected').filter((r) => r.query.n === '2')
  fixture.api.expireTokens()
  const refreshing = authStateReached(api, 'refreshing')
  const first = api.get('/test/protected', { params: { n: 1 } })
  await refreshing
  const later = api.get('/test/protected', { params: { n: 2 } })
  await new Promise((resolve) => setImmediate(resolve))
  const whileHeld = hitsOfSecond()
  release()
  await Promise.all([first, later])
  return { whileHeld, after: hitsOfSecond() }
}

/**
 * `crossTab: true` when the suite runs as the `node-cross-tab` project: Node has BroadcastChannel
 * but no Web Locks, so the option must leave every behaviour exactly as it is without it.
 */
export const crossTabUnderTest: { crossTab?: true } =
  process.env.RQ_TEST_CROSS_TAB === '1' ? { crossTab: true } : {}
