import type { Meta, StoryObj } from '@storybook/react-vite'
import { useForm as useTanStackForm } from '@tanstack/react-form'
import { useState } from 'react'
import type { ReactNode } from 'react'
import { useForm } from 'react-hook-form'
import { expect, userEvent, within } from 'storybook/test'
import { applyFieldErrors, useApiMutation } from 'resilient-query'
import type { ApiError, FieldErrorsLeft } from 'resilient-query'
import { testSession } from './support/clients'
import { fixture, startPlay } from './support/fixture'
import type { Fault } from './support/fixture'
import { Scenario, buttonStyle } from './support/Scenario'
import { WithSession } from './support/WithSession'

interface SignUp {
  email: string
  address: { city: string }
  items: { qty: number }[]
}
const EMPTY: SignUp = { email: '', address: { city: '' }, items: [{ qty: 0 }] }

// What the API answers on submit (a status fault on POST /api/test/echo): a 422 in FastAPI's
// format, with its own name for the email field and a field the form does not have.
const REFUSAL: Fault = {
  type: 'status',
  status: 422,
  body: {
    detail: [
      { type: 'value_error', loc: ['body', 'email_address'], msg: 'Not a valid email address' },
      { type: 'missing', loc: ['body', 'address', 'city'], msg: 'City is required' },
      { type: 'greater_than', loc: ['body', 'items', 0, 'qty'], msg: 'Must be at least 1' },
      { type: 'value_error', loc: ['body', 'tenant_id'], msg: 'Unknown tenant' },
    ],
  },
}
// The API calls the email `email_address`; the form calls it `email`.
const RENAME = { email_address: 'email' }

const fieldStyle = { display: 'grid', gap: 2 } as const
const errorStyle = { color: '#b91c1c', fontSize: 12, margin: 0 } as const

/** One input with its label and, linked by aria-describedby, its message. */
function Field({
  id,
  label,
  error,
  input,
}: {
  id: string
  label: string
  error: string | undefined
  input: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string }) => ReactNode
}) {
  return (
    <div style={fieldStyle}>
      <label htmlFor={id} style={{ fontSize: 13, fontWeight: 600 }}>
        {label}
      </label>
      {input({ id, 'aria-invalid': Boolean(error), 'aria-describedby': `${id}-error` })}
      <p id={`${id}-error`} style={errorStyle}>
        {error}
      </p>
    </div>
  )
}

function Left({ left }: { left: FieldErrorsLeft | undefined }) {
  return left ? (
    <p style={{ fontSize: 12 }}>
      applyFieldErrors returned: <code data-testid="left">{JSON.stringify(left)}</code>
    </p>
  ) : null
}

/** Arms the refusal, then sends: the fixture answers the next sign-up with REFUSAL. */
const refuseNext = () => fixture.setFault('POST /test/echo', REFUSAL)

function ReactHookFormSignUp() {
  const { register, handleSubmit, setError, formState } = useForm<SignUp>({ defaultValues: EMPTY })
  const [left, setLeft] = useState<FieldErrorsLeft>()
  const signUp = useApiMutation<unknown, SignUp>({
    url: '/echo',
    // react-hook-form's setError cannot tell which fields the form has: `fields` says so.
    onError: (error) =>
      setLeft(
        applyFieldErrors(error, setError, {
          rename: RENAME,
          fields: ['email', 'address.city', 'items.0.qty'],
        }),
      ),
  })
  const { errors } = formState
  return (
    <form
      aria-label="sign up"
      noValidate
      style={{ display: 'grid', gap: 8, maxWidth: 360 }}
      onSubmit={(event) =>
        void handleSubmit(async (values) => {
          await refuseNext()
          signUp.mutate(values)
        })(event)
      }
    >
      <Field
        id="email"
        label="Email"
        error={errors.email?.message}
        input={(props) => <input {...props} {...register('email')} />}
      />
      <Field
        id="city"
        label="City"
        error={errors.address?.city?.message}
        input={(props) => <input {...props} {...register('address.city')} />}
      />
      <Field
        id="qty"
        label="Quantity"
        error={errors.items?.[0]?.qty?.message}
        input={(props) => <input {...props} {...register('items.0.qty')} />}
      />
      <p role="alert" style={{ ...errorStyle, whiteSpace: 'pre-line' }}>
        {errors.root?.message}
      </p>
      <button type="submit" style={buttonStyle} disabled={signUp.isPending}>
        Sign up
      </button>
      <Left left={left} />
    </form>
  )
}

function TanStackFormSignUp() {
  const [left, setLeft] = useState<FieldErrorsLeft>()
  const signUp = useApiMutation<unknown, SignUp>({ url: '/echo' })
  const form = useTanStackForm({
    defaultValues: EMPTY,
    onSubmit: async ({ value }) => {
      await refuseNext()
      // TanStack Form's form knows its fields: the rest become its form-level error.
      await signUp
        .mutateAsync(value)
        .catch((error: ApiError) => setLeft(applyFieldErrors(error, form, { rename: RENAME })))
    },
  })
  const field = (name: 'email' | 'address.city' | 'items[0].qty', id: string, label: string) => (
    <form.Field name={name}>
      {(api) => (
        <Field
          id={id}
          label={label}
          error={api.state.meta.errors.join(' ') || undefined}
          input={(props) => (
            <input
              {...props}
              name={api.name}
              value={String(api.state.value)}
              onBlur={api.handleBlur}
              onChange={(event) => api.handleChange(event.target.value)}
            />
          )}
        />
      )}
    </form.Field>
  )
  return (
    <form
      aria-label="sign up"
      noValidate
      style={{ display: 'grid', gap: 8, maxWidth: 360 }}
      onSubmit={(event) => {
        event.preventDefault()
        void form.handleSubmit()
      }}
    >
      {field('email', 'email', 'Email')}
      {field('address.city', 'city', 'City')}
      {field('items[0].qty', 'qty', 'Quantity')}
      <form.Subscribe selector={(state) => state.errors}>
        {(errors) => (
          <p role="alert" style={{ ...errorStyle, whiteSpace: 'pre-line' }}>
            {errors.join('\n')}
          </p>
        )}
      </form.Subscribe>
      <button type="submit" style={buttonStyle} disabled={signUp.isPending}>
        Sign up
      </button>
      <Left left={left} />
    </form>
  )
}

function FormDemo({ library, children }: { library: string; children: ReactNode }) {
  const [session] = useState(() => testSession())
  return (
    <Scenario
      title={`The sign-up form in ${library}, fed by applyFieldErrors`}
      intro="On submit the server refuses the sign-up with a 422 in FastAPI's format (loc/msg). applyFieldErrors puts each message on its input (address.city and items.0.qty included), renames the API's email_address to the form's email, and turns the error on tenant_id, a field the form lacks, into the form-level message, which it also returns. Neither form library is imported by resilient-query."
    >
      <WithSession session={session} gate={false}>
        {children}
      </WithSession>
    </Scenario>
  )
}

const meta = {
  title: 'Forms/Form libraries',
} satisfies Meta

export default meta
type Story = StoryObj<typeof meta>

/** Submits, then checks each message on its input and the form-level one. */
async function submitAndCheck(canvasElement: HTMLElement) {
  const canvas = within(canvasElement)
  await userEvent.type(canvas.getByLabelText('Email'), 'ada@example')
  await userEvent.click(canvas.getByRole('button', { name: 'Sign up' }))
  await expect(await canvas.findByText('Not a valid email address')).toBeInTheDocument()
  await expect(canvas.getByLabelText('Email')).toHaveAccessibleDescription(
    'Not a valid email address',
  )
  await expect(canvas.getByLabelText('City')).toHaveAccessibleDescription('City is required')
  await expect(canvas.getByLabelText('Quantity')).toHaveAccessibleDescription('Must be at least 1')
  await expect(canvas.getByRole('alert')).toHaveTextContent('tenant_id: Unknown tenant')
  await expect(canvas.getByTestId('left')).toHaveTextContent('"field":"tenant_id"')
}

export const ReactHookForm: Story = {
  render: () => (
    <FormDemo library="react-hook-form">
      <ReactHookFormSignUp />
    </FormDemo>
  ),
  play: async ({ mount, canvasElement }) => {
    await startPlay({ mount, canvasElement })
    await submitAndCheck(canvasElement)
  },
}

export const TanStackForm: Story = {
  render: () => (
    <FormDemo library="TanStack Form">
      <TanStackFormSignUp />
    </FormDemo>
  ),
  play: async ({ mount, canvasElement }) => {
    await startPlay({ mount, canvasElement })
    await submitAndCheck(canvasElement)
  },
}
