import { useApiQuery } from 'resilient-query'

interface Announcement {
  id: number
  text: string
}

/**
 * A widget in the page header, outside every error boundary: when its request fails, it says so
 * in place, and the rest of the page stays.
 */
export function Announcements() {
  const announcements = useApiQuery<Announcement[]>({
    queryKey: ['announcements'],
    url: '/announcements',
    // A public endpoint, and a widget nobody waits for: no token, no retries.
    config: { skipAuth: true, retry: false },
  })
  if (announcements.error) {
    return (
      <p data-testid="announcements-error">
        Announcements are unavailable: {announcements.error.message}
      </p>
    )
  }
  return (
    <ul data-testid="announcements">
      {announcements.data?.map((announcement) => (
        <li key={announcement.id}>{announcement.text}</li>
      ))}
    </ul>
  )
}
