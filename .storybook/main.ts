import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { StorybookConfig } from '@storybook/react-vite'
import type { PluginOption } from 'vite'
import { fixtureApiPlugin } from '../test/fixture/vite-plugin.js'

const fromRoot = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url))

/**
 * Where `import … from 'resilient-query'` leads. The stories import the package by its name, as an
 * app does, so a story can be copied into an app as it is. Run as tests (the storybook vitest
 * project; `npm test` builds first) and in `storybook build`, that is the built package in dist/,
 * so the stories check what users install. In `npm start` (storybook dev) it is the source entry,
 * so that an edit in src/ shows at once, with no build step and no stale dist/ to forget.
 * Checked when a story imports it, not when the config loads: the other test projects share this
 * config's loading and need no build.
 */
function packageEntryPlugin(configType: string | undefined): PluginOption {
  const fromSource = configType === 'DEVELOPMENT' && !process.env['VITEST']
  const entry = fromRoot(fromSource ? 'src/index.ts' : 'dist/index.js')
  return {
    name: 'resilient-query-package-entry',
    enforce: 'pre',
    resolveId(id) {
      if (id !== 'resilient-query') return null
      if (!existsSync(entry))
        throw new Error('The stories import the built package: run `npm run build` first.')
      return entry
    },
  }
}

// The playground talks to the same fixture API as the tests, mounted on Storybook's own dev server
// under /api, so `npm start` needs no second process and the stories make real HTTP requests.
const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-vitest'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  viteFinal(config, { configType }) {
    config.plugins = [
      ...(config.plugins ?? []),
      packageEntryPlugin(configType),
      fixtureApiPlugin({ basePath: '/api' }),
    ]
    return config
  },
}

export default config
