// A 3xx the app chose not to follow is an answer from the server, not a broken transport.
import { describe, expect, it } from 'vitest'
import { createApiClient } from '../../../src/core/client'
import type { ApiError } from '../../../src/core/errors/ApiError'
import { withFixtureServer } from '../../fixture/withFixtureServer.js'

const fixture = withFixtureServer()

describe('a redirect the app asked not to follow (maxRedirects: 0)', () => {
  it.each([301, 302, 303, 307, 308])(
    'is an http error with its status %i, not a network failure',
    async (status) => {
      const api = createApiClient({ baseURL: fixture.url })
      const error = (await api
        .get(`/test/status/${status}`, {
          maxRedirects: 0,
          params: { header: `Location: ${fixture.url}/test/echo` },
        })
        .catch((caught: unknown) => caught)) as ApiError
      expect(error).toMatchObject({ kind: 'http', status, retryable: false })
      // one request: not retried as a network error, not followed
      expect(fixture.api.requests().map((request) => request.path)).toEqual([
        `/test/status/${status}`,
      ])
    },
  )
})
