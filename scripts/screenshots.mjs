#!/usr/bin/env node
// Screenshots of the playground's main stories, taken in headless Chromium after each story's play
// function has finished, saved as docs/screenshots/<story-id>.png.
//
//   node scripts/screenshots.mjs                  starts `storybook dev` on port 6106, shoots, stops it
//   node scripts/screenshots.mjs --url http://localhost:6006   uses a Storybook that is already running
//   node scripts/screenshots.mjs --all            every story in the index, not only the main ones
//
// A static build (`storybook build`) has no /api fixture middleware, so this needs the dev server.
import { spawn } from 'node:child_process'
import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright'
import { chromiumLaunchOptions } from './chromium.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outDir = join(root, 'docs', 'screenshots')
const argv = process.argv.slice(2)
const option = (name) => {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : undefined
}
const PORT = 6106

/** The main stories; `during` also shoots the moment a selector shows up while the play runs. */
const MAIN = [
  { id: 'introduction--docs', docs: true },
  { id: 'playground-fault-injection--recovers-after-retries', during: '[data-testid="countdown"]' },
  { id: 'seeds-monogoto--token-expiry-one-refresh' },
  { id: 'seeds-monogoto--error-format' },
  { id: 'seeds-monogoto--retry-after-countdown', during: '[data-testid="countdown"]' },
  { id: 'seeds-monetro--cookie-refresh' },
  { id: 'seeds-monetro--rate-limited-post' },
  { id: 'seeds-mondo--invalid-token-sign-in-again', during: '[aria-label="sign in again"]' },
  { id: 'seeds-maesn--rate-limit-schedule', during: '[data-testid="stands-for"]' },
  { id: 'seeds-maesn--server-error-schedule' },
  { id: 'seeds-maesn--reauthorize', during: '[aria-label="reconnect"]' },
  { id: 'seeds-mono--error-format' },
  { id: 'seeds-mono--idempotent-retry' },
  { id: 'forms-sign-up-field-errors--monetro-details' },
  { id: 'forms-sign-up-field-errors--fast-api' },
  { id: 'features-request-log--retry-refresh-and-replays' },
  { id: 'features-error-boundary--per-kind-fallbacks' },
  { id: 'features-error-boundary--reset-refetches', during: '[data-fallback="server"]' },
  { id: 'features-network-and-abort--drop-then-recover', during: '[aria-label="offline"]' },
  { id: 'features-network-and-abort--offline-then-online', during: '[data-testid="paused"]' },
  { id: 'features-network-and-abort--abort-during-retry-wait' },
]

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

async function waitForServer(url, child, timeoutMs = 240_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`storybook dev exited with ${child.exitCode}`)
    try {
      const response = await fetch(`${url}/index.json`)
      if (response.ok) return await response.json()
    } catch {
      // not listening yet
    }
    await sleep(1000)
  }
  throw new Error(`Storybook did not answer at ${url} within ${timeoutMs / 1000} s`)
}

function startStorybook() {
  const bin = join(root, 'node_modules', 'storybook', 'dist', 'bin', 'dispatcher.js')
  // Its own process group, so that stopping it by its PID also stops what it spawned.
  const child = spawn(process.execPath, [bin, 'dev', '-p', String(PORT), '--ci', '--no-open'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  console.log(`storybook dev started, pid ${child.pid}`)
  return {
    child,
    output: () => output,
    stop() {
      if (child.exitCode !== null) return
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {
        // already gone
      }
      console.log(`storybook dev stopped, pid ${child.pid}`)
    },
  }
}

async function shoot(page, base, { id, docs, during }) {
  const url = `${base}/iframe.html?id=${id}&viewMode=${docs ? 'docs' : 'story'}`
  await page.goto(url, { waitUntil: 'domcontentloaded' })
  const shots = []
  if (during) {
    // Some states last only until the play's next step. Plays check the server (GET
    // /api/__fixture/...) before they move on, so holding those calls while the state shows keeps it
    // on screen long enough to be photographed; the play then goes on as before.
    // The panels' own polls (`via=panel`) pass, so that what they show stays current.
    const hold = async (route) => {
      if (!route.request().url().includes('via=panel') && (await page.$(during).catch(() => null)))
        await sleep(1500)
      await route.continue().catch(() => undefined)
    }
    await page.route('**/api/__fixture/**', hold)
    try {
      await page.waitForSelector(during, { timeout: 30_000 })
      await sleep(600) // let the panels poll once more and the frame paint
      const file = join(outDir, `${id}--during.png`)
      await page.screenshot({ path: file, fullPage: true })
      shots.push(file)
    } finally {
      await page.unroute('**/api/__fixture/**', hold)
    }
  }
  if (docs) {
    await page.waitForSelector('.sbdocs-content', { timeout: 60_000 })
    await sleep(1500) // the embedded canvas renders after the page
  } else {
    // The story's render is done when its phase reaches `finished` (after the play function).
    await page.waitForFunction(
      () => globalThis.__STORYBOOK_PREVIEW__?.currentRender?.phase === 'finished',
      undefined,
      {
        timeout: 60_000,
        polling: 100,
      },
    )
    const failed = await page.evaluate(() => ({
      exception: document.body.classList.contains('sb-show-errordisplay'),
      status: globalThis.__storyStatus,
    }))
    if (failed.exception || failed.status === 'error')
      throw new Error(`${id}: the play function failed`)
  }
  const file = join(outDir, `${id}.png`)
  await page.screenshot({ path: file, fullPage: true })
  shots.push(file)
  return shots
}

async function main() {
  await mkdir(outDir, { recursive: true })
  const given = option('--url')
  const server = given ? undefined : startStorybook()
  const base = (given ?? `http://localhost:${PORT}`).replace(/\/$/, '')
  let browser
  let failures = 0
  try {
    const index = await waitForServer(base, server?.child)
    const known = new Set(Object.keys(index.entries))
    const stories = argv.includes('--all')
      ? Object.values(index.entries).map((e) => ({ id: e.id, docs: e.type === 'docs' }))
      : MAIN
    for (const { id } of stories)
      if (!known.has(id)) throw new Error(`No story ${id} in ${base}/index.json`)

    browser = await chromium.launch(chromiumLaunchOptions)
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    // Remember how each story ended, from the preview's channel.
    await page.addInitScript(() => {
      const timer = setInterval(() => {
        const channel = globalThis.__STORYBOOK_ADDONS_CHANNEL__
        if (!channel) return
        clearInterval(timer)
        channel.on('storyFinished', (event) => (globalThis.__storyStatus = event.status))
      }, 20)
    })
    // Dev-server compilation on first visit can be slow: warm up once.
    await page.goto(`${base}/iframe.html`, { waitUntil: 'load', timeout: 120_000 })
    for (const story of stories) {
      try {
        const files = await shoot(page, base, story)
        for (const file of files) console.log(`saved ${file.slice(root.length + 1)}`)
      } catch (error) {
        failures++
        console.error(
          `FAILED ${story.id}: ${error instanceof Error ? error.message : String(error)}`,
        )
      }
    }
  } finally {
    await browser?.close()
    server?.stop()
  }
  if (failures) {
    console.error(`${failures} screenshot(s) failed`)
    process.exitCode = 1
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
