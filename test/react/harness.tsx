import { act, render } from '@testing-library/react'
import type { ReactNode } from 'react'
import { vi } from 'vitest'
import { createApiClient } from '../../src/core/client'
import type { ApiClientOptions } from '../../src/core/client'
import { ApiProvider } from '../../src/react/ApiProvider'
import type { ApiProviderProps } from '../../src/react/ApiProvider'

export function renderWithApi(
  ui: ReactNode,
  options: ApiClientOptions & { provider?: Omit<ApiProviderProps, 'client' | 'children'> } = {},
) {
  const { provider, ...clientOptions } = options
  const client = createApiClient(clientOptions)
  const view = render(
    <ApiProvider client={client} {...provider}>
      {ui}
    </ApiProvider>,
  )
  return { client, ...view }
}

/**
 * With fake timers, moves time forward in small steps, letting real I/O (the fixture server on
 * 127.0.0.1) and React catch up between steps, until `done()` holds.
 */
export async function advanceUntil(done: () => boolean, { stepMs = 50, maxMs = 300_000 } = {}) {
  for (let elapsed = 0; elapsed <= maxMs; elapsed += stepMs) {
    if (done()) return
    await act(async () => {
      await new Promise((resolve) => setImmediate(resolve))
      await vi.advanceTimersByTimeAsync(stepMs)
    })
  }
  throw new Error(`advanceUntil: still not done after ${maxMs} ms of fake time`)
}

/** Lets real I/O and React settle without moving fake time. */
export async function flushIO(rounds = 20) {
  for (let i = 0; i < rounds; i++) {
    await act(async () => {
      await new Promise((resolve) => setImmediate(resolve))
    })
  }
}
