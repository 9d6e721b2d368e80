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

// What an app that bundles the library with Vite loads at start, with and without a request log:
// the log's code is imported only by a client given `log`, so without one it stays in a chunk of its
// own that is never loaded.
const { build: viteBuild } = await import('vite')
const appSources: [string, string][] = [
  [
    'an app without log',
    `import { createApiClient } from 'resilient-query'; createApiClient({ baseURL: '/api' }).get('/x')`,
  ],
  [
    'an app with log',
    `import { createApiClient, consoleLog } from 'resilient-query'; createApiClient({ baseURL: '/api', log: consoleLog() }).get('/x')`,
  ],
]
for (const [subject, source] of appSources) {
  const result = await viteBuild({
    root,
    logLevel: 'silent',
    configFile: false,
    resolve: { alias: { 'resilient-query': `${root}/src/index.ts` } },
    plugins: [
      {
        name: 'app-entry',
        resolveId: (id) => (id === 'virtual:app' ? id : undefined),
        load: (id) => (id === 'virtual:app' ? source : undefined),
      },
    ],
    build: { write: false, minify: true, rollupOptions: { input: 'virtual:app', external } },
  })
  const chunks = (Array.isArray(result) ? result : [result])
    .flatMap((output) => ('output' in output ? output.output : []))
    .filter((file) => file.type === 'chunk')
  const bytes = (entry: boolean) =>
    chunks
      .filter((chunk) => chunk.isEntry === entry)
      .reduce((sum, chunk) => sum + gzipSync(chunk.code, { level: 9 }).length, 0)
  report({
    bench: 'size',
    subject,
    metric: 'Vite build, entry chunk min+gzip bytes',
    value: bytes(true),
    note: `plus a chunk of ${bytes(false)} B with the request log's code, fetched when a client with a log is created, never without one`,
  })
}
