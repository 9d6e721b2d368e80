// How long redactUrl takes on the hostile URLs of test/core/errors/redact.test.ts (which pins what
// it makes of each and times nothing). Every URL an ApiError or a log entry carries goes through it,
// and unlike a body it is read to its end: each regular expression must stay linear in its length.
import { redactUrl } from '../src/core/errors/redact'
import { report } from './report'

const URLS: [string, string][] = [
  [
    'a long query, then @s (0.7 MB)',
    'https://a.test/?' + 'a=&'.repeat(200_000) + '@'.repeat(100_000),
  ],
  ['spaces around and inside (0.4 MB)', ' '.repeat(200_000) + 'x' + ' '.repeat(200_000) + 'y'],
  ['userinfo of colons (0.2 MB)', 'http://' + ':'.repeat(200_000) + '@'],
  ['nested schemes without userinfo (0.3 MB)', '?x=' + '://'.repeat(100_000)],
  ['path parameters without values (0.4 MB)', 'https://a.test/' + ';a'.repeat(200_000)],
]

let sink: unknown
const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1]!
for (const [name, url] of URLS) {
  const runs = Array.from({ length: 5 }, () => {
    const start = performance.now()
    sink = redactUrl(url)
    return performance.now() - start
  })
  report({
    bench: 'redact',
    subject: `redactUrl: ${name}`,
    metric: 'ms per call',
    value: median(runs).toFixed(1),
    note: 'median of 5',
  })
}
void sink
