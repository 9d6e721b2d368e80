import type { StorybookConfig } from '@storybook/react-vite'
import { fixtureApiPlugin } from '../test/fixture/vite-plugin.js'

// The playground talks to the same fixture API as the tests, mounted on Storybook's own dev server
// under /api, so `npm start` needs no second process and the stories make real HTTP requests.
const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-vitest'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  viteFinal(config) {
    config.plugins = [...(config.plugins ?? []), fixtureApiPlugin({ basePath: '/api' })]
    return config
  },
}

export default config
