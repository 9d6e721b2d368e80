// The first step of `npm test`: sets up what the tests need beyond `npm ci`, or stops within
// seconds saying what is missing. It lives here, not in an install script, because a package's
// install scripts also run in every user's `npm install resilient-query`, where test/ does not exist.
//
//   1. React 18 in test/react18, for the jsdom-react18 project (vitest aliases react there).
//   2. A Chromium for the browser, storybook and example-app tests: CHROMIUM_PATH, else Debian's
//      /usr/bin/chromium, else Debian's package installed with apt-get when running as root.
//
// Nothing here downloads a browser build of its own: Playwright's CDN is not reachable from the
// machines this project runs on, and Debian's package is.
import { execFileSync, spawnSync } from 'node:child_process'
import { accessSync, constants, existsSync, readFileSync } from 'node:fs'
import { delimiter, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEBIAN_CHROMIUM } from './chromium.mjs'

const root = resolve(fileURLToPath(import.meta.url), '../..')

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

function findOnPath(command) {
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    if (directory && isExecutable(join(directory, command))) return join(directory, command)
  }
  return undefined
}

// Whether every package test/react18's lockfile names is installed at the locked version; a fresh
// clone has none, and a lockfile changed by a pull needs a new install.
function reactEighteenIsCurrent(directory) {
  const lock = JSON.parse(readFileSync(join(directory, 'package-lock.json'), 'utf8'))
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (path === '') continue
    const manifest = join(directory, path, 'package.json')
    if (!existsSync(manifest)) return false
    if (JSON.parse(readFileSync(manifest, 'utf8')).version !== entry.version) return false
  }
  return true
}

function prepareReactEighteen() {
  const directory = join(root, 'test/react18')
  if (reactEighteenIsCurrent(directory)) return
  console.log('prepare-tests: installing React 18 into test/react18 (npm ci)')
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: directory,
    stdio: 'inherit',
  })
}

const INSTALL_ADVICE = [
  'Install Debian\'s Chromium ("apt-get install chromium", as root) or point CHROMIUM_PATH at a',
  'Chromium or Chrome executable, then run npm test again. Playwright is used without a browser of',
  'its own: do not run "playwright install".',
].join('\n')

function stop(reason) {
  console.error(`prepare-tests: ${reason}\n${INSTALL_ADVICE}`)
  process.exit(1)
}

function prepareChromium() {
  const chosen = process.env.CHROMIUM_PATH
  // A CHROMIUM_PATH that names nothing counts as no Chromium at all, even when Debian's is there:
  // what the tests then use is Debian's package, installed (or confirmed) below, and said so.
  if (chosen ? isExecutable(chosen) : isExecutable(DEBIAN_CHROMIUM)) return
  if (chosen) console.warn(`prepare-tests: CHROMIUM_PATH=${chosen} is not an executable file.`)

  const aptGet = findOnPath('apt-get')
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (!aptGet || !isRoot) {
    const why = aptGet ? 'this is not running as root' : 'apt-get is not available'
    const looked = chosen ? `CHROMIUM_PATH=${chosen}` : DEBIAN_CHROMIUM
    stop(`no Chromium to run the browser tests with (${looked}); ${why}, so none can be installed.`)
  }
  console.log(`prepare-tests: no Chromium found; installing Debian's package with ${aptGet}`)
  const environment = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'chromium'],
  ]) {
    const result = spawnSync(aptGet, args, { stdio: 'inherit', env: environment })
    if (result.status !== 0) stop(`"apt-get ${args.join(' ')}" failed (exit ${result.status}).`)
  }
  if (!isExecutable(DEBIAN_CHROMIUM)) stop(`apt-get finished, but ${DEBIAN_CHROMIUM} is missing.`)
  console.log(`prepare-tests: the browser tests will use ${DEBIAN_CHROMIUM}`)
}

// Chromium first: it is the check that can fail, and it must fail in the first seconds.
prepareChromium()
prepareReactEighteen()
