/**
 * A word naming the part of the request a value was sent in (FastAPI `loc`, webargs, OpenAPI `in`,
 * openapi-backend's `/requestBody`).
 */
export const LOCATION =
  /^(body|requestBody|json|query|querystring|path|headers?|cookies?|params|form|formData|files)$/i

/**
 * A field path in the one dotted form `fieldErrors` use, whatever notation the API chose: JSON pointers
 * lose `#`, the JSON:API `/data/attributes/` and `/data/relationships/` prefixes and their `~1`/`~0`
 * escapes; brackets become dots; a leading `$.` goes; so does a first segment naming where the value
 * was sent (`body`, `json`, `query`, `querystring`, `path`, `header(s)`, `cookie(s)`, `params`, `form`,
 * `formData`, `files`), as in FastAPI's `loc` and webargs' error maps.
 *
 * @example
 * toFieldPath('/data/attributes/email') // 'email'
 * toFieldPath(['body', 'items', 0, 'qty']) // 'items.0.qty'
 * toFieldPath('card[number]') // 'card.number'
 * toFieldPath('$.address.city') // 'address.city'
 */
export function toFieldPath(raw: string | readonly (string | number)[]): string {
  if (typeof raw === 'string' && /^\w+$/.test(raw)) return raw // the common case: one plain name
  let s = typeof raw === 'string' ? raw.trim() : ''
  if (s[0] === '#') s = s.slice(1)
  // Each rewrite runs only when its marker is there: most paths are already dotted.
  const segs = (
    typeof raw !== 'string'
      ? raw.map(String)
      : s[0] === '/'
        ? s
            .replace(/^\/data\/(attributes|relationships)(?=\/|$)/, '')
            .split('/')
            .map((p) => (p.includes('~') ? p.replace(/~1/g, '/').replace(/~0/g, '~') : p))
        : // `[^\][]` stops each attempt at the next bracket, so hostile keys cannot make this quadratic
          (s[0] === '$' ? s.replace(/^\$(?=[.[]|$)/, '') : s)
            .replace(/\[['"]?([^\]['"]*)['"]?\]/g, '.$1')
            .split('.')
  ).filter((p) => p)
  // A pointer or a list that names only the part (`/body`, `["body"]`) names no field; a bare word
  // may be a field so named (a comment's `body`).
  if ((segs[1] || typeof raw !== 'string' || s[0] === '/') && LOCATION.test(segs[0]!)) segs.shift()
  return segs.join('.')
}
