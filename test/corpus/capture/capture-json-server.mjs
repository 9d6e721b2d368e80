// Captures json-server 0.17 (its router on an in-memory database, with its default middlewares):
// a missing record, a duplicate id (its error handler sends the stack as the body), a body that is not JSON, and a route it does not know.
import './stack-paths.mjs'
import { createRequire } from 'node:module'
import { close, jsonInit, write, ver, recordEach, baseOf } from './lib.mjs'

const require = createRequire(import.meta.url)
const jsonServer = require('json-server')

const app = jsonServer.create()
// An object, not a file name: lowdb keeps it in memory and nothing is written to disk.
const router = jsonServer.router({ users: [{ id: 1, name: 'Ada' }] })
app.use(jsonServer.defaults({ logger: false, static: 'no-static-folder' }))
app.use(router)
const server = app.listen(0, '127.0.0.1')
const base = await baseOf(server)

const requests = [
  {
    name: 'record that does not exist (404 with an empty object)',
    path: '/users/999',
    init: { method: 'GET' },
  },
  { name: 'collection that does not exist', path: '/orders', init: { method: 'GET' } },
  {
    name: 'insert with an id that exists (500)',
    path: '/users',
    init: jsonInit('POST', { id: 1, name: 'Grace' }),
  },
  {
    name: 'update of a record that does not exist',
    path: '/users/999',
    init: jsonInit('PATCH', { name: 'Grace' }),
  },
  { name: 'body that is not JSON', path: '/users', init: jsonInit('POST', '{"name": ') },
]
const origin = `ran json-server@${ver('json-server')} here (router on an in-memory object, default middlewares)`
write('json-server', 'json-server', await recordEach(base, requests, origin, () => close(server)))
