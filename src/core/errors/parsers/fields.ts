import { MAX_FIELD_ERRORS } from '../ApiError'
import { LOCATION, toFieldPath } from '../fieldPath'
import { plainText } from '../plainText'
import {
  ERROR_LIST_NAME,
  FIELD_MAP_PLACES,
  GRAPHQL_INPUT_RULES,
  ITEM_CODE_KEYS,
  ITEM_FIELD_KEYS,
  ITEM_LISTS,
  ITEM_MESSAGE_KEYS,
  ITEM_PROPERTY_KEYS,
  NAMED_FIELD_RULES,
  REQUEST_PART_KEY,
  ZOD_ISSUE_LISTS,
  ZOD_SHAPE_PLACES,
  type ItemListRule,
} from '../rules'
import {
  forgetLastKeys,
  isList,
  isRecord,
  keysOf,
  learnKeys,
  nonEmptyText,
  parsedJsonText,
  readKey,
  readPath,
  readRule,
  type ReadContext,
} from './context'
import { addError, type FieldErrorReader, type FieldFindings } from './findings'
import { readMessageGrammars } from './grammars'
import { codeNotClassName, machineCode } from './json'

/** The first entries of a list, the only ones read: no form has a hundred fields worth showing. */
const firstEntries = (value: unknown): unknown[] =>
  isList(value) ? value.slice(0, MAX_FIELD_ERRORS) : []

/** The first keys of an object, the only ones a walk visits. */
function firstKeys(findings: FieldFindings, value: object): readonly string[] {
  const keys = keysOf(findings.context, value)
  return keys.length > MAX_FIELD_ERRORS ? keys.slice(0, MAX_FIELD_ERRORS) : keys
}

const joinPath = (parent: string, child: string) =>
  parent && child ? `${parent}.${child}` : parent || child

/**
 * A field path from a string, or a short list of keys and indexes (`loc`, Zod's `path`), or of
 * segments naming their `key` (valibot's `path: [{ type: "object", key: "address", … }]`).
 */
function fieldPathOf(context: ReadContext, value: unknown): string | undefined {
  if (typeof value === 'string') return toFieldPath(value)
  if (!isList(value) || value.length > 32) return undefined
  const keys = value.map((segment) =>
    isRecord(segment) ? readKey(context, segment, 'key') : segment,
  )
  return keys.every((key) => typeof key === 'string' || typeof key === 'number')
    ? toFieldPath(keys)
    : undefined
}

/** An item's message, by {@link ITEM_MESSAGE_KEYS}. */
function itemMessage(context: ReadContext, item: unknown): string | undefined {
  for (const rule of ITEM_MESSAGE_KEYS) {
    const message = plainText(readRule(context, item, rule))
    if (message) return message
  }
  return undefined
}

/** An item's code, by {@link ITEM_CODE_KEYS}, unless it is the message; a class name in `type` is none. */
function itemCode(context: ReadContext, item: unknown, message: string | undefined) {
  for (const rule of ITEM_CODE_KEYS) {
    const value = readRule(context, item, rule)
    const code =
      rule.path === 'type'
        ? codeNotClassName(value, context.status)
        : machineCode(value, context.status)
    // `reason` is the message of RFC 7807 invalid-params but the code of Kubernetes causes
    if (code !== undefined && code !== message) return code
  }
  return undefined
}

/**
 * A class-validator ValidationError (routing-controllers sends a list of them): one field error per
 * entry of `constraints` (its key the code), and its `children` below its `property`.
 */
function readValidationError(
  findings: FieldFindings,
  item: unknown,
  parent: string,
  depth: number,
) {
  const { context } = findings
  if (!isRecord(item) || depth > 8 || findings.visitsLeft-- < 0) return
  const path = joinPath(parent, fieldPathOf(context, readKey(context, item, 'property')) ?? '')
  const constraints = readKey(context, item, 'constraints')
  if (isRecord(constraints))
    for (const key of firstKeys(findings, constraints)) {
      const message = plainText(readKey(context, constraints, key))
      findings.firstCode ??= key
      if (message) addError(findings, path, message, key)
    }
  for (const child of firstEntries(readKey(context, item, 'children')))
    readValidationError(findings, child, path, depth + 1)
}

/**
 * The field an item names: under `fieldKey`, else one of {@link ITEM_FIELD_KEYS}, else the key of the
 * map it sits in; a property Ajv or LoopBack report missing or extra ({@link ITEM_PROPERTY_KEYS}) is
 * joined to it, as they report it at the object that lacks or has it.
 */
function itemField(
  context: ReadContext,
  item: unknown,
  fieldKey?: string,
  mapKey?: string,
): string | undefined {
  let field = fieldKey ? fieldPathOf(context, readKey(context, item, fieldKey)) : undefined
  for (let index = 0; index < ITEM_FIELD_KEYS.length && field === undefined; index++) {
    const rule = ITEM_FIELD_KEYS[index]!
    const value = readRule(context, item, rule)
    // an OpenAPI-style `in` names the request part, never the field
    field =
      rule.path === 'in' && LOCATION.test(String(value)) ? undefined : fieldPathOf(context, value)
  }
  field ??= mapKey
  for (const rule of ITEM_PROPERTY_KEYS) {
    const property = nonEmptyText(readRule(context, item, rule))
    if (property) return joinPath(field ?? '', toFieldPath(property))
  }
  return field
}

/**
 * One error item: a string is a form-level message; an object is read by {@link readObjectItem},
 * with its keys listed first (it is looked up by some forty keys it mostly lacks, and a lookup that
 * misses on an object of a shape V8 has not cached is slow: listing them made normalizeError about 3%
 * faster on the corpus).
 */
function readItem(findings: FieldFindings, item: unknown, mapKey?: string, fieldKey?: string) {
  const { context } = findings
  if (typeof item === 'string') {
    const message = plainText(item)
    if (message) addError(findings, undefined, message)
    return
  }
  if (!isRecord(item)) return
  const listed = learnKeys(context, item)
  try {
    readObjectItem(findings, item, mapKey, fieldKey)
  } finally {
    if (listed) forgetLastKeys(context)
  }
}

/**
 * An error item that is an object, naming its field by {@link itemField}, or several (Salesforce's
 * `fields`). A GraphQL error (an item with `extensions` or `locations`) has a `path` in the
 * response, so it names a field only through `extensions` ({@link GRAPHQL_INPUT_RULES}: a field or
 * argument, a list of them, or a validation list or field map of its own, whose errors its own
 * message stands for); otherwise it is form-level. A class-validator ValidationError is read by
 * {@link readValidationError}.
 */
function readObjectItem(findings: FieldFindings, item: object, mapKey?: string, fieldKey?: string) {
  const { context } = findings
  if (isRecord(readKey(context, item, 'constraints')) || isList(readKey(context, item, 'children')))
    return readValidationError(findings, item, '', 0)
  const graphQL =
    isRecord(readKey(context, item, 'extensions')) || isList(readKey(context, item, 'locations'))
  const [field, argumentName, invalidArgs, validationErrors] = graphQL
    ? GRAPHQL_INPUT_RULES.map((rule) => readRule(context, item, rule))
    : []
  const message = itemMessage(context, item)
  const code = itemCode(context, item, message)
  findings.firstCode ??= code
  const fields = firstEntries(graphQL ? invalidArgs : readKey(context, item, 'fields'))
  const named = graphQL
    ? fieldPathOf(context, nonEmptyText(field)) || fieldPathOf(context, nonEmptyText(argumentName))
    : itemField(context, item, fieldKey, mapKey)
  // an entry that says nothing and names no field is no error (DRF's `{}` for an entry that passed)
  if (!graphQL && !message && !code && !named && !fields.length) return
  const text = message ?? plainText(code) ?? 'Invalid value'
  findings.firstMessage ??= text
  if (graphQL && !named && !fields.length) {
    const before = findings.fieldErrors.length
    readItems(findings, validationErrors)
    if (isRecord(validationErrors)) walkFieldMap(findings, validationErrors, '', 0)
    if (findings.fieldErrors.length > before) return
  }
  for (const each of fields.length ? fields.map((each) => fieldPathOf(context, each)) : [named])
    addError(findings, each, text, code)
}

/** Reads each entry of a list of error items, at most 100. */
function readItems(findings: FieldFindings, list: unknown, fieldKey?: string, skipWith?: string) {
  if (!isList(list)) return
  findings.listsRead.push(list)
  for (const item of firstEntries(list))
    if (!skipWith || readKey(findings.context, item, skipWith) === undefined)
      readItem(findings, item, undefined, fieldKey)
}

/**
 * A field map, `{ "email": ["…", "…"], "non_field_errors": ["…"] }`: nested maps give dotted paths,
 * and a list of maps (DRF `many=True`) each entry's index. Only strings and items with a message
 * count. Zod's `format()` and Discord keep a node's own errors under `_errors`, which adds no segment.
 */
function walkFieldMap(findings: FieldFindings, value: unknown, path: string, depth: number) {
  const { context } = findings
  if (findings.visitsLeft-- < 0) return
  const message = plainText(value)
  if (message) return addError(findings, path && toFieldPath(path), message)
  if (isList(value)) {
    firstEntries(value).forEach((entry, index) => {
      // strings, or items with a message (Discord's `_errors: [{ code, message }]`), about this field
      if (typeof entry === 'string' || itemMessage(context, entry))
        walkFieldMap(findings, entry, path, depth)
      // a field map per entry of a list (DRF's `many=True`), `{}` where an entry passed
      else if (isRecord(entry)) walkFieldMap(findings, entry, joinPath(path, `${index}`), depth + 1)
    })
  } else if (isRecord(value) && itemMessage(context, value))
    readItem(findings, value, toFieldPath(path))
  else if (isRecord(value) && depth < 6)
    for (const key of firstKeys(findings, value))
      walkFieldMap(
        findings,
        readKey(context, value, key),
        key === '_errors' ? path : joinPath(path, key),
        depth + 1,
      )
}

/** Zod 4's `treeifyError()`: each node's own messages in `errors`, children in `properties` and `items`. */
function walkZodTree(findings: FieldFindings, node: unknown, path: string, depth: number) {
  const { context } = findings
  if (!isRecord(node) || depth > 8 || findings.visitsLeft-- < 0) return
  walkFieldMap(findings, readKey(context, node, 'errors'), path, depth)
  const properties = readKey(context, node, 'properties')
  if (isRecord(properties))
    for (const key of firstKeys(findings, properties))
      walkZodTree(findings, readKey(context, properties, key), joinPath(path, key), depth + 1)
  firstEntries(readKey(context, node, 'items')).forEach((child, index) =>
    walkZodTree(findings, child, joinPath(path, `${index}`), depth + 1),
  )
}

/**
 * Whether `value` is a field map (Django REST framework, Rails): every value lists strings, or field
 * maps (DRF `many=True`), or is a field map itself. Jira's `errorMessages` / `warningMessages` lists
 * are not fields. Only the keys and entries a walk would visit are judged, within a budget.
 */
function isFieldMap(findings: FieldFindings, value: unknown, depth = 0): boolean {
  if (!isRecord(value) || --findings.judgementsLeft < 0) return false
  const keys = firstKeys(findings, value)
  return (
    keys.length > 0 &&
    keys.every((key) => {
      const entry = readKey(findings.context, value, key)
      // A top-level `error(s)` is an envelope (its own map is read apart), not a field called errors;
      // so is a `message` map (GitLab), though a `message` list is the messages of a field so named
      if (
        /messages$/i.test(key) ||
        (!depth && (/^errors?$/i.test(key) || (key === 'message' && !isList(entry))))
      )
        return false
      return isList(entry)
        ? firstEntries(entry).every(
            (item) =>
              typeof item === 'string' || (depth < 3 && isEntryMap(findings, item, depth + 1)),
          )
        : depth < 3 && isFieldMap(findings, entry, depth + 1)
    })
  )
}

/** A list entry's errors: a field map, or `{}` for an entry that passed. */
const isEntryMap = (findings: FieldFindings, value: unknown, depth: number): boolean =>
  isRecord(value) && (!firstKeys(findings, value).length || isFieldMap(findings, value, depth))

/** Zod issue lists ({@link ZOD_ISSUE_LISTS}), whose nested paths are kept (`address.city`). */
const readZodIssues: FieldErrorReader = (findings, body) => {
  for (const rule of ZOD_ISSUE_LISTS) {
    const value = readRule(findings.context, body, rule)
    readItems(findings, typeof value === 'string' ? parsedJsonText(findings.context, value) : value)
  }
}

/** Zod's `flatten()` / `flattenError()` and `treeifyError()` ({@link ZOD_SHAPE_PLACES}). */
const readZodShapes: FieldErrorReader = (findings, body) => {
  const { context } = findings
  for (const path of ZOD_SHAPE_PLACES[0]!.paths) {
    const shape = readPath(context, body, path)
    const fields = readKey(context, shape, 'fieldErrors')
    if (isRecord(fields)) {
      walkFieldMap(findings, readKey(context, shape, 'formErrors'), '', 0)
      return walkFieldMap(findings, fields, '', 0)
    }
    if (
      isList(readKey(context, shape, 'errors')) &&
      (isRecord(readKey(context, shape, 'properties')) || isList(readKey(context, shape, 'items')))
    )
      return walkZodTree(findings, shape, '', 0)
  }
}

/**
 * Errors grouped by the part of the request they are about: a list of error items or a map under `body`, `query`,
 * `params`, `headers` (or `bodyErrors` and the like), in the body or under `errors`, or a list of
 * `{ type: "Body" | "Query" | "Params", errors }` entries (zod-express-middleware).
 */
const readRequestParts: FieldErrorReader = (findings, body) => {
  const { context } = findings
  const readPart = (errors: unknown) => {
    const issues =
      readKey(context, errors, 'issues') ??
      parsedJsonText(context, readKey(context, errors, 'message'))
    const list = isList(errors) ? errors : issues
    // a list of error items: strings there are a path (superstruct's `path: ["name"]`)
    if (isList(list)) {
      if (isRecord(readKey(context, list, '0'))) readItems(findings, list)
    } else if (isFieldMap(findings, errors, 1)) walkFieldMap(findings, errors, '', 1)
  }
  for (const container of [body, readKey(context, body, 'errors')]) {
    if (isList(container)) {
      for (const entry of firstEntries(container))
        if (REQUEST_PART_KEY.test(nonEmptyText(readKey(context, entry, 'type')) ?? ''))
          readPart(readKey(context, entry, 'errors'))
    } else if (isRecord(container))
      for (const key of firstKeys(findings, container))
        if (REQUEST_PART_KEY.test(key)) readPart(readKey(context, container, key))
  }
}

/** The body as a whole is a field map, or a list of them (DRF `many=True`, each entry's index). */
const readFieldMapBody: FieldErrorReader = (findings, body) => {
  if (
    isFieldMap(findings, body) ||
    (isList(body) &&
      firstEntries(body).some((entry) => isFieldMap(findings, entry, 1)) &&
      firstEntries(body).every((entry) => isEntryMap(findings, entry, 1)))
  )
    walkFieldMap(findings, body, '', 0)
}

/** Field maps under an envelope key ({@link FIELD_MAP_PLACES}). */
const readFieldMaps: FieldErrorReader = (findings, body) => {
  for (const rule of FIELD_MAP_PLACES) {
    const map = readRule(findings.context, body, rule)
    if (isRecord(map)) walkFieldMap(findings, map, '', 0)
  }
}

/** One list of {@link ITEM_LISTS}. */
function readItemList(findings: FieldFindings, body: unknown, rule: ItemListRule) {
  const { context } = findings
  const list = readRule(context, body, rule)
  if (rule.inEachEntry)
    for (const entry of firstEntries(list))
      readItems(findings, readKey(context, entry, rule.inEachEntry))
  else if (rule.itselfWhenEmpty && isList(list) && !list.length) readItems(findings, [body])
  else readItems(findings, list, rule.fieldKey, rule.skipEntriesWith)
}

/** Lists of error items ({@link ITEM_LISTS}), in document rank order. */
const readItemLists: FieldErrorReader = (findings, body) => {
  for (const rule of ITEM_LISTS) readItemList(findings, body, rule)
}

/**
 * One field named beside the message of the envelope, else of the body ({@link NAMED_FIELD_RULES}):
 * a name in one word, with the message and code beside it.
 */
const readNamedField: FieldErrorReader = (findings, body) => {
  const { context } = findings
  for (const rule of NAMED_FIELD_RULES)
    for (const path of rule.paths) {
      const container = readPath(context, body, path.slice(0, -1))
      const field = nonEmptyText(readKey(context, container, path[path.length - 1]!))
      if (!field || /\s/.test(field)) continue
      const code = machineCode(readKey(context, container, 'code'), context.status)
      const message =
        itemMessage(context, container) ??
        itemMessage(context, readPath(context, body, path.slice(0, -2))) ??
        'Invalid value'
      return addError(findings, toFieldPath(field), message, code)
    }
}

/**
 * hapi's `validation: { source, keys }` with its joined Joi message, and celebrate's
 * `validation.<part>: { source, keys, message }`. Joi joins one message per key with `. `: each key
 * gets its own sentence (the one that starts with its label, `"address.city" is required`), and a
 * key whose sentence cannot be found gets the whole message.
 */
const readJoiKeys: FieldErrorReader = (findings, body) => {
  const { context } = findings
  const validation = readKey(context, body, 'validation')
  if (!isRecord(validation)) return
  const parts = firstKeys(findings, validation).map((key) => readKey(context, validation, key))
  for (const part of [validation, ...parts]) {
    const said =
      plainText(readKey(context, part, 'message')) ??
      (part === validation ? plainText(readKey(context, body, 'message')) : undefined)
    const sentences = said?.split(/\.\s(?=")/) ?? []
    for (const key of firstEntries(readKey(context, part, 'keys')))
      if (typeof key === 'string') {
        const field = toFieldPath(key)
        const own = sentences.find((sentence) => {
          const label = /^"([^"]+)"/.exec(sentence)?.[1]
          return label !== undefined && toFieldPath(label) === field
        })
        addError(findings, field, own ?? said ?? 'Invalid value')
      }
  }
}

/**
 * Lists the readers above do not name (Flutterwave's `validation_errors`, `invalidFields`,
 * fastest-validator's `data`): a list under a name that says errors ({@link ERROR_LIST_NAME}), in
 * the body or its envelope, whose first entry names a field and has a message
 * ({@link ITEM_MESSAGE_KEYS}). Only their fields and messages count: a list that merely looks so (`links`,
 * `suggestions` with a `path`) must not decide the code.
 */
const readOtherErrorLists: FieldErrorReader = (findings, body) => {
  const { context } = findings
  const code = findings.firstCode
  const envelope = readKey(context, body, 'error')
  // the body, its envelope, and one level further down: Strapi's `error.details`, Micronaut's
  // `_embedded`
  for (const container of [
    body,
    envelope,
    readKey(context, envelope, 'details'),
    readKey(context, body, '_embedded'),
  ])
    if (isRecord(container))
      for (const key of firstKeys(findings, container)) {
        if (!ERROR_LIST_NAME.test(key)) continue
        const list = readKey(context, container, key)
        if (!isList(list) || findings.listsRead.includes(list)) continue
        const first = list[0]
        const named = itemField(context, first)
        const said = itemMessage(context, first)
        if (named && said) readItems(findings, list)
      }
  findings.firstCode = code
}

/**
 * The field error readers, in order. Each reads one family of formats; the first that finds a field
 * error ends the reading (one response speaks one format), while form-level messages and the first
 * item's message and code are kept from every reader that ran.
 */
export const FIELD_ERROR_READERS: readonly FieldErrorReader[] = [
  readZodIssues,
  readZodShapes,
  readRequestParts,
  readFieldMaps,
  readFieldMapBody,
  readItemLists,
  readNamedField,
  readJoiKeys,
  readMessageGrammars,
  readOtherErrorLists,
]

/** Runs {@link FIELD_ERROR_READERS} on a body. */
export function readFieldErrors(context: ReadContext, body: unknown): FieldFindings {
  const findings: FieldFindings = {
    context,
    fieldErrors: [],
    visitsLeft: 2000,
    judgementsLeft: 2000,
    listsRead: [],
  }
  if (body === null || typeof body !== 'object') return findings
  for (const reader of FIELD_ERROR_READERS) {
    reader(findings, body)
    if (findings.fieldErrors.length) break
  }
  return findings
}
