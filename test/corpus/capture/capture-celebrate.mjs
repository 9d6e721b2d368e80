// Captures celebrate (Joi) validation errors via celebrate's errors() middleware on Express.
import express from 'express'
import { celebrate, Joi, errors, Segments } from 'celebrate'
import { close, capture, jsonInit, write, ver } from './lib.mjs'

const app = express()
app.use(express.json())
const bodySchema = Joi.object({
  name: Joi.string().min(2).required(),
  email: Joi.string().email().required(),
  address: Joi.object({ city: Joi.string().min(2).required() }).required(),
  items: Joi.array()
    .items(Joi.object({ qty: Joi.number().integer().positive().required() }))
    .required(),
})
app.post('/users', celebrate({ [Segments.BODY]: bodySchema }), (req, res) =>
  res.status(201).json({ ok: true }),
)
app.post(
  '/users-all',
  celebrate({ [Segments.BODY]: bodySchema }, { abortEarly: false }),
  (req, res) => res.status(201).json({ ok: true }),
)
app.get(
  '/search',
  celebrate({
    [Segments.QUERY]: Joi.object({ page: Joi.number().integer().min(1).required() }),
    [Segments.HEADERS]: Joi.object({ 'x-api-key': Joi.string().required() }).unknown(),
  }),
  (req, res) => res.json({ ok: true }),
)
app.post(
  '/multi',
  celebrate(
    { [Segments.BODY]: bodySchema, [Segments.QUERY]: Joi.object({ dryRun: Joi.boolean() }) },
    { abortEarly: false },
    { mode: 'full' },
  ),
  (req, res) => res.json({ ok: true }),
)
app.use(errors())

const server = app.listen(0, '127.0.0.1')
await new Promise((r) => server.once('listening', r))
const base = `http://127.0.0.1:${server.address().port}`
const badUser = {
  name: 'A',
  email: 'nope',
  address: { city: '' },
  items: [{ qty: 1 }, { qty: -3 }],
}

const requests = [
  {
    name: 'invalid body, default options (abortEarly: first error only)',
    path: '/users',
    init: jsonInit('POST', badUser),
  },
  {
    name: 'invalid body, Joi abortEarly: false (all errors)',
    path: '/users-all',
    init: jsonInit('POST', badUser),
  },
  {
    name: 'invalid nested array item only',
    path: '/users',
    init: jsonInit('POST', {
      name: 'Ada',
      email: 'ada@example.com',
      address: { city: 'London' },
      items: [{ qty: 1 }, { qty: -3 }],
    }),
  },
  {
    name: 'missing required header (headers segment validated first)',
    path: '/search?page=0',
    init: { method: 'GET' },
  },
  {
    name: 'invalid query param',
    path: '/search?page=0',
    init: { method: 'GET', headers: { 'x-api-key': 'k' } },
  },
  {
    name: "mode: 'full' with body and query both invalid",
    path: '/multi?dryRun=maybe',
    init: jsonInit('POST', badUser),
  },
]

const cases = []
try {
  for (const r of requests) {
    const response = await capture(base, r.path, r.init)
    cases.push({
      name: r.name,
      origin: `ran celebrate@${ver('celebrate')} (joi@${ver('joi')}) with express@${ver('express')} here, errors() middleware, ${r.init.method} ${r.path}`,
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
write('celebrate', 'celebrate (Joi)', cases)
