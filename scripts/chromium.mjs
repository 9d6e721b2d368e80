// How the repository launches Chromium, for the browser tests (vitest.config.ts) and for
// scripts/screenshots.mjs: Debian's Chromium, never a downloaded one (this machine and CI reach no
// browser CDN). The flags keep it from dialling out at start, which this closed network refuses.
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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
