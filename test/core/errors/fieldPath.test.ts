import { describe, expect, it } from 'vitest'
import { toFieldPath } from '../../../src/core/errors'

describe('toFieldPath', () => {
  it.each<[string | (string | number)[], string]>([
    ['email', 'email'],
    ['address.city', 'address.city'],
    ['/data/attributes/email', 'email'],
    ['/data/attributes/address/city', 'address.city'],
    ['/data/relationships/author', 'author'],
    ['/data', 'data'],
    ['#/address/city', 'address.city'],
    ['/items/0/qty', 'items.0.qty'],
    ['/a~1b/c~0d', 'a/b.c~d'],
    ['items[0].qty', 'items.0.qty'],
    ['card[number]', 'card.number'],
    ['line_items[0][price]', 'line_items.0.price'],
    ["$['email']", 'email'],
    ['$.address.city', 'address.city'],
    ['$.items[2].name', 'items.2.name'],
    ['$', ''],
    [['body', 'email'], 'email'],
    [['body', 'items', 0, 'qty'], 'items.0.qty'],
    [['query', 'limit'], 'limit'],
    [['path', 'id'], 'id'],
    [['header', 'x-token'], 'x-token'],
    ['body.email', 'email'],
    ['params.id', 'id'],
    ['form.name', 'name'],
    ['cookie.session', 'session'],
    ['headers.accept', 'accept'],
    ['Body.Email', 'Email'],
    ['body', 'body'],
    [['body'], ''],
    ['/body', ''],
    ['/requestBody/address/city', 'address.city'],
    ['', ''],
    ['  name  ', 'name'],
  ])('turns %j into %j', (raw, expected) => {
    expect(toFieldPath(raw)).toBe(expected)
  })

  it('keeps a location word that is not the first segment', () => {
    expect(toFieldPath('post.body')).toBe('post.body')
  })
})
