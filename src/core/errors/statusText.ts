// 4xx and 5xx reason phrases as Node's http.STATUS_CODES spells them (what Express, NestJS, Fastify and
// hapi put in their `error` field), with the RFC 9110 spelling after `|`. An entry starting with digits
// sets its status; the others follow the previous one.
const TABLE =
  '400Bad Request,Unauthorized,Payment Required,Forbidden,Not Found,Method Not Allowed,Not Acceptable,' +
  'Proxy Authentication Required,Request Timeout,Conflict,Gone,Length Required,Precondition Failed,' +
  'Payload Too Large|Content Too Large,URI Too Long,Unsupported Media Type,Range Not Satisfiable,' +
  "Expectation Failed,I'm a Teapot,421Misdirected Request,Unprocessable Entity|Unprocessable Content,Locked," +
  'Failed Dependency,Too Early,Upgrade Required,428Precondition Required,Too Many Requests,' +
  '431Request Header Fields Too Large,451Unavailable For Legal Reasons,500Internal Server Error,' +
  'Not Implemented,Bad Gateway,Service Unavailable,Gateway Timeout,HTTP Version Not Supported,' +
  '507Insufficient Storage,511Network Authentication Required'

let phrases: string[][] | undefined

const lookup = (status: unknown): string[] | undefined => {
  if (!phrases) {
    phrases = []
    let n = 399
    for (const e of TABLE.split(','))
      phrases[(n = +(/^\d*/.exec(e)![0] || n + 1))] = e.replace(/^\d+/, '').split('|')
  }
  return phrases[status as number]
}

/**
 * The reason phrase of an HTTP error status (4xx, 5xx), or undefined for other statuses.
 *
 * @example
 * statusText(429) // 'Too Many Requests'
 */
export const statusText = (status: number): string | undefined => lookup(status)?.[0]

/**
 * Whether `s` only restates the status (`"error": "Not Found"` on a 404), in either spelling. Case
 * matters: `"error": "forbidden"` on a 403 is a code (DigitalOcean), `"Forbidden"` is the phrase.
 */
export const isReasonPhrase = (s: string, status: number): boolean => !!lookup(status)?.includes(s)

const letters = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '')

/**
 * Whether an error page's title or heading only restates the status: `404 Not Found`, `Error: 400 Bad
 * Request` (Bottle), `HTTP Status 404 – Not Found` (Tomcat), `Forbidden (403)` (Django), or just `Error`.
 */
export const restatesStatus = (s: string, status: number): boolean => {
  const t = letters(s).replace(/^(error|httpstatus)/, '')
  return !t || t === 'error' || !!lookup(status)?.some((p) => letters(p) === t)
}
