import { resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')

/**
 * The registration the README tells apps to write, so that plain `useQuery` (and every TanStack
 * API) types its errors as ApiError too. Checked in a program of its own: declared in a test file
 * of the main program, it would change TanStack's types for every other test.
 */
const REGISTRATION = `
declare module '@tanstack/react-query' {
  interface Register {
    defaultError: ApiError
  }
}
`

const app = (registration: string) => `
import { useMutation, useQuery } from '@tanstack/react-query'
import { apiQueryOptions, createApiClient, useApiQuery } from '../../src/index'
import type { ApiError } from '../../src/index'
${registration}
export function Users() {
  const plain = useQuery({ queryKey: ['users'], queryFn: async () => [1, 2] })
  const kind: ApiError['kind'] | undefined = plain.error?.kind
  const save = useMutation({ mutationFn: async (name: string) => name })
  const saveError: ApiError | null = save.error
  const factory = useQuery(apiQueryOptions(createApiClient(), { url: '/users' }))
  const factoryError: ApiError | null = factory.error
  const hook: ApiError | null = useApiQuery({ url: '/users' }).error
  return [kind, saveError, factoryError, hook]
}
`

/** The type errors of `source`, compiled as a file of this repository with its tsconfig. */
function typeErrors(source: string): string[] {
  const configPath = resolve(root, 'tsconfig.json')
  const { config } = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path))
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root)
  const fileName = resolve(root, 'test/query/register-app.ts')
  const host = ts.createCompilerHost(options)
  const { getSourceFile, fileExists, readFile } = host
  host.fileExists = (path) => path === fileName || fileExists(path)
  host.readFile = (path) => (path === fileName ? source : readFile(path))
  host.getSourceFile = (path, language, ...rest) =>
    path === fileName
      ? ts.createSourceFile(path, source, language)
      : getSourceFile(path, language, ...rest)
  const program = ts.createProgram([fileName], { ...options, noEmit: true }, host)
  return ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
}

describe("registering ApiError as TanStack's defaultError", () => {
  it(
    'types the errors of plain useQuery and useMutation as ApiError, and the library still compiles',
    { timeout: 60_000 },
    () => {
      expect(typeErrors(app(REGISTRATION))).toEqual([])
    },
  )

  it(
    'is what makes them ApiError: without it, plain useQuery and useMutation have Error',
    { timeout: 60_000 },
    () => {
      const errors = typeErrors(app(''))
      expect(errors.length).toBe(2)
      expect(errors.every((text) => text.includes("'Error'"))).toBe(true)
    },
  )
})
