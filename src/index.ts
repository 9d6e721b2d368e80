'use client'
// The full entry: the React-free core, the TanStack layer, then the React layer. Named exports only.
export * from './core/index'
export * from './query/index'
export * from './react/index'
