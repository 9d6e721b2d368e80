// Captures celebrate (Joi) validation errors via celebrate's errors() middleware on Express.
import express from 'express'
import { celebrate, Joi, errors, Segments } from 'celebrate'
import { listen, close, jsonInit, write, ver, recordEach, baseOf, BAD_USER } from './lib.mjs'

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
const base = await baseOf(server)

const requests = [
  {
    name: 'invalid body, default options (abortEarly: first error only)',
    path: '/users',
    init: jsonInit('POST', BAD_USER),
  },
  {
    name: 'invalid body, Joi abortEarly: false (all errors)',
    path: '/users-all',
    init: jsonInit('POST', BAD_USER),
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
    init: jsonInit('POST', BAD_USER),
  },
]

write(
  'celebrate',
  'celebrate (Joi)',
  await recordEach(
    base,
    requests,
    `ran celebrate@${ver('celebrate')} (joi@${ver('joi')}) with express@${ver('express')} here, errors() middleware`,
    () => close(server),
  ),
)
