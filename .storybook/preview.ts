import type { Preview } from '@storybook/react-vite'

const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    options: {
      storySort: {
        order: [
          'Introduction',
          'Playground',
          'Seeds',
          ['Monogoto', 'Monetro', 'Mondo', 'Maesn', 'Mono'],
          'Forms',
          'Features',
        ],
      },
    },
  },
}

export default preview
