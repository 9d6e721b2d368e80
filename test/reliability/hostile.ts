// Hostile responses, built on demand: the hostile-input tests assert that normalizeError and the
// retry decision survive them, the soak bench times them (a time is never asserted in a test).

const TEN_MB = 10 * 1024 * 1024

/** Bytes that are not UTF-8: lone continuation bytes, overlong forms, surrogates, 0xFE/0xFF, a cut sequence. */
export const INVALID_UTF8 = [
  0x80, 0xbf, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf8, 0x88, 0x80, 0x80, 0xff, 0xfe, 0xe2, 0x82,
]

/** `length` bytes of `INVALID_UTF8` with a JSON-looking head, so that decoding and parsing both run. */
export function invalidUtf8Bytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length)
  const head = new TextEncoder().encode('{"message":"')
  bytes.set(head.subarray(0, Math.min(head.length, length)))
  for (let i = head.length; i < length; i++) bytes[i] = INVALID_UTF8[i % INVALID_UTF8.length]!
  return bytes
}

/** JSON text with `__proto__`, `constructor` and `prototype` as own keys at several depths, as JSON.parse makes them. */
export const POLLUTING_JSON = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"error":{"__proto__":{"polluted":"yes"},"message":"m","details":[{"__proto__":{"polluted":"yes"}}]}}',
  '{"errors":{"__proto__":["polluted"],"constructor":{"prototype":["polluted"]}}}',
  '{"errors":[{"field":"__proto__","message":"polluted"},{"field":"constructor.prototype.polluted","message":"x"}]}',
  '{"message":{"__proto__":["polluted"]},"invalid-params":[{"name":"__proto__","reason":"x"}]}',
  '[{"__proto__":{"polluted":"yes"}},{"prototype":{"polluted":"yes"}}]',
]

function nested(depth: number): string {
  return '{"error":'.repeat(depth) + '"deep"' + '}'.repeat(depth)
}

function wide(keys: number): Record<string, string[]> {
  const body: Record<string, string[]> = {}
  for (let i = 0; i < keys; i++) body[`field_${i}`] = [`is invalid ${i}`]
  return body
}

export interface HostileBody {
  name: string
  status: number
  headers: Record<string, unknown>
  /** Built when asked for: some of these are 10 MB. */
  data: () => unknown
}

/** Bodies from a server that is broken, compromised or under attack; 10 MB ones included. */
export const HOSTILE_BODIES: readonly HostileBody[] = [
  {
    name: '10 MB JSON text (unparsed)',
    status: 500,
    headers: {},
    data: () => `{"message":"${'a'.repeat(TEN_MB)}"}`,
  },
  {
    name: '10 MB HTML page',
    status: 502,
    headers: { 'content-type': 'text/html' },
    data: () => `<html><head><title>${'<b>x</b>&amp;'.repeat(TEN_MB / 13)}</title></head></html>`,
  },
  { name: '10 MB of "<"', status: 502, headers: {}, data: () => '<'.repeat(TEN_MB) },
  {
    name: '10 MB Uint8Array, invalid UTF-8',
    status: 500,
    headers: {},
    data: () => invalidUtf8Bytes(TEN_MB),
  },
  {
    name: '10 MB ArrayBuffer, invalid UTF-8',
    status: 503,
    headers: {},
    data: () => invalidUtf8Bytes(TEN_MB).buffer,
  },
  {
    name: '10 MB DataView at an odd offset',
    status: 400,
    headers: {},
    data: () => new DataView(invalidUtf8Bytes(TEN_MB + 7).buffer, 7, TEN_MB),
  },
  {
    name: '10 MB Buffer',
    status: 500,
    headers: {},
    data: () => Buffer.from(invalidUtf8Bytes(TEN_MB)),
  },
  {
    name: 'JSON nested 100,000 deep (parsed)',
    status: 500,
    headers: {},
    data: () => JSON.parse(nested(100_000)) as unknown,
  },
  { name: 'field map of 200,000 fields', status: 422, headers: {}, data: () => wide(200_000) },
  {
    name: 'array of 1,000,000 errors',
    status: 400,
    headers: {},
    data: () => ({
      errors: Array.from({ length: 1_000_000 }, (_, i) => ({ field: `f${i}`, message: 'bad' })),
    }),
  },
  ...POLLUTING_JSON.map((text, i) => ({
    name: `__proto__ keys #${i + 1}`,
    status: 400,
    headers: {},
    data: () => JSON.parse(text) as unknown,
  })),
  {
    name: 'hostile Retry-After and Date',
    status: 429,
    headers: {
      'retry-after': '9'.repeat(5000),
      date: 'Thu, 01 Jan 1970 00:00:01 GMT',
      'x-ratelimit-reset': '-1e999',
    },
    data: () => ({
      retry_after: 1e308,
      error: { details: [{ '@type': 'RetryInfo', retryDelay: { seconds: 'NaN', nanos: {} } }] },
    }),
  },
]

/** Retry-After values that must never turn into a wait: negative, NaN, infinite, huge, garbage, past dates. */
export const HOSTILE_RETRY_AFTER = [
  '-1',
  '-0.5',
  'NaN',
  'Infinity',
  '1e3',
  '0x10',
  '1e999',
  '9'.repeat(400),
  '99999999999999',
  '',
  '   ',
  'soon',
  'Wed, 21 Oct 2015 07:28:00 GMT',
  'Thu, 01 Jan 1970 00:00:00 GMT',
  'Fri, 31 Dec 9999 23:59:59 GMT',
  'Mon, 32 Foo 2020 99:99:99 GMT',
  '1, 2',
  '\u0000',
]
