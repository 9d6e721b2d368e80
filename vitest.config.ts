import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'
import { playwright } from '@vitest/browser-playwright'
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin'
import { fixtureApiPlugin } from './test/fixture/vite-plugin.js'
import { chromiumLaunchOptions } from './scripts/chromium.mjs'

// Debian's Chromium, offline: the same launch as scripts/screenshots.mjs.
const chromium = playwright({ launchOptions: chromiumLaunchOptions })

const react18 = (name: string) =>
  fileURLToPath(new URL(`./test/react18/node_modules/${name}`, import.meta.url))

// Each browser project names its Chromium instance, so the two projects stay distinct.
const browser = (name: string) => ({
  enabled: true,
  headless: true,
  provider: chromium,
  instances: [{ browser: 'chromium' as const, name }],
})

// One project per environment: the transport runs in Node against a real server, the React layer
// in jsdom, and what only a real browser shows (CORS, cookies, stories) in Chromium.
export default defineConfig({
  test: {
    // React reports each error a boundary catches on console.error; the boundary stories and tests
    // throw such errors on purpose, and check what the fallback shows. Anything else is printed.
    onConsoleLog: (log) =>
      !log.includes('React will try to recreate this component tree from scratch'),
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          // Setting exclude drops vitest's default one, so node_modules (test/react18's, and those of
          // test/corpus/capture once its frameworks are installed) are named again.
          exclude: ['**/node_modules/**', 'test/react/**', 'test/browser/**'],
          typecheck: {
            enabled: true,
            include: ['test/**/*.test-d.{ts,tsx}'],
            exclude: ['**/node_modules/**'],
            tsconfig: './tsconfig.json',
          },
          testTimeout: 20_000,
        },
      },
      {
        // The auth suites again with `crossTab: true`: where Web Locks are missing (Node has
        // BroadcastChannel, not navigator.locks) the option must change nothing.
        test: {
          name: 'node-cross-tab',
          environment: 'node',
          include: ['test/core/auth/**/*.test.ts', 'test/reliability/authFaults.test.ts'],
          env: { RQ_TEST_CROSS_TAB: '1' },
          testTimeout: 20_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'jsdom',
          environment: 'jsdom',
          // test/ssr renders on a Node server (a child process) and hydrates here, on React 19 only:
          // the server's React and the browser's must be the same.
          include: ['test/react/**/*.test.{ts,tsx}', 'test/ssr/**/*.test.{ts,tsx}'],
          setupFiles: ['test/react/setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        // The same React tests on React 18: react and react-dom resolve to the 18.3 copies that
        // test/react18 holds (npm test installs them first), and the libraries that import React are
        // bundled by Vite rather than loaded by Node, so that the alias reaches them too.
        plugins: [react()],
        resolve: {
          alias: [
            { find: /^react$/, replacement: react18('react') },
            { find: /^react\/(.*)$/, replacement: `${react18('react')}/$1` },
            { find: /^react-dom$/, replacement: react18('react-dom') },
            { find: /^react-dom\/(.*)$/, replacement: `${react18('react-dom')}/$1` },
            // Node's conditions pick React Router's CommonJS build, which would `require` the root's
            // React 19; its ESM build goes through Vite.
            {
              find: /^react-router$/,
              replacement: fileURLToPath(
                new URL('./node_modules/react-router/dist/development/index.mjs', import.meta.url),
              ),
            },
            // Its CommonJS build would `require` the root's React 19; the ESM build goes through Vite.
            {
              find: /^@testing-library\/react$/,
              replacement: fileURLToPath(
                new URL(
                  './node_modules/@testing-library/react/dist/@testing-library/react.esm.js',
                  import.meta.url,
                ),
              ),
            },
          ],
        },
        test: {
          name: 'jsdom-react18',
          environment: 'jsdom',
          include: ['test/react/**/*.test.{ts,tsx}'],
          setupFiles: ['test/react/setup.ts'],
          server: {
            deps: {
              inline: [
                '@tanstack/react-query',
                '@testing-library/react',
                'react-hook-form',
                'react-router',
              ],
            },
          },
          testTimeout: 20_000,
        },
      },
      {
        plugins: [react(), fixtureApiPlugin({ basePath: '/api' })],
        optimizeDeps: {
          include: ['react', 'react-dom', 'react-dom/client', 'axios', 'axios-retry'],
        },
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.{ts,tsx}'],
          // A second origin for the tests that need one (the page is served by Vite).
          globalSetup: ['test/fixture/globalSetup.ts'],
          browser: browser('browser (chromium)'),
          testTimeout: 20_000,
        },
      },
      {
        plugins: [storybookTest({ configDir: '.storybook' })],
        // Every package a story imports, known up front: one found mid-run makes Vite reload.
        optimizeDeps: {
          include: [
            'react',
            'react-dom',
            'react-dom/client',
            'axios',
            'axios-retry',
            '@tanstack/react-query',
            '@tanstack/react-form',
            'react-hook-form',
            'react-router',
          ],
        },
        test: {
          name: 'storybook',
          // Every story file drives the one fixture of this dev server, and each play resets it:
          // files must not run side by side.
          fileParallelism: false,
          browser: browser('storybook (chromium)'),
          testTimeout: 30_000,
        },
      },
    ],
  },
})
