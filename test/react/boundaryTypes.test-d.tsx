import { describe, expectTypeOf, it } from 'vitest'
import type { ComponentProps } from 'react'
import type { ApiError } from '../../src/core/errors/ApiError'
import type { ApiErrorBoundary } from '../../src/react/ApiErrorBoundary'
import type { ApiErrorFallbackProps } from '../../src/react/ApiErrorBoundary'

type Props = ComponentProps<typeof ApiErrorBoundary>

describe('ApiErrorBoundary prop types', () => {
  it('accepts exactly one of fallback, fallbackRender and FallbackComponent', () => {
    expectTypeOf<{ fallback: 'x' }>().toMatchTypeOf<Props>()
    expectTypeOf<{ fallbackRender: () => null }>().toMatchTypeOf<Props>()
    expectTypeOf<{ FallbackComponent: () => null }>().toMatchTypeOf<Props>()
    // @ts-expect-error two fallbacks at once
    const two: Props = { fallback: 'x', fallbackRender: () => null }
    // @ts-expect-error no fallback at all
    const none: Props = { resetKeys: [] }
    void two
    void none
  })

  it('narrows the fallback props: an ApiError when isApiError, unknown otherwise', () => {
    const render = (props: ApiErrorFallbackProps) => {
      if (props.isApiError) expectTypeOf(props.error).toEqualTypeOf<ApiError>()
      else expectTypeOf(props.error).toEqualTypeOf<unknown>()
      expectTypeOf(props.reset).toEqualTypeOf<() => void>()
      return null
    }
    void render
  })

  it('types per-kind fallbacks by the kinds that exist', () => {
    expectTypeOf<{
      fallback: null
      fallbacks: { rate_limited: () => null }
    }>().toMatchTypeOf<Props>()
    // @ts-expect-error not a kind
    const wrong: Props = { fallback: null, fallbacks: { teapot: () => null } }
    void wrong
  })
})
