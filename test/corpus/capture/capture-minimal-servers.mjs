// Captures the default error answers of three minimal Node servers, each with its own body
// helpers: polka (with body-parser, as its docs pair it), micro (its json() helper and
// createError) and tinyhttp (its onError in development and production). All answer text.
import http from 'node:http'
import polka from 'polka'
import bodyParser from 'body-parser'
import { serve, json, createError } from 'micro'
import { App } from '@tinyhttp/app'
import { close, jsonInit, write, ver, recordEach, baseOf, listen } from './lib.mjs'

const polkaApp = polka()
polkaApp.use(bodyParser.json({ limit: '1kb' }))
polkaApp.post('/users', (req, res) => res.end('ok'))
polkaApp.get('/me', (req, res, next) => {
  const error = new Error('Missing session cookie')
  error.status = 401
  next(error)
})
polkaApp.get('/crash', (req, res, next) => next(new Error('db connection refused')))

async function capturePolka() {
  const server = http.createServer(polkaApp.handler)
  const base = await listen(server)
  const requests = [
    { name: 'unknown route (onNoMatch)', path: '/nope', init: { method: 'GET' } },
    { name: 'next(error) with error.status = 401', path: '/me', init: { method: 'GET' } },
    {
      name: 'next(new Error(...)) (500 with the message)',
      path: '/crash',
      init: { method: 'GET' },
    },
    {
      name: 'body-parser: body that is not JSON',
      path: '/users',
      init: jsonInit('POST', '{"name": '),
    },
    // No 413 here: polka 0.5's onError ends the response with `err.length && err`, and body-parser's
    // PayloadTooLargeError has a `length`, so the server throws instead of answering.
  ]
  const origin = `ran polka@${ver('polka')} with body-parser@${ver('body-parser')} here`
  write('polka', 'polka', await recordEach(base, requests, origin, () => close(server)))
}

const microHandler = async (req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost')
  if (pathname === '/users') {
    const body = await json(req, { limit: '1kb' })
    if (typeof body.email !== 'string' || !body.email.includes('@')) {
      throw createError(422, 'email must be a valid address')
    }
    return { ok: true }
  }
  if (pathname === '/me') throw createError(401, 'Token expired')
  if (pathname === '/crash') throw new Error('db connection refused')
  throw createError(404, 'Not Found')
}

async function captureMicro() {
  const server = new http.Server(serve(microHandler))
  const base = await listen(server)
  const requests = [
    { name: 'json(): body that is not JSON', path: '/users', init: jsonInit('POST', '{"email": ') },
    {
      name: "json(): body over the '1kb' limit (413)",
      path: '/users',
      init: jsonInit('POST', { email: 'x'.repeat(2000) }),
      hideBody: true,
    },
    {
      name: "throw createError(422, 'email must be a valid address')",
      path: '/users',
      init: jsonInit('POST', { email: 'nope' }),
    },
    { name: "throw createError(401, 'Token expired')", path: '/me', init: { method: 'GET' } },
    { name: 'uncaught Error (500)', path: '/crash', init: { method: 'GET' } },
    { name: "throw createError(404, 'Not Found')", path: '/nope', init: { method: 'GET' } },
  ]
  const origin = `ran micro@${ver('micro')} here`
  write('micro', 'micro', await recordEach(base, requests, origin, () => close(server)))
}

function tinyhttpApp(environment) {
  // tinyhttp reads NODE_ENV when an error is answered, so each app sets it around its requests.
  const app = new App()
  app.get('/forbidden', () => {
    throw Object.assign(new Error('Only owners can export'), { status: 403 })
  })
  app.get('/crash', () => {
    throw new Error('db connection refused')
  })
  return { app, environment }
}

async function captureTinyhttp() {
  const cases = []
  for (const { app, environment } of [tinyhttpApp('development'), tinyhttpApp('production')]) {
    const previous = process.env.NODE_ENV
    process.env.NODE_ENV = environment
    const server = app.listen(0, undefined, '127.0.0.1')
    const base = await baseOf(server)
    const requests =
      environment === 'development'
        ? [
            { name: 'unknown route (noMatchHandler)', path: '/nope', init: { method: 'GET' } },
            {
              name: 'thrown Error with status 403 (the message is not sent)',
              path: '/forbidden',
              init: { method: 'GET' },
            },
            {
              name: 'uncaught Error, NODE_ENV=development',
              path: '/crash',
              init: { method: 'GET' },
            },
          ]
        : [{ name: 'uncaught Error, NODE_ENV=production', path: '/crash', init: { method: 'GET' } }]
    const origin = `ran @tinyhttp/app@${ver('@tinyhttp/app')} here (NODE_ENV=${environment})`
    cases.push(...(await recordEach(base, requests, origin, () => close(server))))
    process.env.NODE_ENV = previous
  }
  write('tinyhttp', 'tinyhttp', cases)
}

await capturePolka()
await captureMicro()
await captureTinyhttp()
