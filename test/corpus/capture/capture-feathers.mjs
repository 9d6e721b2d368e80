// Captures Feathers v5 (express transport) default error responses, incl. @feathersjs/schema (Ajv) validation.
import { feathers } from '@feathersjs/feathers'
import express, { rest, json, urlencoded, notFound, errorHandler } from '@feathersjs/express'
import { BadRequest, NotAuthenticated, TooManyRequests, Conflict } from '@feathersjs/errors'
import { getValidator, addFormats, hooks as schemaHooks } from '@feathersjs/schema'
import Ajv from 'ajv'
import {
  listen,
  close,
  jsonInit,
  write,
  ver,
  recordEach,
  baseOf,
  BAD_USER,
  USER_SCHEMA,
} from './lib.mjs'

const ajv = addFormats(new Ajv({ coerceTypes: true, allErrors: true }), ['email'])
const userSchema = { $id: 'User', ...USER_SCHEMA }
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
const base = await baseOf(server)
const badUser = {
  ...BAD_USER,
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

write(
  'feathers',
  'Feathers',
  await recordEach(
    base,
    requests,
    `ran @feathersjs/feathers@${ver('@feathersjs/feathers')} with @feathersjs/express@${ver('@feathersjs/express')} (errorHandler()), @feathersjs/errors@${ver('@feathersjs/errors')}, @feathersjs/schema@${ver('@feathersjs/schema')}, ajv@${ver('ajv')} here, NODE_ENV=${process.env.NODE_ENV ?? '(unset)'}`,
    () => close(server),
  ),
)
