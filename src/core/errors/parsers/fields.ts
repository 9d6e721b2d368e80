import type { FieldError } from '../ApiError'
import { LOCATION, toFieldPath } from '../fieldPath'
import { plainText } from '../plainText'
import { codeOf, g, isArr, isObj, jsonIn, keys, listed, paths, pick, str } from './read'

/** What the error items and field maps of a body add up to. */
export interface Items {
  fieldErrors: FieldError[]
  /** The first form-level message (`non_field_errors`, Rails `base`, an item naming no field). */
  form?: string | undefined
  /** The first message of any item, fields included. */
  first?: string | undefined
  /** The first code an item carries. */
  code?: string | undefined
  status: number
  /** Nodes a field map walk may still visit: a cyclic map must not cost 100^4 steps. */
  budget: number
  /** Objects isFieldMap may still judge: lists that share their entries must not multiply the work. */
  judge: number
  /** The item lists read so far, which the last, generic step does not read again. */
  lists: unknown[]
}

// Bounds the work on hostile bodies; no form has a hundred fields worth showing.
const MAX = 100
// `instancePath` (`dataPath` before Ajv 8) is Ajv's; `parameter` Klarna's; `field_name` Flutterwave's
const FIELD = paths(
  'field path param property propertyPath target loc pointer instancePath dataPath parameter field_name',
)
const NAMED = [['name'], ...FIELD] // RFC 7807 `invalid-params` name their field `name`
const MESSAGE = paths(
  'message msg detail description reason defaultMessage title error_message errorSummary details',
)
// `errorType` is Ghost's
const CODE = paths('extensions.code code errorCode errorType type issue reason keyword')
const SOURCE = paths('pointer parameter')
// GitLab's `{ "message": { "error": "…" } }` is a sentence about the whole request; webargs files what
// it says of the JSON body as a whole under `json`
const FORM = keys('non_field_errors base __all__ error json')

const ERROR_LIST = /errors?$|fail|invalid|violation|problem|^data$/i
const STRICT_MESSAGE = paths('message msg error_message')

const list = (v: unknown): unknown[] => (isArr(v) ? v.slice(0, MAX) : [])

const path = (v: unknown) =>
  typeof v === 'string' ||
  (isArr(v) && v.every((p) => typeof p === 'string' || typeof p === 'number'))
    ? toFieldPath(v)
    : undefined

function add(a: Items, field: string | undefined, message: string, code?: string) {
  a.first ??= message
  if (!field || FORM.includes(field)) a.form ??= message
  else if (a.fieldErrors.length < MAX)
    a.fieldErrors.push(
      code === undefined || code === message ? { field, message } : { field, message, code },
    )
}

/**
 * One error item: a string (form-level), or an object naming its field under one of many keys, else
 * under the key of the map it sits in (express-validator's `mapped()`).
 */
function item(a: Items, x: unknown, fieldKeys = FIELD, mapKey?: string) {
  const m = pick(x, MESSAGE, plainText)
  // `reason` is the message of RFC 7807 invalid-params but the code of Kubernetes causes
  const code = pick(x, CODE, (v) =>
    (v = codeOf(v, a.status)) !== m ? (v as string | undefined) : undefined,
  )
  const message = m ?? plainText(code) ?? 'Invalid value'
  const fields = list(g(x, 'fields')) // Salesforce: one item, several fields
  if (!isObj(x)) return typeof x === 'string' && walk(a, x, '', 0)
  a.code ??= code
  // HubSpot names the field in `in`, where OpenAPI-style items name the request part
  const where = str(g(x, 'in'))
  let f =
    pick(x, fieldKeys, path) ??
    pick(g(x, 'source'), SOURCE, path) ??
    (where && !LOCATION.test(where) ? toFieldPath(where) : mapKey)
  // Ajv and LoopBack report a missing property at the object that lacks it
  const missing = str(g(g(x, 'params') ?? g(x, 'info'), 'missingProperty'))
  if (missing) f = f ? `${f}.${toFieldPath(missing)}` : toFieldPath(missing)
  // an entry that says nothing and names no field is no error (DRF's `{}` for an entry that passed)
  if (m || code || f || fields.length)
    for (const each of fields.length ? fields.map(path) : [f]) add(a, each, message, code)
}

/**
 * A field map, `{ "email": ["…", "…"], "non_field_errors": ["…"] }`; nested maps give dotted paths, and a
 * list of maps (DRF `many=True`) each entry's index. Only strings and items with a message count. Zod's `format()` keeps each node's own messages under `_errors`, which adds no segment.
 */
function walk(a: Items, v: unknown, p: string, depth: number) {
  if (a.budget-- < 0) return
  const s = plainText(v)
  if (s) add(a, p && toFieldPath(p), s)
  else if (isArr(v)) {
    list(v).forEach((x, i) => {
      // strings, or items with a message (Discord's `_errors: [{ code, message }]`), about this field
      if (typeof x === 'string' || pick(x, MESSAGE, plainText)) walk(a, x, p, depth)
      // a field map per entry of a list (DRF's `many=True`), `{}` where an entry passed
      else if (isObj(x)) walk(a, x, p ? `${p}.${i}` : `${i}`, depth + 1)
    })
  } else if (isObj(v) && pick(v, MESSAGE, plainText)) item(a, v, FIELD, toFieldPath(p))
  else if (isObj(v) && depth < 6)
    for (const k of firstKeys(v))
      walk(a, g(v, k), k === '_errors' ? p : p ? `${p}.${k}` : k, depth + 1)
}

/** Zod 4's `treeifyError()`: each node's own messages in `errors`, children in `properties` and `items`. */
function tree(a: Items, v: unknown, p: string, depth: number) {
  if (!isObj(v) || depth > 8 || a.budget-- < 0) return
  walk(a, g(v, 'errors'), p, depth)
  const props = g(v, 'properties')
  if (isObj(props))
    for (const k of firstKeys(props)) tree(a, g(props, k), p ? `${p}.${k}` : k, depth + 1)
  list(g(v, 'items')).forEach((x, i) => tree(a, x, p ? `${p}.${i}` : `${i}`, depth + 1))
}

/** The first `MAX` own keys of `v`: the only ones walk() visits. */
const firstKeys = (v: object): string[] => listed(v).slice(0, MAX)

/**
 * Whether the whole body is a field map (Django REST framework, Rails): every value lists strings, or
 * field maps (DRF `many=True`), or is a field map itself. Jira's `errorMessages` / `warningMessages`
 * lists are not fields. Only the keys and entries walk() would visit are judged, within `a.judge`.
 */
const isFieldMap = (a: Items, v: unknown, depth = 0): boolean => {
  if (!isObj(v) || --a.judge < 0) return false
  const keys = firstKeys(v)
  return (
    keys.length > 0 &&
    keys.every((k) => {
      const x = g(v, k)
      // A top-level `error(s)` is an envelope (its own map is read apart), not a field called errors;
      // so is a `message` map (GitLab), though a `message` list is the messages of a field so named
      if (
        /messages$/i.test(k) ||
        (!depth && (/^errors?$/i.test(k) || (k === 'message' && !isArr(x))))
      )
        return false
      // a list of strings, or of field maps and `{}` (DRF's `many=True`: one per entry sent)
      return isArr(x)
        ? list(x).every((s) => typeof s === 'string' || (depth < 3 && isEntryMap(a, s, depth + 1)))
        : depth < 3 && isFieldMap(a, x, depth + 1)
    })
  )
}

/** A list entry's errors: a field map, or `{}` for an entry that passed. */
const isEntryMap = (a: Items, v: unknown, depth: number): boolean =>
  isObj(v) && (!firstKeys(v).length || isFieldMap(a, v, depth))

/**
 * Collects field errors from every format that carries them: field maps (DRF, Rails, Laravel, ASP.NET),
 * item arrays (JSON:API, GraphQL, FastAPI, RFC 7807/9457, Spring, GitHub, Square, Twilio, Salesforce,
 * PayPal, Kubernetes, Microsoft, Google `BadRequest`), Stripe `param`, hapi `validation.keys`.
 */
export function parseItems(b: unknown, status: number, topMessage: string | undefined): Items {
  const a: Items = { fieldErrors: [], status, budget: 2000, judge: 2000, lists: [] }
  const env = g(b, 'error')
  const errors = g(b, 'errors')
  const data = g(b, 'data')
  // Zod's `flatten()` / `flattenError()` and Zod 4's `treeifyError()`, as the body or under an
  // envelope (`{ error: … }`, `{ errors: … }`, `{ data: … }`, tRPC's `error.data.zodError`)
  for (const z of [b, env, errors, data, g(g(env, 'data'), 'zodError')]) {
    const fields = g(z, 'fieldErrors')
    if (isObj(fields)) {
      walk(a, g(z, 'formErrors'), '', 0)
      walk(a, fields, '', 0)
      return a
    }
    if (isArr(g(z, 'errors')) && (isObj(g(z, 'properties')) || isArr(g(z, 'items')))) {
      tree(a, z, '', 0)
      return a
    }
  }
  // a field map, or a list of them for a list sent (DRF's `many=True`), read with each entry's index
  if (
    isFieldMap(a, b) ||
    (isArr(b) &&
      list(b).some((x) => isFieldMap(a, x, 1)) &&
      list(b).every((x) => isEntryMap(a, x, 1)))
  ) {
    walk(a, b, '', 0)
    return a
  }
  const details = g(b, 'details')
  const envDetails = g(env, 'details')
  if (isObj(errors)) walk(a, errors, '', 0)
  if (isFieldMap(a, env)) walk(a, env, '', 0) // Rails `render json: { error: record.errors }`
  // Item arrays in document-rank order, each read in place: no array is built per source.
  const items = (v: unknown) => {
    if (!isArr(v)) return
    a.lists.push(v)
    for (let i = 0; i < v.length && i < MAX; i++) item(a, v[i])
  }
  items(b)
  items(errors)
  if (isArr(env)) items(env) // Kraken: `{ "error": ["EAPI:Invalid key"] }`
  items(g(b, 'issues')) // Zod 3
  items(g(env, 'issues')) // Zod 3 under Hono's `{ success: false, error }`
  items(g(data, 'issues')) // Zod 3 under h3's `data`
  // Zod 4 and tRPC send the issues as JSON text in `message`
  items(jsonIn(g(b, 'message')))
  items(jsonIn(g(env, 'message')))
  items(g(b, 'detail')) // FastAPI
  items(details) // PayPal
  items(g(details, 'causes')) // Kubernetes
  items(g(details, 'errors')) // Contentful
  items(g(envDetails, 'errors')) // Strapi
  items(g(g(b, '_embedded'), 'errors')) // Micronaut
  // Ajv errors under Feathers' `data`; a `data` of records is no error list
  if (g(g(data, '0'), 'keyword') !== undefined) items(data)
  items(g(b, 'errorCauses')) // Okta
  for (const d of list(envDetails)) if (g(d, '@type') === undefined) item(a, d) // Microsoft
  for (const d of list(envDetails)) items(g(d, 'fieldViolations')) // Google
  items(g(env, 'errors'))
  items(g(b, 'violations')) // Zalando Problem, API Platform
  for (const x of list(g(b, 'invalid-params'))) item(a, x, NAMED)
  // One error about one field, named beside its message: Stripe's `error.param`, Razorpay's
  // `error.field`, Mollie's top-level `field`
  // (a name: one word; the envelope's, when both have one)
  for (const o of [env, b]) {
    const f = str(g(o, 'param')) ?? str(g(o, 'field'))
    if (f && !/\s/.test(f)) {
      add(
        a,
        toFieldPath(f),
        pick(o, MESSAGE, plainText) ?? 'Invalid value',
        codeOf(g(o, 'code'), status),
      )
      break
    }
  }
  // hapi: `validation: { source, keys }`; celebrate: the same per request part, with the part's Joi
  // messages joined by ". " in key order
  const validation = g(b, 'validation')
  const parts = isObj(validation) ? firstKeys(validation).map((k) => g(validation, k)) : []
  for (const part of [validation, ...parts]) {
    const ks = list(g(part, 'keys'))
    const said = plainText(g(part, 'message'))
    const each = said?.split(/\.\s(?=")/)
    ks.forEach((k, i) => {
      if (typeof k === 'string')
        add(
          a,
          toFieldPath(k),
          (each?.length === ks.length ? each[i] : said) ?? topMessage ?? 'Invalid value',
        )
    })
  }
  walk(a, isObj(g(b, 'message')) && g(b, 'message'), '', 0) // GitLab: `{ "message": { "name": ["…"] } }`
  // Lists the formats above do not name (Flutterwave's `validation_errors`, `invalidFields`,
  // fastest-validator's `data`): a list under a name that says errors, in the body or its envelope,
  // whose first entry names a field and has a `message`. Only their fields and messages count: a list
  // that merely looks so (`links`, `suggestions` with a `path`) must not decide the code.
  if (!a.fieldErrors.length) {
    const code = a.code
    for (const o of [b, env])
      if (isObj(o))
        for (const k of firstKeys(o)) {
          if (!ERROR_LIST.test(k)) continue
          const v = g(o, k)
          if (a.lists.includes(v)) continue
          const x = isArr(v) ? v[0] : undefined
          if (pick(x, FIELD, path) && pick(x, STRICT_MESSAGE, plainText)) items(v)
        }
    a.code = code
  }
  return a
}
