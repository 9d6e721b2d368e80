import { useApiMutation } from 'resilient-query'
import type { FormEvent } from 'react'

interface Profile {
  email: string
  name: string
  address: { city: string; postcode: string }
}

/** Each input with the server's message for its field (a dotted path) right below it. */
const FIELDS = [
  { name: 'email', label: 'Email' },
  { name: 'name', label: 'Name' },
  { name: 'address.city', label: 'City' },
  { name: 'address.postcode', label: 'Postcode' },
] as const

/**
 * A form validated by the API alone (Fastify's JSON schema, every error at once): each message
 * appears next to its input, whatever the API's error format.
 */
export function ProfilePanel() {
  const save = useApiMutation<Profile, Profile>({ method: 'POST', url: '/api/profile' })

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const text = (name: string) => String(form.get(name) ?? '')
    save.mutate({
      email: text('email'),
      name: text('name'),
      address: { city: text('address.city'), postcode: text('address.postcode') },
    })
  }

  const fieldLevel = save.fieldErrors.length > 0
  return (
    <form onSubmit={submit} aria-label="Profile" noValidate>
      {FIELDS.map((field) => {
        const message = save.fieldError(field.name)
        const id = `profile-${field.name.replace('.', '-')}`
        return (
          <div key={field.name}>
            <label htmlFor={id}>{field.label}</label>
            <input
              id={id}
              name={field.name}
              aria-invalid={message !== undefined}
              aria-describedby={`${id}-error`}
            />
            <p id={`${id}-error`} data-testid="field-error">
              {message}
            </p>
          </div>
        )
      })}
      <button type="submit" disabled={save.isPending}>
        Save
      </button>
      {save.error && !fieldLevel && <p role="alert">{save.error.message}</p>}
      {save.isSuccess && <p role="status">Saved</p>}
    </form>
  )
}
