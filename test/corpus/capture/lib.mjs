// Shared helpers for the capture scripts.
import { createRequire } from 'node:module'
import { writeFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
// Captures land here, outside git: a case joins test/corpus only once its expected values are checked.
export const OUT_DIR = path.resolve(here, 'out')

export function ver(pkg) {
  return require(path.join(here, 'node_modules', pkg, 'package.json')).version
}

const SKIP = new Set([
  'last-modified',
  'accept-ranges',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'x-content-type-options',
  'date',
  'connection',
  'keep-alive',
  'content-length',
  'etag',
  'vary',
  'transfer-encoding',
  'x-powered-by',
])

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
