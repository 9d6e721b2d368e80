// Captures express-openapi-validator request-validation errors, using the README's error handler.
import express from 'express'
import * as OpenApiValidator from 'express-openapi-validator'
import {
  listen,
  close,
  capture,
  jsonInit,
  write,
  ver,
  recordEach,
  baseOf,
  BAD_USER,
  USER_SCHEMA,
} from './lib.mjs'

const apiSpec = {
  openapi: '3.0.3',
  info: { title: 'capture', version: '1.0.0' },
  paths: {
    '/users': {
      get: {
        parameters: [
          {
            name: 'limit',
            in: 'query',
            required: true,
            schema: { type: 'integer', minimum: 1, maximum: 100 },
          },
          { name: 'sort', in: 'query', schema: { type: 'string', enum: ['asc', 'desc'] } },
        ],
        responses: { 200: { description: 'ok' } },
      },
      post: {
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: USER_SCHEMA,
            },
          },
        },
        responses: { 201: { description: 'created' } },
      },
    },
    '/users/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: { 200: { description: 'ok' } },
      },
    },
  },
}

function buildApp(validateRequests) {
  const app = express()
  app.use(express.json())
  app.use(OpenApiValidator.middleware({ apiSpec, validateRequests, validateResponses: false }))
  app.get('/users', (req, res) => res.json([]))
  app.post('/users', (req, res) => res.status(201).json({ ok: true }))
  app.get('/users/:id', (req, res) => res.json({ id: req.params.id }))
  // Error handler as given in the package README.
  app.use((err, req, res, next) => {
    res.status(err.status || 500).json({
      message: err.message,
      errors: err.errors,
    })
  })
  return app
}

const badUser = {
  ...BAD_USER,
  admin: true,
}

const requests = [
  {
    name: 'request body fails schema validation',
    path: '/users',
    init: jsonInit('POST', badUser),
    allErrorsToo: true,
  },
  {
    name: 'request body missing required properties',
    path: '/users',
    init: jsonInit('POST', { name: 'Ada' }),
    allErrorsToo: true,
  },
  {
    name: 'query parameter fails validation (limit above maximum, sort not in enum)',
    path: '/users?limit=500&sort=sideways',
    init: { method: 'GET' },
    allErrorsToo: true,
  },
  { name: 'required query parameter missing', path: '/users', init: { method: 'GET' } },
  { name: 'path parameter of wrong type', path: '/users/abc', init: { method: 'GET' } },
  {
    name: 'unsupported content-type',
    path: '/users',
    init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' },
  },
  {
    name: 'malformed JSON body (express.json() SyntaxError through the same handler)',
    path: '/users',
    init: jsonInit('POST', '{"name": '),
  },
  { name: 'method not allowed on documented path', path: '/users', init: { method: 'DELETE' } },
  { name: 'path not in the spec', path: '/nope', init: { method: 'GET' } },
]

const cases = []
for (const [label, validateRequests] of [
  ['default options', true],
  ['validateRequests: { allErrors: true }', { allErrors: true }],
]) {
  const server = buildApp(validateRequests).listen(0, '127.0.0.1')
  const base = await baseOf(server)
  const these = requests
    .filter((r) => validateRequests === true || r.allErrorsToo)
    .map((r) => ({ ...r, name: `${r.name} (${label})` }))
  const origin = `ran express-openapi-validator@${ver('express-openapi-validator')} with express@${ver('express')} here, ${label}, README error handler res.status(err.status || 500).json({message: err.message, errors: err.errors})`
  cases.push(...(await recordEach(base, these, origin, () => close(server))))
}
write('express-openapi-validator', 'express-openapi-validator', cases)
