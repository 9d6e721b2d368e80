// Captures ZodError bodies (zod v3 and v4) as Express apps commonly send them:
// res.status(400).json(<serialisation of the error>).
import express from 'express'
import { z as z3 } from 'zod3'
import * as z4 from 'zod4'
import { listen, close, capture, jsonInit, write, ver, baseOf } from './lib.mjs'

function schemaFor(z) {
  return z
    .object({
      name: z.string().min(1),
      email: z.string().email(),
      address: z.object({ city: z.string().min(2), zip: z.string().regex(/^\d{5}$/) }),
      items: z.array(z.object({ sku: z.string(), qty: z.number().int().positive() })).min(1),
      password: z.string().min(8),
      confirm: z.string(),
    })
    .refine((d) => d.password === d.confirm, { message: 'Passwords do not match' })
}

const s3 = schemaFor(z3)
const s4 = schemaFor(z4)

const serialise = {
  v3: {
    raw: (e) => e,
    flatten: (e) => e.flatten(),
    format: (e) => e.format(),
  },
  v4: {
    raw: (e) => e,
    flattenError: (e) => z4.flattenError(e),
    treeifyError: (e) => z4.treeifyError(e),
    format: (e) => e.format(), // deprecated in v4 but still present
  },
}

const app = express()
app.use(express.json())
app.post('/:ver/:mode/signup', (req, res) => {
  const schema = req.params.ver === 'v3' ? s3 : s4
  const fn = serialise[req.params.ver]?.[req.params.mode]
  if (!fn) return res.status(404).json({ message: 'no such mode' })
  const result = schema.safeParse(req.body)
  if (!result.success) return res.status(400).json(fn(result.error))
  res.json({ ok: true })
})

const fieldInvalid = {
  name: '',
  email: 'not-an-email',
  address: { city: 'X', zip: '12' },
  items: [
    { sku: 'A1', qty: 2 },
    { sku: 'B2', qty: 0 },
  ],
  password: 'short',
  confirm: 'different',
}
const formOnlyInvalid = {
  name: 'Ada',
  email: 'ada@example.com',
  address: { city: 'London', zip: '12345' },
  items: [{ sku: 'A1', qty: 2 }],
  password: 'longenough1',
  confirm: 'longenough2',
}

const describe = {
  raw: 'ZodError passed straight to res.json (JSON.stringify of the error)',
  flatten: 'error.flatten()',
  format: 'error.format()',
  flattenError: 'z.flattenError(error)',
  treeifyError: 'z.treeifyError(error)',
}

const server = app.listen(0, '127.0.0.1')
const base = await baseOf(server)
const cases = []
try {
  for (const v of ['v3', 'v4']) {
    const zv = v === 'v3' ? ver('zod3') : ver('zod4')
    for (const mode of Object.keys(serialise[v])) {
      for (const [label, body] of [
        ['field errors (nested object + array) and mismatched passwords', fieldInvalid],
        ['form-level refine error only (passwords do not match)', formOnlyInvalid],
      ]) {
        const url = `/${v}/${mode}/signup`
        const response = await capture(base, url, jsonInit('POST', body))
        cases.push({
          name: `zod ${v}: ${describe[mode]}${mode === 'format' && v === 'v4' ? ' (deprecated in v4)' : ''}; ${label}`,
          origin: `ran zod@${zv} with express@${ver('express')} here, POST ${url}; handler: res.status(400).json(${describe[mode].startsWith('ZodError') ? 'error' : describe[mode]})`,
          request: { method: 'POST', path: url, body },
          response,
        })
      }
    }
  }
} finally {
  await close(server)
}
write('zod', 'zod', cases)
