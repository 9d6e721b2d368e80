// Issues 16.11 and 16.13: a message is plain text and a well-formed string whatever the input,
// in the message and in field messages alike.
import { describe, expect, it } from 'vitest'
import { normalizeError } from '../../../src/core/errors'

/** No lone surrogate: in a `u` regex a surrogate pair is one code point, so only a lone one matches. */
const wellFormed = (text: string) => !/\p{Cs}/u.test(text)
// A tag, or the start of one, anywhere: what an app rendering the text as HTML would act on.
const MARKUP = /<[a-z/!?]/i

const NESTED = [
  '<scr<b>ipt>alert(1)</scr</b>ipt>',
  '<<img src=x onerror=alert(1)>img src=x onerror=alert(2)>',
  '<<<<b>b>b>b>img src=x onerror=alert(3)>',
  '&lt;script&gt;alert(4)&lt;/script&gt;',
  '<img src=x onerror=alert(5)//',
  '<scr<scr<scr<b>ipt>ipt>ipt>alert(6)',
]

describe('messages are plain text', () => {
  it.each(NESTED)(
    'leaves no markup of %j in the message, an HTML title or a field message',
    (markup) => {
      const fromJson = normalizeError({
        status: 422,
        headers: {},
        data: { message: `Bad ${markup} input`, errors: [{ field: 'name', message: markup }] },
      })
      const fromHtml = normalizeError({
        status: 500,
        headers: {},
        data: `<html><title>Oops ${markup}</title></html>`,
      })
      for (const text of [
        fromJson.message,
        fromHtml.message,
        ...fromJson.fieldErrors.map((entry) => entry.message),
      ])
        expect(text).not.toMatch(MARKUP)
    },
  )

  it('strips nested tags down to their text', () => {
    expect(normalizeError({ status: 400, headers: {}, data: { message: NESTED[0] } }).message).toBe(
      'alert(1)',
    )
  })

  it('keeps GraphQL tokens and comparisons that are no tags', () => {
    const message = (text: string) =>
      normalizeError({ status: 400, headers: {}, data: { message: text } }).message
    expect(message('Expected Name, found <EOF>.')).toBe('Expected Name, found <EOF>.')
    expect(message('must be < 5 and > 1')).toBe('must be < 5 and > 1')
  })
})

describe('messages are well-formed strings', () => {
  it.each([
    ['&#xD800; in an HTML title', '<html><title>Bad &#xD800; value</title></html>'],
    ['&#55296; in an HTML title', '<html><title>Bad &#55296; value</title></html>'],
    ['&#xDFFF; in a heading', '<html><h1>Bad &#xDFFF; value</h1></html>'],
    ['&#0; in a title', '<html><title>Bad &#0; value</title></html>'],
  ])('replaces a surrogate named by %s', (_, page) => {
    const { message } = normalizeError({ status: 500, headers: {}, data: page })
    expect(message).toBe('Bad \ufffd value')
    expect(() => encodeURIComponent(message)).not.toThrow()
  })

  it('replaces lone surrogates from JSON in the message, code and field errors', () => {
    const error = normalizeError({
      status: 422,
      headers: {},
      data: JSON.parse(
        '{"message":"lone \\ud800 high","code":"E\\udc00","errors":[{"field":"a\\udbff","message":"\\udfff low"}]}',
      ),
    })
    expect(error.message).toBe('lone \ufffd high')
    expect(error.code).toBe('E\ufffd')
    expect(error.fieldErrors).toEqual([{ field: 'a\ufffd', message: '\ufffd low' }])
    for (const text of [error.message, error.code!, JSON.stringify(error)])
      expect(wellFormed(text)).toBe(true)
  })

  it('keeps surrogate pairs', () => {
    expect(
      normalizeError({ status: 400, headers: {}, data: { message: 'ok 😀 &#x1F600;' } }).message,
    ).toBe('ok 😀 😀')
  })
})
