// Captures graphql-http (the GraphQL over HTTP reference server) on node:http: parse, validation and
// variable errors under both media types, its 405, 406 and 415 answers, and resolver errors thrown
// as graphql-js GraphQLErrors with the input extensions servers use (Apollo's BAD_USER_INPUT with
// `field`, `argumentName`, Apollo 2/3's `invalidArgs`, a validation list in extensions).
import http from 'node:http'
import { buildSchema, GraphQLError } from 'graphql'
import { createHandler } from 'graphql-http/lib/use/http'
import { close, jsonInit, write, ver, recordEach, listen } from './lib.mjs'

const schema = buildSchema(`
  input AddressInput { city: String! }
  input UserInput { name: String!, email: String!, address: AddressInput, age: Int }
  type User { id: ID!, name: String }
  type Query { user(id: ID!): User, me: User, boom: String }
  type Mutation {
    createUser(input: UserInput!): User
    renameUser(id: ID!, name: String!): User
    inviteUser(email: String!): User
    updateAddress(input: UserInput!): User
  }
`)
const rootValue = {
  user: ({ id }) => {
    throw new GraphQLError(`No user with id ${id}`, { extensions: { code: 'NOT_FOUND' } })
  },
  me: () => {
    throw new GraphQLError('You must be signed in', { extensions: { code: 'UNAUTHENTICATED' } })
  },
  boom: () => {
    throw new Error('db connection refused')
  },
  createUser: () => {
    throw new GraphQLError('Email is already registered', {
      extensions: { code: 'BAD_USER_INPUT', field: 'email' },
    })
  },
  renameUser: () => {
    throw new GraphQLError('Name must be at least 2 characters', {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'name' },
    })
  },
  inviteUser: () => {
    throw new GraphQLError('Invalid argument value', {
      extensions: { code: 'BAD_USER_INPUT', invalidArgs: ['email'] },
    })
  },
  updateAddress: () => {
    throw new GraphQLError('Validation failed', {
      extensions: {
        code: 'BAD_USER_INPUT',
        validationErrors: [
          { field: 'address.city', message: 'City must be at least 2 characters' },
          { field: 'age', message: 'Age must be positive' },
        ],
      },
    })
  },
}

const server = http.createServer(createHandler({ schema, rootValue }))
const base = await listen(server)

const graphqlResponse = 'application/graphql-response+json'
const gql = (query, variables, accept = graphqlResponse) =>
  jsonInit('POST', { query, ...(variables ? { variables } : {}) }, { accept })
const requests = [
  {
    name: 'syntax error, Accept: application/graphql-response+json',
    path: '/graphql',
    init: gql('{ user(id: "1") { name '),
  },
  {
    name: 'syntax error, Accept: application/json',
    path: '/graphql',
    init: gql('{ user(id: "1") { name ', null, 'application/json'),
  },
  {
    name: 'unknown field (validation), graphql-response+json',
    path: '/graphql',
    init: gql('{ me { nickname } }'),
  },
  {
    name: 'variable of the wrong type and a missing non-null input field',
    path: '/graphql',
    init: gql('mutation ($input: UserInput!) { createUser(input: $input) { id } }', {
      input: { name: 'Ada', age: 'x' },
    }),
  },
  {
    name: 'resolver throws NOT_FOUND (partial data)',
    path: '/graphql',
    init: gql('{ user(id: "7") { id } }'),
  },
  { name: 'resolver throws UNAUTHENTICATED', path: '/graphql', init: gql('{ me { id } }') },
  { name: 'resolver throws a plain Error', path: '/graphql', init: gql('{ boom }') },
  {
    name: "BAD_USER_INPUT with extensions.field: 'email'",
    path: '/graphql',
    init: gql('mutation { createUser(input: { name: "Ada", email: "ada@example.com" }) { id } }'),
  },
  {
    name: "BAD_USER_INPUT with extensions.argumentName: 'name'",
    path: '/graphql',
    init: gql('mutation { renameUser(id: "1", name: "A") { id } }'),
  },
  {
    name: "BAD_USER_INPUT with Apollo 2/3 extensions.invalidArgs: ['email']",
    path: '/graphql',
    init: gql('mutation { inviteUser(email: "nope") { id } }'),
  },
  {
    name: 'BAD_USER_INPUT with a validation list in extensions',
    path: '/graphql',
    init: gql(
      'mutation { updateAddress(input: { name: "Ada", email: "a@b.c", address: { city: "" }, age: -1 }) { id } }',
    ),
  },
  {
    name: 'PUT is not allowed (405)',
    path: '/graphql',
    init: { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' },
  },
  {
    name: 'Accept header the server cannot answer (406)',
    path: '/graphql',
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/html' },
      body: JSON.stringify({ query: '{ boom }' }),
    },
  },
  {
    name: 'body sent as text/plain (415)',
    path: '/graphql',
    init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{ boom }' },
  },
  {
    name: 'JSON body without a query',
    path: '/graphql',
    init: jsonInit('POST', { variables: {} }, { accept: graphqlResponse }),
  },
]
const origin = `ran graphql-http@${ver('graphql-http')} with graphql@${ver('graphql')} on node:http here`
write('graphql-http', 'graphql-http', await recordEach(base, requests, origin, () => close(server)))
