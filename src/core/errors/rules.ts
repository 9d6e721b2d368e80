/**
 * The error formats normalizeError understands, as named, ordered tables: each row is one rule, and
 * the comment above it names the API, framework or standard whose responses need it. Earlier rows
 * win. The sources are comments so that they cost the bundle nothing; test/core/errors/rules.test.ts
 * reads them from this file to write the rules into test/corpus/README.md, and checks that every row
 * has a source and that removing any row changes at least one corpus case. To teach normalizeError a
 * new format, add a row here and a corpus case; the README's "Teaching it a new format" says how.
 */
import type { ApiErrorKind } from './ApiError'

/**
 * A rule that reads the value at a dotted path (`error.message` is `body.error.message`), or at the
 * first of several spellings of one (`requestId|requestID`).
 */
export interface PathRule {
  readonly path: string
  /** Each spelling of `path`, split at its dots once when the module loads: what readers walk. */
  paths: readonly (readonly string[])[]
}

/** Adds each row's `paths`. A row that is only a path is written as that string. */
function withPaths<Rule extends { readonly path: string }>(
  rules: readonly (Rule | string)[],
): readonly (Rule & PathRule)[] {
  return rules.map((row) => {
    const rule = (typeof row === 'string' ? { path: row } : row) as Rule
    return { ...rule, paths: rule.path.split('|').map((path) => (path ? path.split('.') : [])) }
  })
}

/**
 * How a message rule's value is taken, when not as a string (a row that is only a path): JSON text of
 * an object in a string is an upstream error, read like a body one level deep.
 */
export type MessageShape =
  /** A string, or a list of strings whose first is the message. */
  | 'textOrList'
  /** A string, or an object read like a body one level deep. */
  | 'textOrObject'
  /** Only a sentence (text with a space, not the status's reason phrase): a word there is a code. */
  | 'sentence'

/**
 * Where a JSON body's own human message is, in rank order. JSON text of a list in a message is never
 * shown (Zod 4 and tRPC send issues so: the field error readers read it), nor text that only starts
 * like JSON.
 */
export const MESSAGE_RULES = withPaths<{ path: string; shape?: MessageShape }>([
  // Google, Microsoft, Stripe, OpenAI envelopes
  'error.message',
  // most APIs; NestJS sends class-validator's messages as a list
  { path: 'message', shape: 'textOrList' },
  // AWS JSON protocol, Postmark
  'Message',
  // the spellings of an error message key (RULES-18), also in an envelope: Plaid, AWS Lambda,
  // Baidu and VK (`error.error_msg`), Galaxy
  'error_message|errorMessage|error_msg|err_msg|error.error_message|error.errorMessage|error.error_msg|error.err_msg',
  // Supabase Auth, Binance
  'msg',
  // h3, Nitro
  'statusMessage',
  // OAuth 2 (RFC 6749 §5.2)
  'error_description',
  // Okta
  'errorSummary',
  // problem details (RFC 9457), DRF, FastAPI (`HTTPException(detail={...})` sends an object)
  { path: 'detail', shape: 'textOrObject' },
  // Falcon, Zendesk, DigitalOcean
  'description',
  // problem details (RFC 9457), Falcon
  'title',
  // Razorpay
  'error.description',
  // Elasticsearch (Razorpay puts a code there)
  { path: 'error.reason', shape: 'sentence' },
  // Express, itty-router, Gin, DRF: a sentence in `error`
  { path: 'error', shape: 'sentence' },
  // Shopify: `errors` as one sentence
  'errors',
])

/**
 * How a code rule's value is taken. A row that is only a path takes a machine code (a string without
 * white space, or a number other than the status); the others: `notReservedNumber` (a code, but not
 * one of JSON-RPC's reserved numbers); `codeShaped` (only an upper-case word or dotted lower-case
 * words, for keys that hold other words too); `notClassName` (a code, but not a class name such as
 * `NotFoundError`); `errorWord` (a code that is not the status's reason phrase); `afterHash` (the
 * code after the `#` of AWS's `namespace#Code`); `errorInfoReason` (the `reason` of Google's
 * `ErrorInfo` detail); `nested` (the code of the object the message rule of the same path read one
 * level deep).
 */
export type CodeShape =
  | 'notReservedNumber'
  | 'codeShaped'
  | 'notClassName'
  | 'errorWord'
  | 'afterHash'
  | 'errorInfoReason'
  | 'nested'

/** Where a JSON body's machine code is, in rank order, before any error item's code. */
export const CODE_RULES = withPaths<{ path: string; shape?: CodeShape }>([
  // Google, Microsoft, Stripe, OpenAI envelopes; JSON-RPC 2.0's application codes (jayson's
  // `server.error(402, …)`), but not the numbers the spec reserves
  { path: 'error.code', shape: 'notReservedNumber' },
  // tRPC, JSON-RPC 2.0 `error.data`, which says more than a reserved number
  'error.data.code',
  // JSON-RPC 2.0's reserved numbers (-32768 to -32000), when `error.data` has no code
  'error.code',
  // most APIs
  'code',
  // the spellings of an error code key (RULES-18), also in an envelope: Okta, Adyen, Plaid,
  // Supabase Auth, VK (`error.error_code`), Galaxy
  'errorCode|error_code|err_code|error.errorCode|error.error_code|error.err_code',
  // Checkout.com
  'error_codes.0',
  // Postmark
  'ErrorCode',
  // PayPal, Feathers, moleculer (where it is no class name)
  { path: 'name', shape: 'notClassName' },
  // Kubernetes Status
  'reason',
  // the object a message rule read one level deep: FastAPI `HTTPException(detail={...})`, an
  // upstream error passed on as the JSON text of an object in `message`
  { path: 'detail|message', shape: 'nested' },
  // Google APIs `ErrorInfo` detail
  { path: 'error.details', shape: 'errorInfoReason' },
  // Google APIs (`INVALID_ARGUMENT`)
  'error.status',
  // OAuth 2 (RFC 6749 §5.2), Slack
  { path: 'error', shape: 'errorWord' },
  // AWS JSON protocol
  { path: '__type', shape: 'afterHash' },
  // HubSpot (`VALIDATION_ERROR`, not `electronics`)
  { path: 'category', shape: 'codeShaped' },
])

/**
 * After the codes of error items, an envelope's `type`, which only sorts errors into a few classes;
 * then a top-level `type`: the problem-details URI (unless `about:blank` or a link to an RFC), or a
 * code such as moleculer's (whose `name` is its class).
 */
export const LATE_CODE_RULES = withPaths([
  // Stripe `card_error`, OpenAI, Anthropic, GoCardless
  'error.type',
  // problem details (RFC 9457), moleculer
  'type',
])

/**
 * Words that only name the kind of object where a code goes: express-validator's item `type`, Box's
 * and Bitbucket's `type: "error"`, Intercom's `error.list`, a plain `Error`'s `name`; and the type a
 * value should have, which superstruct puts in `type` (`string`, `integer`, `never`).
 */
export const NOT_A_CODE =
  /^(field|alternative(_grouped)?|unknown_fields|error(\.list)?|Error|string|number|integer|boolean|object|array|null|never)$/
/** A class name (`NotFoundError`, `TypeError`, `BadRequestException`): never a code in `name` or `type`. */
export const CLASS_NAME = /^([A-Z][A-Za-z\d]*)?(Error|Exception)$/

/** Ids to quote to the API's support, in the body, then in its `error` envelope, in rank order. */
export const REQUEST_ID_RULES = withPaths([
  // GitHub, Box, Plaid, Checkout.com, Anthropic, Monogoto
  'request_id',
  // Spring WebFlux, and its other spellings
  'requestId|requestID|RequestId',
  // ASP.NET Core problem details, and its snake-case spelling
  'traceId|trace_id',
  // PayPal
  'debug_id',
  // HubSpot, and its snake-case spelling
  'correlationId|correlation_id',
  // Meta Graph API
  'fbtrace_id',
  // Okta
  'errorId',
  // Klarna
  'error_id',
  // Adyen
  'pspReference',
  // Asana: the phrase its support looks up
  'errors.0.phrase',
  // Microsoft Graph (either case of innerError)
  'innerError.request-id|innererror.request-id',
])

/**
 * A wait in seconds, in the body, then in its `error` envelope, then in the first GraphQL error's
 * `extensions`.
 */
export const RETRY_AFTER_RULES = withPaths([
  // Discord, Slack; Apollo Server and Mercurius `extensions.retryAfter`; monday.com
  'retry_after|retryAfter|retry_in_seconds',
])

/** Keys of an error item that name the field it is about, in rank order. */
export const ITEM_FIELD_KEYS = withPaths([
  // GitHub, Spring, Square, PayPal, Salesforce, Kubernetes, Intercom; `param` in express-validator 6
  'field|param',
  // Zod, express-validator, Contentful, Strapi, Micronaut, LoopBack
  'path',
  // Symfony, API Platform
  'propertyPath',
  // Microsoft REST guidelines
  'target',
  // FastAPI, Pydantic
  'loc',
  // problem details `errors` (RFC 9457 §3)
  'pointer',
  // Ajv 8 (Feathers, Fastify formatters), Ajv 6
  'instancePath|dataPath',
  // Klarna
  'parameter',
  // Flutterwave
  'field_name',
  // JSON:API
  'source.pointer',
  // JSON:API, a query parameter
  'source.parameter',
  // HubSpot (unless it names a request part, as OpenAPI's `in` does)
  'in',
])

/**
 * Keys under which Ajv-style items name the property a `required` or `additionalProperties` check is
 * about; it is joined to the item's path, which names the object that lacks or has it.
 */
export const ITEM_PROPERTY_KEYS = withPaths([
  // Ajv `required` (Feathers)
  'params.missingProperty',
  // Ajv `additionalProperties` (Feathers)
  'params.additionalProperty',
  // LoopBack 4 `required`
  'info.missingProperty',
  // LoopBack 4 `additionalProperties`
  'info.additionalProperty',
])

/** Keys of an error item that hold its message, in rank order. */
export const ITEM_MESSAGE_KEYS = withPaths([
  // most APIs
  'message',
  // express-validator, FastAPI
  'msg',
  // JSON:API, problem details `errors` (RFC 9457), Square
  'detail',
  // PayPal, Google `fieldViolations`
  'description',
  // problem details `invalid-params` (RFC 7807)
  'reason',
  // Spring `BindingResult`
  'defaultMessage',
  // JSON:API
  'title',
  // Klarna
  'error_message',
])

/** Keys of an error item that hold its code, in rank order (a value equal to its message is none). */
export const ITEM_CODE_KEYS = withPaths([
  // GraphQL (Apollo Server, Yoga, Mercurius)
  'extensions.code',
  // most APIs
  'code',
  // Salesforce
  'errorCode',
  // Ghost
  'errorType',
  // FastAPI, GitHub GraphQL (a class name there is none)
  'type',
  // PayPal
  'issue',
  // Kubernetes causes
  'reason',
  // Ajv
  'keyword',
])

/** Keys whose errors are about the request as a whole: form-level messages, never a field. */
export const FORM_LEVEL_KEYS = withPaths([
  // Django REST framework
  'non_field_errors',
  // Rails
  'base',
  // Django forms
  '__all__',
  // GitLab `{ "message": { "error": "…" } }`
  'error',
  // webargs: the JSON body as a whole
  'json',
])

/**
 * What a GraphQL error's `extensions` may say about the input it is about. A GraphQL error's `path`
 * is a path in the response, never a field: without one of these the error is form-level.
 */
export const GRAPHQL_INPUT_RULES = withPaths([
  // Apollo Server `BAD_USER_INPUT` naming a field
  'extensions.field',
  // Apollo Server `BAD_USER_INPUT` for an argument
  'extensions.argumentName',
  // Apollo Server 2 and 3 `UserInputError`: one field error per name
  'extensions.invalidArgs',
  // a validation list or field map inside `extensions`
  'extensions.validationErrors',
])

/** Where a Zod issue list (each issue's `path` a list of keys) may sit. Nested paths are kept. */
export const ZOD_ISSUE_LISTS = withPaths([
  // Zod 3 ZodError sent as is
  'issues',
  // Hono `@hono/zod-validator`
  'error.issues',
  // h3 `readValidatedBody`
  'data.issues',
  // Zod 4 ZodError: its issues as JSON text
  'message',
  // tRPC: the issues as JSON text
  'error.message',
])

/**
 * Zod's `flatten()` / `flattenError()` and Zod 4's `treeifyError()`: the first of these places that
 * holds one (each is looked at, not only the first that exists).
 */
export const ZOD_SHAPE_PLACES = withPaths([
  // Zod sent as the body; `{ error: result.error.flatten() }` (Next.js and Hono examples);
  // `{ message, errors: … }`; h3 `createError({ data })`; tRPC's `errorFormatter` (`zodError`)
  '|error|errors|data|error.data.zodError',
])

/** Where a map of fields to messages may sit, besides the body as a whole. */
export const FIELD_MAP_PLACES = withPaths([
  // Laravel, ASP.NET Core, Django, Feathers, Discord, express-validator `mapped()`
  'errors',
  // GitLab, Flask-RESTful `reqparse`
  'message',
  // valibot `flatten()`: its `nested` map, keyed by dotted paths
  'nested',
  // LoopBack 3 (strong-error-handler) `ValidationError`: `details.messages`, beside `details.codes`
  'error.details.messages',
])

/** A list of error items, and how to read it. */
export interface ItemListRule extends PathRule {
  /** Entries that carry this key are not error items. */
  readonly skipEntriesWith?: string
  /** The key that names each entry's field, before the usual ones. */
  readonly fieldKey?: string
  /** The list is under this key of each entry of the list at `path`. */
  readonly inEachEntry?: string
  /** An empty list means the object that holds it is the only error item. */
  readonly itselfWhenEmpty?: boolean
}

/** Lists of error items, in document rank order. */
export const ITEM_LISTS: readonly ItemListRule[] = withPaths<Omit<ItemListRule, 'paths'>>([
  // Salesforce: the body is the list
  '',
  // JSON:API, GraphQL, GitHub, Square, Twilio, express-validator, routing-controllers
  'errors',
  // Kraken: `{ "error": ["EAPI:Invalid key"] }`
  'error',
  // FastAPI
  'detail',
  // PayPal, itty-router
  'details',
  // Kubernetes Status
  'details.causes',
  // Microsoft REST guidelines, LoopBack (Google's typed details are not error items)
  { path: 'error.details', skipEntriesWith: '@type' },
  // Google APIs `BadRequest` detail
  { path: 'error.details', inEachEntry: 'fieldViolations' },
  // Google APIs (legacy)
  'error.errors',
  // problem details (RFC 7807 §3): fields named by `name`
  { path: 'invalid-params', fieldKey: 'name' },
  // yup's ValidationError: one per failed test in `inner`, or (abortEarly) itself alone
  { path: 'inner', itselfWhenEmpty: true },
])

/**
 * One field named beside the message of the envelope, else of the body, in one word; the message is
 * the one beside it, else the one of the object around it.
 */
export const NAMED_FIELD_RULES = withPaths([
  // Stripe, OpenAI
  'error.param',
  // Razorpay
  'error.field',
  // Mollie
  'field',
  // JSON-RPC 2.0 `error.data` naming the parameter (jayson's `server.error(code, message, { field })`)
  'error.data.field',
])

/**
 * A list whose name says it holds errors, for the last, generic reader: Zalando Problem's and API
 * Platform's `violations`, Flutterwave's `validation_errors`, fastest-validator's and Feathers' (Ajv)
 * `data`, Strapi's
 * `error.details.errors`, Micronaut's `_embedded.errors`, openapi-backend's `err`, superstruct's
 * `failures`.
 */
export const ERROR_LIST_NAME = /errors?$|^err$|fail|invalid|violation|problem|^data$/i

/** Keys naming the part of the request whose errors they hold. */
export const REQUEST_PART_KEY = /^(body|query|querystring|params|path|headers|cookies)(Errors)?$/i

/** The kind of a response, from its status, else (a status that is no error) its payload's code. */
export interface KindRule {
  readonly kind: ApiErrorKind
  readonly statuses: readonly number[]
  /** Compared lower-cased. */
  readonly codes: readonly string[]
}

export const KIND_RULES: readonly KindRule[] = [
  // RFC 9110; Apollo Server codes, tRPC `BAD_REQUEST`
  {
    kind: 'validation',
    statuses: [400, 422],
    codes: ['bad_user_input', 'graphql_validation_failed', 'graphql_parse_failed', 'bad_request'],
  },
  // RFC 9110, RFC 6750; Apollo `UNAUTHENTICATED`, tRPC `UNAUTHORIZED`, Slack
  {
    kind: 'unauthorized',
    statuses: [401],
    codes: [
      'unauthenticated',
      'unauthorized',
      'invalid_token',
      'token_expired',
      'invalid_auth',
      'not_authed',
    ],
  },
  // RFC 9110; Apollo, tRPC, gRPC `PERMISSION_DENIED`, Slack `missing_scope`
  {
    kind: 'forbidden',
    statuses: [403],
    codes: ['forbidden', 'permission_denied', 'missing_scope'],
  },
  // RFC 9110; GraphQL `NOT_FOUND`
  { kind: 'not_found', statuses: [404, 410], codes: ['not_found'] },
  // RFC 9110; tRPC `CONFLICT`, `PRECONDITION_FAILED`
  { kind: 'conflict', statuses: [409, 412], codes: ['conflict', 'precondition_failed'] },
  // RFC 9110; tRPC `TIMEOUT`
  { kind: 'timeout', statuses: [408], codes: ['timeout'] },
  // RFC 6585; Slack `ratelimited`, tRPC `TOO_MANY_REQUESTS`
  {
    kind: 'rate_limited',
    statuses: [429],
    codes: ['rate_limited', 'ratelimited', 'too_many_requests'],
  },
  // Apollo and tRPC `INTERNAL_SERVER_ERROR`
  { kind: 'server', statuses: [], codes: ['internal_server_error', 'internal'] },
]

/** Where gateways and APIs put the id to quote to support, in rank order. */
export const REQUEST_ID_HEADERS: readonly { readonly name: RegExp }[] = [
  // `x-request-id` (Heroku, Rails, moleculer-web), `request-id` (Stripe, Anthropic, Microsoft
  // Graph), `x-amzn-requestid`, `x-github-request-id`, Azure's `x-ms-request-id`; not
  // `…client-request-id`, the client's own id echoed back
  { name: /(?<!client-)request-?id$/ },
]
