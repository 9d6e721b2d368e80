// Captures @koa/router + koa-body error responses on Koa 3 (Koa's own 404/500 are in koa.json):
// allowedMethods() 405 and 501, koa-body's malformed JSON and jsonLimit failures, and ctx.throw with
// response headers (Retry-After, WWW-Authenticate).
import Koa from 'koa'
import Router from '@koa/router'
import { koaBody } from 'koa-body'
import { jsonInit, write, ver, recordEach, close } from './lib.mjs'

const app = new Koa()
app.silent = true
const router = new Router()
router.post('/users', (ctx) => {
  ctx.body = ctx.request.body
})
router.get('/limited', (ctx) => {
  ctx.throw(429, 'Too many requests, slow down', { headers: { 'Retry-After': '30' } })
})
router.get('/me', (ctx) => {
  ctx.throw(401, 'Token expired', {
    headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
  })
})
app.use(koaBody({ jsonLimit: '1kb', jsonStrict: true }))
app.use(router.routes())
app.use(router.allowedMethods())

const requests = [
  {
    name: 'allowedMethods(): route exists for another method only',
    path: '/users',
    init: { method: 'DELETE' },
  },
  {
    name: 'allowedMethods(): a method no route implements',
    path: '/users',
    init: { method: 'PROPFIND' },
  },
  { name: 'koa-body: malformed JSON body', path: '/users', init: jsonInit('POST', '{"name": ') },
  {
    name: "koa-body: JSON body over jsonLimit '1kb'",
    path: '/users',
    init: jsonInit('POST', JSON.stringify({ note: 'x'.repeat(4096) })),
    hideBody: true,
  },
  {
    name: "ctx.throw(429, msg, {headers: {'Retry-After': '30'}})",
    path: '/limited',
    init: { method: 'GET' },
  },
  {
    name: 'ctx.throw(401, msg, {headers: {WWW-Authenticate}})',
    path: '/me',
    init: { method: 'GET' },
  },
]

const server = app.listen(0, '127.0.0.1')
await new Promise((r) => server.once('listening', r))
const base = `http://127.0.0.1:${server.address().port}`
const origin = `ran @koa/router@${ver('@koa/router')} and koa-body@${ver('koa-body')} on koa@${ver('koa')} here (koaBody({jsonLimit: '1kb', jsonStrict: true}), router.routes(), router.allowedMethods())`
write(
  'koa-router-koa-body',
  '@koa/router and koa-body',
  await recordEach(base, requests, origin, () => close(server)),
)
