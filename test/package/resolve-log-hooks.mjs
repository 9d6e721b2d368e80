// Module-resolution hooks for the child process of core-entry.test.ts: each resolved specifier is
// sent back to the main thread, which prints the list when the import is done.
let port
export function initialize(data) {
  port = data.port
}
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context)
  port.postMessage(result.url)
  return result
}
