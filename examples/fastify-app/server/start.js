// `npm start`: the API on 127.0.0.1:3001 and the built app on 127.0.0.1:5173, two origins.
// Build the app first with `npm run build` (it calls http://127.0.0.1:3001 unless VITE_API_URL says
// otherwise).
import { fileURLToPath } from 'node:url'
import { createBackend, DEMO_ACCOUNT } from './backend.js'
import { createWebServer } from './web.js'

const HOST = '127.0.0.1'
const API_PORT = Number(process.env.API_PORT ?? 3001)
const WEB_PORT = Number(process.env.WEB_PORT ?? 5173)
const webOrigin = `http://${HOST}:${WEB_PORT}`

const { app } = await createBackend({ webOrigin })
await app.listen({ host: HOST, port: API_PORT })
const web = createWebServer(fileURLToPath(new URL('../dist', import.meta.url)))
web.listen(WEB_PORT, HOST, () => {
  console.log(`API on http://${HOST}:${API_PORT}, app on ${webOrigin}`)
  console.log(`Sign in as ${DEMO_ACCOUNT.email} / ${DEMO_ACCOUNT.password}`)
})
