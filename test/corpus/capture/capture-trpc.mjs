// Captures tRPC v11 error responses via the standalone HTTP adapter (no transformer).
import { initTRPC, TRPCError } from '@trpc/server'
import { createHTTPServer } from '@trpc/server/adapters/standalone'
import { z, ZodError } from 'zod3'
import * as z4 from 'zod4'
import { listen, close, jsonInit, write, ver, recordEach, BAD_USER } from './lib.mjs'

function buildRouter({ formatter, isDev, zod }) {
  const t = initTRPC.create({ isDev, ...(formatter ? { errorFormatter: formatter } : {}) })
  const userInput = zod.object({
    name: zod.string().min(2),
    email: zod.string().email(),
    address: zod.object({ city: zod.string().min(2) }),
    items: zod.array(zod.object({ qty: zod.number().int().positive() })),
  })
  return t.router({
    user: t.router({
      create: t.procedure.input(userInput).mutation(({ input }) => ({ id: 1, ...input })),
      me: t.procedure.query(() => {
        throw new TRPCError({
          code: 'UNAUTHORIZED',
          message: 'You must be signed in to view your profile',
        })
      }),
      byId: t.procedure
        .input(zod.object({ id: zod.number() }))
        .query(({ input }) => ({ id: input.id, name: 'Ada' })),
      limited: t.procedure.query(() => {
        throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'Slow down' })
      }),
      crash: t.procedure.query(() => {
        throw new Error('db connection refused')
      }),
    }),
  })
}

// Error formatter recommended by tRPC's docs (zod v3 flavour).
const zodFormatter3 = ({ shape, error }) => ({
  ...shape,
  data: { ...shape.data, zodError: error.cause instanceof ZodError ? error.cause.flatten() : null },
})
// Same pattern for zod v4 (tRPC docs v4 variant uses z.flattenError).
const zodFormatter4 = ({ shape, error }) => ({
  ...shape,
  data: {
    ...shape.data,
    zodError: error.cause instanceof z4.ZodError ? z4.flattenError(error.cause) : null,
  },
})

const enc = (o) => encodeURIComponent(JSON.stringify(o))

const variants = [
  { label: 'default error formatter, isDev false', opts: { isDev: false, zod: z }, zv: 'zod3' },
  {
    label: 'errorFormatter adding zodError: error.cause.flatten(), isDev false',
    opts: { isDev: false, zod: z, formatter: zodFormatter3 },
    zv: 'zod3',
  },
  {
    label: 'errorFormatter adding zodError: z.flattenError(error.cause), isDev false',
    opts: { isDev: false, zod: z4, formatter: zodFormatter4 },
    zv: 'zod4',
    only: ['zod'],
  },
  {
    label: 'default error formatter, isDev true (NODE_ENV not production: adds data.stack)',
    opts: { isDev: true, zod: z },
    zv: 'zod3',
    only: ['zod', 'unauth'],
  },
]

const requests = [
  {
    key: 'zod',
    what: 'zod input rejected',
    path: '/user.create',
    init: jsonInit('POST', BAD_USER),
  },
  {
    key: 'unauth',
    what: "TRPCError({code:'UNAUTHORIZED'}) thrown in query",
    path: '/user.me',
    init: { method: 'GET' },
  },
  { key: 'missing', what: 'unknown procedure', path: '/user.nope', init: { method: 'GET' } },
  {
    key: 'method',
    what: 'GET on a mutation procedure',
    path: `/user.create?input=${enc(BAD_USER)}`,
    init: { method: 'GET' },
  },
  {
    key: 'ratelimit',
    what: "TRPCError({code:'TOO_MANY_REQUESTS'})",
    path: '/user.limited',
    init: { method: 'GET' },
  },
  {
    key: 'crash',
    what: 'plain Error thrown in query (500)',
    path: '/user.crash',
    init: { method: 'GET' },
  },
  {
    key: 'badjson',
    what: 'malformed JSON body on mutation',
    path: '/user.create',
    init: jsonInit('POST', '{"name": '),
  },
  {
    key: 'batchAllFail',
    what: 'batched call (?batch=1), both procedures fail',
    path: `/user.me,user.byId?batch=1&input=${enc({ 1: { id: 'x' } })}`,
    init: { method: 'GET' },
  },
  {
    key: 'batchMixed',
    what: 'batched call (?batch=1), one ok one failing',
    path: `/user.byId,user.byId?batch=1&input=${enc({ 0: { id: 7 }, 1: { id: 'x' } })}`,
    init: { method: 'GET' },
  },
  {
    key: 'batchMutation',
    what: 'batched mutation (?batch=1) with invalid input',
    path: '/user.create?batch=1',
    init: jsonInit('POST', { 0: BAD_USER }),
  },
]

const cases = []
for (const v of variants) {
  const server = createHTTPServer({ router: buildRouter(v.opts) })
  const base = await listen(server)
  const these = requests
    .filter((r) => !v.only || v.only.includes(r.key))
    .map((r) => ({ ...r, name: `${r.what} (${v.label})` }))
  const origin = `ran @trpc/server@${ver('@trpc/server')} standalone adapter with zod@${ver(v.zv)} here`
  cases.push(...(await recordEach(base, these, origin, () => close(server))))
}
write('trpc', 'tRPC', cases)
