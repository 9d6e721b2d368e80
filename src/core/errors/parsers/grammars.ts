import { toFieldPath } from '../fieldPath'
import { plainText } from '../plainText'
import { isList, readPath } from './context'
import { addError, type FieldErrorReader, type FieldFindings } from './findings'

/**
 * Where each summary segment starts: at the start of the message or after `, `, a location, an
 * optional `/path` and the Ajv message (which starts with `must`, or `should` before Ajv 8).
 * express-openapi-validator writes the location after `request/`.
 */
const AJV_SEGMENT =
  /(?:^|, )(request\/)?(?:body|querystring|query|params|path|headers|cookies)(\/[^\s,]*)? (?=(?:must|should) )/g

/** How a summary starts: a cheap test before the segments are looked for. */
const AJV_START = /^(request\/)?(body|querystring|query|params|path|headers|cookies)[/ ]/

/** The property a `required` message names: `must have required property 'email'`. */
const REQUIRED_PROPERTY = /required property '([^']+)'/

/**
 * Fastify's (and express-openapi-validator's) Ajv summary: `<location>/<path> <ajv message>`,
 * several joined with `, ` under `allErrors`. A path gives its field (a `required` message adds the
 * property it names); a location with no path names the field only in a `required` message's
 * quotes, and is form-level otherwise (`body must NOT have additional properties`).
 */
function readAjvSummary(findings: FieldFindings, value: unknown): boolean {
  const message = plainText(value)
  if (!message || !AJV_START.test(message)) return false
  const starts = [...message.matchAll(AJV_SEGMENT)]
  if (starts[0]?.index !== 0) return false
  starts.forEach((start, index) => {
    const end = starts[index + 1]?.index ?? message.length
    const said = message.slice(start.index + start[0].length, end).trim()
    const property = REQUIRED_PROPERTY.exec(said)?.[1]
    const path = [start[2] && toFieldPath(start[2]), property && toFieldPath(property)]
      .filter(Boolean)
      .join('.')
    addError(findings, path || undefined, said)
  })
  return true
}

/**
 * A class-validator message: the property path, then `must`, `should` or `has`. NestJS writes the
 * path of the parent object before class-validator's own sentence (`address.property zip should not
 * exist`, `items.each value in nested property items must be …`), which names its property after
 * `property ` (forbidNonWhitelisted), `each value in ` or `nested property `.
 */
const CLASS_VALIDATOR_MESSAGE =
  /^(?:([\w$]+(?:\.[\w$]+)*)\.)?(each value in nested property |each value in |nested property |property )?([\w$]+) (?:must|should|has) /

/**
 * class-validator's messages as NestJS's `ValidationPipe` sends them: a list of strings, each naming
 * its property path first. Each gives `{ field, message: the whole string }`. The field is the
 * parent path joined with the property, except for an array's entry that is no object (`each value
 * in nested property`), which class-validator reports at the array itself.
 */
function readClassValidatorMessages(findings: FieldFindings, messages: unknown): boolean {
  if (!isList(messages)) return false
  let found = false
  for (const entry of messages.slice(0, 100)) {
    const message = plainText(entry)
    const match = message && CLASS_VALIDATOR_MESSAGE.exec(message)
    if (!match) continue
    const [, parent, lead, property] = match
    const path =
      lead === 'each value in nested property '
        ? (parent ?? property!)
        : parent
          ? `${parent}.${property}`
          : property!
    addError(findings, toFieldPath(path), message)
    found = true
  }
  return found
}

/** One `path: message` pair of a summary. */
const PATH_AND_MESSAGE = /^([\w$]+(?:\.[\w$]+)*): (.+)$/s

/**
 * `path: message` pairs joined with `; `, as express-zod-api sums up Zod's issues (`name: Too
 * small…; address.zip: Invalid string…`). Two pairs at least: one alone is as often a sentence with
 * a prefix (Gin's `json: cannot unmarshal…`) as a field's message.
 */
function readPathMessagePairs(findings: FieldFindings, value: unknown): boolean {
  const pairs = plainText(value)
    ?.split('; ')
    .map((segment) => PATH_AND_MESSAGE.exec(segment))
  if (!pairs || pairs.length < 2 || !pairs.every(Boolean)) return false
  for (const pair of pairs) addError(findings, toFieldPath(pair![1]!), pair![2]!)
  return true
}

/** A grammar reads a message (text, or a list of texts) and tells whether it understood it. */
export type MessageGrammar = (findings: FieldFindings, message: unknown) => boolean

/** The grammars, in order; the first that understands a message reads it. */
export const MESSAGE_GRAMMARS: readonly MessageGrammar[] = [
  // Fastify `FST_ERR_VALIDATION` (Ajv), also express-openapi-validator's `request/…` summaries
  readAjvSummary,
  // class-validator (NestJS `ValidationPipe`)
  readClassValidatorMessages,
  // express-zod-api
  readPathMessagePairs,
]

const MESSAGE_PLACES = [['message'], ['error', 'message']]

/**
 * Validation reported only as message text with a fixed grammar ({@link MESSAGE_GRAMMARS}), in the
 * body's `message` or its envelope's.
 */
export const readMessageGrammars: FieldErrorReader = (findings, body) => {
  for (const place of MESSAGE_PLACES) {
    const message = readPath(findings.context, body, place)
    if (MESSAGE_GRAMMARS.some((grammar) => grammar(findings, message))) return
  }
}
