// How the repository launches Chromium, for the browser tests (vitest.config.ts), the example-app
// test and scripts/screenshots.mjs: Debian's Chromium, never a downloaded one (this machine and CI
// reach no browser CDN). The flags keep it from dialling out at start, which this closed network
// refuses. scripts/prepare-tests.mjs, the first step of `npm test`, makes sure the path exists.
import { accessSync, constants } from 'node:fs'

/** Where Debian's `chromium` package puts the browser. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium'

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * CHROMIUM_PATH when it names an executable, else Debian's path: prepare-tests installs Debian's
 * package when CHROMIUM_PATH is wrong, so the two must agree on the fallback.
 */
export function chromiumExecutable(environment = process.env) {
  const chosen = environment.CHROMIUM_PATH
  return chosen && isExecutable(chosen) ? chosen : DEBIAN_CHROMIUM
}

export const chromiumLaunchOptions = {
  executablePath: chromiumExecutable(),
  args: [
    '--no-sandbox',
    '--headless',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
}
