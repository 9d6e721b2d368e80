// Captures Feathers v5 (express transport) default error responses, incl. @feathersjs/schema (Ajv) validation.
import { feathers } from '@feathersjs/feathers'
import express, { rest, json, urlencoded, notFound, errorHandler } from '@feathersjs/express'
import { BadRequest, NotAuthenticated, TooManyRequests, Conflict } from '@feathersjs/errors'
import { getValidator, addFormats, hooks as schemaHooks } from '@feathersjs/schema'
import Ajv from 'ajv'
import { close, capture, jsonInit, write, ver } from './lib.mjs'

const ajv = addFormats(new Ajv({ coerceTypes: true, allErrors: true }), ['email'])
const userSchema = {
  $id: 'User',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'email', 'address', 'items'],
  properties: {
    name: { type: 'string', minLength: 2 },
    email: { type: 'string', format: 'email' },
    address: {
      type: 'object',
      required: ['city'],
      properties: { city: { type: 'string', minLength: 2 } },
    },
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['qty'],
        properties: { qty: { type: 'integer', minimum: 1 } },
      },
    },
  },
}
const userValidator = getValidator(userSchema, ajv)

class UserService {
  async find() {
    return []
  }
  async get(id) {
    if (id === 'locked') throw new NotAuthenticated('Invalid or expired token')
    if (id === 'busy') throw new TooManyRequests('Rate limit exceeded', { retryAfter: 30 })
    if (id === 'boom') throw new Error('db connection refused')
    return { id }
  }
  async create(data) {
    return data
  }
  async patch(id, data) {
    throw new BadRequest('Invalid user data', {
      errors: { email: 'Email is already taken', 'address.city': 'Unknown city' },
    })
  }
  async update(id, data) {
    throw new Conflict('Email already registered', { field: 'email' })
  }
}

const app = express(feathers())
app.use(json())
app.use(urlencoded({ extended: true }))
app.configure(rest())
app.use('users', new UserService())
app.service('users').hooks({ before: { create: [schemaHooks.validateData(userValidator)] } })
app.use(notFound())
app.use(errorHandler({ logger: false }))

const server = await app.listen(0, '127.0.0.1')
if (!server.listening) await new Promise((r) => server.once('listening', r))
const base = `http://127.0.0.1:${server.address().port}`
const badUser = {
  name: 'A',
  email: 'nope',
  address: { city: '' },
  items: [{ qty: 1 }, { qty: -3 }],
  admin: true,
}
const acceptJson = { accept: 'application/json' }

const requests = [
  {
    name: '@feathersjs/schema validateData hook (Ajv, allErrors) rejects body',
    path: '/users',
    init: jsonInit('POST', badUser, acceptJson),
  },
  {
    name: "BadRequest('Invalid user data', {errors: {...}}) thrown by service",
    path: '/users/1',
    init: jsonInit('PATCH', { email: 'x' }, acceptJson),
  },
  {
    name: "Conflict('Email already registered', {field: 'email'})",
    path: '/users/1',
    init: jsonInit('PUT', { email: 'x' }, acceptJson),
  },
  {
    name: "NotAuthenticated('Invalid or expired token')",
    path: '/users/locked',
    init: { method: 'GET', headers: acceptJson },
  },
  {
    name: "TooManyRequests('Rate limit exceeded', {retryAfter: 30})",
    path: '/users/busy',
    init: { method: 'GET', headers: acceptJson },
  },
  {
    name: 'uncaught Error in service (500 GeneralError)',
    path: '/users/boom',
    init: { method: 'GET', headers: acceptJson },
  },
  {
    name: 'unknown route (notFound() middleware), Accept: application/json',
    path: '/nope',
    init: { method: 'GET', headers: acceptJson },
  },
  {
    name: 'method not allowed on service (DELETE, no remove method)',
    path: '/users/1',
    init: { method: 'DELETE', headers: acceptJson },
  },
  { name: 'malformed JSON body', path: '/users', init: jsonInit('POST', '{"name": ', acceptJson) },
  {
    name: 'unknown route, Accept: text/html (errorHandler HTML page)',
    path: '/nope',
    init: { method: 'GET', headers: { accept: 'text/html' } },
  },
]

const cases = []
try {
  for (const r of requests) {
    const response = await capture(base, r.path, r.init)
    cases.push({
      name: r.name,
      origin: `ran @feathersjs/feathers@${ver('@feathersjs/feathers')} with @feathersjs/express@${ver('@feathersjs/express')} (errorHandler()), @feathersjs/errors@${ver('@feathersjs/errors')}, @feathersjs/schema@${ver('@feathersjs/schema')}, ajv@${ver('ajv')} here, NODE_ENV=${process.env.NODE_ENV ?? '(unset)'}, ${r.init.method} ${r.path}`,
      request: {
        method: r.init.method,
        path: r.path,
        ...(r.init.headers ? { headers: r.init.headers } : {}),
        ...(r.init.body ? { body: r.init.body } : {}),
      },
      response,
    })
  }
} finally {
  await close(server)
}
write('feathers', 'Feathers', cases)
