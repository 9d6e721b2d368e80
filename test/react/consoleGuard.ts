import { afterEach, beforeEach, expect, vi } from 'vitest'

/**
 * Fails the test on any console.error it did not announce: React reports errors that a boundary
 * catches there, so a boundary test that swallowed the wrong error would otherwise pass.
 */
export function guardConsoleError() {
  let expected: string[] = []
  let spy: { mock: { calls: unknown[][] }; mockRestore(): void }
  // React 18 also re-throws a caught error in a window error event, which jsdom reports as
  // uncaught straight to the output: an error the test announced is kept out of it, any other is
  // printed (and fails the test through its console.error line).
  const quietExpected = (event: ErrorEvent) => {
    const message = event.error instanceof Error ? event.error.message : String(event.message)
    if (expected.some((text) => message.includes(text))) event.preventDefault()
  }
  beforeEach(() => {
    expected = []
    spy = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    window.addEventListener('error', quietExpected)
  })
  afterEach(() => {
    window.removeEventListener('error', quietExpected)
    const unexpected = spy.mock.calls
      .map((args: unknown[]) =>
        args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(' '),
      )
      .filter((line) => !expected.some((text) => line.includes(text)))
      // React 18 follows each caught error with a line of its own that names the component only.
      .filter(
        (line) => !(expected.length > 0 && line.startsWith('The above error occurred in the <')),
      )
    spy.mockRestore()
    expect(unexpected).toEqual([])
  })
  return {
    /** Allows console.error lines that mention `text` (the message of an error the test throws on purpose). */
    expectError(text: string) {
      expected.push(text)
    },
  }
}
