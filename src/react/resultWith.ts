/**
 * A copy of TanStack's result whose properties stay lazy getters: TanStack re-renders a component
 * only for the properties it reads, and spreading its result would read them all.
 */
export function resultWith<T extends object, E extends object>(result: T, extra: E): T & E {
  const out = {} as T & E
  for (const key of Object.keys(result)) {
    Object.defineProperty(out, key, {
      enumerable: true,
      get: () => result[key as keyof T],
    })
  }
  return Object.defineProperties(out, Object.getOwnPropertyDescriptors(extra))
}
