// Captures h3 v1 (Nuxt/Nitro core) default error responses via toNodeListener.
import { createServer } from 'node:http'
import {
  createApp,
  createRouter,
  defineEventHandler,
  createError,
  toNodeListener,
  readValidatedBody,
  getValidatedQuery,
  readBody,
} from 'h3'
import { z } from 'zod3'
import { listen, close, jsonInit, write, ver, recordEach, BAD_USER } from './lib.mjs'

function buildApp(debug) {
  const app = createApp({ debug })
  const router = createRouter()
  router.post(
    '/unprocessable',
    defineEventHandler(() => {
      throw createError({
        statusCode: 422,
        statusMessage: 'Unprocessable',
        data: { field: 'email' },
      })
    }),
  )
  router.get(
    '/crash',
    defineEventHandler(() => {
      throw new Error('db connection refused')
    }),
  )
  router.get(
    '/limited',
    defineEventHandler((event) => {
      event.node.res.setHeader('retry-after', '30')
      throw createError({
        statusCode: 429,
        statusMessage: 'Too Many Requests',
        message: 'Rate limit exceeded, retry in 30s',
      })
    }),
  )
  router.post(
    '/users',
    defineEventHandler(async (event) => {
      const body = await readValidatedBody(
        event,
        z.object({
          name: z.string().min(2),
          email: z.string().email(),
          address: z.object({ city: z.string().min(2) }),
          items: z.array(z.object({ qty: z.number().int().positive() })),
        }).parse,
      )
      return { ok: true, body }
    }),
  )
  router.get(
    '/search',
    defineEventHandler(async (event) => {
      const q = await getValidatedQuery(
        event,
        z.object({ page: z.coerce.number().int().min(1) }).parse,
      )
      return q
    }),
  )
  router.post(
    '/echo',
    defineEventHandler(async (event) => ({ got: await readBody(event) })),
  )
  app.use(router)
  return app
}

const requests = [
  {
    name: "createError({statusCode: 422, statusMessage: 'Unprocessable', data: {field: 'email'}})",
    path: '/unprocessable',
    init: { method: 'POST' },
  },
  { name: 'unknown route', path: '/nope', init: { method: 'GET' } },
  { name: 'uncaught thrown Error', path: '/crash', init: { method: 'GET' } },
  {
    name: 'createError 429 with message and a retry-after header set by the handler',
    path: '/limited',
    init: { method: 'GET' },
  },
  {
    name: 'readValidatedBody with a zod v3 schema .parse, invalid body',
    path: '/users',
    init: jsonInit('POST', BAD_USER),
  },
  {
    name: 'getValidatedQuery with a zod v3 schema .parse, invalid query',
    path: '/search?page=0',
    init: { method: 'GET' },
  },
  { name: 'readBody with malformed JSON', path: '/echo', init: jsonInit('POST', '{"name": ') },
  { name: 'route exists for another method only', path: '/users', init: { method: 'GET' } },
]

const cases = []
for (const debug of [false, true]) {
  const server = createServer(toNodeListener(buildApp(debug)))
  const base = await listen(server)
  const these = requests
    .filter((r) => !debug || ['/unprocessable', '/crash'].includes(r.path))
    .map((r) => ({ ...r, name: `${r.name}${debug ? ' (createApp({debug: true}))' : ''}` }))
  const origin = (r) =>
    `ran h3@${ver('h3')}${r.path === '/users' || r.path.startsWith('/search') ? ` with zod@${ver('zod3')}` : ''} here, createApp({debug: ${debug}}) + toNodeListener on node:http`
  cases.push(...(await recordEach(base, these, origin, () => close(server))))
}
write('h3', 'h3', cases)
