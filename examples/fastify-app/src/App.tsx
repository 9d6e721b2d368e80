import { ApiErrorBoundary, ApiProvider, useAuthState } from 'resilient-query'
import { useSyncExternalStore } from 'react'
import { Announcements } from './Announcements'
import { api } from './api'
import { ExportPanel } from './panels/Export'
import { Items, OneItem } from './panels/Items'
import { ProfilePanel } from './panels/Profile'
import { ReportPanel } from './panels/Report'
import { StatsPanel } from './panels/Stats'
import { sessionStore, useSession } from './session'
import { SignIn } from './SignIn'

const PANELS = {
  home: { title: 'Home', Panel: () => <p>Pick a panel above.</p> },
  items: { title: 'Ten items', Panel: Items },
  item: { title: 'One item', Panel: OneItem },
  stats: { title: 'Statistics', Panel: StatsPanel },
  report: { title: 'Report', Panel: ReportPanel },
  export: { title: 'Export', Panel: ExportPanel },
  profile: { title: 'Profile', Panel: ProfilePanel },
} as const
type PanelName = keyof typeof PANELS

const isPanelName = (name: string): name is PanelName => Object.hasOwn(PANELS, name)

function subscribeToHash(onChange: () => void) {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

/** The panel named by the URL's hash (`#items`), so that a reload shows the same one. */
function usePanel(): PanelName {
  const name = useSyncExternalStore(subscribeToHash, () => window.location.hash.slice(1))
  return isPanelName(name) ? name : 'home'
}

function AuthStatus() {
  const session = useSession()
  const state = useAuthState()
  return (
    <p>
      Session: <output data-testid="auth-state">{session ? state : 'none'}</output>
      {session && (
        <>
          {' '}
          ({session.email}){' '}
          <button
            type="button"
            onClick={() => {
              api.auth?.signOut()
              sessionStore.clear()
            }}
          >
            Sign out
          </button>
        </>
      )}
    </p>
  )
}

function Dashboard() {
  const current = usePanel()
  const { Panel } = PANELS[current]
  return (
    <main>
      <nav>
        {Object.entries(PANELS).map(([name, panel]) => (
          <a key={name} href={`#${name}`} aria-current={name === current ? 'page' : undefined}>
            {panel.title}
          </a>
        ))}
      </nav>
      <h2>{PANELS[current].title}</h2>
      <Panel />
    </main>
  )
}

function SessionEnded({ onSignedIn }: { onSignedIn: () => void }) {
  return (
    <main data-testid="session-ended">
      <p>Your session has ended. Please sign in again.</p>
      <SignIn onSignedIn={onSignedIn} />
    </main>
  )
}

function Main() {
  const session = useSession()
  const state = useAuthState()
  if (!session) {
    return (
      <main>
        <SignIn />
      </main>
    )
  }
  // A refresh that failed outside any query (a proactive one, say) shows here; one that failed a
  // query reaches the boundary around this component.
  if (state === 'signed-out') return <SessionEnded onSignedIn={() => undefined} />
  return <Dashboard />
}

export function App() {
  return (
    <ApiProvider client={api}>
      <header>
        <h1>resilient-query example</h1>
        <AuthStatus />
        <Announcements />
      </header>
      {/* The app's own boundary handles one kind: a session that could not be renewed. Panels have
          boundaries of their own for what they can recover from. */}
      <ApiErrorBoundary
        kinds={['unauthorized']}
        fallbackRender={({ reset }) => <SessionEnded onSignedIn={reset} />}
      >
        <Main />
      </ApiErrorBoundary>
    </ApiProvider>
  )
}
