'use client'
// The full entry: the React-free core, then the React layer. Named exports only.
export * from './core/index'
export * from './react/index'
