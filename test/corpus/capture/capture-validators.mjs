// Captures what five schema validators report when a small Express app sends their errors as they
// come: yup's ValidationError, valibot's issues (raw and flatten()), superstruct's StructError and
// failures(), arktype's ArkErrors, and VineJS's E_VALIDATION_ERROR messages (the 422 body AdonisJS
// sends). Each validator checks the same invalid sign-up and a query string; one source each.
import express from 'express'
import * as yup from 'yup'
import * as valibot from 'valibot'
import * as superstruct from 'superstruct'
import { type } from 'arktype'
import vine, { errors as vineErrors } from '@vinejs/vine'
import { close, jsonInit, write, ver, recordEach, baseOf, BAD_USER } from './lib.mjs'

const yupUser = yup.object({
  name: yup.string().min(2).required(),
  email: yup.string().email().required(),
  address: yup.object({ city: yup.string().min(2).required() }).required(),
  items: yup.array(yup.object({ qty: yup.number().integer().positive().required() })).required(),
})
const yupSearch = yup.object({ page: yup.number().integer().min(1).required() })

const valibotUser = valibot.object({
  name: valibot.pipe(valibot.string(), valibot.minLength(2)),
  email: valibot.pipe(valibot.string(), valibot.email()),
  address: valibot.object({ city: valibot.pipe(valibot.string(), valibot.minLength(2)) }),
  items: valibot.array(
    valibot.object({ qty: valibot.pipe(valibot.number(), valibot.integer(), valibot.minValue(1)) }),
  ),
})
const valibotSearch = valibot.object({
  page: valibot.pipe(
    valibot.string(),
    valibot.regex(/^[1-9][0-9]*$/, 'page must be a positive whole number'),
  ),
})

const superstructUser = superstruct.object({
  name: superstruct.size(superstruct.string(), 2, Infinity),
  email: superstruct.pattern(superstruct.string(), /^[^@\s]+@[^@\s]+$/),
  address: superstruct.object({ city: superstruct.size(superstruct.string(), 2, Infinity) }),
  items: superstruct.array(superstruct.object({ qty: superstruct.min(superstruct.integer(), 1) })),
})

const arkUser = type({
  name: 'string >= 2',
  email: 'string.email',
  address: { city: 'string >= 2' },
  items: type({ qty: 'number.integer >= 1' }).array(),
})
const arkSearch = type({ page: 'string.integer.parse' }).pipe((query) => query)

const vineUser = vine.compile(
  vine.object({
    name: vine.string().minLength(2),
    email: vine.string().email(),
    address: vine.object({ city: vine.string().minLength(2) }),
    items: vine.array(vine.object({ qty: vine.number().withoutDecimals().positive() })),
  }),
)
const vineSearch = vine.compile(vine.object({ page: vine.number().min(1) }))

const app = express()
app.use(express.json())

// yup: the ValidationError as it is (abortEarly: false collects every error in `inner`).
app.post('/yup/users', async (req, res) => {
  try {
    res.json(await yupUser.validate(req.body, { abortEarly: false }))
  } catch (error) {
    res.status(400).json(error)
  }
})
app.post('/yup/users-first-error', async (req, res) => {
  try {
    res.json(await yupUser.validate(req.body))
  } catch (error) {
    res.status(400).json(error)
  }
})
app.get('/yup/search', async (req, res) => {
  try {
    res.json(await yupSearch.validate(req.query, { abortEarly: false }))
  } catch (error) {
    res.status(400).json(error)
  }
})

// valibot: safeParse's issues as they are, and flatten(issues), the shape its docs show for forms.
app.post('/valibot/users', (req, res) => {
  const result = valibot.safeParse(valibotUser, req.body)
  if (!result.success) return res.status(400).json({ issues: result.issues })
  res.json(result.output)
})
app.post('/valibot/users-flat', (req, res) => {
  const result = valibot.safeParse(valibotUser, req.body)
  if (!result.success) return res.status(400).json(valibot.flatten(result.issues))
  res.json(result.output)
})
app.get('/valibot/search', (req, res) => {
  const result = valibot.safeParse(valibotSearch, req.query)
  if (!result.success) return res.status(400).json(valibot.flatten(result.issues))
  res.json(result.output)
})

// superstruct: the StructError as it is, and its message with failures().
app.post('/superstruct/users', (req, res) => {
  const [error, value] = superstruct.validate(req.body, superstructUser)
  if (error) return res.status(400).json(error)
  res.json(value)
})
app.post('/superstruct/users-failures', (req, res) => {
  const [error, value] = superstruct.validate(req.body, superstructUser)
  if (error) return res.status(400).json({ message: error.message, failures: error.failures() })
  res.json(value)
})

// arktype: the ArkErrors as they serialise, and its summary with them.
app.post('/arktype/users', (req, res) => {
  const out = arkUser(req.body)
  if (out instanceof type.errors) return res.status(400).json(out)
  res.json(out)
})
app.post('/arktype/users-summary', (req, res) => {
  const out = arkUser(req.body)
  if (out instanceof type.errors) return res.status(400).json({ message: out.summary, errors: out })
  res.json(out)
})
app.get('/arktype/search', (req, res) => {
  const out = arkSearch({ ...req.query })
  if (out instanceof type.errors) return res.status(400).json({ message: out.summary, errors: out })
  res.json(out)
})

// VineJS: E_VALIDATION_ERROR answered the way AdonisJS answers it for JSON requests (422, errors).
const vineRoute = (validator, pick) => async (req, res) => {
  try {
    res.json(await validator.validate(pick(req)))
  } catch (error) {
    if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) throw error
    res.status(error.status).json({ errors: error.messages })
  }
}
app.post(
  '/vine/users',
  vineRoute(vineUser, (req) => req.body),
)
app.get(
  '/vine/search',
  vineRoute(vineSearch, (req) => req.query),
)

const server = app.listen(0, '127.0.0.1')
const base = await baseOf(server)

const badUser = () => jsonInit('POST', BAD_USER)
const sources = {
  yup: {
    name: 'yup',
    requests: [
      {
        name: 'ValidationError with abortEarly: false (nested object, array item)',
        path: '/yup/users',
        init: badUser(),
      },
      {
        name: 'ValidationError, default abortEarly (first error only)',
        path: '/yup/users-first-error',
        init: badUser(),
      },
      {
        name: 'query string that does not cast to a number',
        path: '/yup/search?page=first',
        init: { method: 'GET' },
      },
    ],
  },
  valibot: {
    name: 'valibot',
    requests: [
      { name: 'safeParse issues as they are', path: '/valibot/users', init: badUser() },
      { name: 'flatten(issues)', path: '/valibot/users-flat', init: badUser() },
      {
        name: 'flatten(issues), missing nested object and a non-integer item',
        path: '/valibot/users-flat',
        init: jsonInit('POST', { name: 'Ada', email: 'ada@example.com', items: [{ qty: 1.5 }] }),
      },
      {
        name: 'query string, flatten(issues)',
        path: '/valibot/search?page=0',
        init: { method: 'GET' },
      },
    ],
  },
  superstruct: {
    name: 'superstruct',
    requests: [
      { name: 'StructError as it is (first failure)', path: '/superstruct/users', init: badUser() },
      {
        name: 'StructError message with failures()',
        path: '/superstruct/users-failures',
        init: badUser(),
      },
      {
        name: 'failures() for an unknown key and a missing nested object',
        path: '/superstruct/users-failures',
        init: jsonInit('POST', { name: 'Ada', email: 'ada@example.com', items: [], role: 'admin' }),
      },
    ],
  },
  arktype: {
    name: 'arktype',
    requests: [
      { name: 'ArkErrors as they serialise', path: '/arktype/users', init: badUser() },
      { name: 'summary with the ArkErrors', path: '/arktype/users-summary', init: badUser() },
      {
        name: 'query string that does not parse as an integer',
        path: '/arktype/search?page=first',
        init: { method: 'GET' },
      },
    ],
  },
  vine: {
    name: 'VineJS',
    requests: [
      {
        name: 'E_VALIDATION_ERROR messages, answered as AdonisJS does (422)',
        path: '/vine/users',
        init: badUser(),
      },
      {
        name: 'E_VALIDATION_ERROR, missing nested object and array',
        path: '/vine/users',
        init: jsonInit('POST', { name: 'Ada', email: 'ada@example.com' }),
      },
      {
        name: 'E_VALIDATION_ERROR on a query string',
        path: '/vine/search?page=zero',
        init: { method: 'GET' },
      },
    ],
  },
}
const packages = {
  yup: 'yup',
  valibot: 'valibot',
  superstruct: 'superstruct',
  arktype: 'arktype',
  vine: '@vinejs/vine',
}

try {
  for (const [slug, { name, requests }] of Object.entries(sources)) {
    const origin = `ran ${packages[slug]}@${ver(packages[slug])} in express@${ver('express')} here`
    write(
      slug === 'vine' ? 'vinejs' : slug,
      name,
      await recordEach(base, requests, origin, async () => {}),
    )
  }
} finally {
  await close(server)
}
