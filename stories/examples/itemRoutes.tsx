// A route-loader example: each route's loader calls queryClient.ensureQueryData with the same
// options its component's hook builds, so the page renders from the cache without a second request,
// and a route visited again within staleTime sends none. React Router's data router; the same
// works with TanStack Router's loaders. Used by the story RouteLoader.stories.tsx and by
// test/react/routeLoader.test.tsx.
import type { QueryClient } from '@tanstack/react-query'
import { createMemoryRouter, Link, RouterProvider, useParams, useRouteError } from 'react-router'
import { ApiProvider, apiQueryOptions, isApiError, useApiQuery } from 'resilient-query'
import type { ApiClient } from 'resilient-query'

export interface Item {
  id: number
  name: string
}

// One request description per route, for the loader and the hook alike. Fresh for 30 s: the
// component mounting right after its loader takes the loader's answer.
const itemList = { url: '/items', staleTime: 30_000 }
const itemDetail = (id: string) => ({ url: `/items/${id}`, staleTime: 30_000 })

function ItemList() {
  const items = useApiQuery<Item[]>(itemList)
  return (
    <ul aria-label="items">
      {items.data?.map((item) => (
        <li key={item.id}>
          <Link to={`/items/${item.id}`}>{item.name}</Link>
        </li>
      ))}
    </ul>
  )
}

function ItemDetail() {
  const { id = '' } = useParams()
  const item = useApiQuery<Item>(itemDetail(id))
  return (
    <article>
      <h3>{item.data?.name}</h3>
      <Link to="/">All items</Link>
    </article>
  )
}

/** What a loader's ApiError shows: React Router gives it to the route's error element. */
function RouteError() {
  const error = useRouteError()
  return (
    <div role="alert">
      {isApiError(error) ? `${error.kind}: ${error.message}` : 'Something went wrong.'}{' '}
      <Link to="/">All items</Link>
    </div>
  )
}

/** What a route shows while its loader runs on the first visit. */
function Loading() {
  return <p>Loading…</p>
}

/** The routes, each loading its data through the client before it renders. */
export function createItemRouter(api: ApiClient, queryClient: QueryClient, path = '/') {
  return createMemoryRouter(
    [
      {
        path: '/',
        loader: () => queryClient.ensureQueryData(apiQueryOptions<Item[]>(api, itemList)),
        Component: ItemList,
        ErrorBoundary: RouteError,
        HydrateFallback: Loading,
      },
      {
        path: '/items/:id',
        loader: ({ params }) =>
          queryClient.ensureQueryData(apiQueryOptions<Item>(api, itemDetail(params['id'] ?? ''))),
        Component: ItemDetail,
        ErrorBoundary: RouteError,
        HydrateFallback: Loading,
      },
    ],
    { initialEntries: [path] },
  )
}

export function ItemsApp({
  api,
  queryClient,
  router,
}: {
  api: ApiClient
  queryClient: QueryClient
  router: ReturnType<typeof createItemRouter>
}) {
  return (
    <ApiProvider client={api} queryClient={queryClient}>
      <RouterProvider router={router} />
    </ApiProvider>
  )
}
