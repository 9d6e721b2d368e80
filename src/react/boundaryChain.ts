import { createContext, useContext } from 'react'
import type { ApiError } from '../core/errors/ApiError'

/**
 * What the `ApiErrorBoundary`s above a component handle: `true` when one of them catches an error
 * of this kind; `null` when there is no boundary above at all.
 */
export type BoundaryChain = (error: ApiError) => boolean

export const BoundaryChainContext = createContext<BoundaryChain | null>(null)

/** The boundaries above the calling component, nearest first. */
export function useBoundaryChain(): BoundaryChain | null {
  return useContext(BoundaryChainContext)
}
