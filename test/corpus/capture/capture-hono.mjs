// Captures Hono error responses (node adapter) incl. @hono/zod-validator's default hook.
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { basicAuth } from 'hono/basic-auth'
import { bearerAuth } from 'hono/bearer-auth'
import { serve } from '@hono/node-server'
import { zValidator } from '@hono/zod-validator'
import { z as z3 } from 'zod3'
import * as z4 from 'zod4'
import { close, jsonInit, write, ver, recordEach, baseOf, BAD_USER } from './lib.mjs'

const mk = (z) =>
  z.object({
    name: z.string().min(2),
    email: z.string().email(),
    address: z.object({ city: z.string().min(2) }),
    items: z.array(z.object({ qty: z.number().int().positive() })),
  })

const app = new Hono()
app.post('/v3/users', zValidator('json', mk(z3)), (c) => c.json({ ok: true }, 201))
app.post('/v4/users', zValidator('json', mk(z4)), (c) => c.json({ ok: true }, 201))
app.get(
  '/v3/search',
  zValidator('query', z3.object({ page: z3.coerce.number().int().min(1) })),
  (c) => c.json({ ok: true }),
)
app.get('/secret', () => {
  throw new HTTPException(401, { message: 'Invalid or expired token' })
})
app.get('/forbidden', () => {
  throw new HTTPException(403)
})
app.get('/crash', () => {
  throw new Error('db connection refused')
})
app.get('/basic/*', basicAuth({ username: 'u', password: 'p' }))
app.get('/basic/x', (c) => c.text('ok'))
app.get('/bearer/*', bearerAuth({ token: 'sekrit' }))
app.get('/bearer/x', (c) => c.text('ok'))

const server = await new Promise((resolve) => {
  const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s))
})
const base = await baseOf(server)

const requests = [
  {
    name: '@hono/zod-validator default hook, zod v3 schema, invalid JSON body',
    path: '/v3/users',
    init: jsonInit('POST', BAD_USER),
    zod: 'zod3',
  },
  {
    name: '@hono/zod-validator default hook, zod v4 schema, invalid JSON body',
    path: '/v4/users',
    init: jsonInit('POST', BAD_USER),
    zod: 'zod4',
  },
  {
    name: '@hono/zod-validator default hook, zod v3 schema, invalid query param',
    path: '/v3/search?page=0',
    init: { method: 'GET' },
    zod: 'zod3',
  },
  {
    name: 'malformed JSON body (hono validator)',
    path: '/v3/users',
    init: jsonInit('POST', '{"name": '),
    zod: 'zod3',
  },
  {
    name: 'JSON validator with non-JSON content-type',
    path: '/v3/users',
    init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' },
    zod: 'zod3',
  },
  { name: 'throw new HTTPException(401, {message})', path: '/secret', init: { method: 'GET' } },
  {
    name: 'throw new HTTPException(403) without message',
    path: '/forbidden',
    init: { method: 'GET' },
  },
  { name: 'unknown route (default notFound)', path: '/nope', init: { method: 'GET' } },
  { name: 'uncaught Error (default onError)', path: '/crash', init: { method: 'GET' } },
  { name: 'hono/basic-auth without credentials', path: '/basic/x', init: { method: 'GET' } },
  {
    name: 'hono/bearer-auth without Authorization header',
    path: '/bearer/x',
    init: { method: 'GET' },
  },
  {
    name: 'hono/bearer-auth with wrong token',
    path: '/bearer/x',
    init: { method: 'GET', headers: { authorization: 'Bearer wrong' } },
  },
  {
    name: 'hono/bearer-auth with malformed Authorization header',
    path: '/bearer/x',
    init: { method: 'GET', headers: { authorization: 'Token abc' } },
  },
]

const origin = (r) => {
  const deps = [`hono@${ver('hono')}`, `@hono/node-server@${ver('@hono/node-server')}`]
  if (r.zod) deps.push(`@hono/zod-validator@${ver('@hono/zod-validator')}`, `zod@${ver(r.zod)}`)
  return `ran ${deps.join(' with ')} here`
}
write('hono', 'Hono', await recordEach(base, requests, origin, () => close(server)))
