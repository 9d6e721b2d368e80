import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const hooks = resolve(import.meta.dirname, 'resolve-log-hooks.mjs')

// Runs in a fresh Node process, importing the BUILT package by its own name (through `exports`),
// and reports every module that process resolved (ESM) or loaded (CommonJS).
function modulesLoadedBy(code: string): string[] {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: root,
    encoding: 'utf8',
  })
  return JSON.parse(out) as string[]
}

const esmProbe = (specifier: string) => `
  import { register } from 'node:module'
  import { MessageChannel } from 'node:worker_threads'
  const { port1, port2 } = new MessageChannel()
  const seen = []
  port1.on('message', (url) => seen.push(url))
  register(${JSON.stringify('file://' + hooks)}, { data: { port: port2 }, transferList: [port2] })
  const mod = await import(${JSON.stringify(specifier)})
  if (typeof mod.normalizeError !== 'function') throw new Error('normalizeError missing')
  await new Promise((r) => setTimeout(r, 50))
  port1.close()
  console.log(JSON.stringify(seen))
`

const cjsProbe = (specifier: string) => `
  import { createRequire } from 'node:module'
  const require = createRequire(${JSON.stringify(root + '/package.json')})
  const mod = require(${JSON.stringify(specifier)})
  if (typeof mod.normalizeError !== 'function') throw new Error('normalizeError missing')
  console.log(JSON.stringify(Object.keys(require.cache)))
`

const isReact = (url: string) => /[\\/]node_modules[\\/](react|react-dom|@tanstack)[\\/]/.test(url)

describe('the built resilient-query/core entry', () => {
  it('exists (npm test builds before it runs the tests)', () => {
    expect(existsSync(resolve(root, 'dist/core.js')), 'run `npm run build` first').toBe(true)
  })

  it('loads no React module when imported as ESM', () => {
    const loaded = modulesLoadedBy(esmProbe('resilient-query/core'))
    expect(loaded.some((url) => url.endsWith('/dist/core.js'))).toBe(true)
    expect(loaded.filter(isReact)).toEqual([])
  })

  it('loads no React module when required as CommonJS', () => {
    const loaded = modulesLoadedBy(cjsProbe('resilient-query/core'))
    expect(loaded.some((path) => path.endsWith('/dist/core.cjs'))).toBe(true)
    expect(loaded.filter(isReact)).toEqual([])
  })

  it('the full entry does load React, so the probe can see it', () => {
    const loaded = modulesLoadedBy(cjsProbe('resilient-query'))
    expect(loaded.filter(isReact).length).toBeGreaterThan(0)
  })
})
