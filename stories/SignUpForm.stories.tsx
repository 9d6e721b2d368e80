import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import type { FormEvent } from 'react'
import { expect, userEvent, within } from 'storybook/test'
import { useApiMutation } from 'resilient-query'
import type { JsonValue } from '../test/fixture/json.js'
import { testSession } from './support/clients'
import { fixture, startPlay } from './support/fixture'
import type { Fault } from './support/fixture'
import { Scenario, buttonStyle } from './support/Scenario'
import { WithSession } from './support/WithSession'

/** Error bodies from several APIs, each with what fieldError(name) should say for it. */
const FORMATS = {
  monetro: {
    label: 'Monetro (seed 002): error.details[]',
    status: 400,
    body: {
      error: {
        message: 'Validation failed',
        code: 'INVALID_INPUT',
        status: 400,
        details: [
          { field: 'email', message: 'Invalid email format' },
          { field: 'password', message: 'Must be at least 12 characters' },
        ],
      },
    },
    expected: { email: 'Invalid email format', password: 'Must be at least 12 characters' },
  },
  maesn: {
    label: 'Maesn (seed 004): errors[] with field',
    status: 400,
    body: {
      errors: [
        { code: 'VALIDATION_ERROR', message: "'name' is required", field: 'name' },
        { code: 'VALIDATION_ERROR', message: "'email' is already registered", field: 'email' },
      ],
      downstreamErrors: [],
    },
    expected: { name: "'name' is required", email: "'email' is already registered" },
  },
  rails: {
    label: 'Rails / Laravel: errors as a field map',
    status: 422,
    body: {
      message: 'The given data was invalid.',
      errors: {
        email: ['has already been taken'],
        password: ['is too short (minimum is 12 characters)'],
      },
    },
    expected: {
      email: 'has already been taken',
      password: 'is too short (minimum is 12 characters)',
    },
  },
  problemDetails: {
    label: 'RFC 9457 problem details: invalid-params[]',
    status: 422,
    body: {
      type: 'https://example.net/validation-error',
      title: 'Your request is not valid.',
      status: 422,
      'invalid-params': [
        { name: 'email', reason: 'must be a well-formed email address' },
        { name: 'address.city', reason: 'must not be blank' },
      ],
    },
    expected: { email: 'must be a well-formed email address', 'address.city': 'must not be blank' },
  },
  jsonApi: {
    label: 'JSON:API: errors[] with source.pointer',
    status: 422,
    body: {
      errors: [
        {
          status: '422',
          source: { pointer: '/data/attributes/email' },
          title: 'Invalid Attribute',
          detail: 'Email is already registered',
        },
        {
          status: '422',
          source: { pointer: '/data/attributes/password' },
          title: 'Invalid Attribute',
          detail: 'Password is too short',
        },
      ],
    },
    expected: { email: 'Email is already registered', password: 'Password is too short' },
  },
  fastApi: {
    label: 'FastAPI / Pydantic: detail[] with loc',
    status: 422,
    body: {
      detail: [
        {
          loc: ['body', 'email'],
          msg: 'value is not a valid email address',
          type: 'value_error.email',
        },
        { loc: ['body', 'address', 'city'], msg: 'field required', type: 'value_error.missing' },
      ],
    },
    expected: { email: 'value is not a valid email address', 'address.city': 'field required' },
  },
  monogoto: {
    label: 'Monogoto (seed 001): one message, no fields',
    status: 400,
    body: {
      status_code: 400,
      message: "Field 'password' is required",
      request_id: 'b3c4d5e6-f7a8-9012-bcde-f12345678901',
    },
    expected: {},
  },
} satisfies Record<
  string,
  { label: string; status: number; body: JsonValue; expected: Record<string, string> }
>

type Format = keyof typeof FORMATS
const FIELDS = [
  { name: 'name', label: 'Name', type: 'text' },
  { name: 'email', label: 'Email', type: 'email' },
  { name: 'password', label: 'Password', type: 'password' },
  { name: 'address.city', label: 'City', type: 'text' },
] as const

interface SignUp {
  name: string
  email: string
  password: string
  address: { city: string }
}

function SignUpForm({ format }: { format: Format }) {
  const spec = FORMATS[format]
  const signUp = useApiMutation<unknown, SignUp>({ method: 'POST', url: '/echo' })
  const [armed, setArmed] = useState(false)
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const value = (name: string) => {
      const raw = form.get(name)
      return typeof raw === 'string' ? raw : ''
    }
    // The fixture refuses the next sign-up with this API's raw body (POST /api/__fixture/faults).
    const fault: Fault = { type: 'status', status: spec.status, body: spec.body }
    void fixture.setFault('POST /test/echo', fault).then(() => {
      setArmed(true)
      signUp.mutate({
        name: value('name'),
        email: value('email'),
        password: value('password'),
        address: { city: value('address.city') },
      })
    })
  }
  const formError =
    signUp.error && signUp.fieldErrors.length === 0 ? signUp.error.message : undefined
  return (
    <div style={{ display: 'flex', gap: 24, alignItems: 'flex-start', flexWrap: 'wrap' }}>
      <form
        onSubmit={onSubmit}
        aria-label="sign up"
        noValidate
        style={{ display: 'grid', gap: 8, minWidth: 320 }}
      >
        {FIELDS.map((field) => {
          const message = signUp.fieldError(field.name)
          const id = `field-${field.name.replace('.', '-')}`
          return (
            <div key={field.name} style={{ display: 'grid', gap: 2 }}>
              <label htmlFor={id} style={{ fontSize: 13, fontWeight: 600 }}>
                {field.label} <code style={{ fontWeight: 400, fontSize: 11 }}>{field.name}</code>
              </label>
              <input
                id={id}
                name={field.name}
                type={field.type}
                aria-invalid={message !== undefined}
                aria-describedby={message === undefined ? undefined : `${id}-error`}
                style={{
                  padding: 4,
                  border: `1px solid ${message === undefined ? '#9ca3af' : '#dc2626'}`,
                  borderRadius: 4,
                }}
              />
              {message === undefined ? null : (
                <span
                  id={`${id}-error`}
                  data-testid={`error-${field.name}`}
                  style={{ color: '#b91c1c', fontSize: 12 }}
                >
                  {message}
                </span>
              )}
            </div>
          )
        })}
        {formError === undefined ? null : (
          <p role="alert" data-testid="form-error" style={{ color: '#b91c1c', margin: 0 }}>
            {formError}
          </p>
        )}
        {signUp.isSuccess ? (
          <p data-testid="signed-up">Signed up (the fixture echoed the request).</p>
        ) : null}
        <button type="submit" style={buttonStyle} disabled={signUp.isPending}>
          Sign up
        </button>
      </form>
      <div style={{ fontSize: 12, maxWidth: 520 }}>
        <p style={{ margin: 0 }}>
          <strong>{spec.label}</strong>:{' '}
          {armed ? 'the fixture answered' : 'on submit, the fixture will answer'}{' '}
          <code>{spec.status}</code> with:
        </p>
        <pre
          data-testid="raw-body"
          style={{ background: '#f3f4f6', padding: 8, borderRadius: 4, whiteSpace: 'pre-wrap' }}
        >
          {JSON.stringify(spec.body, null, 2)}
        </pre>
        <p style={{ margin: 0 }}>
          error.fieldErrors:{' '}
          <code data-testid="field-errors">{JSON.stringify(signUp.fieldErrors)}</code>
        </p>
      </div>
    </div>
  )
}

function SignUpDemo({ format }: { format: Format }) {
  const [session] = useState(() => testSession())
  return (
    <Scenario
      title="A sign-up form, whatever the API's error format"
      intro="Each story has the server refuse the sign-up with another API's raw error body (a status fault on POST /api/test/echo). The form does not know the format: useApiMutation's fieldError(name) gives the message for each field, dotted paths included, shown next to the field and linked with aria-describedby."
    >
      <WithSession session={session} gate={false}>
        <SignUpForm key={format} format={format} />
      </WithSession>
    </Scenario>
  )
}

const meta = {
  title: 'Forms/Sign-up field errors',
  component: SignUpDemo,
  argTypes: {
    format: { control: 'select', options: Object.keys(FORMATS) },
  },
} satisfies Meta<typeof SignUpDemo>

export default meta
type Story = StoryObj<typeof meta>

const fill = async (canvas: ReturnType<typeof within>) => {
  await userEvent.type(canvas.getByLabelText(/^Name/), 'Ada Lovelace')
  await userEvent.type(canvas.getByLabelText(/^Email/), 'ada@example')
  await userEvent.type(canvas.getByLabelText(/^Password/), 'short')
}

/** Submits the form and checks each expected message next to its field, and no message elsewhere. */
async function submitAndCheck(canvasElement: HTMLElement, format: Format) {
  const canvas = within(canvasElement)
  await fill(canvas)
  await userEvent.click(canvas.getByRole('button', { name: 'Sign up' }))
  const expected: Record<string, string> = FORMATS[format].expected
  for (const [field, message] of Object.entries(expected)) {
    await expect(await canvas.findByTestId(`error-${field}`)).toHaveTextContent(message)
    const input = canvasElement.querySelector(`input[name="${field}"]`) as HTMLInputElement
    await expect(input).toHaveAttribute('aria-invalid', 'true')
    await expect(input).toHaveAccessibleDescription(message)
  }
  for (const { name } of FIELDS)
    if (!(name in expected))
      await expect(canvasElement.querySelector(`input[name="${name}"]`)).toHaveAttribute(
        'aria-invalid',
        'false',
      )
}

export const MonetroDetails: Story = {
  args: { format: 'monetro' },
  play: async ({ mount, canvasElement, args }) => {
    await startPlay({ mount, canvasElement })
    await submitAndCheck(canvasElement, args.format)
  },
}

export const MaesnErrors: Story = {
  args: { format: 'maesn' },
  play: async ({ mount, canvasElement, args }) => {
    await startPlay({ mount, canvasElement })
    await submitAndCheck(canvasElement, args.format)
  },
}

export const RailsFieldMap: Story = {
  args: { format: 'rails' },
  play: async ({ mount, canvasElement, args }) => {
    await startPlay({ mount, canvasElement })
    await submitAndCheck(canvasElement, args.format)
  },
}

/** RFC 9457 `invalid-params`, with a dotted path (`address.city`). */
export const ProblemDetails: Story = {
  args: { format: 'problemDetails' },
  play: async ({ mount, canvasElement, args }) => {
    await startPlay({ mount, canvasElement })
    await submitAndCheck(canvasElement, args.format)
  },
}

/** JSON:API pointers (`/data/attributes/email`) become plain field names. */
export const JsonApi: Story = {
  args: { format: 'jsonApi' },
  play: async ({ mount, canvasElement, args }) => {
    await startPlay({ mount, canvasElement })
    await submitAndCheck(canvasElement, args.format)
  },
}

/** FastAPI's `loc: ['body', 'address', 'city']` becomes `address.city`. */
export const FastApi: Story = {
  args: { format: 'fastApi' },
  play: async ({ mount, canvasElement, args }) => {
    await startPlay({ mount, canvasElement })
    await submitAndCheck(canvasElement, args.format)
  },
}

/** A format with no field errors: the message is shown for the whole form instead. */
export const MonogotoFormLevel: Story = {
  args: { format: 'monogoto' },
  play: async ({ mount, canvasElement, args }) => {
    await startPlay({ mount, canvasElement })
    await submitAndCheck(canvasElement, args.format)
    await expect(await within(canvasElement).findByTestId('form-error')).toHaveTextContent(
      "Field 'password' is required",
    )
  },
}
