import { getAdapter, isAxiosError } from 'axios'
import type { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from 'axios'
import { REDACTED, redactUrl } from 'resilient-query'
import type { ApiClient } from 'resilient-query'

/** One attempt on the wire, as the story's client saw it. */
export interface LogEntry {
  readonly id: number
  /** The logical request (1, 2, 3…): every attempt and replay of one call shares it. */
  readonly request: number
  /** 1 for the first attempt; 2 and up for retries and replays after a refresh. */
  readonly attempt: number
  /** Why this attempt went out. */
  readonly why: 'first' | 'retry' | 'replay after refresh'
  readonly method: string
  /** Relative to the page, with secret-looking query values redacted. */
  readonly url: string
  /** The status, or `network`, `canceled`, `timeout` when no response came; `…` while in flight. */
  readonly status: number | 'network' | 'canceled' | 'timeout' | '…'
  readonly durationMs: number | undefined
  readonly requestId: string | undefined
  /** The credentials sent, redacted: `Bearer [REDACTED] (token 2)`, `mono-sec-key: [REDACTED]`. */
  readonly credentials: string
  /** The Idempotency-Key sent, if any (not a secret: the same on every attempt of one write). */
  readonly idempotencyKey: string | undefined
}

export interface RequestLog {
  entries(): readonly LogEntry[]
  subscribe(listener: () => void): () => void
  clear(): void
}

/** Carried by a request's config through every retry and replay (axios passes class instances on). */
class LogTag {
  attempts = 0
  lastStatus: LogEntry['status'] | undefined
  constructor(readonly request: number) {}
}

type TaggedConfig = InternalAxiosRequestConfig & { __storyLog?: LogTag }

const SECRET_HEADERS = ['authorization', 'cookie', 'x-api-key', 'x-account-key', 'mono-sec-key']

/**
 * Keeps a log of every HTTP attempt the client makes (Mono's advice: "keep a log of all API requests
 * you make … you may strip the API keys"). A request interceptor tags each logical request; the
 * transport (the axios adapter, which the retry and auth layers call again for each attempt) times
 * it and records the status, so a replay after a refresh and a retry show up as attempts 2, 3…
 */
export function attachRequestLog(client: ApiClient): RequestLog {
  let entries: LogEntry[] = []
  let requests = 0
  let ids = 0
  const listeners = new Set<() => void>()
  const tokens = new Map<string, number>()
  const emit = () => listeners.forEach((listener) => listener())

  // Request interceptors added later run earlier: this one runs before the library's own.
  client.interceptors.request.use((config: TaggedConfig) => {
    config.__storyLog ??= new LogTag(++requests)
    return config
  })

  const transport: AxiosAdapter = getAdapter(client.defaults.adapter ?? ['xhr', 'fetch'])
  client.defaults.adapter = async (config: TaggedConfig) => {
    const tag = (config.__storyLog ??= new LogTag(++requests))
    tag.attempts += 1
    const id = ++ids
    const started = performance.now()
    const why: LogEntry['why'] =
      tag.attempts === 1 ? 'first' : tag.lastStatus === 401 ? 'replay after refresh' : 'retry'
    const base = {
      id,
      request: tag.request,
      attempt: tag.attempts,
      why,
      method: (config.method ?? 'get').toUpperCase(),
      url: redactUrl(client.getUri(config)),
      credentials: credentialsOf(config),
      idempotencyKey: headerValue(config, 'idempotency-key'),
    }
    entries = [...entries, { ...base, status: '…', durationMs: undefined, requestId: undefined }]
    emit()
    const finish = (status: LogEntry['status'], response: AxiosResponse | undefined) => {
      tag.lastStatus = status
      const requestId = response?.headers['x-request-id'] as string | undefined
      const done: LogEntry = {
        ...base,
        status,
        durationMs: Math.round(performance.now() - started),
        requestId,
      }
      entries = entries.map((entry) => (entry.id === id ? done : entry))
      emit()
    }
    try {
      const response = await transport(config)
      finish(response.status, response)
      return response
    } catch (error) {
      if (isAxiosError(error) && error.response) finish(error.response.status, error.response)
      else
        finish(
          isAxiosError(error) && error.code === 'ERR_CANCELED'
            ? 'canceled'
            : isAxiosError(error) && error.code === 'ECONNABORTED'
              ? 'timeout'
              : 'network',
          undefined,
        )
      throw error
    }
  }

  function headerValue(config: InternalAxiosRequestConfig, name: string): string | undefined {
    const value = config.headers.get(name)
    return typeof value === 'string' && value !== '' ? value : undefined
  }

  function credentialsOf(config: InternalAxiosRequestConfig): string {
    const sent: string[] = []
    for (const name of SECRET_HEADERS) {
      const value = config.headers.get(name)
      if (typeof value !== 'string' || value === '') continue
      if (name === 'authorization') {
        // Never the token itself; a number per distinct token shows when the refresh changed it.
        const token = value.replace(/^\w+\s+/, '')
        if (!tokens.has(token)) tokens.set(token, tokens.size + 1)
        sent.push(`${value.split(' ')[0]} ${REDACTED} (token ${tokens.get(token)})`)
      } else sent.push(`${name}: ${REDACTED}`)
    }
    if (config.withCredentials) sent.push('cookies (HttpOnly, sent by the browser)')
    return sent.join(', ') || '—'
  }

  return {
    entries: () => entries,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    clear() {
      entries = []
      emit()
    },
  }
}
