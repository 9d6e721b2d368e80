/**
 * Reason phrases of the 4xx and 5xx statuses: Node's `http.STATUS_CODES` spelling first (what
 * Express, NestJS, Fastify and hapi put in their `error` field), then RFC 9110's where it differs,
 * then the wordings servers put on their own error pages (nginx, Apache httpd, HAProxy).
 */
const REASON_PHRASES: Readonly<Partial<Record<number, readonly string[]>>> = {
  400: ['Bad Request'],
  401: ['Unauthorized'],
  402: ['Payment Required'],
  403: ['Forbidden'],
  404: ['Not Found'],
  405: ['Method Not Allowed'],
  406: ['Not Acceptable'],
  407: ['Proxy Authentication Required'],
  408: ['Request Timeout', 'Request Time-out'],
  409: ['Conflict'],
  410: ['Gone'],
  411: ['Length Required'],
  412: ['Precondition Failed'],
  413: ['Payload Too Large', 'Content Too Large', 'Request Entity Too Large'],
  414: ['URI Too Long', 'Request-URI Too Large'],
  415: ['Unsupported Media Type'],
  416: ['Range Not Satisfiable'],
  417: ['Expectation Failed'],
  418: ["I'm a Teapot"],
  421: ['Misdirected Request'],
  422: ['Unprocessable Entity', 'Unprocessable Content'],
  423: ['Locked'],
  424: ['Failed Dependency'],
  425: ['Too Early'],
  426: ['Upgrade Required'],
  428: ['Precondition Required'],
  429: ['Too Many Requests'],
  431: ['Request Header Fields Too Large'],
  451: ['Unavailable For Legal Reasons'],
  500: ['Internal Server Error', 'Server Error'],
  501: ['Not Implemented'],
  502: ['Bad Gateway', 'Proxy Error'],
  503: ['Service Unavailable', 'Service Temporarily Unavailable'],
  504: ['Gateway Timeout', 'Gateway Time-out'],
  505: ['HTTP Version Not Supported'],
  507: ['Insufficient Storage'],
  511: ['Network Authentication Required'],
}

/**
 * Words an error page adds around a reason phrase without saying more (Python's `http.server`
 * writes `Error code: 404`).
 */
const FILLER_WORDS = ['error', 'http', 'status', 'page', 'code']

/**
 * The reason phrase of an HTTP error status (4xx, 5xx), or undefined for other statuses.
 *
 * @example
 * statusText(429) // 'Too Many Requests'
 */
export const statusText = (status: number): string | undefined => REASON_PHRASES[status]?.[0]

/**
 * Whether `text` is the status's reason phrase (`"error": "Not Found"` on a 404), in any of its
 * spellings. Case matters: `"error": "forbidden"` on a 403 is a code (DigitalOcean).
 */
export const isReasonPhrase = (text: string, status: number): boolean =>
  !!REASON_PHRASES[status]?.includes(text)

const wordsOf = (text: string): string[] => text.toLowerCase().match(/[a-z]+/g) ?? []

// The words of each status's phrases, worked out once when the module loads.
const REASON_WORDS = new Map(
  Object.entries(REASON_PHRASES).map(([status, phrases]) => [+status, phrases!.flatMap(wordsOf)]),
)

/**
 * Whether an error page's title or heading only restates the status, in whatever wording: every word
 * of it is a word of one of the status's reason phrases, or `error`, `http` or `status` (`404 Not
 * Found`, `Error: 400 Bad Request`, `HTTP Status 405 – Method Not Allowed`, `Forbidden (403)`,
 * `502 Proxy Error`, `Error`). Digits and punctuation do not count.
 */
export function restatesStatus(text: string, status: number): boolean {
  const phraseWords = REASON_WORDS.get(status) ?? []
  return wordsOf(text).every((word) => FILLER_WORDS.includes(word) || phraseWords.includes(word))
}
