import type { ReactNode } from 'react'
import { ApiProvider, useAuthState } from 'resilient-query'
import type { Session } from './clients'
import { SignInGate } from './Gate'
import { RequestLogPanel } from './RequestLogPanel'

/** The ApiProvider for a session, its sign-in button when it needs one, and its request log below. */
export function WithSession({
  session,
  children,
  gate = true,
}: {
  session: Session
  children: ReactNode
  gate?: boolean
}) {
  return (
    <ApiProvider client={session.client}>
      {gate ? <SignInGate session={session}>{children}</SignInGate> : children}
      <RequestLogPanel log={session.log} />
    </ApiProvider>
  )
}

/** The client's auth state, as useAuthState() reports it. */
export function AuthBadge() {
  const state = useAuthState()
  const color = state === 'idle' ? '#15803d' : state === 'refreshing' ? '#b45309' : '#b91c1c'
  return (
    <p style={{ fontSize: 14, margin: '4px 0' }}>
      useAuthState():{' '}
      <strong data-testid="auth-state" style={{ color }}>
        {state}
      </strong>
    </p>
  )
}
