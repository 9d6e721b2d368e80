import { useForm as useTanStackForm } from '@tanstack/react-form'
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { version } from 'react'
import { useForm } from 'react-hook-form'
import { describe, expect, it } from 'vitest'
import { CREDENTIALS } from '../fixture/credentials.js'
import { withFixtureServer } from '../fixture/withFixtureServer.js'
import type { JsonValue } from '../fixture/json.js'
import type { ApiError } from '../../src/core/errors/ApiError'
import { applyFieldErrors } from '../../src/react/applyFieldErrors'
import type { ApplyFieldErrorsOptions, FieldErrorsLeft } from '../../src/react/applyFieldErrors'
import { useApiMutation } from '../../src/react/useApiMutation'
import { guardConsoleError } from './consoleGuard'
import { renderWithApi } from './harness'

const fixture = withFixtureServer()
guardConsoleError()

const EMAIL = 'Enter a valid email address.'
const CITY = 'City is required.'
const QTY = 'Quantity must be at least 1.'
const TENANT = 'Unknown tenant.'

interface SignUp {
  email: string
  address: { city: string }
  items: { qty: number }[]
}
const values: SignUp = { email: 'x', address: { city: '' }, items: [{ qty: 0 }] }

/** Where a seed's 422 comes from, and the body it answers with (the seed's own format). */
interface Seed {
  name: string
  route: string
  url: string
  headers?: Record<string, string>
  body: Record<string, unknown>
}

// The same four field errors (three on the form's fields, one on a field it lacks), as each seed
// API writes them.
const seeds: Seed[] = [
  {
    name: "Monetro's POST /users ({error: {details}})",
    route: 'POST /monetro/api/users',
    url: '/monetro/api/users',
    body: {
      error: {
        message: 'Validation failed',
        code: 'INVALID_INPUT',
        status: 422,
        details: [
          { field: 'email', message: EMAIL },
          { field: 'address.city', message: CITY },
          { field: 'items.0.qty', message: QTY },
          { field: 'tenant_id', message: TENANT },
        ],
      },
    },
  },
  {
    name: "Maesn's POST /invoices ({errors: [{field}]})",
    route: 'POST /maesn/accounting/invoices',
    url: '/maesn/accounting/invoices',
    headers: {
      'X-API-KEY': CREDENTIALS.maesn.apiKey,
      'X-ACCOUNT-KEY': CREDENTIALS.maesn.accountKey,
    },
    body: {
      errors: [
        { code: 'VALIDATION_ERROR', message: EMAIL, field: 'email' },
        { code: 'VALIDATION_ERROR', message: CITY, field: 'address.city' },
        { code: 'VALIDATION_ERROR', message: QTY, field: 'items.0.qty' },
        { code: 'VALIDATION_ERROR', message: TENANT, field: 'tenant_id' },
      ],
      downstreamErrors: [],
    },
  },
  {
    name: 'FastAPI ({detail: [{loc, msg}]}) on /test/echo',
    route: 'POST /test/echo',
    url: '/test/echo',
    body: {
      detail: [
        { type: 'value_error', loc: ['body', 'email'], msg: EMAIL, input: 'x' },
        { type: 'missing', loc: ['body', 'address', 'city'], msg: CITY, input: null },
        { type: 'greater_than_equal', loc: ['body', 'items', 0, 'qty'], msg: QTY, input: 0 },
        { type: 'value_error', loc: ['body', 'tenant_id'], msg: TENANT, input: 'x' },
      ],
    },
  },
]

const refuse = (seed: Seed) =>
  fixture.api.setFault(seed.route, {
    type: 'status',
    status: 422,
    body: seed.body as JsonValue,
  })

/** The sign-up form in react-hook-form: each message next to its input, linked by aria-describedby. */
function ReactHookFormSignUp({
  seed,
  options,
  onLeft,
}: {
  seed: Seed
  options?: ApplyFieldErrorsOptions | undefined
  onLeft: (left: FieldErrorsLeft) => void
}) {
  const { register, handleSubmit, setError, formState } = useForm<SignUp>({ defaultValues: values })
  const save = useApiMutation<unknown, SignUp>({
    url: seed.url,
    config: { headers: seed.headers ?? {} },
    onError: (error) => onLeft(applyFieldErrors(error, setError, options)),
  })
  const { errors } = formState
  return (
    <form onSubmit={(event) => void handleSubmit((form) => save.mutate(form))(event)}>
      <label htmlFor="email">Email</label>
      <input id="email" aria-describedby="email-error" {...register('email')} />
      <p id="email-error">{errors.email?.message}</p>
      <label htmlFor="city">City</label>
      <input id="city" aria-describedby="city-error" {...register('address.city')} />
      <p id="city-error">{errors.address?.city?.message}</p>
      <label htmlFor="qty">Quantity</label>
      <input id="qty" aria-describedby="qty-error" {...register('items.0.qty')} />
      <p id="qty-error">{errors.items?.[0]?.qty?.message}</p>
      <p role="alert">{errors.root?.message}</p>
      <button type="submit">Sign up</button>
    </form>
  )
}

/** The same form in TanStack Form. */
function TanStackFormSignUp({
  seed,
  options,
  onLeft,
}: {
  seed: Seed
  options?: ApplyFieldErrorsOptions | undefined
  onLeft: (left: FieldErrorsLeft) => void
}) {
  const save = useApiMutation<unknown, SignUp>({
    url: seed.url,
    config: { headers: seed.headers ?? {} },
  })
  const form = useTanStackForm({
    defaultValues: values,
    onSubmit: async ({ value }) => {
      await save.mutateAsync(value).catch((error: ApiError) => {
        onLeft(applyFieldErrors(error, form, options))
      })
    },
  })
  const field = (name: 'email' | 'address.city' | 'items[0].qty', label: string, id: string) => (
    <form.Field name={name}>
      {(api) => (
        <>
          <label htmlFor={id}>{label}</label>
          <input
            id={id}
            aria-describedby={`${id}-error`}
            value={String(api.state.value)}
            onChange={(event) => api.handleChange(event.target.value)}
          />
          <p id={`${id}-error`}>{api.state.meta.errors.join(' ')}</p>
        </>
      )}
    </form.Field>
  )
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        void form.handleSubmit()
      }}
    >
      {field('email', 'Email', 'email')}
      {field('address.city', 'City', 'city')}
      {field('items[0].qty', 'Quantity', 'qty')}
      <form.Subscribe selector={(state) => state.errors}>
        {(errors) => <p role="alert">{errors.join(' ')}</p>}
      </form.Subscribe>
      <button type="submit">Sign up</button>
    </form>
  )
}

// react-hook-form's setError cannot tell which fields the form has, so the form says so
// (`fields`); TanStack Form's form knows its registered fields. TanStack Form runs on the React 19
// leg only: its store reaches React through use-sync-external-store's CommonJS shim, which the
// React 18 leg's alias cannot redirect, so it would load a second React there.
const forms = [
  ['react-hook-form', ReactHookFormSignUp, { fields: ['email', 'address.city', 'items.0.qty'] }],
  ...(version.startsWith('18.') ? [] : [['TanStack Form', TanStackFormSignUp, {}] as const]),
] as const

async function submit() {
  fireEvent.click(screen.getByRole('button', { name: 'Sign up' }))
  await waitFor(() => expect(screen.getByLabelText('Email')).toHaveAccessibleDescription(EMAIL), {
    timeout: 5_000,
  })
}

describe.each(forms)(`applyFieldErrors into %s (React ${version})`, (_, SignUpForm, options) => {
  it.each(seeds)(
    'puts a 422 from $name on the right inputs, nested paths included',
    async (seed) => {
      refuse(seed)
      const left: FieldErrorsLeft[] = []
      renderWithApi(<SignUpForm seed={seed} options={options} onLeft={(l) => left.push(l)} />, {
        baseURL: fixture.url,
      })
      await submit()
      expect(screen.getByLabelText('City')).toHaveAccessibleDescription(CITY)
      expect(screen.getByLabelText('Quantity')).toHaveAccessibleDescription(QTY)
      // The form has no tenant field: its message becomes the form-level one, and is returned.
      expect(screen.getByRole('alert')).toHaveTextContent(`tenant_id: ${TENANT}`)
      expect(left).toEqual([
        {
          unplaced: [expect.objectContaining({ field: 'tenant_id', message: TENANT })],
          formMessage: `tenant_id: ${TENANT}`,
        },
      ])
      expect(fixture.api.hits(seed.route)).toBe(1)
    },
  )

  it('renames the API paths with a map or a function', async () => {
    const seed: Seed = {
      name: 'snake_case',
      route: 'POST /test/echo',
      url: '/test/echo',
      body: {
        message: 'Invalid',
        errors: { email_address: [EMAIL], 'address.city_name': [CITY], 'line_items.0.qty': [QTY] },
      },
    }
    refuse(seed)
    const rename = (path: string) =>
      ({ email_address: 'email', 'address.city_name': 'address.city' })[path] ??
      path.replace('line_items', 'items')
    renderWithApi(
      <SignUpForm seed={seed} options={{ ...options, rename }} onLeft={() => undefined} />,
      {
        baseURL: fixture.url,
      },
    )
    await submit()
    expect(screen.getByLabelText('City')).toHaveAccessibleDescription(CITY)
    expect(screen.getByLabelText('Quantity')).toHaveAccessibleDescription(QTY)
    expect(screen.getByRole('alert')).toHaveTextContent(/^$/)
  })

  it('sends the message of an error that names no field to the form level', async () => {
    fixture.api.setFault('POST /test/echo', {
      type: 'status',
      status: 409,
      message: 'This email is already registered.',
    })
    const seed: Seed = { name: 'conflict', route: 'POST /test/echo', url: '/test/echo', body: {} }
    renderWithApi(<SignUpForm seed={seed} onLeft={() => undefined} />, { baseURL: fixture.url })
    fireEvent.click(screen.getByRole('button', { name: 'Sign up' }))
    expect(
      await screen.findByText('This email is already registered.', undefined, { timeout: 5_000 }),
    ).toHaveAttribute('role', 'alert')
  })
})

describe('applyFieldErrors with a callback', () => {
  it('calls it once per field, with the first message, and keeps the map renames', () => {
    const calls: [string, string][] = []
    const error = {
      message: 'Validation failed',
      fieldErrors: [
        { field: 'first_name', message: 'Required' },
        { field: 'first_name', message: 'Too short' },
        { field: 'age', message: 'Must be a number' },
      ],
    } as unknown as ApiError
    const left = applyFieldErrors(error, (field, message) => calls.push([field, message]), {
      rename: { first_name: 'firstName' },
      fields: ['firstName'],
    })
    expect(calls).toEqual([['firstName', 'Required']])
    expect(left).toEqual({
      unplaced: [{ field: 'age', message: 'Must be a number' }],
      formMessage: 'age: Must be a number',
    })
  })

  it('does nothing without an error', () => {
    const calls: unknown[] = []
    expect(applyFieldErrors(null, (field, message) => calls.push([field, message]))).toEqual({
      unplaced: [],
      formMessage: undefined,
    })
    expect(calls).toEqual([])
  })
})
