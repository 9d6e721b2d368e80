// Bundle size, min+gzip, of what an app pays for each entry, next to the peer libraries whose jobs
// resilient-query takes over. Peers (react, axios, TanStack Query) are external for everyone.
import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
import { report } from './report'

const external = [
  'react',
  'react-dom',
  'react/jsx-runtime',
  'axios',
  '@tanstack/react-query',
  'axios-retry',
]

async function gzipSize(
  contents: string,
  resolveDir: string,
  keepAxiosRetry = false,
): Promise<number> {
  const result = await build({
    stdin: { contents, resolveDir, loader: 'ts' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    external: keepAxiosRetry ? external.filter((e) => e !== 'axios-retry') : external,
    logLevel: 'silent',
  })
  return gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length
}

const root = process.cwd()
const subjects: [string, string, boolean][] = [
  ['resilient-query (all)', `export * from './src/index'`, false],
  ['resilient-query/core', `export * from './src/core/index'`, false],
  ['axios-retry', `export * from 'axios-retry'; export { default } from 'axios-retry'`, true],
  ['axios-auth-refresh', `export { default } from 'axios-auth-refresh'`, false],
  ['react-error-boundary', `export * from 'react-error-boundary'`, false],
]
for (const [subject, code, keep] of subjects) {
  const bytes = await gzipSize(code, root, keep)
  report({ bench: 'size', subject, metric: 'min+gzip bytes', value: bytes })
}
