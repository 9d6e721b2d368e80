import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, within } from 'storybook/test'
import { useState } from 'react'
import { ApiProvider } from '../src/react/ApiProvider'
import { useApiMutation } from '../src/react/useApiMutation'
import { ErrorDetails } from './support/ErrorDetails'
import { maesnClient } from './support/clients'

interface Invoice {
  customerId?: string
  totalAmount?: number
}

function CreateInvoice() {
  const save = useApiMutation<unknown, Invoice>({ method: 'POST', url: '/invoices' })
  return (
    <section>
      <button type="button" onClick={() => save.mutate({})} disabled={save.isPending}>
        Create an invoice without a customer
      </button>
      {save.error ? <ErrorDetails error={save.error} /> : null}
      <p>
        customerId: <span data-testid="customer-error">{save.fieldError('customerId') ?? 'no error'}</span>
      </p>
    </section>
  )
}

function MaesnValidation() {
  const [client] = useState(maesnClient)
  return (
    <ApiProvider client={client}>
      <CreateInvoice />
    </ApiProvider>
  )
}

const meta = {
  title: 'Errors/Maesn',
  component: MaesnValidation,
} satisfies Meta<typeof MaesnValidation>

export default meta
type Story = StoryObj<typeof meta>

/** Seed 004's `errors` array arrives as one typed ApiError with one field error per item. */
export const ValidationErrors: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: /create an invoice/i }))
    await expect(await canvas.findByTestId('kind')).toHaveTextContent('validation')
    await expect(canvas.getByTestId('status')).toHaveTextContent('400')
    await expect(canvas.getByTestId('customer-error')).toHaveTextContent("'customerId' is required")
    const fields = within(canvas.getByRole('list', { name: 'field errors' })).getAllByRole('listitem')
    await expect(fields.map((li) => li.querySelector('code')?.textContent)).toEqual(['customerId', 'totalAmount'])
  },
}
