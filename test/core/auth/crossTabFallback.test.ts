// @vitest-environment jsdom
// jsdom has no Web Locks: `crossTab: true` must leave a client exactly as it is without it. The
// node-cross-tab project runs the whole Node auth suite the same way.
import { describe, expect, it } from 'vitest'
import { withFixtureServer } from '../../fixture/withFixtureServer.js'
import { authStateReached, monogotoClient } from './authClient'

const fixture = withFixtureServer()

describe('crossTab where Web Locks are missing (jsdom)', () => {
  it('has no navigator.locks here, so the single-tab path is the one under test', () => {
    expect((navigator as { locks?: unknown }).locks).toBeUndefined()
  })

  it('refreshes once for concurrent 401s and replays them, as without the option', async () => {
    const client = monogotoClient(fixture, { crossTab: { name: 'jsdom-test' } })
    fixture.api.expireTokens()
    const results = await Promise.all(
      Array.from({ length: 5 }, () => client.api.get('/test/protected')),
    )
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
    expect(client.refreshCalls).toBe(1)
  })

  it('signs out without throwing when there is no other tab to tell', async () => {
    const client = monogotoClient(fixture, { crossTab: true })
    const signedOut = authStateReached(client.api, 'signed-out')
    expect(() => client.api.auth!.signOut()).not.toThrow()
    await signedOut
    expect(client.api.auth!.getState()).toBe('signed-out')
  })
})
