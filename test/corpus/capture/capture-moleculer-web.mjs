// Captures moleculer-web (the Moleculer API gateway) error responses: unknown route, fastest-validator
// parameter validation, MoleculerClientError / plain Error from an action, body-parser failures,
// the built-in rate limiter and the route's authorize hook.
import { ServiceBroker, Errors } from 'moleculer'
import ApiGateway from 'moleculer-web'
import { jsonInit, write, ver, recordEach, BAD_USER } from './lib.mjs'

const broker = new ServiceBroker({ logger: false, nodeID: 'capture' })

broker.createService({
  name: 'users',
  actions: {
    create: {
      params: {
        name: { type: 'string', min: 2 },
        email: { type: 'email' },
        address: { type: 'object', props: { city: { type: 'string', min: 2 } } },
        items: {
          type: 'array',
          items: {
            type: 'object',
            props: { qty: { type: 'number', integer: true, positive: true } },
          },
        },
      },
      handler: (ctx) => ctx.params,
    },
    get: {
      handler(ctx) {
        throw new Errors.MoleculerClientError(
          `Account ${ctx.params.id} not found`,
          404,
          'ACCOUNT_NOT_FOUND',
          { id: ctx.params.id },
        )
      },
    },
    crash: {
      handler() {
        throw new Error('db connection refused')
      },
    },
    me: { handler: () => ({ ok: true }) },
    ping: { handler: () => 'pong' },
  },
})

broker.createService({
  name: 'api',
  mixins: [ApiGateway],
  settings: {
    port: 0,
    ip: '127.0.0.1',
    log4XXResponses: false,
    logRequestParams: null,
    logResponseData: null,
    routes: [
      {
        path: '/api',
        bodyParsers: { json: { strict: true, limit: '1kb' } },
        aliases: {
          'POST users': 'users.create',
          'GET users/:id': 'users.get',
          'GET crash': 'users.crash',
        },
      },
      {
        path: '/private',
        authorization: true,
        aliases: { 'GET me': 'users.me' },
      },
      {
        path: '/limited',
        rateLimit: { window: 60 * 1000, limit: 1, headers: true },
        aliases: { 'GET ping': 'users.ping' },
      },
    ],
  },
  methods: {
    authorize(ctx, route, req) {
      const auth = req.headers.authorization
      if (!auth) throw new ApiGateway.Errors.UnAuthorizedError(ApiGateway.Errors.ERR_NO_TOKEN)
      throw new ApiGateway.Errors.UnAuthorizedError(ApiGateway.Errors.ERR_INVALID_TOKEN)
    },
  },
})

const requests = [
  { name: 'unknown route', path: '/api/nope', init: { method: 'GET' } },
  {
    name: 'fastest-validator parameter validation (nested object and array item)',
    path: '/api/users',
    init: jsonInit('POST', BAD_USER),
  },
  {
    name: "MoleculerClientError('Account 7 not found', 404, 'ACCOUNT_NOT_FOUND', data)",
    path: '/api/users/7',
    init: { method: 'GET' },
  },
  { name: 'plain Error thrown by an action', path: '/api/crash', init: { method: 'GET' } },
  {
    name: 'malformed JSON body (body-parser)',
    path: '/api/users',
    init: jsonInit('POST', '{"name": '),
  },
  {
    name: "JSON body over bodyParsers.json.limit '1kb'",
    path: '/api/users',
    init: jsonInit('POST', JSON.stringify({ note: 'x'.repeat(4096) })),
    hideBody: true,
  },
  {
    name: 'authorize hook throws UnAuthorizedError(ERR_NO_TOKEN)',
    path: '/private/me',
    init: { method: 'GET' },
  },
  {
    name: 'authorize hook throws UnAuthorizedError(ERR_INVALID_TOKEN)',
    path: '/private/me',
    init: { method: 'GET', headers: { authorization: 'Bearer expired' } },
  },
  { name: 'warm-up', path: '/limited/ping', init: { method: 'GET' }, warm: true },
  {
    name: 'rateLimit {limit: 1, window: 60 s, headers: true}, second request',
    path: '/limited/ping',
    init: { method: 'GET' },
  },
]

await broker.start()
const api = broker.getLocalService('api')
const base = `http://127.0.0.1:${api.server.address().port}`
const origin = `ran moleculer-web@${ver('moleculer-web')} with moleculer@${ver('moleculer')} here (ApiGateway mixin, aliases to local actions)`
write(
  'moleculer-web',
  'moleculer-web',
  await recordEach(base, requests, origin, () => broker.stop()),
)
