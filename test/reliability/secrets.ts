// What counts as a leaked secret, and every form in which an error reaches a log or an error
// tracker: shared by the security tests and the soak, which checks each of its failures.
import { format, inspect } from 'node:util'
import type { ApiError } from '../../src/core/errors/ApiError'

/** Credentials an app sends besides its bearer token; each one unique, so a find cannot be chance. */
export const SECRETS = {
  apiKeyHeader: 'hdrkey-4bd1c39a7e5f',
  cookie: 'cookiesid-9f8e7d6c5b4a',
  apiKeyParam: 'qparamkey-1a2b3c4d5e6f',
  accessTokenParam: 'qparamtok-6f5e4d3c2b1a',
  password: 'userinfopw-0c9d8e7f6a5b',
  setCookie: 'setcookiesid-2d4f6a8c0e1b',
} as const

/** The headers an app would give its client (besides the token, which the auth layer attaches). */
export const SECRET_HEADERS = {
  'X-API-KEY': SECRETS.apiKeyHeader,
  Cookie: `sid=${SECRETS.cookie}`,
}

/** Query parameters that carry credentials, as some APIs still want them. */
export const SECRET_PARAMS = {
  api_key: SECRETS.apiKeyParam,
  access_token: SECRETS.accessTokenParam,
}

/** The forms an error takes on its way to a log line or an error tracker. */
export function errorForms(error: ApiError): Record<string, string> {
  return {
    'toJSON()': JSON.stringify(error.toJSON()),
    'JSON.stringify(error)': JSON.stringify(error),
    'String(error)': String(error),
    'error.stack': String(error.stack),
    'util.inspect(error)': inspect(error),
    'util.inspect(error, deep)': inspect(error, { depth: Infinity, showHidden: true }),
    "format('%o')": format('%o', error),
    "format('%s')": format('%s', error),
  }
}

/** `form: secret` for every form of `error` that contains one of `secrets`. */
export function leaksOf(error: ApiError, secrets: Iterable<string>): string[] {
  const list = [...secrets].filter((s) => s.length >= 8)
  return Object.entries(errorForms(error)).flatMap(([form, text]) =>
    list.filter((secret) => text.includes(secret)).map((secret) => `${form}: …${secret.slice(-6)}`),
  )
}

const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const

/**
 * Records everything written through console.* (formatted the way console formats it) and keeps
 * it off the terminal, until `restore()`.
 */
export function captureConsole(): { lines: string[]; restore(): void } {
  const lines: string[] = []
  const originals = METHODS.map((m) => [m, console[m]] as const)
  for (const method of METHODS)
    console[method] = (...args: unknown[]) => {
      lines.push(`${method}: ${format(...args)}`)
    }
  return {
    lines,
    restore() {
      for (const [method, original] of originals) console[method] = original
    },
  }
}
