// Captures express-validator bodies as sent by the README pattern:
// res.status(400).json({ errors: result.array() }) and the mapped() variant.
import express from 'express'
import { body, query, validationResult, checkSchema } from 'express-validator'
import { listen, close, jsonInit, write, ver, recordEach, baseOf, BAD_USER } from './lib.mjs'

const userChain = [
  body('name').isLength({ min: 2 }).withMessage('Name must be at least 2 characters'),
  body('email').isEmail(),
  body('address.city').isLength({ min: 2 }),
  body('items.*.qty').isInt({ min: 1 }),
  body('password').custom((value, { req }) => {
    if (value !== req.body.confirm) throw new Error('Passwords do not match')
    return true
  }),
]

const app = express()
app.use(express.json())
app.post('/users', userChain, (req, res) => {
  const result = validationResult(req)
  if (!result.isEmpty()) return res.status(400).json({ errors: result.array() })
  res.status(201).json({ ok: true })
})
app.post('/users-mapped', userChain, (req, res) => {
  const result = validationResult(req)
  if (!result.isEmpty()) return res.status(422).json({ errors: result.mapped() })
  res.status(201).json({ ok: true })
})
app.post('/users-first', userChain, (req, res) => {
  const result = validationResult(req)
  if (!result.isEmpty())
    return res.status(400).json({ errors: result.array({ onlyFirstError: true }) })
  res.status(201).json({ ok: true })
})
app.get(
  '/search',
  query('page').isInt({ min: 1 }),
  query('sort').optional().isIn(['asc', 'desc']),
  (req, res) => {
    const result = validationResult(req)
    if (!result.isEmpty()) return res.status(400).json({ errors: result.array() })
    res.json({ ok: true })
  },
)
app.post(
  '/schema',
  checkSchema({
    email: { in: ['body'], isEmail: { errorMessage: 'Invalid email' } },
    age: { in: ['body'], isInt: { options: { min: 18 }, errorMessage: 'Must be an adult' } },
  }),
  (req, res) => {
    const result = validationResult(req)
    if (!result.isEmpty()) return res.status(400).json({ errors: result.array() })
    res.json({ ok: true })
  },
)

const server = app.listen(0, '127.0.0.1')
const base = await baseOf(server)
const badUser = {
  ...BAD_USER,
  password: 'secret1',
  confirm: 'secret2',
}

const requests = [
  {
    name: 'res.status(400).json({errors: result.array()}), nested + array + custom errors',
    path: '/users',
    init: jsonInit('POST', badUser),
    handler: 'res.status(400).json({ errors: validationResult(req).array() })',
  },
  {
    name: 'res.status(422).json({errors: result.mapped()})',
    path: '/users-mapped',
    init: jsonInit('POST', badUser),
    handler: 'res.status(422).json({ errors: validationResult(req).mapped() })',
  },
  {
    name: 'array({onlyFirstError: true}) with a field missing',
    path: '/users-first',
    init: jsonInit('POST', { email: 'x', password: 'a', confirm: 'b' }),
    handler:
      'res.status(400).json({ errors: validationResult(req).array({ onlyFirstError: true }) })',
  },
  {
    name: 'query param validation',
    path: '/search?page=0&sort=sideways',
    init: { method: 'GET' },
    handler: 'res.status(400).json({ errors: validationResult(req).array() })',
  },
  {
    name: 'checkSchema with custom errorMessage',
    path: '/schema',
    init: jsonInit('POST', { email: 'nope', age: '12' }),
    handler: 'res.status(400).json({ errors: validationResult(req).array() })',
  },
]

write(
  'express-validator',
  'express-validator',
  await recordEach(
    base,
    requests,
    (r) =>
      `ran express-validator@${ver('express-validator')} with express@${ver('express')} here, handler ${r.handler}`,
    () => close(server),
  ),
)
