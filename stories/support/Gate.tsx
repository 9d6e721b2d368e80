import { useState } from 'react'
import type { ReactNode } from 'react'
import type { Session } from './clients'
import { Button } from './Scenario'

/**
 * Renders `children` once the session is signed in: the sign-in is a button, so that a play (or a
 * person) decides when the first request goes out, after the fixture was reset.
 */
export function SignInGate({
  session,
  children,
  label = 'Sign in',
}: {
  session: Session
  children: ReactNode
  label?: string
}) {
  const [state, setState] = useState<'out' | 'pending' | 'in' | Error>('out')
  if (state === 'in') return <>{children}</>
  return (
    <div>
      <Button
        disabled={state === 'pending'}
        onClick={() => {
          setState('pending')
          session.signIn().then(
            () => setState('in'),
            (error: unknown) => setState(error instanceof Error ? error : new Error(String(error))),
          )
        }}
      >
        {label}
      </Button>
      {state instanceof Error ? <p role="alert">Sign-in failed: {state.message}</p> : null}
    </div>
  )
}
