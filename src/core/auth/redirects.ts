import { AxiosError, AxiosHeaders } from 'axios'
import type { AxiosResponse, InternalAxiosRequestConfig } from 'axios'
import { ApiError } from '../errors/ApiError'
import { BODY_NOT_RESENDABLE } from '../shared/bodyNotResendable'
import { prepareResend } from '../shared/requestBody'
import { markSendReason } from '../transport'
import type { Send } from '../transport'
import { originOf, requestUrl } from './origin'

/**
 * The `code` of the ApiError a request that carries the credential fails with when a browser
 * answers its redirect with an opaque response: where it leads is hidden, so it is not followed.
 */
export const REDIRECT_NOT_FOLLOWED = 'redirect_not_followed' as const

/** The credential a request carries, and where it may go. */
export interface Credential {
  readonly header: string
  readonly value: string
  readonly allowed: (url: string) => boolean
}

// Statuses that send the client elsewhere, with the method rule of each (Fetch standard §4.4, as
// follow-redirects and browsers apply it): 303 turns anything but HEAD into GET; 301 and 302 turn a
// POST into GET; 307 and 308 resend the same method and body.
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])

/** What axios follows when nobody says otherwise (follow-redirects' default). */
const DEFAULT_MAX_REDIRECTS = 21

/**
 * Sends a request that carries a credential, following redirects here rather than in the adapter,
 * so that the credential goes only where it is allowed, whatever header carries it: axios and the
 * platform strip only `Authorization` and `Cookie` when a redirect leaves the origin, and keep an
 * `X-Api-Key`. The adapter is asked not to follow (`maxRedirects: 0`, which its fetch adapter turns
 * into `redirect: 'manual'`); each hop's target is judged, and the credential is attached only to
 * allowed origins. A browser hides where a manual redirect goes (an opaque response): that request
 * fails with an ApiError saying so, since following blind could hand the credential to anyone.
 *
 * @example
 * return sendFollowingRedirects(next, config, { header: 'X-Api-Key', value: key, allowed })
 */
export function sendFollowingRedirects(
  send: Send,
  config: InternalAxiosRequestConfig,
  credential: Credential,
): Promise<AxiosResponse> {
  // The app asked for no redirects: the adapter returns the 3xx as axios always did.
  if (config.maxRedirects === 0) return send(config)
  // The first hop is the request itself, sent as it is but for the redirects: no copy of the config
  // (the steps after this one tag it), and the app's own values are back once the adapter is done
  // with it, so that a retry or a replay starts from them. Not sooner: a step after this one may
  // send later (the request log, while its code loads), and its adapter must still read these.
  // `redirect: 'manual'` too, for the fetch adapter of an axios that predates its reading of
  // maxRedirects: 0 so.
  const { maxRedirects, fetchOptions } = config
  const restore = () => {
    if (maxRedirects === undefined) delete config.maxRedirects
    else config.maxRedirects = maxRedirects
    if (fetchOptions === undefined) delete config.fetchOptions
    else config.fetchOptions = fetchOptions
  }
  config.maxRedirects = 0
  config.fetchOptions = { ...fetchOptions, redirect: 'manual' }
  let sent: Promise<AxiosResponse>
  try {
    sent = send(config)
  } catch (error) {
    restore()
    throw error
  }
  return sent.finally(restore).then(
    (response) =>
      isRedirect(response) || isOpaqueRedirect(response)
        ? follow(send, config, credential, response)
        : response,
    (error: unknown) => {
      const failed = (error as AxiosError).response
      if (failed && (isRedirect(failed) || isOpaqueRedirect(failed)))
        return follow(send, config, credential, failed)
      throw error
    },
  )
}

/** Follows a redirect answered to `config`, hop by hop, judging each hop's origin. */
async function follow(
  send: Send,
  config: InternalAxiosRequestConfig,
  credential: Credential,
  first: AxiosResponse,
): Promise<AxiosResponse> {
  const limit = config.maxRedirects ?? DEFAULT_MAX_REDIRECTS
  let hop: InternalAxiosRequestConfig = config
  let url = requestUrl(config)
  let response = first
  for (let redirects = 0; ; redirects++) {
    if (isOpaqueRedirect(response))
      throw new ApiError({
        kind: 'http',
        code: REDIRECT_NOT_FOLLOWED,
        retryable: false,
        message: `The server redirected a request that carries the ${credential.header} header, and the browser hides where to. It was not followed, so that the credential cannot reach another origin.`,
      })
    if (!isRedirect(response)) {
      response.config = config
      return response
    }
    discardBody(response)
    if (redirects >= limit)
      throw new AxiosError(
        `Maximum number of redirects exceeded (${limit})`,
        'ERR_FR_TOO_MANY_REDIRECTS',
        config,
      )
    const next = nextLocation(response, url)
    if (!next) return settleAsIs(response, config)
    hop = redirected(hop, response.status, url, next, credential)
    url = next
    try {
      response = await send(hop)
    } catch (error) {
      const failed = (error as AxiosError).response
      if (!failed || !(isRedirect(failed) || isOpaqueRedirect(failed)))
        throw asOriginal(error, config)
      response = failed
    }
  }
}

const isRedirect = (response: AxiosResponse) =>
  REDIRECT_STATUSES.has(response.status) && typeof locationOf(response) === 'string'

function locationOf(response: AxiosResponse): unknown {
  const headers = response.headers as { location?: unknown; get?: (name: string) => unknown }
  return typeof headers.get === 'function' ? headers.get('location') : headers.location
}

// A browser's fetch with `redirect: 'manual'` answers a redirect with an opaque response, status 0,
// whose Location it hides; axios's fetch adapter keeps the Request, whose `redirect` says so.
const isOpaqueRedirect = (response: AxiosResponse) =>
  response.status === 0 &&
  (response.request as { redirect?: unknown } | undefined)?.redirect === 'manual'

/** The next hop's absolute http(s) URL, or undefined when the Location cannot be followed. */
function nextLocation(response: AxiosResponse, from: string): string | undefined {
  try {
    const base = (globalThis as { location?: { href?: string } }).location?.href
    const next = new URL(String(locationOf(response)), new URL(from, base))
    return next.protocol === 'http:' || next.protocol === 'https:' ? next.href : undefined
  } catch {
    return undefined
  }
}

/** The config of the next hop: its URL, method and body by the status, the credential by its origin. */
function redirected(
  hop: InternalAxiosRequestConfig,
  status: number,
  from: string,
  url: string,
  credential: Credential,
): InternalAxiosRequestConfig {
  const headers = AxiosHeaders.from(hop.headers)
  const method = hop.method?.toLowerCase() ?? 'get'
  const toGet =
    (status === 303 && method !== 'head') ||
    ((status === 301 || status === 302) && method === 'post')
  const next: InternalAxiosRequestConfig = {
    ...hop,
    headers,
    url,
    allowAbsoluteUrls: true,
    maxRedirects: 0,
    fetchOptions: { ...hop.fetchOptions, redirect: 'manual' },
  }
  // The Location is the whole next URL: no baseURL before it, and the first hop's params are in it.
  delete next.baseURL
  delete next.params
  if (toGet) {
    next.method = 'get'
    next.data = undefined
    headers.delete('content-type')
    headers.delete('content-length')
  } else if (!prepareResend(next)) {
    throw new ApiError({
      kind: 'http',
      code: BODY_NOT_RESENDABLE,
      retryable: false,
      message: `The server answered ${status} (send the body again elsewhere), but the body is a stream that cannot be sent twice. Give the request recreateData to allow it.`,
    })
  }
  // Leaving the origin drops what browsers and follow-redirects drop; then the credential goes
  // back on only where it is allowed.
  if (originOf(url) !== originOf(from)) {
    headers.delete('cookie')
    headers.delete('authorization')
    headers.delete('proxy-authorization')
  }
  if (credential.allowed(url)) headers.set(credential.header, credential.value)
  else headers.delete(credential.header)
  markSendReason(next, 'redirect')
  return next
}

/** A 3xx whose Location cannot be followed settles as axios would have settled it. */
function settleAsIs(response: AxiosResponse, config: InternalAxiosRequestConfig): AxiosResponse {
  response.config = config
  const validate = config.validateStatus
  if (!validate || validate(response.status)) return response
  throw new AxiosError(
    `Request failed with status code ${response.status}`,
    AxiosError.ERR_BAD_RESPONSE,
    config,
    response.request,
    response,
  )
}

/** The hop's error, pointing at the request the app made (its replays must not inherit the hop). */
function asOriginal(error: unknown, config: InternalAxiosRequestConfig): unknown {
  if (error instanceof AxiosError) {
    error.config = config
    if (error.response) error.response.config = config
  }
  return error
}

/** A redirect's own body is never read: a stream is destroyed so its socket is freed. */
function discardBody(response: AxiosResponse) {
  const body = response.data as { destroy?: () => void; cancel?: () => unknown } | undefined
  try {
    if (typeof body?.destroy === 'function') body.destroy()
    else if (typeof body?.cancel === 'function')
      void Promise.resolve(body.cancel()).catch(() => undefined)
  } catch {
    // Nothing more to free.
  }
}
