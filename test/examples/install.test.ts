import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { npmEnvironment, packLibrary } from './packLibrary'
import type { PackedLibrary } from './packLibrary'

// What a user does first: install the published tarball with its peers into a project of their
// own, scripts enabled, from the npm registry. Slow (an install from the registry), so it runs once.
const PEERS = ['react', 'react-dom', '@tanstack/react-query', 'axios']
// Lifecycle scripts npm runs in the consumer's install of a tarball.
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall']

let scratch: string // the temporary folder: the tarball, and the project beside it
let project: string
let packed: PackedLibrary
let install: { status: number | null; output: string }

// The per-request options the README documents, written as a user of the published types would;
// each `@ts-expect-error` line is a wrong call that must not compile. Declarations the build drops
// (an axios augmentation in a module no public type reaches) fail here, not in the repo's own tests,
// which compile against src/.
const REQUEST_OPTIONS_SOURCE = `
import { Readable } from 'node:stream'
import { createApiClient, type ApiError } from 'resilient-query/core'

const api = createApiClient({
  baseURL: 'https://api.example.com',
  auth: { getAccessToken: () => 'token', refresh: async () => ({ accessToken: 'next' }) },
})
export async function upload(): Promise<ApiError | undefined> {
  await api.post('/auth/sign-in', { email: 'a@b.c' }, { skipAuth: true })
  await api.put('/files/1', Readable.from(['a']), { recreateData: () => Readable.from(['a']) })
  await api.get('/users', {
    retry: { retries: 2 },
    onRetryScheduled: (announcement) => announcement.delayMs,
    onRetrySettled: () => undefined,
    pendingRetryKey: 'users',
  })
  // @ts-expect-error recreateData makes a body: a body itself is not accepted
  await api.put('/files/1', 'body', { recreateData: 'body' })
  // @ts-expect-error skipAuth is a boolean
  await api.get('/public', { skipAuth: 'yes' })
  return undefined
}
`

const runNode = (args: string[]) =>
  spawnSync(process.execPath, args, { cwd: project, encoding: 'utf8', env: npmEnvironment() })

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'rq-install-'))
  packed = await packLibrary(scratch)
  project = join(scratch, 'app')
  await mkdir(project)
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'install-check', version: '1.0.0', private: true }, null, 2),
  )
  const result = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', packed.tarball, ...PEERS],
    { cwd: project, encoding: 'utf8', env: npmEnvironment() },
  )
  install = { status: result.status, output: `${result.stdout}\n${result.stderr}`.trim() }
}, 300_000)

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true })
})

describe('the packed package, installed into an empty project', () => {
  it('ships a LICENSE, the changelog and both entries, and no install script', async () => {
    expect(packed.files).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'CHANGELOG.md',
        'README.md',
        'dist/index.js',
        'dist/index.cjs',
        'dist/core.js',
        'dist/core.cjs',
      ]),
    )
    expect(packed.files.some((path) => path.startsWith('test/'))).toBe(false)
    const manifest = JSON.parse(
      await readFile(join(project, 'node_modules/resilient-query/package.json'), 'utf8'),
    ) as { scripts?: Record<string, string> }
    expect(INSTALL_SCRIPTS.filter((name) => manifest.scripts?.[name] !== undefined)).toEqual([])
  })

  it('installs with its peers, scripts enabled, and exits 0', () => {
    // npm's first lines name the failing step (a lifecycle script, a peer conflict); the rest is
    // usage text.
    const firstLines = install.output.split('\n').slice(0, 6).join('\n')
    expect(install.status, firstLines).toBe(0)
    expect(existsSync(join(project, 'node_modules/resilient-query/LICENSE'))).toBe(true)
  })

  it('loads both entries as ES modules', () => {
    const probe = runNode([
      '--input-type=module',
      '-e',
      `const full = await import('resilient-query')
       const core = await import('resilient-query/core')
       console.log(JSON.stringify({
         full: import.meta.resolve('resilient-query'),
         core: import.meta.resolve('resilient-query/core'),
         fullExports: [typeof full.createApiClient, typeof full.useApiQuery, typeof full.ApiErrorBoundary],
         coreExports: [typeof core.createApiClient, typeof core.normalizeError, 'useApiQuery' in core],
       }))`,
    ])
    expect(probe.stderr).toBe('')
    const loaded = JSON.parse(probe.stdout) as Record<string, unknown>
    expect(loaded).toEqual({
      full: expect.stringMatching(/node_modules\/resilient-query\/dist\/index\.js$/),
      core: expect.stringMatching(/node_modules\/resilient-query\/dist\/core\.js$/),
      fullExports: ['function', 'function', 'function'],
      coreExports: ['function', 'function', false],
    })
  })

  it('compiles the documented per-request options against the published declarations', async () => {
    await writeFile(join(project, 'requestOptions.ts'), REQUEST_OPTIONS_SOURCE)
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          types: ['node'],
          typeRoots: [join(import.meta.dirname, '../../node_modules/@types')],
          // what Vite's templates set: the peers' own declarations are not this check's business
          skipLibCheck: true,
        },
        files: ['requestOptions.ts'],
      }),
    )
    const compiler = join(import.meta.dirname, '../../node_modules/typescript/bin/tsc')
    const compiled = runNode([compiler, '-p', 'tsconfig.json'])
    expect(compiled.stdout + compiled.stderr).toBe('')
    expect(compiled.status).toBe(0)
  })

  it('loads both entries as CommonJS', () => {
    const probe = runNode([
      '-e',
      `const full = require('resilient-query')
       const core = require('resilient-query/core')
       console.log(JSON.stringify({
         full: require.resolve('resilient-query'),
         core: require.resolve('resilient-query/core'),
         fullExports: [typeof full.createApiClient, typeof full.useApiQuery, typeof full.ApiErrorBoundary],
         coreExports: [typeof core.createApiClient, typeof core.normalizeError, 'useApiQuery' in core],
       }))`,
    ])
    expect(probe.stderr).toBe('')
    const loaded = JSON.parse(probe.stdout) as Record<string, unknown>
    expect(loaded).toEqual({
      full: expect.stringMatching(/node_modules\/resilient-query\/dist\/index\.cjs$/),
      core: expect.stringMatching(/node_modules\/resilient-query\/dist\/core\.cjs$/),
      fullExports: ['function', 'function', 'function'],
      coreExports: ['function', 'function', false],
    })
  })
})
