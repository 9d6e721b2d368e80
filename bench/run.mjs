// Runs every bench/*.bench.ts in its own Node process (bundled by esbuild, since Node 20 cannot run
// TypeScript) and prints one table of all their rows. A bench reports rows through bench/report.ts.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { bundleForNode } from './bundle.mjs'

const root = resolve(import.meta.dirname, '..')
const only = process.argv.slice(2)
const files = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()
// Inside the repo, so that the bundles' external imports resolve from its node_modules.
const cache = join(root, 'node_modules', '.cache')
mkdirSync(cache, { recursive: true })
const out = mkdtempSync(join(cache, 'rq-bench-'))
const rows = []
let failed = false

try {
  for (const file of files) {
    const outfile = join(out, file.replace(/\.ts$/, '.mjs'))
    await bundleForNode(join(root, 'bench', file), outfile)
    process.stderr.write(`running ${file}\n`)
    const code = await new Promise((done) => {
      const child = spawn(process.execPath, ['--expose-gc', outfile], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      let buffer = ''
      child.stdout.on('data', (chunk) => {
        buffer += chunk
        let nl
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl)
          buffer = buffer.slice(nl + 1)
          if (line.startsWith('BENCH\t')) rows.push({ file, ...JSON.parse(line.slice(6)) })
          else process.stderr.write(line + '\n')
        }
      })
      child.on('close', done)
    })
    if (code !== 0) {
      failed = true
      process.stderr.write(`${file} exited with ${code}\n`)
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true })
}

const header = ['bench', 'subject', 'metric', 'value', 'ratio', 'note']
const table = [
  header,
  ...rows.map((r) => [r.bench, r.subject, r.metric, String(r.value), r.ratio ?? '', r.note ?? '']),
]
const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)))
const line = (row) => '| ' + row.map((cell, i) => cell.padEnd(widths[i])).join(' | ') + ' |'
console.log(line(header))
console.log('| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |')
for (const row of table.slice(1)) console.log(line(row))
process.exit(failed ? 1 : 0)
