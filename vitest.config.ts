import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'
import { playwright } from '@vitest/browser-playwright'
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin'
import { fixtureApiPlugin } from './test/fixture/vite-plugin.js'

// Debian's Chromium, never a downloaded one (this machine and CI reach no browser CDN). The flags
// keep it from dialling out at start, which this closed network refuses.
const chromium = playwright({
  launchOptions: {
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
  },
})

const browser = {
  enabled: true,
  headless: true,
  provider: chromium,
  instances: [{ browser: 'chromium' as const }],
}

// One project per environment: the transport runs in Node against a real server, the React layer
// in jsdom, and what only a real browser shows (CORS, cookies, stories) in Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/react/**', 'test/browser/**'],
          typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
          testTimeout: 20_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'jsdom',
          environment: 'jsdom',
          include: ['test/react/**/*.test.{ts,tsx}'],
          setupFiles: ['test/react/setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        plugins: [react(), fixtureApiPlugin({ basePath: '/api' })],
        optimizeDeps: { include: ['react', 'react-dom', 'react-dom/client', 'axios', 'axios-retry'] },
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.{ts,tsx}'],
          browser,
          testTimeout: 20_000,
        },
      },
      {
        plugins: [storybookTest({ configDir: '.storybook' })],
        optimizeDeps: {
          include: ['react', 'react-dom', 'react-dom/client', 'axios', 'axios-retry', '@tanstack/react-query'],
        },
        test: {
          name: 'storybook',
          browser,
          setupFiles: ['.storybook/vitest.setup.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
})
