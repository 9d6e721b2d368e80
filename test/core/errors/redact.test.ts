import { describe, expect, it } from 'vitest'
import { redactUrl, redactValue } from '../../../src/core/errors'

/** Where two long strings first differ, with a little of each from there; undefined when equal. */
function firstDifference(actual: string, expected: string) {
  if (actual === expected) return undefined
  let at = 0
  while (at < actual.length && actual[at] === expected[at]) at++
  const around = (text: string) => JSON.stringify(text.slice(Math.max(0, at - 20), at + 40))
  return {
    at,
    lengths: [actual.length, expected.length],
    actual: around(actual),
    expected: around(expected),
  }
}

describe('redactUrl', () => {
  it('drops userinfo', () => {
    expect(redactUrl('https://user:pa55@api.test/v1/users')).toBe('https://api.test/v1/users')
    expect(redactUrl('https://token@api.test/')).toBe('https://api.test/')
  })

  it.each([
    'token',
    'access_token',
    'refresh_token',
    'id_token',
    'api_key',
    'apikey',
    'apiKey',
    'key',
    'secret',
    'client_secret',
    'password',
    'pass',
    'signature',
    'sig',
    'auth',
    'code',
    'session',
    'sessionId',
    'X-Amz-Signature',
    'X-Amz-Credential',
    'X-Amz-Security-Token',
  ])('redacts the value of %s', (name) => {
    expect(redactUrl(`https://api.test/a?page=2&${name}=s3cr3t&q=x`)).toBe(
      `https://api.test/a?page=2&${name}=[REDACTED]&q=x`,
    )
  })

  it('keeps harmless parameters and the path', () => {
    const url = 'https://api.test/users/42?page=2&sort=name&filter[status]=active'
    expect(redactUrl(url)).toBe(url)
  })

  it('redacts parameters in the fragment (OAuth implicit flow)', () => {
    expect(redactUrl('https://app.test/cb#access_token=abc&state=xyz&expires_in=3600')).toBe(
      'https://app.test/cb#access_token=[REDACTED]&state=[REDACTED]&expires_in=3600',
    )
  })

  it('handles relative URLs, encoded names and malformed escapes', () => {
    expect(redactUrl('/users?access%5Ftoken=abc')).toBe('/users?access%5Ftoken=[REDACTED]')
    expect(redactUrl('/users?%E0%A4%A=1&token=2')).toBe('/users?%E0%A4%A=1&token=[REDACTED]')
    expect(redactUrl('')).toBe('')
  })

  // Issue 16.5: forms the first redaction missed, each standing for a class of them.
  it.each([
    // a secret-looking name anywhere in a bracketed or nested parameter name
    [
      'https://api.test/login?user[password]=hunter2&page=2',
      'https://api.test/login?user[password]=[REDACTED]&page=2',
    ],
    ['https://api.test/x?auth[token]=abc&q=1', 'https://api.test/x?auth[token]=[REDACTED]&q=1'],
    [
      'https://api.test/x?token[]=a&token[]=b',
      'https://api.test/x?token[]=[REDACTED]&token[]=[REDACTED]',
    ],
    ['https://api.test/x?user%5Bpassword%5D=p', 'https://api.test/x?user%5Bpassword%5D=[REDACTED]'],
    [
      'https://api.test/x?a[b][api_key]=k&a[b][name]=n',
      'https://api.test/x?a[b][api_key]=[REDACTED]&a[b][name]=n',
    ],
    ['https://api.test/x?data.clientSecret=s', 'https://api.test/x?data.clientSecret=[REDACTED]'],
    ['https://api.test/x?passphrase=open%20sesame', 'https://api.test/x?passphrase=[REDACTED]'],
    [
      'https://api.test/x?newPassword=p&PHPSESSID=s',
      'https://api.test/x?newPassword=[REDACTED]&PHPSESSID=[REDACTED]',
    ],
    // path parameters
    [
      'https://api.test/app;jsessionid=ABC123?page=2',
      'https://api.test/app;jsessionid=[REDACTED]?page=2',
    ],
    [
      'https://api.test/cars;color=red;token=t1/list',
      'https://api.test/cars;color=red;token=[REDACTED]/list',
    ],
    // fragments, also behind a hash router's own `?`
    [
      'https://app.test/#/callback?id_token=abc&x=1',
      'https://app.test/#/callback?id_token=[REDACTED]&x=1',
    ],
    // every userinfo form a URL parser accepts: up to the last `@`, behind spaces, controls,
    // tabs or newlines, after backslashes or no slashes, protocol-relative, or inside a parameter
    ['http://user:pa@SECRET@host/x', 'http://host/x'],
    [' http://user:pw@host/x', 'http://host/x'],
    ['\u0000\u001f http://user:pw@host/x \n', 'http://host/x'],
    ['ht\ttp://us\ner:pw@host/x', 'http://host/x'],
    ['http:\\\\user:pw@host/x', 'http:\\\\host/x'],
    ['https:user:pw@host/x', 'https:host/x'],
    ['//user:pw@host/x', '//host/x'],
    [
      'https://api.test/go?next=https://u:p@evil.test/',
      'https://api.test/go?next=https://evil.test/',
    ],
    [
      'https://api.test/go?next=https%3A%2F%2Fu%3Ap%40evil.test%2F',
      'https://api.test/go?next=https%3A%2F%2Fevil.test%2F',
    ],
  ])('redacts %j', (url, redacted) => {
    expect(redactUrl(url)).toBe(redacted)
  })

  it('keeps names that only contain a secret word inside another word, and paths with an @', () => {
    const url = 'https://api.test/users/@me?keyword=a&author=b&monkey=c&design=d&sort=e'
    expect(redactUrl(url)).toBe(url)
  })

  // How long these take is measured in bench/redact.bench.ts; here, that each is read right to its end.
  it.each([
    [
      'a long query, then @s',
      'https://a.test/?' + 'a=&'.repeat(200_000) + '@'.repeat(100_000),
      'https://a.test/?' + 'a=&'.repeat(200_000) + '@'.repeat(100_000),
    ],
    [
      'a long query, then a secret',
      'https://a.test/?' + 'a=&'.repeat(200_000) + 'token=abc',
      'https://a.test/?' + 'a=&'.repeat(200_000) + 'token=[REDACTED]',
    ],
    [
      'spaces around and inside',
      ' '.repeat(200_000) + 'x' + ' '.repeat(200_000) + 'y',
      'x' + ' '.repeat(200_000) + 'y',
    ],
    ['userinfo of colons', 'http://' + ':'.repeat(200_000) + '@', 'http://'],
    [
      'nested schemes without userinfo',
      '?x=' + '://'.repeat(100_000),
      '?x=' + '://'.repeat(100_000),
    ],
    [
      'path parameters without values',
      'https://a.test/' + ';a'.repeat(200_000),
      'https://a.test/' + ';a'.repeat(200_000),
    ],
    [
      'path parameters, then a secret one',
      'https://a.test/' + ';a'.repeat(200_000) + ';jsessionid=1',
      'https://a.test/' + ';a'.repeat(200_000) + ';jsessionid=[REDACTED]',
    ],
  ])('reads a hostile URL to its end: %s', (_, url, redacted) => {
    expect(firstDifference(redactUrl(url), redacted)).toBeUndefined()
  })
})

describe('redactValue', () => {
  it('replaces secret-looking keys at any depth', () => {
    expect(
      redactValue({
        headers: {
          Authorization: 'Bearer abc',
          Cookie: 'sid=1',
          'Set-Cookie': ['a=1'],
          'X-Api-Key': 'k',
          Accept: 'application/json',
        },
        body: {
          password: 'p',
          user: { token: 't', name: 'Ann' },
          client_secret: 's',
          api_key: 'k',
        },
        list: [{ secret: 1 }, 2],
      }),
    ).toEqual({
      headers: {
        Authorization: '[REDACTED]',
        Cookie: '[REDACTED]',
        'Set-Cookie': '[REDACTED]',
        'X-Api-Key': '[REDACTED]',
        Accept: 'application/json',
      },
      body: {
        password: '[REDACTED]',
        user: { token: '[REDACTED]', name: 'Ann' },
        client_secret: '[REDACTED]',
        api_key: '[REDACTED]',
      },
      list: [{ secret: '[REDACTED]' }, 2],
    })
  })

  it('returns a copy and leaves the input alone', () => {
    const input = { a: { token: 'x' } }
    const out = redactValue(input) as typeof input
    expect(out).not.toBe(input)
    expect(input.a.token).toBe('x')
  })

  it('marks cycles, bounds depth and copies primitives as they are', () => {
    const cyclic: Record<string, unknown> = { name: 'a' }
    cyclic.self = cyclic
    expect(redactValue(cyclic)).toEqual({ name: 'a', self: '[Circular]' })
    let deep: unknown = 'bottom'
    for (let i = 0; i < 20; i++) deep = { next: deep }
    expect(JSON.stringify(redactValue(deep))).toContain('[Truncated]')
    expect(redactValue(5)).toBe(5)
    expect(redactValue(null)).toBe(null)
    expect(redactValue('x'.repeat(20_000))).toHaveLength(10_001)
  })

  it('bounds the number of entries', () => {
    const big = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]))
    expect(Object.keys(redactValue(big) as object).length).toBeLessThanOrEqual(1000)
  })

  it('reads fetch Headers', () => {
    expect(redactValue(new Headers({ authorization: 'Bearer x', accept: 'text/html' }))).toEqual({
      accept: 'text/html',
      authorization: '[REDACTED]',
    })
  })

  it('survives getters that throw and keeps __proto__ a plain key', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as object
    Object.defineProperty(hostile, 'boom', {
      enumerable: true,
      get() {
        throw new Error('no')
      },
    })
    const out = redactValue(hostile) as Record<string, unknown>
    expect(out.ok).toBe(1)
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
