// The example's API: Fastify 5 with @fastify/jwt, @fastify/rate-limit, @fastify/cors and Fastify's
// own schema validation, all with their default error bodies, because those are what resilient-query
// must read. Short-lived access tokens are signed without a `jti` (@fastify/jwt's default), so two
// tokens signed for one user within the same second are byte-identical.
import { randomBytes } from 'node:crypto'
import cors from '@fastify/cors'
import jwt from '@fastify/jwt'
import rateLimit from '@fastify/rate-limit'
import Fastify from 'fastify'

/**
 * The response headers a page on another origin may read. Without this list the browser hides
 * them: the client could not honour Retry-After, and a support request could not quote the id.
 */
export const EXPOSED_HEADERS = [
  'Retry-After',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'X-Request-Id',
]

/** The one account of the example; the password is shown on the sign-in form. */
export const DEMO_ACCOUNT = { email: 'ada@example.com', password: 'correct horse' }

const profileSchema = {
  type: 'object',
  required: ['email', 'name', 'address'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', format: 'email' },
    name: { type: 'string', minLength: 2 },
    address: {
      type: 'object',
      required: ['city', 'postcode'],
      additionalProperties: false,
      properties: {
        city: { type: 'string', minLength: 1 },
        postcode: { type: 'string', pattern: '^[0-9]{5}$' },
      },
    },
  },
}

/** An error Fastify's default handler turns into `{ statusCode, error, message }`. */
function httpError(statusCode, message) {
  return Object.assign(new Error(message), { statusCode })
}

/**
 * Builds the API (not yet listening).
 *
 * @param {object} options
 * @param {string | string[]} options.webOrigin the origin(s) of the frontend, for CORS
 * @param {number} [options.tokenLifetimeSeconds] how long access tokens live (default 20 s; `state`
 *   holds it, so it can change while the server runs)
 * @param {() => number} [options.now] the clock tokens are signed and checked with, in epoch ms
 *   (default `Date.now`; the example's test moves it to expire tokens without waiting)
 * @param {{ maxPerWindow: number, windowMs: number }} [options.reportLimit] GET /api/report's limit
 * @param {{ maxPerWindow: number, windowMs: number }} [options.exportLimit] POST /api/exports' limit
 */
export async function createBackend({
  webOrigin,
  tokenLifetimeSeconds = 20,
  now = Date.now,
  reportLimit = { maxPerWindow: 1, windowMs: 3_000 },
  exportLimit = { maxPerWindow: 1, windowMs: 30_000 },
}) {
  const app = Fastify({
    // Report every broken field, not only the first: the form then marks them all at once.
    ajv: { customOptions: { allErrors: true } },
  })
  /** What the server saw: one entry per answered request, in the order they finished. */
  const seen = []
  /** Every access token issued, with whether it equals the one issued before it to that user. */
  const issued = []
  const state = {
    /** How long the next access tokens live, in seconds. */
    tokenLifetimeSeconds,
    /** Whether the demo account may read GET /api/stats (else 403). */
    statsAllowed: false,
    /** Whether GET /announcements answers 503. */
    announcementsDown: false,
  }
  const refreshTokens = new Map() // refresh token → account email
  const lastToken = new Map() // account email → the access token issued last
  let exportsMade = 0

  await app.register(cors, {
    origin: webOrigin,
    exposedHeaders: EXPOSED_HEADERS,
  })
  await app.register(jwt, {
    secret: randomBytes(32).toString('hex'),
  })
  // Routes opt in; the IETF draft's RateLimit-* headers instead of X-RateLimit-*.
  await app.register(rateLimit, { global: false, enableDraftSpec: true })

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })
  app.addHook('onResponse', async (request, reply) => {
    seen.push({
      method: request.method,
      route: request.routeOptions.url ?? request.url,
      url: request.url,
      status: reply.statusCode,
      authorization: request.headers.authorization,
      retryAfter: reply.getHeader('retry-after'),
      receivedAt: now(),
    })
  })

  const issue = async (reply, email) => {
    const accessToken = await reply.jwtSign(
      { sub: email },
      // expiresIn: a number is seconds here, as in jsonwebtoken.
      { sign: { clockTimestamp: now(), expiresIn: state.tokenLifetimeSeconds } },
    )
    issued.push({ email, accessToken, sameAsPrevious: lastToken.get(email) === accessToken })
    lastToken.set(email, accessToken)
    return accessToken
  }

  app.post(
    '/auth/sign-in',
    {
      schema: {
        body: {
          type: 'object',
          required: ['email', 'password'],
          properties: {
            email: { type: 'string', format: 'email' },
            password: { type: 'string', minLength: 1 },
          },
        },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body
      if (email !== DEMO_ACCOUNT.email || password !== DEMO_ACCOUNT.password) {
        throw httpError(401, 'Wrong email or password')
      }
      const refreshToken = randomBytes(24).toString('base64url')
      refreshTokens.set(refreshToken, email)
      const accessToken = await issue(reply, email)
      return { accessToken, refreshToken, expiresIn: state.tokenLifetimeSeconds }
    },
  )

  app.post(
    '/auth/refresh',
    {
      schema: {
        body: {
          type: 'object',
          required: ['refreshToken'],
          properties: { refreshToken: { type: 'string', minLength: 1 } },
        },
      },
    },
    async (request, reply) => {
      const email = refreshTokens.get(request.body.refreshToken)
      if (!email) throw httpError(401, 'Unknown refresh token')
      const accessToken = await issue(reply, email)
      return { accessToken, expiresIn: state.tokenLifetimeSeconds }
    },
  )

  // Public: a widget in the page header reads it.
  app.get('/announcements', async () => {
    if (state.announcementsDown) throw httpError(503, 'Announcements are being updated')
    return [{ id: 1, text: 'Welcome to the example app.' }]
  })

  // Everything under /api needs a valid access token, checked against the same clock that signed it.
  await app.register(
    async (api) => {
      api.addHook('onRequest', async (request) => {
        await request.jwtVerify({ verify: { clockTimestamp: now() } })
      })

      api.get(
        '/items/:id',
        {
          schema: {
            params: {
              type: 'object',
              properties: { id: { type: 'integer', minimum: 1, maximum: 100 } },
            },
          },
        },
        async (request) => ({ id: request.params.id, name: `Item ${request.params.id}` }),
      )

      api.get('/stats', async () => {
        if (!state.statsAllowed) throw httpError(403, 'Only administrators can see the statistics')
        return { users: 1, items: 100 }
      })

      api.get(
        '/report',
        {
          config: {
            rateLimit: { max: reportLimit.maxPerWindow, timeWindow: reportLimit.windowMs },
          },
        },
        async () => ({ generatedAt: new Date().toISOString() }),
      )

      api.post(
        '/exports',
        {
          config: {
            rateLimit: { max: exportLimit.maxPerWindow, timeWindow: exportLimit.windowMs },
          },
        },
        async (request, reply) => {
          exportsMade += 1
          reply.code(202)
          return { id: exportsMade }
        },
      )

      api.post('/profile', { schema: { body: profileSchema } }, async (request) => request.body)
    },
    { prefix: '/api' },
  )

  return { app, seen, issued, state }
}
