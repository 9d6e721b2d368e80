import { act, render, screen } from '@testing-library/react'
import axios from 'axios'
import { describe, expect, it } from 'vitest'
import { withFixtureServer } from '../fixture/withFixtureServer.js'
import { createApiClient } from '../../src/core/client'
import { ApiProvider } from '../../src/react/ApiProvider'
import { useAuthState } from '../../src/react/useAuthState'

const fixture = withFixtureServer()

function AuthBadge() {
  return <p>auth: {useAuthState()}</p>
}

describe('useAuthState', () => {
  it('shows signed-out after the refresh fails, and idle again after a new sign-in', async () => {
    const issued = fixture.api.issueToken()
    const store = { access: issued.accessToken }
    const client = createApiClient({
      baseURL: fixture.url,
      auth: {
        getAccessToken: () => store.access,
        refresh: async () => {
          const { data } = await axios.post(`${fixture.url}/monogoto/v1/auth/refresh`, {
            refresh_token: 'revoked',
          })
          return data.access_token as string
        },
      },
    })
    render(
      <ApiProvider client={client}>
        <AuthBadge />
      </ApiProvider>,
    )
    expect(screen.getByText('auth: idle')).toBeInTheDocument()
    fixture.api.expireTokens()
    await act(() => client.get('/test/protected').catch(() => undefined))
    expect(screen.getByText('auth: signed-out')).toBeInTheDocument()
    act(() => client.auth!.signIn(fixture.api.issueToken().accessToken))
    expect(screen.getByText('auth: idle')).toBeInTheDocument()
  })

  it('is always idle for a client without auth', () => {
    render(
      <ApiProvider client={createApiClient()}>
        <AuthBadge />
      </ApiProvider>,
    )
    expect(screen.getByText('auth: idle')).toBeInTheDocument()
  })
})
