// Captures jayson's JSON-RPC 2.0 server over HTTP: its own errors (parse error, invalid request,
// method not found), errors a method reports through server.error() with and without a machine
// code in `data`, an Error passed to the callback, and a batch with one failing call.
import jayson from 'jayson'
import { close, jsonInit, write, ver, recordEach, baseOf } from './lib.mjs'

const server = new jayson.Server({
  charge(args, callback) {
    if (typeof args.amount !== 'number' || args.amount <= 0) {
      return callback(
        server.error(jayson.Server.errors.INVALID_PARAMS, 'amount must be a positive number', {
          field: 'amount',
        }),
      )
    }
    callback(
      server.error(402, 'Your card was declined.', {
        code: 'card_declined',
        decline_code: 'insufficient_funds',
      }),
    )
  },
  whoami(args, callback) {
    callback({ code: -32001, message: 'Session expired, sign in again' })
  },
  // jayson does not catch a throw inside a callback-style method; the Error goes to the callback.
  crash(args, callback) {
    callback(new Error('db connection refused'))
  },
  ping(args, callback) {
    callback(null, 'pong')
  },
})
const httpServer = server.http()
httpServer.listen(0, '127.0.0.1')
const base = await baseOf(httpServer)

const call = (method, params, id = 1) => jsonInit('POST', { jsonrpc: '2.0', id, method, params })
const requests = [
  {
    name: 'body that is not JSON (-32700)',
    path: '/',
    init: jsonInit('POST', '{"jsonrpc": "2.0", '),
  },
  {
    name: 'request without a method (-32600)',
    path: '/',
    init: jsonInit('POST', { jsonrpc: '2.0', id: 1 }),
  },
  { name: 'unknown method (-32601)', path: '/', init: call('refund', {}) },
  {
    name: 'server.error(INVALID_PARAMS, message, { field }) (-32602)',
    path: '/',
    init: call('charge', { amount: -5 }),
  },
  {
    name: "server.error(402, message, { code: 'card_declined', ... })",
    path: '/',
    init: call('charge', { amount: 500 }),
  },
  { name: 'callback({ code: -32001, message }) without data', path: '/', init: call('whoami', {}) },
  { name: 'method passes an Error to its callback', path: '/', init: call('crash', {}) },
  {
    name: 'batch whose second call fails',
    path: '/',
    init: jsonInit('POST', [
      { jsonrpc: '2.0', id: 1, method: 'ping', params: [] },
      { jsonrpc: '2.0', id: 2, method: 'charge', params: { amount: 0 } },
    ]),
  },
  { name: 'GET instead of POST', path: '/', init: { method: 'GET' } },
]
const origin = `ran jayson@${ver('jayson')} (server.http()) here`
write(
  'jayson',
  'jayson (JSON-RPC 2.0)',
  await recordEach(base, requests, origin, () => close(httpServer)),
)
