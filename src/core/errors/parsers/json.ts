import { plainText } from '../plainText'
import { isReasonPhrase } from '../statusText'
import { at, codeOf, g, isArr, isObj, jsonIn, JSONISH, paths, pick, str } from './read'

/** What a JSON body says at its top level (README rules: message 1, code 1, 2 and 4, requestId, retryAfterMs). */
export interface JsonFields {
  message?: string | undefined
  code?: string | undefined
  /** An envelope's `error.type`, which only sorts errors (Stripe `card_error`, GoCardless `invalid_state`): after item codes. */
  category?: string | undefined
  /** The problem-details `type`, a code of last resort. */
  type?: string | undefined
  requestId?: string | undefined
  retryAfterMs?: number | undefined
}

// Dotted paths, in the order the README ranks them.
const MESSAGE = paths(
  'error.message error.error_description message Message error_message msg statusMessage error_description errorSummary detail description title error.description error.reason',
)
const MESSAGE_KEY = MESSAGE.find((p) => p.join('.') === 'message')
const REASON = MESSAGE.find((p) => p.join('.') === 'error.reason')

// tRPC's `error.data.code` (`BAD_REQUEST`) says more than its JSON-RPC `error.code` (-32600)
// Checkout.com lists its codes in `error_codes`; Postmark's is `ErrorCode`.
const CODE = paths(
  'error.data.code error.code error.name code errorCode error_code error_codes.0 ErrorCode',
)
// After a top-level `type` that is one word: moleculer's `type` is the code, its `name` the class name
const LATE_CODE = paths('name reason Code')
// Ids to quote to the API's support: request and trace ids, and the error ids some APIs give instead
// (Asana's `phrase` names the one occurrence in its logs)
const REQUEST_ID = paths(
  'request_id requestId requestID RequestId traceId trace_id debug_id correlation_id correlationId fbtrace_id errorId error_id pspReference errors.0.phrase',
)
// monday.com puts `retry_in_seconds` in a GraphQL error's extensions
const RETRY_AFTER = paths('retry_after retryAfter retry_in_seconds')
const ITEM_EXTENSIONS = ['errors', '0', 'extensions']
const INNER_REQUEST_ID = paths('innerError.request-id innererror.request-id')
const ERROR_STATUS = ['error', 'status']

/** A number, or a string holding a non-negative decimal; never coerces objects (their valueOf may throw). */
const num = (v: unknown): number | undefined =>
  typeof v === 'number'
    ? v
    : typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v)
      ? +v
      : undefined

/**
 * A code, when a key that holds other words too (a top-level `type`, HubSpot's `category`) holds one
 * that looks like a code: upper-case (`NOT_FOUND`) or dotted (`entity.parse.failed`); not a problem
 * type URI, `object` or `electronics`.
 */
const codeLike = (v: unknown, status: number): string | undefined =>
  codeOf(/^([A-Z][A-Z\d_]+|[a-z]+(\.[a-z]+)+)$/.exec(str(v) ?? '')?.[0], status)

/** Seconds as whole milliseconds. */
const seconds = (v: unknown): number | undefined => {
  const n = num(v)
  return n! >= 0 && n! < 1e12 ? Math.round(n! * 1000) : undefined
}

/**
 * Reads the envelope-style fields: `{ error: { code, message } }` (Google, Microsoft, Stripe, OpenAI),
 * OAuth and Slack `error` strings, problem details, NestJS/hapi/Fastify, PayPal `name`, Kubernetes
 * `reason`, AWS `__type`, Google `ErrorInfo` and `RetryInfo`.
 */
export function parseJson(b: unknown, status: number, nested?: boolean): JsonFields {
  // A string `error` is a sentence (a message) or a word (a code), unless it only restates the status.
  const env = g(b, 'error')
  const err = str(env)
  const said = err && !isReasonPhrase(err, status) ? err : undefined
  const sentence = said && /\s/.test(said)
  const type = str(g(b, 'type'))
  const details = g(env, 'details')
  // Google `google.rpc.*` details, by type
  const google = (t: string) =>
    isArr(details) ? details.find((d) => str(g(d, '@type'))?.endsWith(t)) : undefined
  const delay = g(google('RetryInfo'), 'retryDelay') // "30s" or { seconds, nanos }
  let message: string | undefined
  // An upstream error passed on as the JSON text of an object (`"message": "{\"error\":…}"`)
  let wrapped: JsonFields | undefined
  for (const p of MESSAGE) {
    const v = at(b, p)
    const json = typeof v === 'string' && JSONISH.test(v)
    // Read once, one level deep; a list (Zod 4 and tRPC issues) is read as items, not here
    const x = json && !nested && !wrapped ? jsonIn(v) : undefined
    if (isObj(x)) wrapped = parseJson(x, status, true)
    message =
      // JSON text is never shown as it is
      json
        ? wrapped?.message
        : // NestJS sends class-validator's messages as an array; Elasticsearch's `error.reason` is a
          // sentence, where Razorpay's is a code
          plainText(
            isArr(v) && p === MESSAGE_KEY
              ? v.find(str)
              : p === REASON && !/\s/.test(str(v) ?? '')
                ? 0
                : v,
          )
    if (message !== undefined) break
  }
  return {
    message: message ?? (sentence ? plainText(said) : undefined),
    code:
      pick(b, CODE, (v) => codeOf(v, status)) ??
      codeLike(type, status) ??
      pick(b, LATE_CODE, (v) => codeOf(v, status)) ??
      wrapped?.code ??
      str(g(google('ErrorInfo'), 'reason')) ??
      codeOf(at(b, ERROR_STATUS), status) ??
      (sentence ? undefined : said) ??
      str(g(b, '__type'))?.split('#').pop() ??
      // HubSpot's `category` (VALIDATION_ERROR), not a word that only sorts the resource
      codeLike(g(b, 'category'), status),
    category: codeOf(g(env, 'type'), status),
    // not `about:blank` or an RFC link, which restate the status, nor a word like Box's `error`
    type: type === 'about:blank' || /rfc\d/i.test(type!) ? undefined : codeOf(type, status),
    requestId: pick(b, REQUEST_ID) ?? pick(env, REQUEST_ID) ?? pick(env, INNER_REQUEST_ID),
    retryAfterMs:
      seconds(str(delay)?.replace(/s$/, '')) ??
      (isObj(delay)
        ? seconds((num(g(delay, 'seconds')) ?? 0) + (num(g(delay, 'nanos')) ?? 0) / 1e9)
        : undefined) ??
      pick(b, RETRY_AFTER, seconds) ??
      pick(env, RETRY_AFTER, seconds) ??
      pick(at(b, ITEM_EXTENSIONS), RETRY_AFTER, seconds),
  }
}
