import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { build } from 'esbuild'
import { beforeAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const hooks = resolve(root, 'test/package/resolve-log-hooks.mjs')
// Inside the repository, so that the bundles' package imports resolve from its node_modules.
const outDir = resolve(root, 'node_modules/.cache/resilient-query-tests')

/**
 * The layer as an app's bundler would take it: src/query/index.ts bundled on its own, every
 * package left to Node. (The package ships it inside the full entry; see test/package for the
 * built entries.)
 */
async function bundle(entry: string, name: string): Promise<string> {
  const outfile = resolve(outDir, `${name}.mjs`)
  await build({
    entryPoints: [resolve(root, entry)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    jsx: 'automatic',
    logLevel: 'silent',
  })
  return outfile
}

// In a fresh Node process, imports the bundle and reports every module that process resolved.
function modulesLoadedBy(file: string, expectedExport: string): string[] {
  const code = `
    import { register } from 'node:module'
    import { MessageChannel } from 'node:worker_threads'
    const { port1, port2 } = new MessageChannel()
    const seen = []
    port1.on('message', (url) => seen.push(url))
    register(${JSON.stringify('file://' + hooks)}, { data: { port: port2 }, transferList: [port2] })
    const mod = await import(${JSON.stringify('file://' + file)})
    if (typeof mod[${JSON.stringify(expectedExport)}] !== 'function') throw new Error('export missing')
    await new Promise((r) => setTimeout(r, 50))
    port1.close()
    console.log(JSON.stringify(seen))
  `
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: root,
    encoding: 'utf8',
  })
  return JSON.parse(out) as string[]
}

const isReact = (url: string) => /[\\/]node_modules[\\/](react|react-dom|@tanstack)[\\/]/.test(url)

describe('the TanStack layer (src/query)', () => {
  let layer = ''
  let reactLayer = ''
  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true })
    layer = await bundle('src/query/index.ts', 'query-layer')
    reactLayer = await bundle('src/react/index.ts', 'react-layer')
  })

  it('loads no React module, nor any TanStack one: it uses their types only', () => {
    const loaded = modulesLoadedBy(layer, 'apiQueryOptions')
    expect(loaded.some((url) => url.endsWith('/query-layer.mjs'))).toBe(true)
    expect(loaded.filter(isReact)).toEqual([])
  })

  it('the React layer, bundled the same way, does load React, so the probe can see it', () => {
    expect(modulesLoadedBy(reactLayer, 'useApiQuery').filter(isReact).length).toBeGreaterThan(0)
  })
})
