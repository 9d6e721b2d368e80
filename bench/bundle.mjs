// How bench code is bundled to run in Node, which cannot run TypeScript: one ESM file with the
// repository's packages left as imports, so it must be written inside the repository for them to
// resolve from its node_modules. bench/run.mjs bundles each bench this way, and
// soak-memory.bench.ts the module it may only load after setting up the DOM.
import { build } from 'esbuild'

export async function bundleForNode(entry, outfile) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    jsx: 'automatic',
    logLevel: 'error',
  })
}
