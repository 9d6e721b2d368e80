// Captures Fastify 5 with its plugins: @fastify/jwt's 401s (missing, malformed, expired, forged
// token), @fastify/rate-limit's 429s (legacy and draft headers), @fastify/sensible's httpErrors, and
// schema validation with Ajv's allErrors (several errors joined in one message) on the body
// (nested objects and arrays), the querystring, the path parameters and the headers.
import Fastify from 'fastify'
import fastifyJwt from '@fastify/jwt'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifySensible from '@fastify/sensible'
import jsonwebtoken from 'jsonwebtoken'
import { jsonInit, write, ver, recordEach, baseOf, BAD_USER, USER_SCHEMA } from './lib.mjs'

const SECRET = 'capture-secret-not-used-anywhere-else'

const app = Fastify({ logger: false, ajv: { customOptions: { allErrors: true } } })
await app.register(fastifySensible)
await app.register(fastifyJwt, { secret: SECRET })
await app.register(fastifyRateLimit, { global: false })

const authenticate = async (request) => {
  await request.jwtVerify()
}
app.get('/me', { onRequest: authenticate }, async (request) => ({ user: request.user }))

app.get('/limited', { config: { rateLimit: { max: 1, timeWindow: '1 minute' } } }, async () => ({
  ok: true,
}))
app.register(async (scope) => {
  await scope.register(fastifyRateLimit, {
    max: 1,
    timeWindow: '30 seconds',
    enableDraftSpec: true,
  })
  scope.get('/draft/limited', async () => ({ ok: true }))
})

app.post('/users', { schema: { body: USER_SCHEMA } }, async () => ({ ok: true }))
app.get(
  '/search',
  {
    schema: {
      querystring: {
        type: 'object',
        required: ['q'],
        properties: {
          q: { type: 'string', minLength: 2 },
          page: { type: 'integer', minimum: 1 },
          sort: { enum: ['name', 'createdAt'] },
        },
      },
    },
  },
  async () => ({ ok: true }),
)
app.get(
  '/orgs/:orgId/users/:userId',
  {
    schema: {
      params: {
        type: 'object',
        properties: { orgId: { type: 'integer' }, userId: { type: 'string', format: 'uuid' } },
      },
    },
  },
  async () => ({ ok: true }),
)
app.get(
  '/reports',
  {
    schema: {
      headers: {
        type: 'object',
        required: ['x-api-version'],
        properties: {
          'x-api-version': { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
        },
      },
    },
  },
  async () => ({ ok: true }),
)
app.post('/upload', { bodyLimit: 1024 }, async () => ({ ok: true }))

app.get('/sensible/bad-request', async () => {
  throw app.httpErrors.badRequest('Coupon code has expired')
})
app.get('/sensible/unauthorized', async (request, reply) => {
  reply.header('www-authenticate', 'Bearer realm="api", error="invalid_token"')
  return reply.unauthorized('Session expired')
})
app.get('/sensible/method', async () => {
  throw app.httpErrors.methodNotAllowed()
})
app.get('/sensible/too-many', async (request, reply) => {
  reply.header('retry-after', '120')
  return reply.tooManyRequests('Daily export quota used up')
})
app.get('/sensible/gone', async () => {
  throw app.httpErrors.gone('This invoice link has expired')
})
app.get('/sensible/internal', async () => {
  throw app.httpErrors.internalServerError()
})
app.get('/sensible/bad-gateway', async () => {
  throw app.httpErrors.badGateway('Payment provider did not answer')
})
app.get('/sensible/create-error', async () => {
  throw app.httpErrors.createError(409, 'Email already registered', { code: 'EMAIL_TAKEN' })
})

await app.listen({ port: 0, host: '127.0.0.1' })
const base = await baseOf(app.server)

const bearer = (token) => ({ method: 'GET', headers: { authorization: `Bearer ${token}` } })
const expiredToken = app.jwt.sign({ sub: '42', iat: 1_700_000_000, exp: 1_700_000_060 })
const forgedToken = jsonwebtoken.sign({ sub: '42', iat: 1_700_000_000 }, 'another-secret')

const requests = [
  { name: '@fastify/jwt, no Authorization header', path: '/me', init: { method: 'GET' } },
  {
    name: '@fastify/jwt, Authorization header without the Bearer scheme',
    path: '/me',
    init: { method: 'GET', headers: { authorization: 'Token abc' } },
  },
  { name: '@fastify/jwt, malformed token', path: '/me', init: bearer('not.a.jwt') },
  { name: '@fastify/jwt, expired token', path: '/me', init: bearer(expiredToken) },
  {
    name: '@fastify/jwt, token signed with another secret',
    path: '/me',
    init: bearer(forgedToken),
  },
  { name: 'warm-up for the rate limit', path: '/limited', init: { method: 'GET' }, warm: true },
  {
    name: "@fastify/rate-limit 429, route config { max: 1, timeWindow: '1 minute' }",
    path: '/limited',
    init: { method: 'GET' },
  },
  {
    name: 'warm-up for the draft limit',
    path: '/draft/limited',
    init: { method: 'GET' },
    warm: true,
  },
  {
    name: "@fastify/rate-limit 429 with enableDraftSpec, timeWindow: '30 seconds'",
    path: '/draft/limited',
    init: { method: 'GET' },
  },
  {
    name: 'body schema with allErrors: nested object, array item, format (an extra property is removed, not reported)',
    path: '/users',
    init: jsonInit('POST', { ...BAD_USER, role: 'admin' }),
  },
  {
    name: 'body schema with allErrors: required properties missing',
    path: '/users',
    init: jsonInit('POST', { name: 'Ada', items: [{}] }),
  },
  {
    name: 'body schema: body is a JSON array, not an object',
    path: '/users',
    init: jsonInit('POST', [BAD_USER]),
  },
  {
    name: 'querystring schema with allErrors',
    path: '/search?q=a&page=0&sort=size',
    init: { method: 'GET' },
  },
  {
    name: 'querystring schema: required parameter missing',
    path: '/search',
    init: { method: 'GET' },
  },
  {
    name: 'params schema with allErrors',
    path: '/orgs/acme/users/42',
    init: { method: 'GET' },
  },
  { name: 'headers schema: required header missing', path: '/reports', init: { method: 'GET' } },
  {
    name: 'headers schema: header does not match its pattern',
    path: '/reports',
    init: { method: 'GET', headers: { 'x-api-version': 'v2' } },
  },
  {
    name: 'body over the route bodyLimit (413)',
    path: '/upload',
    init: jsonInit('POST', { data: 'x'.repeat(2000) }),
    hideBody: true,
  },
  {
    name: "httpErrors.badRequest('Coupon code has expired')",
    path: '/sensible/bad-request',
    init: { method: 'GET' },
  },
  {
    name: "reply.unauthorized('Session expired') with a WWW-Authenticate header set by the route",
    path: '/sensible/unauthorized',
    init: { method: 'GET' },
  },
  {
    name: 'httpErrors.methodNotAllowed() default',
    path: '/sensible/method',
    init: { method: 'GET' },
  },
  {
    name: 'reply.tooManyRequests(message) with a Retry-After header set by the route',
    path: '/sensible/too-many',
    init: { method: 'GET' },
  },
  { name: 'httpErrors.gone(message)', path: '/sensible/gone', init: { method: 'GET' } },
  {
    name: 'httpErrors.internalServerError() default',
    path: '/sensible/internal',
    init: { method: 'GET' },
  },
  {
    name: 'httpErrors.badGateway(message)',
    path: '/sensible/bad-gateway',
    init: { method: 'GET' },
  },
  {
    name: "httpErrors.createError(409, message, { code: 'EMAIL_TAKEN' })",
    path: '/sensible/create-error',
    init: { method: 'GET' },
  },
]

const plugins = {
  '/me': '@fastify/jwt',
  '/limited': '@fastify/rate-limit',
  '/draft/limited': '@fastify/rate-limit',
  '/sensible': '@fastify/sensible',
}
const origin = (r) => {
  const key = Object.keys(plugins).find(
    (prefix) => r.path === prefix || r.path.startsWith(`${prefix}/`),
  )
  const plugin = key ? ` with ${plugins[key]}@${ver(plugins[key])}` : ' with ajv allErrors'
  return `ran fastify@${ver('fastify')}${plugin} here`
}
write(
  'fastify-5-plugins-captured',
  'Fastify 5 plugins (captured)',
  await recordEach(base, requests, origin, () => app.close()),
)
