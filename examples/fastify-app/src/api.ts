import { createApiClient } from 'resilient-query'
import { sessionStore } from './session'

export const API_URL = import.meta.env.VITE_API_URL ?? 'http://127.0.0.1:3001'

/** What POST /auth/sign-in and /auth/refresh answer; `expiresIn` is in seconds, as in OAuth. */
export interface TokenAnswer {
  accessToken: string
  expiresIn: number
}

export const api = createApiClient({
  baseURL: API_URL,
  timeout: 10_000,
  auth: {
    getAccessToken: () => sessionStore.read()?.accessToken,
    // Runs once for every request that failed with a 401 together (or before a token expires).
    refresh: async ({ signal }) => {
      const session = sessionStore.read()
      if (!session) throw new Error('There is no session to refresh.')
      const { data } = await api.post<TokenAnswer>(
        '/auth/refresh',
        { refreshToken: session.refreshToken },
        { skipAuth: true, signal },
      )
      sessionStore.write({ ...session, accessToken: data.accessToken })
      return { accessToken: data.accessToken, expiresInMs: data.expiresIn * 1000 }
    },
  },
})
