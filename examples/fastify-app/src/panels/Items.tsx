import { useApiQuery } from 'resilient-query'

export interface Item {
  id: number
  name: string
}

const ITEM_IDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]

function ItemCard({ id }: { id: number }) {
  const item = useApiQuery<Item>({ queryKey: ['items', id], url: `/api/items/${id}` })
  return <li data-testid="item">{item.data ? item.data.name : 'Loading…'}</li>
}

/** Ten queries that start together: after the token expires, they share one refresh. */
export function Items() {
  return (
    <ul data-testid="items">
      {ITEM_IDS.map((id) => (
        <ItemCard key={id} id={id} />
      ))}
    </ul>
  )
}

/** One item and a button that fetches it again: one request per click. */
export function OneItem() {
  const item = useApiQuery<Item>({ queryKey: ['item', 1], url: '/api/items/1' })
  return (
    <section>
      <p data-testid="one-item">{item.data?.name ?? 'Loading…'}</p>
      <output data-testid="one-item-status">{item.isFetching ? 'fetching' : 'idle'}</output>
      <button type="button" onClick={() => void item.refetch()}>
        Reload
      </button>
    </section>
  )
}
