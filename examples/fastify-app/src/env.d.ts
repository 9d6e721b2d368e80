/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Where the API listens, e.g. `http://127.0.0.1:3001`; read when the app is built. */
  readonly VITE_API_URL?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
