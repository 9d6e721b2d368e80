/**
 * Lets go of the body of a response that nobody will read (a failed attempt about to be retried).
 * With `responseType: 'stream'` the body is still on the wire, and its connection stays busy until
 * it is read or the server gives up: a Node stream is destroyed, a web `ReadableStream` canceled.
 * Any other body was read in full already, and is left alone.
 *
 * @example
 * discardResponseBody(axiosError.response)
 */
export function discardResponseBody(response: { data?: unknown } | undefined): void {
  const body = response?.data as
    | { pipe?: unknown; destroy?: unknown; getReader?: unknown; cancel?: unknown; locked?: unknown }
    | null
    | undefined
  if (body === null || typeof body !== 'object') return
  try {
    if (typeof body.pipe === 'function' && typeof body.destroy === 'function') {
      ;(body.destroy as () => void).call(body)
    } else if (
      typeof body.getReader === 'function' &&
      typeof body.cancel === 'function' &&
      body.locked !== true
    ) {
      // A rejection here says only that the stream had failed already.
      void (body.cancel as () => Promise<void>).call(body).catch(() => undefined)
    }
  } catch {
    // A body that cannot be let go of is the server's to time out; the retry goes on.
  }
}
