// Captures express-rate-limit 429 responses (default handler and common options).
import express from 'express'
import { rateLimit } from 'express-rate-limit'
import { listen, close, capture, write, ver, baseOf } from './lib.mjs'

const app = express()
// Default options except a tiny limit (default message text and default header options).
app.use('/default', rateLimit({ windowMs: 60_000, limit: 1 }))
// Legacy headers + draft-7 combined header.
app.use(
  '/draft7',
  rateLimit({ windowMs: 60_000, limit: 1, standardHeaders: 'draft-7', legacyHeaders: true }),
)
// JSON message option, as commonly configured.
app.use(
  '/json',
  rateLimit({
    windowMs: 60_000,
    limit: 1,
    standardHeaders: 'draft-6',
    legacyHeaders: false,
    message: { error: 'Too many requests, please try again later.', code: 'RATE_LIMITED' },
  }),
)
app.get('/:k', (req, res) => res.json({ ok: true }))

const server = app.listen(0, '127.0.0.1')
const base = await baseOf(server)

const variants = [
  { path: '/default/x', name: 'default handler, rateLimit({windowMs: 60000, limit: 1})' },
  { path: '/draft7/x', name: "standardHeaders: 'draft-7', legacyHeaders: true" },
  {
    path: '/json/x',
    name: "message: {error, code} object, standardHeaders: 'draft-6', legacyHeaders: false",
  },
]

const cases = []
try {
  for (const v of variants) {
    await capture(base, v.path, { method: 'GET' }) // first request allowed
    const response = await capture(base, v.path, { method: 'GET' })
    cases.push({
      name: `second request inside the window is limited (${v.name})`,
      origin: `ran express-rate-limit@${ver('express-rate-limit')} with express@${ver('express')} here, GET ${v.path} twice, second response recorded`,
      request: { method: 'GET', path: v.path },
      response,
    })
  }
} finally {
  await close(server)
}
write('express-rate-limit', 'express-rate-limit', cases)
