// Captures the 401s and 403s of two Express authentication middlewares with no error handler of the
// app's own: express-jwt's UnauthorizedError through Express's finalhandler (development: the stack
// in a <pre>; production: the reason phrase), and passport's strategies (http-bearer and http's
// Basic send a WWW-Authenticate challenge; local answers 400 without credentials).
import './stack-paths.mjs'
import express from 'express'
import { expressjwt } from 'express-jwt'
import jsonwebtoken from 'jsonwebtoken'
import passport from 'passport'
import { Strategy as BearerStrategy } from 'passport-http-bearer'
import { BasicStrategy } from 'passport-http'
import { Strategy as LocalStrategy } from 'passport-local'
import { close, jsonInit, write, ver, recordEach, baseOf } from './lib.mjs'

const SECRET = 'capture-secret-not-used-anywhere-else'
const goodToken = jsonwebtoken.sign({ sub: '42', scope: 'read' }, SECRET, { noTimestamp: true })
const expiredToken = jsonwebtoken.sign(
  { sub: '42', iat: 1_700_000_000, exp: 1_700_000_060 },
  SECRET,
)
const forgedToken = jsonwebtoken.sign({ sub: '42' }, 'another-secret', { noTimestamp: true })

function jwtApp(environment) {
  const app = express()
  app.set('env', environment)
  app.use(
    '/api',
    expressjwt({
      secret: SECRET,
      algorithms: ['HS256'],
      isRevoked: (req, token) => token.payload.sub === 'revoked',
    }),
  )
  app.get('/api/me', (req, res) => res.json({ sub: req.auth.sub }))
  app.get('/api/admin', (req, res, next) => {
    if (req.auth.scope !== 'admin') {
      const error = new Error('Requires the admin scope')
      error.status = 403
      return next(error)
    }
    res.json({ ok: true })
  })
  return app
}

async function captureExpressJwt() {
  const cases = []
  const bearer = (token) => ({ method: 'GET', headers: { authorization: `Bearer ${token}` } })
  for (const environment of ['development', 'production']) {
    const server = jwtApp(environment).listen(0, '127.0.0.1')
    const base = await baseOf(server)
    const requests =
      environment === 'development'
        ? [
            {
              name: 'no Authorization header',
              path: '/api/me',
              init: { method: 'GET' },
            },
            {
              name: 'Authorization header with another scheme',
              path: '/api/me',
              init: { method: 'GET', headers: { authorization: 'Basic dTpw' } },
            },
            { name: 'malformed token', path: '/api/me', init: bearer('not.a.jwt') },
            { name: 'expired token', path: '/api/me', init: bearer(expiredToken) },
            {
              name: 'token signed with another secret',
              path: '/api/me',
              init: bearer(forgedToken),
            },
            {
              name: 'token that isRevoked rejects',
              path: '/api/me',
              init: bearer(jsonwebtoken.sign({ sub: 'revoked' }, SECRET, { noTimestamp: true })),
            },
            {
              name: 'valid token, route refuses with error.status = 403',
              path: '/api/admin',
              init: bearer(goodToken),
            },
          ]
        : [
            { name: 'expired token, production', path: '/api/me', init: bearer(expiredToken) },
            {
              name: 'valid token, route refuses with error.status = 403, production',
              path: '/api/admin',
              init: bearer(goodToken),
            },
          ]
    const origin = `ran express-jwt@${ver('express-jwt')} with express@${ver(
      'express',
    )} here (env ${environment}, no error handler of the app's)`
    cases.push(...(await recordEach(base, requests, origin, () => close(server))))
  }
  write('express-jwt', 'express-jwt', cases)
}

async function capturePassport() {
  passport.use(
    new BearerStrategy((token, done) => {
      if (token === 'expired') return done(null, false, 'The access token expired')
      if (token === 'read-only') return done(null, { id: 1 }, { scope: 'read' })
      return done(null, false)
    }),
  )
  passport.use(new BasicStrategy((username, password, done) => done(null, false)))
  passport.use(
    new LocalStrategy((username, password, done) =>
      done(null, false, { message: 'Incorrect password.' }),
    ),
  )

  const app = express()
  app.set('env', 'production')
  app.use(express.json())
  app.use(passport.initialize())
  const noSession = { session: false }
  app.get('/bearer', passport.authenticate('bearer', noSession), (req, res) =>
    res.json({ ok: true }),
  )
  app.get('/basic', passport.authenticate('basic', noSession), (req, res) => res.json({ ok: true }))
  app.get('/either', passport.authenticate(['bearer', 'basic'], noSession), (req, res) =>
    res.json({ ok: true }),
  )
  app.post('/login', passport.authenticate('local', noSession), (req, res) =>
    res.json({ ok: true }),
  )
  app.post(
    '/login-with-error',
    passport.authenticate('local', { ...noSession, failWithError: true }),
    (req, res) => res.json({ ok: true }),
  )
  const server = app.listen(0, '127.0.0.1')
  const base = await baseOf(server)
  const requests = [
    { name: 'http-bearer without a token', path: '/bearer', init: { method: 'GET' } },
    {
      name: 'http-bearer with an unknown token',
      path: '/bearer',
      init: { method: 'GET', headers: { authorization: 'Bearer unknown' } },
    },
    {
      name: "http-bearer, verify answers done(null, false, 'The access token expired')",
      path: '/bearer',
      init: { method: 'GET', headers: { authorization: 'Bearer expired' } },
    },
    {
      name: 'http-bearer with a malformed Authorization header',
      path: '/bearer',
      init: { method: 'GET', headers: { authorization: 'Bearer two words' } },
    },
    { name: 'http Basic without credentials', path: '/basic', init: { method: 'GET' } },
    { name: 'bearer and basic together, no credentials', path: '/either', init: { method: 'GET' } },
    {
      name: 'local strategy without credentials (400)',
      path: '/login',
      init: jsonInit('POST', {}),
    },
    {
      name: 'local strategy, wrong password',
      path: '/login',
      init: jsonInit('POST', { username: 'ada', password: 'nope' }),
    },
    {
      name: 'local strategy, wrong password, failWithError through finalhandler (production)',
      path: '/login-with-error',
      init: jsonInit('POST', { username: 'ada', password: 'nope' }),
    },
  ]
  const strategies = {
    '/bearer': 'passport-http-bearer',
    '/basic': 'passport-http',
    '/either': 'passport-http-bearer',
    '/login': 'passport-local',
    '/login-with-error': 'passport-local',
  }
  const origin = (r) =>
    `ran passport@${ver('passport')} with ${strategies[r.path]}@${ver(strategies[r.path])}${
      r.path === '/either' ? ` and passport-http@${ver('passport-http')}` : ''
    }, express@${ver('express')} here`
  write('passport', 'passport', await recordEach(base, requests, origin, () => close(server)))
}

await captureExpressJwt()
await capturePassport()
