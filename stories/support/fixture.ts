import { within } from 'storybook/test'
import type { Fault } from '../../test/fixture/faults.js'
import type { FixtureStats } from '../../test/fixture/counters.js'
import type { RecordedRequest } from '../../test/fixture/requestLog.js'
import { fixture as control } from '../../test/browser/fixtureControl'

export type { Fault, FixtureStats, RecordedRequest }

/** Where Storybook's dev server mounts the fixture API (see .storybook/main.ts). */
export const FIXTURE_BASE = '/api'
const CONTROL = `${FIXTURE_BASE}/__fixture`

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${CONTROL}${path}`, init)
  if (!response.ok)
    throw new Error(`fixture control ${path}: ${response.status} ${await response.text()}`)
  const text = await response.text()
  return (text === '' ? undefined : JSON.parse(text)) as T
}

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

/** `?via=panel` marks the polls of the on-screen panels (the control routes ignore it). */
const reads = (via: string) => ({
  stats: () => call<FixtureStats>(`/stats${via && `?${via}`}`),
  hits: async (route: string) =>
    (await call<{ hits: number }>(`/hits?route=${encodeURIComponent(route)}${via && `&${via}`}`))
      .hits,
  /** What the server saw, oldest first; every route when `route` is omitted. */
  requests: async (route?: string) =>
    (
      await call<{ requests: RecordedRequest[] }>(
        route === undefined
          ? `/requests${via && `?${via}`}`
          : `/requests?route=${encodeURIComponent(route)}${via && `&${via}`}`,
      )
    ).requests,
})

/** The reads the panels poll with, marked so that scripts/screenshots.mjs can tell them from a play's. */
export const panelReads = reads('via=panel')

/**
 * The fixture's control routes (`/api/__fixture/…`), which are neither recorded nor faulted. Every
 * play starts with `fixture.reset()`: the story files share one fixture and run in any order.
 */
export const fixture = {
  ...reads(''),
  reset: control.reset,
  /** Makes the next matching call(s) fail; faults on one route play in the order they were set. */
  setFault: (route: string, fault: Fault) => call('/faults', json('POST', { route, fault })),
  clearFaults: (route?: string) =>
    call(route === undefined ? '/faults' : `/faults?route=${encodeURIComponent(route)}`, {
      method: 'DELETE',
    }),
  /** Expires every access token (and, with `refreshTokens`, every refresh token) on the server. */
  expireTokens: (options: { refreshTokens?: boolean } = {}) =>
    call('/expire-tokens', json('POST', options)),
}

/**
 * Every play's opening: a fresh fixture first (the story files share one and run in any order), then
 * the faults the play sets up (`{ 'GET /test/items': { type: 'stall' } }`), then the story itself,
 * mounted only now so that what it sends meets these faults and none of the previous story's.
 */
export async function startPlay(
  { mount, canvasElement }: { mount: () => Promise<unknown>; canvasElement: HTMLElement },
  faults: Readonly<Record<string, Fault>> = {},
) {
  await fixture.reset()
  for (const [route, fault] of Object.entries(faults)) await fixture.setFault(route, fault)
  await mount()
  return within(canvasElement)
}
