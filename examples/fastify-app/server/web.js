// Serves the built frontend (dist/) from its own origin, apart from the API, as a CDN would:
// requests from the page to the API are then cross-origin and CORS applies for real.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
}

async function isFile(path) {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}

/**
 * A static file server for `directory`; any path that is not a file gets index.html (the app
 * reads its panel from the URL's hash, so that is rarely needed).
 *
 * @param {string} directory the built app
 * @returns {import('node:http').Server}
 */
export function createWebServer(directory) {
  const root = normalize(directory + sep)
  return createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    const candidate = normalize(join(root, path))
    const file =
      candidate.startsWith(root) && (await isFile(candidate)) ? candidate : join(root, 'index.html')
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    })
    createReadStream(file).pipe(response)
  })
}
