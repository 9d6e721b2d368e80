import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The API's URL comes from VITE_API_URL at build time (see src/api.ts).
export default defineConfig({
  plugins: [react()],
})
