// Captures itty-router's AutoRouter error responses ({status, error} JSON from its error() helper):
// unknown route, StatusError, error() with a string and with an object, an uncaught Error, and a
// malformed JSON body read with request.json(). itty-router serves fetch-style Requests, so a
// minimal node:http adapter below turns each IncomingMessage into a Request and writes the Response.
import { createServer } from 'node:http'
import { AutoRouter, StatusError, error } from 'itty-router'
import { jsonInit, write, ver, recordEach, listen, close, BAD_USER } from './lib.mjs'

const router = AutoRouter()
router
  .post('/users', async (request) => {
    const body = await request.json()
    if (!String(body.email ?? '').includes('@')) {
      return error(422, {
        error: 'Validation failed',
        details: [{ field: 'email', message: 'must be a valid email address' }],
      })
    }
    return body
  })
  .get('/accounts/:id', ({ id }) => {
    throw new StatusError(404, `Account ${id} not found`)
  })
  .get('/admin', () => error(403, 'Admins only'))
  .get('/crash', () => {
    throw new Error('db connection refused')
  })
  .get('/limited', () => {
    // error() takes (status, body) only, so the header goes on the Response it returns
    const response = error(429, 'Too many requests, retry in 30 seconds')
    response.headers.set('Retry-After', '30')
    return response
  })

function adapter(fetchHandler) {
  return async (req, res) => {
    const chunks = []
    for await (const c of req) chunks.push(c)
    const body = chunks.length ? Buffer.concat(chunks) : undefined
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method,
      headers: req.headers,
      body: ['GET', 'HEAD'].includes(req.method) ? undefined : body,
    })
    const response = await fetchHandler(request)
    res.writeHead(response.status, Object.fromEntries(response.headers))
    res.end(Buffer.from(await response.arrayBuffer()))
  }
}

const requests = [
  { name: 'unknown route', path: '/nope', init: { method: 'GET' } },
  {
    name: "throw new StatusError(404, 'Account 7 not found')",
    path: '/accounts/7',
    init: { method: 'GET' },
  },
  { name: "error(403, 'Admins only')", path: '/admin', init: { method: 'GET' } },
  { name: 'uncaught Error', path: '/crash', init: { method: 'GET' } },
  {
    name: 'request.json() on a malformed body (uncaught SyntaxError)',
    path: '/users',
    init: jsonInit('POST', '{"name": '),
  },
  {
    name: 'error(422, {error, details: [{field, message}]})',
    path: '/users',
    init: jsonInit('POST', BAD_USER),
  },
  {
    name: 'error(429, message) with a Retry-After header set on the Response',
    path: '/limited',
    init: { method: 'GET' },
  },
]

const server = createServer(adapter(router.fetch))
const base = await listen(server)
const origin = `ran itty-router@${ver('itty-router')} here (AutoRouter() behind a minimal node:http adapter)`
write('itty-router', 'itty-router', await recordEach(base, requests, origin, () => close(server)))
