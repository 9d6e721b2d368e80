import { defineConfig } from 'tsdown'

// Two public entries: `resilient-query` (React included) and `resilient-query/core` (no React).
// Peers and axios-retry stay external so apps deduplicate them.
export default defineConfig({
  entry: { index: 'src/index.ts', core: 'src/core/index.ts' },
  format: ['esm', 'cjs'],
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  sourcemap: false,
  clean: true,
  external: ['react', 'react/jsx-runtime', '@tanstack/react-query', 'axios', 'axios-retry'],
})
