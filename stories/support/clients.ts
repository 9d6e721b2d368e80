import { createApiClient, parseRetryAfter } from 'resilient-query'
import type { ApiClient, ApiClientOptions, ErrorParser, RetryOptions } from 'resilient-query'
import { CREDENTIALS } from '../../test/fixture/credentials.js'
import { FIXTURE_BASE } from './fixture'
import { createRequestLog } from './requestLog'
import type { RequestLog } from './requestLog'

/**
 * One client per seed API, each against the fixture that Storybook's dev server mounts under /api
 * (see .storybook/main.ts): every story makes real same-origin HTTP requests. Each factory returns
 * the client with its request log (the library's own `log` option), plus what the story needs to
 * sign in.
 */
export interface Session {
  client: ApiClient
  log: RequestLog
  /** Obtains a session the way the API's own sign-in does. */
  signIn(): Promise<void>
}

type Retry = ApiClientOptions['retry']

/** Short waits, so a story shows every retry in seconds rather than minutes. */
export const QUICK_RETRY: RetryOptions = { retries: 2, baseDelayMs: 200, maxDelayMs: 1000 }

interface OAuthTokens {
  access_token: string
  refresh_token: string
  expires_in: number
}

/** A token store as an app would keep it; the tokens never reach the page. */
function tokenStore() {
  const tokens: { access: string | undefined; refresh: string | undefined } = {
    access: undefined,
    refresh: undefined,
  }
  return {
    tokens,
    save(data: OAuthTokens) {
      tokens.access = data.access_token
      tokens.refresh = data.refresh_token
      return { accessToken: data.access_token, expiresInMs: data.expires_in * 1000 }
    },
  }
}

/** Seed 001: bearer tokens from `POST /auth/token`, renewed by `POST /auth/refresh` (which rotates them). */
export function monogotoSession(retry: Retry = QUICK_RETRY): Session {
  const { tokens, save } = tokenStore()
  const log = createRequestLog()
  const client: ApiClient = createApiClient({
    baseURL: `${FIXTURE_BASE}/monogoto/v1`,
    log: log.options,
    auth: {
      getAccessToken: () => tokens.access,
      refresh: async ({ signal }) => {
        const { data } = await client.post<OAuthTokens>(
          '/auth/refresh',
          { refresh_token: tokens.refresh },
          { skipAuth: true, signal },
        )
        return save(data)
      },
    },
    retry,
  })
  const { username, password } = CREDENTIALS.monogoto
  return {
    client,
    log,
    async signIn() {
      const { data } = await client.post<OAuthTokens>(
        '/auth/token',
        { username, password },
        { skipAuth: true },
      )
      client.auth?.signIn(save(data).accessToken)
    },
  }
}

/** Seed 002: an HttpOnly cookie session; refresh is a cookie-only POST and no token reaches JavaScript. */
export function monetroSession(retry: Retry = QUICK_RETRY): Session {
  const log = createRequestLog()
  const client: ApiClient = createApiClient({
    baseURL: `${FIXTURE_BASE}/monetro/api`,
    log: log.options,
    withCredentials: true,
    auth: {
      // No getAccessToken: nothing to attach, the browser sends the cookie.
      refresh: async ({ signal }) => {
        await client.post('/auth/refresh', undefined, { skipAuth: true, signal })
      },
    },
    retry,
  })
  return {
    client,
    log,
    async signIn() {
      await client.post('/auth/login', CREDENTIALS.monetro, { skipAuth: true })
      client.auth?.signIn()
    },
  }
}

/** Seed 003: OAuth 2 (password and refresh_token grants, form-encoded); a dead refresh token is `invalid_grant`. */
export function mondoSession(retry: Retry = QUICK_RETRY): Session {
  const { tokens, save } = tokenStore()
  const { username, password, clientId } = CREDENTIALS.mondo
  const grant = (params: Record<string, string>, signal?: AbortSignal) =>
    client.post<OAuthTokens>(
      '/oauth2/token',
      new URLSearchParams({ client_id: clientId, ...params }),
      {
        skipAuth: true,
        ...(signal ? { signal } : {}),
      },
    )
  const log = createRequestLog()
  const client: ApiClient = createApiClient({
    baseURL: `${FIXTURE_BASE}/mondo`,
    log: log.options,
    auth: {
      getAccessToken: () => tokens.access,
      refresh: async ({ signal }) =>
        save(
          (
            await grant(
              { grant_type: 'refresh_token', refresh_token: tokens.refresh ?? '' },
              signal,
            )
          ).data,
        ),
    },
    retry,
  })
  return {
    client,
    log,
    async signIn() {
      // signIn() leaves `signed-out` at once, so useAuthState() and the boundaries see it before any request.
      client.auth?.signIn(
        save((await grant({ grant_type: 'password', username, password })).data).accessToken,
      )
    },
  }
}

/** Seed 004: an API key and an account key in headers; a revoked account key answers 401 everywhere. */
export function maesnSession(
  options: { retry?: Retry; errorParsers?: readonly ErrorParser[]; accountKey?: string } = {},
): Session {
  const log = createRequestLog()
  const client = createApiClient({
    baseURL: `${FIXTURE_BASE}/maesn/accounting`,
    log: log.options,
    headers: {
      'X-API-KEY': CREDENTIALS.maesn.apiKey,
      'X-ACCOUNT-KEY': options.accountKey ?? CREDENTIALS.maesn.accountKey,
    },
    retry: options.retry ?? QUICK_RETRY,
    errorParsers: options.errorParsers ?? [],
  })
  return { client, log, signIn: async () => undefined }
}

/** Seed 000: the secret key in the `mono-sec-key` header; POST /payments honours Idempotency-Key. */
export function monoSession(options: { retry?: Retry; secretKey?: string } = {}): Session {
  const log = createRequestLog()
  const client = createApiClient({
    baseURL: `${FIXTURE_BASE}/mono/v1`,
    log: log.options,
    headers: { 'mono-sec-key': options.secretKey ?? CREDENTIALS.mono.secretKey },
    retry: options.retry ?? QUICK_RETRY,
  })
  return { client, log, signIn: async () => undefined }
}

/** The fixture's generic `/test` family: echo, status on demand, slow, items. */
export function testSession(retry: Retry = QUICK_RETRY): Session {
  const log = createRequestLog()
  const client = createApiClient({ baseURL: `${FIXTURE_BASE}/test`, retry, log: log.options })
  return { client, log, signIn: async () => undefined }
}

/**
 * A fast clock for APIs whose documented waits are minutes long: every wait the client would make
 * (a schedule's delays, the server's Retry-After) is divided by `factor`, so "1 s here stands for
 * `factor` s". The Retry-After part is an app error parser, which `createApiClient` runs first.
 */
export function fastClock(factor: number) {
  const scaleRetryAfter: ErrorParser = ({ headers }) => {
    const ms = parseRetryAfter(
      headers('retry-after'),
      Date.parse(headers('date') ?? '') || Date.now(),
    )
    return ms === undefined ? undefined : { retryAfterMs: ms / factor }
  }
  return {
    factor,
    scale: (ms: number) => ms / factor,
    errorParsers: [scaleRetryAfter],
  }
}
