import { afterEach, beforeEach, expect, vi } from 'vitest'

/**
 * Fails the test on any console.error it did not announce: React reports errors that a boundary
 * catches there, so a boundary test that swallowed the wrong error would otherwise pass.
 */
export function guardConsoleError() {
  let expected: string[] = []
  let spy: { mock: { calls: unknown[][] }; mockRestore(): void }
  beforeEach(() => {
    expected = []
    spy = vi.spyOn(console, 'error').mockImplementation(() => undefined)
  })
  afterEach(() => {
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
