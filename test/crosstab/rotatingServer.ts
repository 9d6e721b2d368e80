/**
 * An auth server whose refresh tokens rotate and whose reuse of a consumed refresh token revokes the
 * whole token family (what Auth0, Okta, Supabase and most OAuth servers do), with bearer tokens and
 * with an HttpOnly-cookie session. It also serves the page the cross-tab test opens in every tab,
 * so that the pages and the API share one origin. Node's standard library only.
 */
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

interface Family {
  revoked: boolean
  /** The one refresh token that may be presented next. */
  current: string
  consumed: Set<string>
}

interface AccessRecord {
  family: Family
  expired: boolean
}

export interface RotatingServerStats {
  /** Refreshes that rotated the family's tokens. */
  refreshes: number
  /** Presentations of a consumed refresh token (each revokes its family). */
  reuses: number
  /** Answers of the data route, by status. */
  data: Record<number, number>
}

export interface RotatingServer {
  readonly url: string
  /** Starts a token family; returns the pair a signed-in app holds. */
  signIn(): { accessToken: string; refreshToken: string }
  /** Every access token issued so far stops working. */
  expireAccessTokens(): void
  /** The next refresh waits this long before rotating; a client that leaves meanwhile rotates nothing. */
  delayNextRefresh(ms: number): void
  stats(): RotatingServerStats
  reset(): void
  close(): Promise<void>
}

/** What the page needs: its HTML, and the script bundled from the test's page module. */
export interface PageAssets {
  html: string
  script: string
}

export async function startRotatingServer(page: PageAssets): Promise<RotatingServer> {
  let families = new Set<Family>()
  let byRefresh = new Map<string, Family>()
  let access = new Map<string, AccessRecord>()
  let stats: RotatingServerStats = { refreshes: 0, reuses: 0, data: {} }
  let nextRefreshDelay = 0

  const issue = (family: Family) => {
    const accessToken = `at_${randomUUID()}`
    const refreshToken = `rt_${randomUUID()}`
    family.current = refreshToken
    byRefresh.set(refreshToken, family)
    access.set(accessToken, { family, expired: false })
    return { accessToken, refreshToken }
  }

  const newFamily = () => {
    const family: Family = { revoked: false, current: '', consumed: new Set() }
    families.add(family)
    return issue(family)
  }

  /** Rotates the family of `refreshToken`, or revokes it when the token was already consumed. */
  const rotate = (refreshToken: string | undefined) => {
    const family = refreshToken === undefined ? undefined : byRefresh.get(refreshToken)
    if (!family || family.revoked) return undefined
    if (family.current !== refreshToken) {
      stats.reuses++
      family.revoked = true
      return undefined
    }
    family.consumed.add(refreshToken)
    stats.refreshes++
    return issue(family)
  }

  const accessOk = (token: string | undefined) => {
    const record = token === undefined ? undefined : access.get(token)
    return !!record && !record.expired && !record.family.revoked
  }

  const cookie = (name: string, value: string) => `${name}=${value}; Path=/; HttpOnly; SameSite=Lax`

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const body = await readBody(req)
    const send = (
      status: number,
      payload: unknown,
      headers: Record<string, string | string[]> = {},
    ) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(JSON.stringify(payload))
    }
    const cookies = readCookies(req.headers.cookie)
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    const route = `${req.method} ${url.pathname}`
    switch (route) {
      case 'GET /':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        return res.end(page.html)
      case 'GET /page.js':
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' })
        return res.end(page.script)
      case 'POST /api/cookie/login': {
        const pair = newFamily()
        return send(204, null, {
          'set-cookie': [cookie('at', pair.accessToken), cookie('rt', pair.refreshToken)],
        })
      }
      case 'POST /api/refresh':
      case 'POST /api/cookie/refresh': {
        const presented =
          route === 'POST /api/refresh'
            ? (JSON.parse(body || '{}') as { refresh_token?: string }).refresh_token
            : cookies.get('rt')
        const delay = nextRefreshDelay
        nextRefreshDelay = 0
        if (delay > 0 && !(await waitUnlessGone(req, res, delay))) return
        const pair = rotate(presented)
        if (!pair)
          return send(401, {
            error: 'invalid_grant',
            error_description: 'Refresh token reused or revoked',
          })
        if (route === 'POST /api/refresh')
          return send(200, { access_token: pair.accessToken, refresh_token: pair.refreshToken })
        return send(204, null, {
          'set-cookie': [cookie('at', pair.accessToken), cookie('rt', pair.refreshToken)],
        })
      }
      case 'GET /api/data':
      case 'GET /api/cookie/data': {
        const ok = accessOk(route === 'GET /api/data' ? bearer : cookies.get('at'))
        const status = ok ? 200 : 401
        stats.data[status] = (stats.data[status] ?? 0) + 1
        return ok
          ? send(200, { ok: true, n: url.searchParams.get('n') })
          : send(
              401,
              { error: 'invalid_token', error_description: 'The access token expired' },
              {
                'www-authenticate': 'Bearer error="invalid_token"',
              },
            )
      }
      default:
        return send(404, { error: 'not_found' })
    }
  }

  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end()
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    socket.unref()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  server.unref()
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    signIn: newFamily,
    expireAccessTokens() {
      for (const record of access.values()) record.expired = true
    },
    delayNextRefresh(ms) {
      nextRefreshDelay = ms
    },
    stats: () => structuredClone(stats),
    reset() {
      families = new Set()
      byRefresh = new Map()
      access = new Map()
      stats = { refreshes: 0, reuses: 0, data: {} }
      nextRefreshDelay = 0
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (text += chunk))
    req.on('end', () => resolve(text))
    req.on('error', () => resolve(text))
  })
}

function readCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>()
  for (const pair of (header ?? '').split(';')) {
    const separator = pair.indexOf('=')
    if (separator > 0)
      cookies.set(pair.slice(0, separator).trim(), pair.slice(separator + 1).trim())
  }
  return cookies
}

/** Waits `ms`, unless the client goes away first (then false: the request is not served). */
function waitUnlessGone(req: IncomingMessage, res: ServerResponse, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      res.off('close', gone)
      resolve(true)
    }, ms)
    const gone = () => {
      clearTimeout(timer)
      resolve(false)
    }
    res.once('close', gone)
    void req
  })
}
