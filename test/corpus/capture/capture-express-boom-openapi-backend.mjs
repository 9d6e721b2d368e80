// Captures two Express add-ons whose error bodies come from the library, sent by a few lines of app
// code as their READMEs show: @hapi/boom outside hapi (an error middleware sending
// `output.statusCode`, `output.headers` and `output.payload`), and openapi-backend's routing and
// request validation (its handlers answering with `c.validation.errors` and the like).
import express from 'express'
import Boom from '@hapi/boom'
import { OpenAPIBackend } from 'openapi-backend'
import { close, jsonInit, write, ver, recordEach, baseOf, BAD_USER, USER_SCHEMA } from './lib.mjs'

async function captureBoom() {
  const app = express()
  app.use(express.json({ limit: '1kb' }))
  app.get('/unauthorized', () => {
    throw Boom.unauthorized('Token expired', 'Bearer', { realm: 'api', error: 'invalid_token' })
  })
  app.get('/unauthorized-bare', () => {
    throw Boom.unauthorized(null, 'Bearer')
  })
  app.get('/forbidden', () => {
    throw Boom.forbidden('Only owners can delete a project')
  })
  app.get('/not-found', () => {
    throw Boom.notFound()
  })
  app.get('/method', () => {
    throw Boom.methodNotAllowed('Use POST to create an export', null, ['POST'])
  })
  app.get('/limited', () => {
    const error = Boom.tooManyRequests('Rate limit exceeded')
    error.output.headers['Retry-After'] = '30'
    throw error
  })
  app.get('/bad-data', () => {
    throw Boom.badData('Quantity must be positive', { field: 'qty' })
  })
  app.get('/internal', () => {
    throw Boom.internal('db connection refused')
  })
  app.get('/crash', () => {
    throw new Error('db connection refused')
  })
  app.post('/echo', (req, res) => res.json(req.body))
  // The error middleware the Boom README's "use outside hapi" pattern amounts to.
  app.use((error, req, res, next) => {
    const boom = Boom.isBoom(error)
      ? error
      : Boom.boomify(error, { statusCode: error.status ?? 500 })
    res.status(boom.output.statusCode).set(boom.output.headers).json(boom.output.payload)
  })
  const server = app.listen(0, '127.0.0.1')
  const base = await baseOf(server)
  const requests = [
    {
      name: "Boom.unauthorized('Token expired', 'Bearer', { realm, error })",
      path: '/unauthorized',
      init: { method: 'GET' },
    },
    {
      name: "Boom.unauthorized(null, 'Bearer')",
      path: '/unauthorized-bare',
      init: { method: 'GET' },
    },
    { name: 'Boom.forbidden(message)', path: '/forbidden', init: { method: 'GET' } },
    { name: 'Boom.notFound()', path: '/not-found', init: { method: 'GET' } },
    {
      name: "Boom.methodNotAllowed(message, null, ['POST'])",
      path: '/method',
      init: { method: 'GET' },
    },
    {
      name: 'Boom.tooManyRequests with a Retry-After output header',
      path: '/limited',
      init: { method: 'GET' },
    },
    {
      name: 'Boom.badData(message, data) (422, data not sent)',
      path: '/bad-data',
      init: { method: 'GET' },
    },
    {
      name: 'Boom.internal(message) hides the message',
      path: '/internal',
      init: { method: 'GET' },
    },
    { name: 'plain Error boomified (500)', path: '/crash', init: { method: 'GET' } },
    {
      name: "body-parser's malformed JSON boomified with its status",
      path: '/echo',
      init: jsonInit('POST', '{"qty": '),
    },
    {
      name: "body-parser's 413 boomified with its status",
      path: '/echo',
      init: jsonInit('POST', { data: 'x'.repeat(2000) }),
      hideBody: true,
    },
  ]
  const origin = `ran @hapi/boom@${ver('@hapi/boom')} in express@${ver('express')} here`
  write(
    'hapi-boom-in-express',
    '@hapi/boom in Express',
    await recordEach(base, requests, origin, () => close(server)),
  )
}

const definition = {
  openapi: '3.0.3',
  info: { title: 'capture', version: '1.0.0' },
  paths: {
    '/users': {
      post: {
        operationId: 'createUser',
        requestBody: { required: true, content: { 'application/json': { schema: USER_SCHEMA } } },
        responses: { 201: { description: 'created' } },
      },
    },
    '/users/{id}': {
      get: {
        operationId: 'getUser',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
          { name: 'fields', in: 'query', schema: { type: 'string', enum: ['name', 'email'] } },
          { name: 'x-tenant', in: 'header', required: true, schema: { type: 'string' } },
        ],
        responses: { 200: { description: 'ok' } },
      },
    },
    '/reports': {
      get: {
        operationId: 'listReports',
        security: [{ bearerAuth: [] }],
        responses: { 200: { description: 'ok' } },
      },
    },
  },
  components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
}

async function captureOpenapiBackend() {
  const api = new OpenAPIBackend({
    definition,
    quick: true,
    // allErrors to see several errors at once; formats so that Ajv checks `email` instead of
    // warning that it does not know it (openapi-backend adds no format of its own).
    ajvOpts: { allErrors: true, formats: { email: /^[^@\s]+@[^@\s]+$/ } },
    handlers: {
      createUser: (c, req, res) => res.status(201).json({ ok: true }),
      getUser: (c, req, res) => res.json({ ok: true }),
      // The handlers openapi-backend's README and examples register.
      validationFail: (c, req, res) => res.status(400).json({ err: c.validation.errors }),
      notFound: (c, req, res) => res.status(404).json({ err: 'not found' }),
      methodNotAllowed: (c, req, res) => res.status(405).json({ err: 'method not allowed' }),
      unauthorizedHandler: (c, req, res) => res.status(401).json({ err: 'unauthorized' }),
    },
    securityHandlers: { bearerAuth: (c) => c.request.headers.authorization === 'Bearer good' },
  })
  await api.init()
  const app = express()
  app.use(express.json())
  app.use((req, res) => api.handleRequest(req, req, res))
  const server = app.listen(0, '127.0.0.1')
  const base = await baseOf(server)
  const requests = [
    {
      name: 'request body fails the schema (allErrors)',
      path: '/users',
      init: jsonInit('POST', BAD_USER),
    },
    {
      name: 'request body missing required properties',
      path: '/users',
      init: jsonInit('POST', { name: 'Ada', extra: true }),
    },
    {
      name: 'path, query and header parameters fail',
      path: '/users/abc?fields=password',
      init: { method: 'GET' },
    },
    { name: 'unknown path (notFound handler)', path: '/nope', init: { method: 'GET' } },
    {
      name: 'known path, other method (methodNotAllowed handler)',
      path: '/users',
      init: { method: 'DELETE' },
    },
    {
      name: 'security requirement not met (unauthorizedHandler)',
      path: '/reports',
      init: { method: 'GET' },
    },
  ]
  const origin = `ran openapi-backend@${ver('openapi-backend')} in express@${ver('express')} here, with the handlers of its README`
  write(
    'openapi-backend',
    'openapi-backend',
    await recordEach(base, requests, origin, () => close(server)),
  )
}

await captureBoom()
await captureOpenapiBackend()
