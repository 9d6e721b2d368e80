import { plainText } from '../plainText'
import {
  CLASS_NAME,
  CODE_RULES,
  MESSAGE_RULES,
  NOT_A_CODE,
  REQUEST_ID_RULES,
  RETRY_AFTER_RULES,
  type CodeShape,
  type MessageShape,
  type PathRule,
} from '../rules'
import { isReasonPhrase } from '../statusText'
import {
  firstOf,
  isList,
  isRecord,
  LOOKS_LIKE_JSON,
  nonEmptyText,
  parsedJsonText,
  readKey,
  readPath,
  readRule,
  type ReadContext,
} from './context'

/** What a JSON body says at its top level: message, code, request id and wait. */
export interface BodyFields {
  message?: string | undefined
  code?: string | undefined
  requestId?: string | undefined
  retryAfterMs?: number | undefined
}

/**
 * A machine code: a string without white space that is not a word naming the kind of object, or a
 * number other than the HTTP status (which only restates it) and 0 (PHP's exception code when none
 * was given: Slim's error lists).
 */
export function machineCode(value: unknown, status: number): string | undefined {
  if (typeof value === 'number')
    return value === status || !value || !Number.isFinite(value) ? undefined : String(value)
  const text = nonEmptyText(value)
  return text && !/\s/.test(text) && !NOT_A_CODE.test(text) ? text : undefined
}

/** A code, when it is not a class name such as `NotFoundError` or `TypeError`. */
export function codeNotClassName(value: unknown, status: number): string | undefined {
  const code = machineCode(value, status)
  return code && !CLASS_NAME.test(code) ? code : undefined
}

/** Where the wait keys of {@link RETRY_AFTER_RULES} are looked for, in order. */
const RETRY_AFTER_PLACES = [[], ['error'], ['errors', '0', 'extensions']]

/** A number, or a string holding a non-negative decimal; never coerces objects. */
const numberIn = (value: unknown): number | undefined =>
  typeof value === 'number'
    ? value
    : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)
      ? +value
      : undefined

/** Seconds as whole milliseconds. */
function secondsAsMs(value: unknown): number | undefined {
  const seconds = numberIn(value)
  return seconds! >= 0 && seconds! < 1e12 ? Math.round(seconds! * 1000) : undefined
}

/** The first entry of Google's `error.details` whose `@type` ends with `type`. */
function googleDetail(context: ReadContext, details: unknown, type: string): unknown {
  if (!isList(details)) return undefined
  for (let index = 0; index < details.length && index < 20; index++)
    if (nonEmptyText(readKey(context, details[index], '@type'))?.endsWith(type))
      return details[index]
  return undefined
}

/** Google's `RetryInfo.retryDelay`: `"30s"` or `{ seconds, nanos }`. */
function googleRetryDelay(context: ReadContext, body: unknown): number | undefined {
  const details = readPath(context, body, ['error', 'details'])
  const delay = readKey(context, googleDetail(context, details, 'RetryInfo'), 'retryDelay')
  return isRecord(delay)
    ? secondsAsMs(
        (numberIn(readKey(context, delay, 'seconds')) ?? 0) +
          (numberIn(readKey(context, delay, 'nanos')) ?? 0) / 1e9,
      )
    : secondsAsMs(nonEmptyText(delay)?.replace(/s$/, ''))
}

/**
 * The message a rule of {@link MESSAGE_RULES} takes from `value`, and the body it read one level
 * deep, if any (when `nestedAllowed`: a body read one level deep is not read deeper).
 */
function messageOf(
  context: ReadContext,
  shape: MessageShape | undefined,
  value: unknown,
  nestedAllowed: boolean,
): { message?: string | undefined; nested?: BodyFields | undefined } {
  let object = value
  if (typeof value === 'string') {
    if (!LOOKS_LIKE_JSON.test(value)) {
      const message = plainText(value)
      const sentence = message && /\s/.test(message) && !isReasonPhrase(message, context.status)
      return shape === 'sentence' && !sentence ? {} : { message }
    }
    // JSON text is never shown as it is: an object's text is an upstream error, read one level deep
    object = nestedAllowed ? parsedJsonText(context, value) : undefined
  } else if (shape === 'textOrList' && isList(value))
    return { message: plainText(value.find((entry) => typeof entry === 'string')) }
  else if (shape !== 'textOrObject') return {}
  if (!isRecord(object) || !nestedAllowed) return {}
  const nested = readBodyFields(context, object, false)
  return { message: nested.message, nested }
}

/** The code a rule of {@link CODE_RULES} takes from `value`. */
function codeOf(
  context: ReadContext,
  rule: PathRule & { shape?: CodeShape },
  value: unknown,
  nested: BodyFields | undefined,
): string | undefined {
  const { status } = context
  const text = nonEmptyText(value)
  // each shape either decides or leaves a value for the machine-code test below
  switch (rule.shape) {
    case 'notReservedNumber':
      if (typeof value === 'number' && value <= -32000 && value >= -32768) return undefined
      break
    case 'codeShaped':
      if (!/^([A-Z][A-Z\d_]+|[a-z]+(\.[a-z]+)+)$/.test(text ?? '')) return undefined
      break
    case 'notClassName':
      return codeNotClassName(value, status)
    case 'errorWord':
      if (text && isReasonPhrase(text, status)) return undefined
      break
    case 'afterHash':
      value = text?.split('#').pop()
      break
    case 'errorInfoReason':
      value = readKey(context, googleDetail(context, value, 'ErrorInfo'), 'reason')
      break
    case 'nested':
      return value === undefined ? undefined : nested?.code
  }
  return machineCode(value, status)
}

/**
 * Reads a JSON body's message, code, request id and wait by the tables in rules.ts. `nestedAllowed`
 * is false for a body read one level deep (an upstream error passed on as text, a FastAPI detail
 * object), of which only the message and code count.
 */
export function readBodyFields(
  context: ReadContext,
  body: unknown,
  nestedAllowed = true,
): BodyFields {
  let message: string | undefined
  let nested: BodyFields | undefined
  for (const rule of MESSAGE_RULES) {
    const found = messageOf(
      context,
      rule.shape,
      readRule(context, body, rule),
      nestedAllowed && !nested,
    )
    nested ??= found.nested
    if ((message = found.message) !== undefined) break
  }
  let code: string | undefined
  for (const rule of CODE_RULES)
    if ((code = codeOf(context, rule, readRule(context, body, rule), nested)) !== undefined) break
  if (!nestedAllowed) return { message, code }
  const envelope = readKey(context, body, 'error')
  let retryAfterMs = googleRetryDelay(context, body)
  for (const place of RETRY_AFTER_PLACES)
    retryAfterMs ??= firstOf(
      context,
      readPath(context, body, place),
      RETRY_AFTER_RULES,
      secondsAsMs,
    )
  return {
    message,
    code,
    requestId:
      firstOf(context, body, REQUEST_ID_RULES, nonEmptyText) ??
      firstOf(context, envelope, REQUEST_ID_RULES, nonEmptyText),
    retryAfterMs,
  }
}
