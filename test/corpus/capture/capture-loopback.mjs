// Captures LoopBack 4 (@loopback/rest) default error responses. Routes are registered
// imperatively with app.route(verb, path, spec, handler) so no TypeScript/decorators are needed.
import { RestApplication, HttpErrors } from '@loopback/rest'
import { jsonInit, write, ver, recordEach, BAD_USER, USER_SCHEMA } from './lib.mjs'

const ok = { responses: { 200: { description: 'ok' } } }

const app = new RestApplication({ rest: { port: 0, host: '127.0.0.1' }, shutdown: { signals: [] } })
app.route(
  'post',
  '/users',
  {
    ...ok,
    'x-operation-name': 'createUser',
    requestBody: { required: true, content: { 'application/json': { schema: USER_SCHEMA } } },
  },
  (body) => ({ created: body }),
)
app.route(
  'get',
  '/users',
  {
    ...ok,
    parameters: [
      {
        name: 'limit',
        in: 'query',
        required: true,
        schema: { type: 'integer', minimum: 1, maximum: 100 },
      },
    ],
  },
  (limit) => ({ limit }),
)
app.route(
  'get',
  '/users/{id}',
  {
    ...ok,
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
  },
  (id) => ({ id }),
)
app.route('get', '/secret', ok, () => {
  throw new HttpErrors.Unauthorized('Invalid or expired token')
})
app.route('get', '/conflict', ok, () => {
  throw Object.assign(new HttpErrors.Conflict('Email already registered'), {
    code: 'EMAIL_TAKEN',
    details: { field: 'email' },
  })
})
app.route('get', '/crash', ok, () => {
  throw new Error('db connection refused')
})

await app.start()
const base = app.restServer.url // e.g. http://127.0.0.1:PORT
const badUser = {
  ...BAD_USER,
  admin: true,
}

const requests = [
  {
    name: 'request body fails JSON-schema validation (VALIDATION_FAILED)',
    path: '/users',
    init: jsonInit('POST', badUser),
  },
  {
    name: 'request body missing required properties',
    path: '/users',
    init: jsonInit('POST', { name: 'Ada' }),
  },
  { name: 'malformed JSON body', path: '/users', init: jsonInit('POST', '{"name": ') },
  {
    name: 'unsupported content-type',
    path: '/users',
    init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' },
  },
  { name: 'required query parameter missing', path: '/users', init: { method: 'GET' } },
  { name: 'query parameter above maximum', path: '/users?limit=500', init: { method: 'GET' } },
  { name: 'path parameter of wrong type', path: '/users/abc', init: { method: 'GET' } },
  { name: "throw new HttpErrors.Unauthorized('...')", path: '/secret', init: { method: 'GET' } },
  {
    name: 'HttpErrors.Conflict with code and details properties',
    path: '/conflict',
    init: { method: 'GET' },
  },
  { name: 'uncaught Error (500)', path: '/crash', init: { method: 'GET' } },
  { name: 'unknown route', path: '/nope', init: { method: 'GET' } },
]

write(
  'loopback4',
  'LoopBack 4',
  await recordEach(
    base,
    requests,
    `ran @loopback/rest@${ver('@loopback/rest')} (@loopback/core@${ver('@loopback/core')}, strong-error-handler@${ver('strong-error-handler')}) here, RestApplication default error writer`,
    () => app.stop(),
  ),
)
