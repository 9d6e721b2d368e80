import { describe, expect, it } from 'vitest'
import { redactUrl, redactValue } from '../../../src/core/errors'

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

  it('stays fast on a hostile URL', () => {
    const url = 'https://a.test/?' + 'a=&'.repeat(200_000) + '@'.repeat(100_000)
    const start = performance.now()
    redactUrl(url)
    expect(performance.now() - start).toBeLessThan(1000)
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
