import type { NotResendableReason } from './bodyNotResendable'

/**
 * Whether a request body can be sent a second time (for a retry, or a replay after a token
 * refresh) and arrive whole. A stream, a web `ReadableStream`, an iterator or an async iterable is
 * read as it is sent: a second send would carry nothing, or the rest. Strings, buffers, typed
 * arrays, Blobs, FormData of such values, URLSearchParams and plain data are sent from memory
 * each time.
 *
 * @example
 * isResendableBody(JSON.stringify(user))            // true
 * isResendableBody(fs.createReadStream('big.csv'))  // false
 */
export function isResendableBody(data: unknown): boolean {
  if (data === null || typeof data !== 'object') return true
  try {
    const body = data as Record<string | symbol, unknown>
    // Node streams (fs, http, the `form-data` package, which is a stream too) and web streams.
    if (typeof body.pipe === 'function' || typeof body.getReader === 'function') return false
    // Generators and other iterators: consumed by the first send.
    if (typeof body.next === 'function') return false
    // An async iterable is read by the http and fetch adapters as a stream.
    if (typeof body[Symbol.asyncIterator] === 'function') return false
    if (isFormData(data)) {
      for (const [, value] of data.entries()) if (!isResendableBody(value)) return false
    }
    return true
  } catch {
    // A body whose properties cannot be read cannot be vouched for.
    return false
  }
}

const isFormData = (value: object): value is FormData =>
  typeof FormData !== 'undefined' && value instanceof FormData

/** A request that may be sent again: its body, and the app's way to make the body anew. */
export interface ResendableRequest {
  data?: unknown
  recreateData?: (() => unknown) | undefined
}

/**
 * The bodies one request went out with, as the app gave them. axios's transforms replace the body
 * on the config before it is sent (an iterator becomes the JSON text "{}"), so after a send the
 * config no longer says what was sent; this does. A class: axios copies plain objects each time it
 * merges a config (every replay) but passes class instances through, so all the sends of one
 * request share it.
 */
class SentBodies {
  /** The bodies sent that cannot be sent twice: given again, they are used bodies. */
  readonly readOnce = new WeakSet<object>()
  /** Whether the latest send's body was one of them. */
  latestReadOnce = false
}

type TrackedRequest = ResendableRequest & { __rqSentBodies?: SentBodies }

/**
 * Notes the body `request` is about to be sent with, before axios transforms it, so that a later
 * resend is judged on what the app gave ({@link prepareResend}). Called by a request interceptor
 * on every send, replays included.
 *
 * @example
 * instance.interceptors.request.use((config) => (noteBodySent(config), config))
 */
export function noteBodySent(request: ResendableRequest): void {
  const sent = ((request as TrackedRequest).__rqSentBodies ??= new SentBodies())
  sent.latestReadOnce = !isResendableBody(request.data)
  // Not resendable means an object: primitives are sent from memory.
  if (sent.latestReadOnce) sent.readOnce.add(request.data as object)
}

/**
 * Whether `request` can be sent again with the body it was last sent with: not when that body, as
 * the app gave it, was read as it was sent, even if axios left something else on the config.
 *
 * @example
 * if (!config.recreateData && !canResendAsIs(config)) throw bodyNotResendableError(error, 'read_once')
 */
export function canResendAsIs(request: ResendableRequest): boolean {
  return (
    (request as TrackedRequest).__rqSentBodies?.latestReadOnce !== true &&
    isResendableBody(request.data)
  )
}

/**
 * Makes `request` ready to be sent again (a retry, a replay after a refresh): with `recreateData`,
 * a fresh body from it; otherwise the body as it is, if it can be sent twice. Returns `false` when
 * it cannot, and the request must fail instead of going out with an empty or partial body.
 *
 * @example
 * if (!prepareResend(config)) throw bodyNotResendableError(config)
 */
export function prepareResend(request: ResendableRequest): boolean {
  return tryPrepareResend(request) === undefined
}

/**
 * {@link prepareResend}, saying why the request cannot be sent again: `undefined` once it is ready,
 * else the reason its error gives.
 *
 * @example
 * const reason = tryPrepareResend(config)
 * if (reason) throw bodyNotResendableError(attemptError, reason)
 */
export function tryPrepareResend(request: ResendableRequest): NotResendableReason | undefined {
  if (!request.recreateData) return canResendAsIs(request) ? undefined : 'read_once'
  let fresh: unknown
  try {
    fresh = request.recreateData()
  } catch {
    // The app could not make the body anew: the request fails as one that cannot be resent.
    return 'recreate_failed'
  }
  // `undefined` (a function that forgot to return) is no body to send.
  if (fresh === undefined) return 'recreate_failed'
  // A body read as it is sent must be a new one: the very body sent before, or a stream something
  // has read already, would go out empty or cut.
  if (
    !isResendableBody(fresh) &&
    (fresh === request.data ||
      (request as TrackedRequest).__rqSentBodies?.readOnce.has(fresh as object) === true ||
      isConsumedBody(fresh as object))
  )
    return 'recreate_used'
  request.data = fresh
  return undefined
}

/**
 * The flags by which a Node stream says it was read from or can no longer be: the two Node's own
 * `stream.isDisturbed` reads (`readableDidRead`, `readableAborted`), an end, and a destroy.
 */
const NODE_STREAM_USED_FLAGS = [
  'readableDidRead',
  'readableAborted',
  'readableEnded',
  'destroyed',
] as const

/**
 * Whether a stream body has been read from, ended or taken already. An iterator cannot say whether
 * it has started: only one this request sent before is known as used.
 */
function isConsumedBody(body: object): boolean {
  try {
    const stream = body as Record<string, unknown>
    if (typeof stream.pipe === 'function')
      return NODE_STREAM_USED_FLAGS.some((flag) => stream[flag] === true)
    if (typeof stream.getReader === 'function')
      return stream.locked === true || isDisturbedWebStream(body)
    return false
  } catch {
    // A body whose properties cannot be read cannot be vouched for.
    return true
  }
}

/**
 * Whether a web ReadableStream has been read from, even when unlocked again (fetch leaves a body
 * it sent unlocked). No property says so, but a Response refuses a stream that is disturbed or
 * locked ("extract a body", Fetch standard) and reads nothing of one that is not.
 */
function isDisturbedWebStream(stream: object): boolean {
  if (typeof Response !== 'function') return false
  try {
    void new Response(stream as ReadableStream)
    return false
  } catch {
    return true
  }
}
