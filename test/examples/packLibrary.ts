import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** The repository root: the package a user installs. */
export const repositoryRoot = resolve(import.meta.dirname, '../..')

/** What `npm pack --json` reports about the tarball it wrote. */
export interface PackedLibrary {
  /** Absolute path of the .tgz. */
  tarball: string
  /** Every path inside the package, as npm lists them (`LICENSE`, `dist/index.js`, …). */
  files: string[]
}

// Variables of this test run that must not reach a user's commands: `npm test` hands its children
// its own npm_package_* and npm_lifecycle_* (the wrong package for an install elsewhere), and
// vitest sets NODE_ENV=test and VITEST*, with which `vite build` would bundle React's development
// build (StrictMode then mounts every effect twice).
const TEST_RUN_VARIABLES = /^(npm_(package|lifecycle)_|VITEST|NODE_ENV$|TEST$)/

/** The environment for the commands a user would run (npm, the app's build); scripts enabled. */
export function npmEnvironment(): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (!TEST_RUN_VARIABLES.test(name)) environment[name] = value
  }
  environment.npm_config_ignore_scripts = 'false'
  environment.npm_config_audit = 'false'
  environment.npm_config_fund = 'false'
  environment.npm_config_update_notifier = 'false'
  return environment
}

/**
 * Packs the library as `npm publish` would, from the `dist/` that `npm test` built before the
 * tests ran. Its own build (`prepack`) is skipped: rebuilding `dist/` here would pull it from under
 * the tests that read it at the same time.
 */
export async function packLibrary(destination: string): Promise<PackedLibrary> {
  if (!existsSync(resolve(repositoryRoot, 'dist/index.js'))) {
    throw new Error(
      'dist/ is missing: run `npm run build` first (npm test builds before the tests)',
    )
  }
  const { stdout } = await run(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', destination],
    { cwd: repositoryRoot, env: npmEnvironment(), maxBuffer: 16 * 1024 * 1024 },
  )
  const [report] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[]
  if (!report) throw new Error(`npm pack reported nothing: ${stdout}`)
  return {
    tarball: resolve(destination, report.filename),
    files: report.files.map((file) => file.path),
  }
}
