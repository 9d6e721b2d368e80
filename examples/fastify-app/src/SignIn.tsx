import { useApiMutation } from 'resilient-query'
import type { FormEvent } from 'react'
import { api } from './api'
import type { TokenAnswer } from './api'
import { sessionStore } from './session'

interface SignInAnswer extends TokenAnswer {
  refreshToken: string
}

interface Credentials {
  email: string
  password: string
}

/** The sign-in form; `onSignedIn` runs after the new session is stored. */
export function SignIn({ onSignedIn }: { onSignedIn?: () => void }) {
  const signIn = useApiMutation<SignInAnswer, Credentials>({
    method: 'POST',
    url: '/auth/sign-in',
    // Sign-in carries no token and must never start a refresh.
    config: { skipAuth: true },
    onSuccess: (answer, { email }) => {
      sessionStore.write({
        email,
        accessToken: answer.accessToken,
        refreshToken: answer.refreshToken,
      })
      api.auth?.signIn(answer.accessToken, Date.now() + answer.expiresIn * 1000)
      onSignedIn?.()
    },
  })

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    signIn.mutate({ email: String(form.get('email')), password: String(form.get('password')) })
  }

  return (
    <form onSubmit={submit} aria-label="Sign in">
      <label>
        Email <input name="email" type="email" defaultValue="ada@example.com" />
      </label>
      <label>
        Password <input name="password" type="password" defaultValue="correct horse" />
      </label>
      <button type="submit" disabled={signIn.isPending}>
        Sign in
      </button>
      {signIn.error && <p role="alert">{signIn.error.message}</p>}
    </form>
  )
}
