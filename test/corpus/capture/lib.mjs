// Shared helpers for the capture scripts.
import { createRequire } from 'node:module'
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
// Captures land here, outside git: a case joins test/corpus only once its expected values are checked.
export const OUT_DIR = path.resolve(here, 'out')

export function ver(pkg) {
  return require(path.join(here, 'node_modules', pkg, 'package.json')).version
}

// The headers to drop and the invalid sign-up, shared with capture_lib.py and capture-go.go
const shared = JSON.parse(readFileSync(path.join(here, 'shared.json'), 'utf8'))
const SKIP = new Set(shared.dropHeaders)

// Listen a node:http server on 127.0.0.1 with an ephemeral port; returns base URL.
export function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      resolve(`http://127.0.0.1:${port}`)
    })
  })
}

export function close(server) {
  return new Promise((resolve) => {
    if (server.closeAllConnections) server.closeAllConnections()
    server.close(() => resolve())
  })
}

// Sends one request and records status, headers (filtered) and body exactly.
export async function capture(base, pathAndQuery, init = {}) {
  const res = await fetch(base + pathAndQuery, { ...init, signal: AbortSignal.timeout(10000) })
  const headers = {}
  for (const [k, v] of res.headers) {
    if (SKIP.has(k)) continue
    headers[k] = v
  }
  const text = await res.text()
  const response = { status: res.status, headers }
  let parsed
  let isJson = false
  try {
    parsed = JSON.parse(text)
    isJson = true
  } catch {}
  if (isJson) response.body = parsed
  else response.bodyText = text
  return response
}

export function jsonInit(method, obj, extraHeaders = {}) {
  return {
    method,
    headers: { 'content-type': 'application/json', ...extraHeaders },
    body: typeof obj === 'string' ? obj : JSON.stringify(obj),
  }
}

export function write(slug, source, cases) {
  mkdirSync(OUT_DIR, { recursive: true })
  const file = path.join(OUT_DIR, `${slug}.json`)
  writeFileSync(file, JSON.stringify({ source, cases }, null, 2) + '\n')
  console.log(`wrote ${file}: ${cases.length} cases`)
}

/** The invalid sign-up most scripts send: a short name, a bad email, an empty nested field, a bad item. */
export const BAD_USER = shared.badUser

/** The JSON Schema the Ajv-based frameworks (LoopBack, express-openapi-validator, Feathers) check it with. */
export const USER_SCHEMA = {
  type: 'object',
  required: ['name', 'email', 'address', 'items'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 2 },
    email: { type: 'string', format: 'email' },
    address: {
      type: 'object',
      required: ['city'],
      properties: { city: { type: 'string', minLength: 2 } },
    },
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['qty'],
        properties: { qty: { type: 'integer', minimum: 1 } },
      },
    },
  },
}

/** The base URL of a server that `listen(0, '127.0.0.1')` was called on, once it listens. */
export async function baseOf(server) {
  if (!server.listening) await new Promise((r) => server.once('listening', r))
  return `http://127.0.0.1:${server.address().port}`
}

/**
 * Sends `r` (`{ path, init }`) and records it as a corpus case: `name`, `origin` followed by the
 * method and path, the request as sent, and the response. No `expected`: that is worked out by hand.
 */
export async function record(base, r, name, origin) {
  const response = await capture(base, r.path, r.init)
  const { method, headers, body } = r.init
  return {
    name,
    origin: `${origin}, ${method} ${r.path}`,
    request: { method, path: r.path, ...(headers ? { headers } : {}), ...(body ? { body } : {}) },
    response,
  }
}

/**
 * Records each of `requests` (see {@link record}) under its `name`, then calls `stop` (also when a
 * request fails). `origin` is a string or a function of the request. A request marked `warm` is sent
 * but not kept (it primes the server); one marked `hideBody` keeps only its body's size.
 */
export async function recordEach(base, requests, origin, stop) {
  const cases = []
  try {
    for (const r of requests) {
      const c = await record(base, r, r.name, typeof origin === 'function' ? origin(r) : origin)
      if (r.hideBody) c.request.body = `<${r.init.body.length} bytes>`
      if (!r.warm) cases.push(c)
    }
  } finally {
    await stop()
  }
  return cases
}
