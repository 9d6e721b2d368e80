// The four ways of refreshing a token that bench/refresh-storm.bench.ts compares, each set up the way
// its own docs (or the tutorials, for the textbook one) show, against the fixture's Monogoto realm.
import axios from 'axios'
import type { AxiosError, AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from 'axios'
import { createAuthRefresh } from 'axios-auth-refresh'
import type { Agent } from 'node:http'
import { createApiClient } from '../src/core/client'

/** The app's token store, which every subject reads the token from and writes the new pair to. */
export interface Session {
  access: string
  refresh: string
}

/** What a subject needs to talk to the fixture. */
export interface SubjectContext {
  url: string
  /** For the API calls. */
  agent: Agent
  /** For the refresh call. */
  refreshAgent: Agent
  session: Session
}

export interface StormClient {
  get(i: number): Promise<AxiosResponse>
  /** Called after the warm-up, just before the measured burst of a storm run. */
  beforeStorm?(): void
}

export interface StormSubject {
  name: string
  /** How it is configured, for the table's note. */
  config: string
  create(context: SubjectContext): StormClient
  /** The client knows when the token expires, so the server's clock alone is not the signal. */
  knownExpiry?: boolean
}

interface TokenBody {
  access_token: string
  refresh_token: string
}

/** POST /monogoto/v1/auth/refresh with the stored refresh token, as test/core/auth/authClient.ts does. */
async function refreshTokens({ url, refreshAgent, session }: SubjectContext): Promise<string> {
  const { data } = await axios.post<TokenBody>(
    `${url}/monogoto/v1/auth/refresh`,
    { refresh_token: session.refresh },
    { httpAgent: refreshAgent },
  )
  session.access = data.access_token
  session.refresh = data.refresh_token
  return data.access_token
}

function resilientQuery(context: SubjectContext) {
  return createApiClient({
    baseURL: context.url,
    httpAgent: context.agent,
    // retry left at its default ({ retries: 3 }), as an app would have it.
    auth: {
      getAccessToken: () => context.session.access,
      refresh: () => refreshTokens(context),
    },
  })
}

export const resilientQuerySubject: StormSubject = {
  name: 'resilient-query',
  config: 'createApiClient({ auth: { getAccessToken, refresh } }), retry default (3)',
  create(context) {
    const api = resilientQuery(context)
    return { get: (i) => api.get('/test/protected', { params: { i } }) }
  },
}

export const knownExpirySubject: StormSubject = {
  name: 'resilient-query (known expiry)',
  config:
    'as above + auth.signIn(token, now + 10 s) inside the 30 s leeway; the server has expired it too',
  knownExpiry: true,
  create(context) {
    const api = resilientQuery(context)
    return {
      get: (i) => api.get('/test/protected', { params: { i } }),
      beforeStorm: () => api.auth!.signIn(context.session.access, Date.now() + 10_000),
    }
  },
}

/** axios-auth-refresh as its README shows it: a request interceptor reading the store, and the refresh logic. */
function axiosAuthRefresh(deduplicateRefresh: boolean | undefined): StormSubject['create'] {
  return (context) => {
    const instance = axios.create({ baseURL: context.url, httpAgent: context.agent })
    const refreshAuthLogic = (failedRequest: AxiosError) =>
      refreshTokens(context).then((token) => {
        failedRequest.response!.config.headers['Authorization'] = 'Bearer ' + token
        return Promise.resolve()
      })
    createAuthRefresh(
      instance,
      refreshAuthLogic,
      deduplicateRefresh === undefined ? {} : { deduplicateRefresh },
    )
    instance.interceptors.request.use((request) => {
      request.headers['Authorization'] = `Bearer ${context.session.access}`
      return request
    })
    return { get: (i) => instance.get('/test/protected', { params: { i } }) }
  }
}

export const axiosAuthRefreshSubject = (version: string): StormSubject => ({
  name: `axios-auth-refresh ${version}`,
  config:
    'createAuthRefresh(instance, refreshAuthLogic), default options (deduplicateRefresh: true)',
  create: axiosAuthRefresh(undefined),
})

export const axiosAuthRefreshNoDedupSubject = (version: string): StormSubject => ({
  name: `axios-auth-refresh ${version} (deduplicateRefresh: false)`,
  config:
    'as above with { deduplicateRefresh: false } (5.x renamed pauseInstanceWhileRefreshing to it)',
  create: axiosAuthRefresh(false),
})

// The textbook single-flight interceptor, as tutorials write it: one module-level promise shared
// by every 401, cleared when the refresh settles, and a `_retry` flag so a request replays once.
let refreshPromise: Promise<string> | null = null
let textbookContext: SubjectContext | undefined

type RetriableConfig = InternalAxiosRequestConfig & { _retry?: boolean }

export const textbookSubject: StormSubject = {
  name: 'textbook single-flight',
  config:
    'module-level refreshPromise, response interceptor: on 401 and !_retry await it and replay',
  create(context) {
    textbookContext = context
    const instance: AxiosInstance = axios.create({ baseURL: context.url, httpAgent: context.agent })
    instance.interceptors.request.use((config) => {
      config.headers.Authorization = `Bearer ${textbookContext!.session.access}`
      return config
    })
    instance.interceptors.response.use(
      (response) => response,
      async (error: AxiosError) => {
        const original = error.config as RetriableConfig
        if (error.response?.status === 401 && !original._retry) {
          original._retry = true
          refreshPromise ??= refreshTokens(textbookContext!).finally(() => {
            refreshPromise = null
          })
          const token = await refreshPromise
          original.headers.Authorization = `Bearer ${token}`
          return instance(original)
        }
        return Promise.reject(error)
      },
    )
    return { get: (i) => instance.get('/test/protected', { params: { i } }) }
  },
}
