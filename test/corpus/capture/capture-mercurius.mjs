// Captures Mercurius (GraphQL on Fastify) error responses: parse and validation errors, variable
// coercion errors, resolver errors (plain Error and ErrorWithProps with a code and a status), the
// queryDepth limit, a GET without a query, and a malformed JSON body.
import Fastify from 'fastify'
import mercurius from 'mercurius'
import { jsonInit, write, ver, recordEach, baseOf } from './lib.mjs'

const schema = `
  type User { id: ID!, name: String, friends: [User] }
  input UserInput { name: String!, email: String!, age: Int }
  type Query { user(id: ID!): User, me: User, boom: String, admin: String, limited: String }
  type Mutation { createUser(input: UserInput!): User }
`
const resolvers = {
  Query: {
    user: () => ({ id: '1', name: 'Ada', friends: [] }),
    me: () => {
      throw new mercurius.ErrorWithProps('Not authenticated', { code: 'UNAUTHENTICATED' })
    },
    boom: () => {
      throw new Error('db connection refused')
    },
    admin: () => {
      throw new mercurius.ErrorWithProps('Admins only', { code: 'FORBIDDEN' }, 403)
    },
    limited: () => {
      throw new mercurius.ErrorWithProps(
        'Too many requests, retry in 30 seconds',
        { code: 'RATE_LIMITED', retryAfter: 30 },
        429,
      )
    },
  },
  Mutation: { createUser: (_, { input }) => ({ id: '2', name: input.name }) },
}

const app = Fastify({ logger: false })
app.register(mercurius, { schema, resolvers, queryDepth: 3 })
await app.listen({ port: 0, host: '127.0.0.1' })
const base = await baseOf(app.server)
const gql = (query, variables) => jsonInit('POST', { query, ...(variables ? { variables } : {}) })

const requests = [
  { name: 'syntax error in the query', path: '/graphql', init: gql('{ user(id: "1") { name ') },
  {
    name: 'unknown field (GraphQL validation)',
    path: '/graphql',
    init: gql('{ user(id: "1") { nickname } }'),
  },
  {
    name: 'variable of the wrong type and a missing non-null input field',
    path: '/graphql',
    init: gql('mutation ($input: UserInput!) { createUser(input: $input) { id } }', {
      input: { name: 'Ada', age: 'x' },
    }),
  },
  { name: 'resolver throws a plain Error', path: '/graphql', init: gql('{ boom }') },
  {
    name: "resolver throws ErrorWithProps('Not authenticated', {code: 'UNAUTHENTICATED'})",
    path: '/graphql',
    init: gql('{ me { id } }'),
  },
  {
    name: "resolver throws ErrorWithProps('Admins only', {code: 'FORBIDDEN'}, 403)",
    path: '/graphql',
    init: gql('{ admin }'),
  },
  {
    name: "resolver throws ErrorWithProps(message, {code: 'RATE_LIMITED', retryAfter: 30}, 429)",
    path: '/graphql',
    init: gql('{ limited }'),
  },
  {
    name: 'query deeper than queryDepth: 3',
    path: '/graphql',
    init: gql('{ user(id: "1") { friends { friends { friends { name } } } } }'),
  },
  { name: 'GET without a query', path: '/graphql', init: { method: 'GET' } },
  { name: 'malformed JSON body', path: '/graphql', init: jsonInit('POST', '{"query": ') },
]

const origin = `ran mercurius@${ver('mercurius')} with fastify@${ver('fastify')} and graphql@${ver('graphql')} here (app.register(mercurius, {schema, resolvers, queryDepth: 3}))`
write(
  'mercurius',
  'Mercurius (GraphQL on Fastify)',
  await recordEach(base, requests, origin, () => app.close()),
)
